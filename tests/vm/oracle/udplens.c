// SPDX-License-Identifier: GPL-2.0
/*
 * udplens IFACE PORT
 *
 * Prints the UDP payload length of every IPv4 or IPv6 datagram from source
 * port PORT seen on IFACE, one a line, until killed; says "listening" on
 * stderr once it is. The oracle's view of the wire where the guest has no
 * tcpdump (the arm64 userland). Static, for any guest.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	struct sockaddr_ll sll = { 0 };
	int fd, port;

	if (argc != 3) {
		fprintf(stderr, "usage: udplens IFACE PORT\n");
		return 2;
	}
	port = atoi(argv[2]);
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror(argv[1]);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "listening on %s\n", argv[1]);
	for (;;) {
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		const struct udphdr *udp;
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		size_t off;

		if (n < 0)
			return 1;
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if (from.sll_protocol == htons(ETH_P_IP) && n >= (ssize_t)sizeof(struct iphdr)) {
			const struct iphdr *ip = (const void *)buf;

			if (ip->protocol != IPPROTO_UDP || (ip->frag_off & htons(IP_OFFMASK)))
				continue;
			off = ip->ihl * 4;
		} else if (from.sll_protocol == htons(ETH_P_IPV6) && n >= (ssize_t)sizeof(struct ip6_hdr)) {
			const struct ip6_hdr *ip6 = (const void *)buf;

			if (ip6->ip6_nxt != IPPROTO_UDP)
				continue;
			off = sizeof(*ip6);
		} else {
			continue;
		}
		if ((size_t)n < off + sizeof(*udp))
			continue;
		udp = (const void *)(buf + off);
		if (ntohs(udp->source) == port)
			printf("%u\n", ntohs(udp->len) - (unsigned int)sizeof(*udp));
	}
}
