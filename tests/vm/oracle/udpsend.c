// SPDX-License-Identifier: GPL-2.0
/*
 * udpsend 4|6 ADDRESS PORT probe|want LENGTH...
 *
 * Sends one UDP datagram per LENGTH, each LENGTH bytes long as an IP
 * packet (headers included). With "probe" the socket ignores the route's
 * MTU and is limited by the device's only (IP_PMTUDISC_PROBE), so a packet
 * can reach a device longer than its route's MTU: what the oracle needs to
 * see how a packet longer than its MTU is padded. Static, for any guest.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_storage ss = { 0 };
	socklen_t sslen;
	int fam, fd, pmtu, hdr, i;

	if (argc < 6) {
		fprintf(stderr, "usage: udpsend 4|6 ADDRESS PORT probe|want LENGTH...\n");
		return 2;
	}
	fam = atoi(argv[1]) == 6 ? AF_INET6 : AF_INET;
	if (fam == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(atoi(argv[3]));
		if (inet_pton(AF_INET, argv[2], &sin->sin_addr) != 1)
			return 2;
		sslen = sizeof(*sin);
		hdr = 20 + 8;
		pmtu = strcmp(argv[4], "probe") ? IP_PMTUDISC_WANT : IP_PMTUDISC_PROBE;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(atoi(argv[3]));
		if (inet_pton(AF_INET6, argv[2], &sin6->sin6_addr) != 1)
			return 2;
		sslen = sizeof(*sin6);
		hdr = 40 + 8;
		pmtu = strcmp(argv[4], "probe") ? IPV6_PMTUDISC_WANT : IPV6_PMTUDISC_PROBE;
	}
	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	if (fam == AF_INET ?
	    setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)) :
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu, sizeof(pmtu))) {
		perror("setsockopt");
		return 1;
	}
	for (i = 5; i < argc; i++) {
		int len = atoi(argv[i]) - hdr;

		if (len < 0 || len > (int)sizeof(buf) ||
		    sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sslen) != len) {
			perror(argv[i]);
			return 1;
		}
	}
	return 0;
}
