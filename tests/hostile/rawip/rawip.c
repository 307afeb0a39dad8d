// SPDX-License-Identifier: GPL-2.0
/*
 * rawip IFNAME SRC DST TOTLEN COUNT: sends COUNT IPv4 packets of 28 bytes
 * (a header and 8 bytes of zeros) from SRC to DST through IFNAME, each
 * header claiming TOTLEN bytes. A WireGuard device takes them as IPv4 (the
 * version is right) and encrypts them; the receiving end must find them
 * malformed after decryption. Static, for any guest.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP) };
	uint8_t pkt[28] = { 0 };
	struct iphdr *ip = (struct iphdr *)pkt;
	int fd, n;

	if (argc != 6) {
		fprintf(stderr, "usage: rawip IFNAME SRC DST TOTLEN COUNT\n");
		return 1;
	}
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		perror(argv[1]);
		return 1;
	}
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(atoi(argv[4]));
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	if (inet_pton(AF_INET, argv[2], &ip->saddr) != 1 || inet_pton(AF_INET, argv[3], &ip->daddr) != 1) {
		fprintf(stderr, "rawip: bad address\n");
		return 1;
	}
	ip->check = checksum(pkt, sizeof(*ip));
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0) {
		perror("packet socket");
		return 1;
	}
	for (n = atoi(argv[5]); n > 0; n--) {
		if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&sll, sizeof(sll)) != sizeof(pkt)) {
			perror("sendto");
			return 1;
		}
	}
	return 0;
}
