// SPDX-License-Identifier: GPL-2.0
/*
 * wgstats IFNAME: one dump of the "wireguard-stats" family, printed as
 *	dev NAME VALUE
 *	peer PUBKEY-BASE64 NAME VALUE
 *	peer PUBKEY-BASE64 last_failed_handshake SECONDS
 * with raw netlink only (static, for any guest). Exit 2 when the family is
 * missing (the in-tree module), 1 on any other error; a dump flagged as
 * interrupted (NLM_F_DUMP_INTR) is an error here: the suites change no
 * configuration while they read.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/time_types.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wg/stats_names.h>


static int fd;
static uint32_t seq = 1;
static char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));

static void die(const char *what)
{
	fprintf(stderr, "wgstats: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put_attr(struct nlmsghdr *n, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static struct nlmsghdr *request(uint16_t type, uint8_t cmd, uint16_t flags)
{
	static char req[512] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *n = (struct nlmsghdr *)req;
	struct genlmsghdr *g = NLMSG_DATA(n);

	memset(req, 0, sizeof(req));
	n->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	n->nlmsg_type = type;
	n->nlmsg_flags = NLM_F_REQUEST | flags;
	n->nlmsg_seq = ++seq;
	g->cmd = cmd;
	g->version = 1;
	return n;
}

#define for_each_attr(a, start, len) \
	for (a = (struct nlattr *)(start); \
	     (char *)a + NLA_HDRLEN <= (char *)(start) + (len) && a->nla_len >= NLA_HDRLEN && \
	     (char *)a + a->nla_len <= (char *)(start) + (len); \
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
#define ATTR_DATA(a) ((char *)(a) + NLA_HDRLEN)
#define ATTR_LEN(a) ((a)->nla_len - NLA_HDRLEN)

static void b64(char out[45], const uint8_t in[32])
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int i, o = 0;

	for (i = 0; i < 30; i += 3) {
		uint32_t v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		out[o++] = t[v >> 18];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = t[(v >> 6) & 63];
		out[o++] = t[v & 63];
	}
	uint32_t v = in[30] << 16 | in[31] << 8;

	out[o++] = t[v >> 18];
	out[o++] = t[(v >> 12) & 63];
	out[o++] = t[(v >> 6) & 63];
	out[o++] = '=';
	out[o] = 0;
}

static void print_counters(const char *prefix, struct nlattr *nest,
			   const char *const *names, int n)
{
	struct nlattr *a;

	for_each_attr(a, ATTR_DATA(nest), ATTR_LEN(nest)) {
		uint64_t v;
		int t = a->nla_type & NLA_TYPE_MASK;

		if (ATTR_LEN(a) != 8)
			continue;
		memcpy(&v, ATTR_DATA(a), 8);
		if (t < n)
			printf("%s%s %llu\n", prefix, names[t], (unsigned long long)v);
		else
			printf("%scounter_%d %llu\n", prefix, t, (unsigned long long)v);
	}
}

/* Reads replies to the last request until NLMSG_DONE or its ACK. */
static int receive(int (*each)(struct nlmsghdr *))
{
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *n;

		if (len < 0)
			die("recv");
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, (size_t)len); n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_type == NLMSG_DONE)
				return 0;
			if (n->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(n);

				if (!e->error)
					return 0;
				return e->error;
			}
			if (n->nlmsg_flags & NLM_F_DUMP_INTR) {
				fprintf(stderr, "wgstats: the dump was interrupted\n");
				exit(1);
			}
			if (each(n))
				return 0;
		}
	}
}

static uint16_t family_id;

static int on_family(struct nlmsghdr *n)
{
	struct genlmsghdr *g = NLMSG_DATA(n);
	struct nlattr *a;

	for_each_attr(a, (char *)g + GENL_HDRLEN, n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(&family_id, ATTR_DATA(a), 2);
	return 0;	/* the ACK that follows ends it */
}

static int on_stats(struct nlmsghdr *n)
{
	struct genlmsghdr *g = NLMSG_DATA(n);
	char key[45] = "", prefix[128];
	struct nlattr *a;

	for_each_attr(a, (char *)g + GENL_HDRLEN, n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)) {
		if ((a->nla_type & NLA_TYPE_MASK) == WG_STATS_A_DEVICE_COUNTERS)
			print_counters("dev ", a, wg_stats_device_names, __WG_STATS_DEV_COUNT);
		else if (a->nla_type == WG_STATS_A_PEER_PUBLIC_KEY && ATTR_LEN(a) == 32)
			b64(key, (uint8_t *)ATTR_DATA(a));
	}
	snprintf(prefix, sizeof(prefix), "peer %s ", key);
	for_each_attr(a, (char *)g + GENL_HDRLEN, n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)) {
		if ((a->nla_type & NLA_TYPE_MASK) == WG_STATS_A_PEER_COUNTERS) {
			print_counters(prefix, a, wg_stats_peer_names, __WG_STATS_PEER_COUNT);
		} else if (a->nla_type == WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE &&
			   ATTR_LEN(a) == sizeof(struct __kernel_timespec)) {
			struct __kernel_timespec ts;

			memcpy(&ts, ATTR_DATA(a), sizeof(ts));
			printf("%slast_failed_handshake %lld\n", prefix, (long long)ts.tv_sec);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *n;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: wgstats IFNAME\n");
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("netlink socket");

	n = request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	put_attr(n, CTRL_ATTR_FAMILY_NAME, WG_STATS_GENL_NAME, sizeof(WG_STATS_GENL_NAME));
	if (send(fd, n, n->nlmsg_len, 0) < 0)
		die("send");
	err = receive(on_family);
	if (err == -ENOENT || !family_id) {
		fprintf(stderr, "wgstats: no %s family (not our module)\n", WG_STATS_GENL_NAME);
		return 2;
	}
	if (err) {
		errno = -err;
		die("family lookup");
	}

	n = request(family_id, WG_STATS_CMD_GET, NLM_F_DUMP);
	put_attr(n, WG_STATS_A_IFNAME, argv[1], strlen(argv[1]) + 1);
	if (send(fd, n, n->nlmsg_len, 0) < 0)
		die("send");
	err = receive(on_stats);
	if (err) {
		errno = -err;
		die(argv[1]);
	}
	return 0;
}
