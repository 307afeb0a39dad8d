// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: hostile generic netlink input for the "wireguard" family.
 *
 * Sends WG_CMD_SET_DEVICE and WG_CMD_GET_DEVICE requests built from a valid
 * request with named perturbations ("sites": missing, oversized, truncated,
 * wrong-typed, duplicated and wrongly nested attributes, unknown flags, bad
 * families and CIDRs...) plus byte-level mutations, on raw AF_NETLINK
 * sockets. A seeded PRNG drives everything, so a seed reproduces a run.
 *
 * For each request the kernel's answer is recorded (errno, extack message or
 * not). A request refused with an error must leave the device as it was: a
 * full dump (device fields, peers, allowed IPs) taken after it is compared
 * with the one taken before. A request that succeeds re-baselines.
 *
 * Modes:
 *   nlfuzz -i wg0 -p        probes: each site alone on a fixed state, one
 *                           line per site (to compare modules line by line)
 *   nlfuzz -i wg0 -n 5000   random requests as the caller (root); with -C a
 *                           second process dumps the device all along
 *   nlfuzz -i wg0 -n 2000 -u 65534 [-U]
 *                           a child drops to uid 65534 (and with -U enters a
 *                           new user namespace, mapped to root there) and
 *                           sends the requests; every one must be refused,
 *                           while the root parent checks nothing changed
 *   nlfuzz -N -n 2000 -u 65534
 *                           a child as uid 65534 enters a new user and network
 *                           namespace, creates its own WireGuard device there
 *                           and fuzzes it as that namespace's root (allowed:
 *                           CAP_NET_ADMIN over the namespace's owner)
 *   nlfuzz -i wg0 -x SITE   prints the probe request of SITE in hex, unsent
 *                           (a reproducer to replay)
 *   nlfuzz -i wg0 -D        a dump read a message at a time: unflagged with
 *                           no change, flagged NLM_F_DUMP_INTR when an
 *                           allowed IP is added to the first peer after its
 *                           first message (the peer needs a few thousand)
 * -t counts requests refused after changing the device without failing (the
 * in-tree module applies peers one by one and stops at the first bad one).
 * Exit status: 0 when every check held, 1 on a violation, 2 on set-up errors.
 * The last line is a summary for the suite to parse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* The family's contract (include/uapi/linux/wireguard.h), spelled out here
 * so the program builds without the tree's include path. */
#define WG_GENL_NAME "wireguard"
enum { WG_CMD_GET_DEVICE, WG_CMD_SET_DEVICE };
enum { WGDEVICE_A_UNSPEC, WGDEVICE_A_IFINDEX, WGDEVICE_A_IFNAME,
       WGDEVICE_A_PRIVATE_KEY, WGDEVICE_A_PUBLIC_KEY, WGDEVICE_A_FLAGS,
       WGDEVICE_A_LISTEN_PORT, WGDEVICE_A_FWMARK, WGDEVICE_A_PEERS };
enum { WGPEER_A_UNSPEC, WGPEER_A_PUBLIC_KEY, WGPEER_A_PRESHARED_KEY,
       WGPEER_A_FLAGS, WGPEER_A_ENDPOINT,
       WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, WGPEER_A_LAST_HANDSHAKE_TIME,
       WGPEER_A_RX_BYTES, WGPEER_A_TX_BYTES, WGPEER_A_ALLOWEDIPS,
       WGPEER_A_PROTOCOL_VERSION };
enum { WGALLOWEDIP_A_UNSPEC, WGALLOWEDIP_A_FAMILY, WGALLOWEDIP_A_IPADDR,
       WGALLOWEDIP_A_CIDR_MASK, WGALLOWEDIP_A_FLAGS };
#define WGDEVICE_F_REPLACE_PEERS 1u
#define WGPEER_F_REMOVE_ME 1u
#define WGPEER_F_REPLACE_ALLOWEDIPS 2u
#define WGPEER_F_UPDATE_ONLY 4u
#define WGALLOWEDIP_F_REMOVE_ME 1u

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* ------------------------------------------------------------ sites */

#define SITES(X) \
	X(DEV_NONE) X(DEV_BOTH_SAME) X(DEV_BOTH_DIFF) X(DEV_IDX_UNKNOWN) \
	X(DEV_IDX_ZERO) X(DEV_IDX_LO) X(DEV_NAME_LO) X(DEV_NAME_UNKNOWN) \
	X(DEV_NAME_NONUL) X(DEV_NAME_LONG) X(DEV_NAME_EMPTY) X(DEV_IDX_LEN2) \
	X(DEV_IDX_LEN8) \
	X(FLAGS_REPLACE) X(FLAGS_UNKNOWN) X(FLAGS_ALLBITS) X(FLAGS_LEN2) \
	X(PRIV_ZERO) X(PRIV_LEN0) X(PRIV_LEN31) X(PRIV_LEN33) X(PRIV_NEW) \
	X(DEVPUB_SET) X(DEVPUB_LEN5) \
	X(PORT_LEN1) X(PORT_LEN4) X(PORT_INUSE) X(PORT_ZERO) X(PORT_OTHER) \
	X(FWMARK_LEN2) X(FWMARK_LEN8) X(FWMARK_SET) \
	X(DEV_UNKNOWN_ATTR) X(DEV_UNSPEC_ATTR) X(DEV_DUP_PRIV) \
	X(PEERS_NONESTED) X(PEERS_NOT_NEST) X(PEERS_EMPTY) X(PEERS_MANY) \
	X(PEERS_SAME_KEY_TWICE) X(PEERS_SECOND_BAD) \
	X(PEER_NONESTED) X(PEER_NOT_NEST) X(PEER_NO_PUBKEY) X(PEER_PUB_LEN0) \
	X(PEER_PUB_LEN31) X(PEER_PUB_LEN33) X(PEER_PUB_ZERO) X(PEER_PUB_SELF) \
	X(PEER_PSK_LEN31) X(PEER_PSK_ZERO) \
	X(PEER_REMOVE) X(PEER_REMOVE_UNKNOWN) X(PEER_REPLACE_IPS) \
	X(PEER_UPDATE_ONLY_NEW) X(PEER_FLAGS_UNKNOWN) X(PEER_FLAGS_ALL) \
	X(PEER_FLAGS_LEN2) \
	X(EP_FAMILY_BAD) X(EP_V4_LEN8) X(EP_V4_LEN15) X(EP_V4_LEN17) \
	X(EP_V6_LEN24) X(EP_V6_LEN27) X(EP_V6_LEN29) X(EP_LEN100) \
	X(EP_V4_IN_V6LEN) X(EP_V6_IN_V4LEN) X(EP_LEN0) X(EP_V4_ANY) \
	X(EP_V6) X(EP_V6_SCOPE) \
	X(KA_LEN1) X(KA_LEN4) X(KA_SET) X(KA_MAX) \
	X(PEER_LHT) X(PEER_LHT_LEN8) X(PEER_RX) X(PEER_TX_LEN4) \
	X(PV_0) X(PV_2) X(PV_LEN2) \
	X(PEER_UNKNOWN_ATTR) X(PEER_DUP_PUBKEY) X(PEER_DUP_ALLOWEDIPS) \
	X(IPS_NONESTED) X(IPS_NOT_NEST) X(IPS_EMPTY) X(IP_NONESTED) \
	X(IP_NOT_NEST) X(IP_NO_FAMILY) X(IP_NO_ADDR) X(IP_NO_CIDR) \
	X(IP_FAMILY_0) X(IP_FAMILY_BAD) X(IP_FAMILY_LEN1) X(IP_FAMILY_LEN4) \
	X(IP_V4_ADDR16) X(IP_V6_ADDR4) X(IP_ADDR_LEN0) X(IP_ADDR_LEN3) \
	X(IP_ADDR_LEN5) X(IP_ADDR_LEN17) X(IP_CIDR_33) X(IP_CIDR_129) \
	X(IP_CIDR_255) X(IP_CIDR_LEN4) X(IP_V4_HOSTBITS) \
	X(IP_REMOVE) X(IP_REMOVE_ABSENT) X(IP_FLAGS_UNKNOWN) \
	X(IP_FLAGS_LEN2) X(IP_UNKNOWN_ATTR) X(IP_DUP_CIDR) \
	X(IPS_HUGE_VALID) X(IPS_HUGE_LASTBAD) X(IPS_OVERSIZE) \
	X(HDR_CMD_UNKNOWN) X(HDR_VERSION_0) X(HDR_VERSION_2) \
	X(HDR_SET_DUMP) X(HDR_GET_NODUMP) X(HDR_GENL_TRUNC) \
	X(HDR_RESERVED) X(TRUNC)

#define X_ENUM(n) S_##n,
enum site { SITES(X_ENUM) NSITES };
#define X_NAME(n) #n,
static const char *const site_name[] = { SITES(X_NAME) };

/* Sites whose request is fine as such: in probe mode their refusal is
 * reported, not their acceptance. */
static bool site_forced[NSITES];
static bool site(enum site s) { return site_forced[s]; }
static bool probe_mode;	/* optional parts always present */

/* ------------------------------------------------------------ PRNG */

static uint64_t rng_state;
static uint64_t rnd64(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static uint32_t rnd(uint32_t n) { return n ? (uint32_t)(rnd64() % n) : 0; }
static bool chance(unsigned int pct) { return rnd(100) < pct; }
/* An optional part of a request: always there in probe mode. */
static bool opt(unsigned int pct) { return chance(pct) || probe_mode; }
static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd64();
}

/* ------------------------------------------------------------ messages */

#define MSG_MAX (256 * 1024)
#define MSG_LIMIT (160 * 1024)	/* requests grow no further */
struct msg {
	uint8_t buf[MSG_MAX];
	size_t len;
	size_t nest[16];
	int depth;
	size_t attr_off[8192];	/* every attribute header, for mutations */
	int nattr;
};

static void *put_raw(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (m->len + total > MSG_MAX) {
		fprintf(stderr, "nlfuzz: message overflow\n");
		exit(2);
	}
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	if (m->nattr < (int)(sizeof(m->attr_off) / sizeof(m->attr_off[0])))
		m->attr_off[m->nattr++] = m->len;
	m->len += total;
	return a;
}
static void put_u8(struct msg *m, uint16_t t, uint8_t v) { put_raw(m, t, &v, 1); }
static void put_u16(struct msg *m, uint16_t t, uint16_t v) { put_raw(m, t, &v, 2); }
static void put_u32(struct msg *m, uint16_t t, uint32_t v) { put_raw(m, t, &v, 4); }
static void put_u64(struct msg *m, uint16_t t, uint64_t v) { put_raw(m, t, &v, 8); }
static void put_str(struct msg *m, uint16_t t, const char *s) { put_raw(m, t, s, strlen(s) + 1); }
static void put_zeros(struct msg *m, uint16_t t, size_t len)
{
	static const uint8_t z[128];

	put_raw(m, t, z, len);
}
static void nest_start(struct msg *m, uint16_t type, bool nested_flag)
{
	m->nest[m->depth++] = m->len;
	put_raw(m, type | (nested_flag ? NLA_F_NESTED : 0), NULL, 0);
}
static void nest_end(struct msg *m)
{
	size_t off = m->nest[--m->depth];
	struct nlattr *a = (struct nlattr *)(m->buf + off);
	size_t len = m->len - off;

	/* An oversized nest keeps a wrapped length: that is hostile input too. */
	a->nla_len = (uint16_t)len;
}

static void msg_init(struct msg *m, uint16_t family, uint8_t cmd,
		     uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = 1;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->depth = 0;
	m->nattr = 0;
}
static void msg_finish(struct msg *m)
{
	((struct nlmsghdr *)m->buf)->nlmsg_len = (uint32_t)m->len;
}

/* ------------------------------------------------------------ sockets */

static int nl_open(int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 10 };
	int one = 1, sz = 4 << 20;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0) {
		perror("nlfuzz: socket");
		exit(2);
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nlfuzz: bind");
		exit(2);
	}
	return fd;
}

static uint32_t seq_counter = 1;
static uint8_t rbuf[1 << 20];

struct reply {
	int error;		/* 0 or a positive errno */
	bool extack;		/* an extack message came */
	char msg[128];
	bool timeout;
	bool send_failed;	/* never reached the kernel */
};

typedef void (*dump_cb)(const struct nlmsghdr *nlh, void *arg);

static void parse_ack_tlvs(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	const uint8_t *end = (const uint8_t *)nlh + nlh->nlmsg_len;
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR && !(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_type == NLMSG_DONE)
		off = sizeof(int);
	a = (const struct nlattr *)((const uint8_t *)NLMSG_DATA(nlh) + off);
	while ((const uint8_t *)a + NLA_HDRLEN <= end && a->nla_len >= NLA_HDRLEN &&
	       (const uint8_t *)a + a->nla_len <= end) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t n = a->nla_len - NLA_HDRLEN;

			if (n >= sizeof(r->msg))
				n = sizeof(r->msg) - 1;
			memcpy(r->msg, (const uint8_t *)a + NLA_HDRLEN, n);
			r->msg[n] = 0;
			r->extack = true;
		}
		a = (const struct nlattr *)((const uint8_t *)a + NLA_ALIGN(a->nla_len));
	}
}

/*
 * Sends one message and reads until its final answer: an NLMSG_ERROR (ack
 * or error) or the NLMSG_DONE ending a dump; dump parts go to cb.
 */
static struct reply nl_talk(int fd, void *buf, size_t len, dump_cb cb, void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *req = buf;
	struct reply r = { 0 };
	uint32_t seq = seq_counter++;

	req->nlmsg_seq = seq;
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		r.error = errno;
		r.send_failed = true;
		snprintf(r.msg, sizeof(r.msg), "(send failed)");
		return r;
	}
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				r.timeout = true;
				r.error = ETIMEDOUT;
				return r;
			}
			if (errno == EINTR)
				continue;
			r.error = errno;
			snprintf(r.msg, sizeof(r.msg), "(recv failed)");
			return r;
		}
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* left over from an earlier request */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				r.error = -e->error;
				parse_ack_tlvs(nlh, &r);
				return r;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = *(int *)NLMSG_DATA(nlh);

				r.error = err < 0 ? -err : 0;
				parse_ack_tlvs(nlh, &r);
				return r;
			}
			if (cb)
				cb(nlh, arg);
		}
	}
}

/* ------------------------------------------------------------ dumps */

struct ip { uint16_t family; uint8_t addr[16]; uint8_t cidr; };
struct peer {
	uint8_t pub[32], psk[32];
	bool has_psk;
	uint8_t ep[128];
	int eplen;
	int ka;
	struct ip *ips;
	size_t nips, capips;
};
struct state {
	uint32_t ifindex;
	char name[IFNAMSIZ + 1];
	uint8_t priv[32], pub[32];
	bool has_priv, has_pub;
	int port;
	uint32_t fwmark;
	struct peer *peers;
	size_t npeers, cappeers;
	bool bad;		/* malformed dump */
	bool intr;		/* NLM_F_DUMP_INTR seen */
};

static void state_free(struct state *s)
{
	for (size_t i = 0; i < s->npeers; i++)
		free(s->peers[i].ips);
	free(s->peers);
	memset(s, 0, sizeof(*s));
}

#define for_attrs(a, start, len) \
	for (a = (const struct nlattr *)(start); \
	     (size_t)((const uint8_t *)a - (const uint8_t *)(start)) + NLA_HDRLEN <= (size_t)(len) && \
	     a->nla_len >= NLA_HDRLEN && \
	     (size_t)((const uint8_t *)a - (const uint8_t *)(start)) + a->nla_len <= (size_t)(len); \
	     a = (const struct nlattr *)((const uint8_t *)a + NLA_ALIGN(a->nla_len)))
#define ADATA(a) ((const uint8_t *)(a) + NLA_HDRLEN)
#define ALEN(a) ((size_t)(a)->nla_len - NLA_HDRLEN)
#define ATYPE(a) ((a)->nla_type & NLA_TYPE_MASK)

static void parse_peer(struct state *s, const struct nlattr *pa)
{
	const struct nlattr *a, *ia, *ib;
	struct peer *p = NULL;
	const uint8_t *pub = NULL;

	for_attrs(a, ADATA(pa), ALEN(pa))
		if (ATYPE(a) == WGPEER_A_PUBLIC_KEY && ALEN(a) == 32)
			pub = ADATA(a);
	if (!pub) {
		s->bad = true;
		return;
	}
	/* A peer split across messages continues under the same key. */
	if (s->npeers && !memcmp(s->peers[s->npeers - 1].pub, pub, 32)) {
		p = &s->peers[s->npeers - 1];
	} else {
		if (s->npeers == s->cappeers) {
			s->cappeers = s->cappeers ? 2 * s->cappeers : 16;
			s->peers = realloc(s->peers, s->cappeers * sizeof(*p));
		}
		p = &s->peers[s->npeers++];
		memset(p, 0, sizeof(*p));
		memcpy(p->pub, pub, 32);
	}
	for_attrs(a, ADATA(pa), ALEN(pa)) {
		switch (ATYPE(a)) {
		case WGPEER_A_PRESHARED_KEY:
			if (ALEN(a) == 32) {
				memcpy(p->psk, ADATA(a), 32);
				p->has_psk = true;
			}
			break;
		case WGPEER_A_ENDPOINT:
			p->eplen = ALEN(a) < sizeof(p->ep) ? (int)ALEN(a) : (int)sizeof(p->ep);
			memcpy(p->ep, ADATA(a), p->eplen);
			break;
		case WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
			if (ALEN(a) == 2)
				p->ka = *(const uint16_t *)ADATA(a);
			break;
		case WGPEER_A_ALLOWEDIPS:
			for_attrs(ia, ADATA(a), ALEN(a)) {
				struct ip ip = { 0 };
				int have = 0;

				for_attrs(ib, ADATA(ia), ALEN(ia)) {
					if (ATYPE(ib) == WGALLOWEDIP_A_FAMILY && ALEN(ib) == 2) {
						ip.family = *(const uint16_t *)ADATA(ib);
						have |= 1;
					} else if (ATYPE(ib) == WGALLOWEDIP_A_IPADDR && ALEN(ib) <= 16) {
						memcpy(ip.addr, ADATA(ib), ALEN(ib));
						have |= 2;
					} else if (ATYPE(ib) == WGALLOWEDIP_A_CIDR_MASK && ALEN(ib) == 1) {
						ip.cidr = *ADATA(ib);
						have |= 4;
					}
				}
				if (have != 7) {
					s->bad = true;
					continue;
				}
				if (p->nips == p->capips) {
					p->capips = p->capips ? 2 * p->capips : 16;
					p->ips = realloc(p->ips, p->capips * sizeof(ip));
				}
				p->ips[p->nips++] = ip;
			}
			break;
		}
	}
}

static void dump_part(const struct nlmsghdr *nlh, void *arg)
{
	struct state *s = arg;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *a, *pa;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		s->intr = true;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		s->bad = true;
		return;
	}
	for_attrs(a, p, len) {
		switch (ATYPE(a)) {
		case WGDEVICE_A_IFINDEX:
			s->ifindex = *(const uint32_t *)ADATA(a);
			break;
		case WGDEVICE_A_IFNAME:
			snprintf(s->name, sizeof(s->name), "%.*s", (int)ALEN(a), (const char *)ADATA(a));
			break;
		case WGDEVICE_A_PRIVATE_KEY:
			memcpy(s->priv, ADATA(a), 32);
			s->has_priv = true;
			break;
		case WGDEVICE_A_PUBLIC_KEY:
			memcpy(s->pub, ADATA(a), 32);
			s->has_pub = true;
			break;
		case WGDEVICE_A_LISTEN_PORT:
			s->port = *(const uint16_t *)ADATA(a);
			break;
		case WGDEVICE_A_FWMARK:
			s->fwmark = *(const uint32_t *)ADATA(a);
			break;
		case WGDEVICE_A_PEERS:
			for_attrs(pa, ADATA(a), ALEN(a))
				parse_peer(s, pa);
			break;
		}
	}
}

static uint16_t family_id;

static int get_state(int fd, uint32_t ifindex, struct state *s)
{
	static struct msg m;
	struct reply r;
	int tries;

	for (tries = 0; tries < 5; tries++) {
		memset(s, 0, sizeof(*s));
		msg_init(&m, family_id, WG_CMD_GET_DEVICE,
			 NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 0);
		put_u32(&m, WGDEVICE_A_IFINDEX, ifindex);
		msg_finish(&m);
		r = nl_talk(fd, m.buf, m.len, dump_part, s);
		if (r.error) {
			state_free(s);
			return -r.error;
		}
		if (!s->intr)
			return s->bad ? -EBADMSG : 0;
		state_free(s);
	}
	return -EINTR;
}

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static int ipcmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ip));
}

/* Canonical text of a state: allowed IPs sorted; counters, last handshake
 * and protocol version left out (they may move by themselves). */
static char *state_text(struct state *s)
{
	size_t cap = 4096 + s->npeers * 512, len = 0;
	char *t, h[2 * 128 + 1];

	for (size_t i = 0; i < s->npeers; i++)
		cap += s->peers[i].nips * 64;
	t = malloc(cap);
	hex(h, s->priv, 32);
	len += sprintf(t + len, "dev %u %s priv=%s", s->ifindex, s->name, s->has_priv ? h : "-");
	hex(h, s->pub, 32);
	len += sprintf(t + len, " pub=%s port=%d fwmark=%#x peers=%zu\n",
		       s->has_pub ? h : "-", s->port, s->fwmark, s->npeers);
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = &s->peers[i];

		qsort(p->ips, p->nips, sizeof(*p->ips), ipcmp);
		hex(h, p->pub, 32);
		len += sprintf(t + len, "peer %s", h);
		hex(h, p->psk, 32);
		len += sprintf(t + len, " psk=%s", p->has_psk ? h : "-");
		hex(h, p->ep, p->eplen);
		len += sprintf(t + len, " ep=%s ka=%d ips=%zu\n", p->eplen ? h : "-", p->ka, p->nips);
		for (size_t j = 0; j < p->nips; j++) {
			char a[INET6_ADDRSTRLEN];

			inet_ntop(p->ips[j].family == AF_INET6 ? AF_INET6 : AF_INET,
				  p->ips[j].addr, a, sizeof(a));
			len += sprintf(t + len, " %u:%s/%u\n", p->ips[j].family, a, p->ips[j].cidr);
		}
	}
	return t;
}

/* ------------------------------------------------------------ keys, pools */

#define NPOOL 12
static uint8_t peer_pool[NPOOL][32];
static uint8_t priv_pool[4][32];
static uint8_t psk_pool[3][32];
static uint8_t self_pub[32];	/* the device's public key, from its dumps */
static bool have_self_pub;
static uint32_t target_ifindex, lo_ifindex = 1;
static char target_name[IFNAMSIZ];
static uint16_t port_base = 51820, port_inuse;

static void make_pools(void)
{
	uint64_t saved = rng_state;

	/* Fixed, seed-independent keys: a probe run is the same on every seed. */
	rng_state = 0x77697265677561ull;
	rnd_bytes(peer_pool, sizeof(peer_pool));
	rnd_bytes(priv_pool, sizeof(priv_pool));
	rnd_bytes(psk_pool, sizeof(psk_pool));
	for (int i = 0; i < 4; i++) {
		priv_pool[i][0] &= 248;
		priv_pool[i][31] = (priv_pool[i][31] & 127) | 64;
	}
	rng_state = saved;
}

static void put_ipaddr_pool(struct msg *m, bool v6, size_t len)
{
	uint8_t a[32] = { 0 };

	if (v6) {
		a[0] = 0xfd;
		a[1] = (uint8_t)rnd(4);
		a[15] = (uint8_t)rnd(8);
	} else {
		a[0] = 10;
		a[1] = (uint8_t)rnd(4);
		a[2] = (uint8_t)rnd(8);
		if (site(S_IP_V4_HOSTBITS))
			a[3] = 1 + (uint8_t)rnd(200);
	}
	put_raw(m, WGALLOWEDIP_A_IPADDR, a, len);
}

/* One allowed-IP entry; with bad, the last entry of a huge nest is broken. */
static void gen_allowedip(struct msg *m, bool last_bad)
{
	bool v6 = site(S_IP_V6_ADDR4) || site(S_IP_CIDR_129) ? true :
		  site(S_IP_V4_ADDR16) || site(S_IP_CIDR_33) || site(S_IP_V4_HOSTBITS) ? false :
		  chance(40);
	uint16_t fam = v6 ? AF_INET6 : AF_INET;
	int maxc = v6 ? 128 : 32;
	uint8_t cidr = (uint8_t)(v6 ? 48 + rnd(maxc - 47) : 8 + rnd(maxc - 7));

	if (site(S_IP_NOT_NEST)) {
		put_u32(m, 0, 0x12345678);
		return;
	}
	nest_start(m, 0, !site(S_IP_NONESTED));
	if (site(S_IP_UNKNOWN_ATTR))
		put_u32(m, 5 + rnd(40), 7);
	if (!site(S_IP_NO_FAMILY)) {
		if (site(S_IP_FAMILY_LEN1))
			put_u8(m, WGALLOWEDIP_A_FAMILY, (uint8_t)fam);
		else if (site(S_IP_FAMILY_LEN4))
			put_u32(m, WGALLOWEDIP_A_FAMILY, fam);
		else
			put_u16(m, WGALLOWEDIP_A_FAMILY,
				site(S_IP_FAMILY_0) ? 0 :
				site(S_IP_FAMILY_BAD) ? 17 : fam);
	}
	if (!site(S_IP_NO_ADDR)) {
		size_t len = v6 ? 16 : 4;

		if (site(S_IP_V4_ADDR16) && !v6)
			len = 16;
		else if (site(S_IP_V6_ADDR4) && v6)
			len = 4;
		else if (site(S_IP_ADDR_LEN0))
			len = 0;
		else if (site(S_IP_ADDR_LEN3))
			len = 3;
		else if (site(S_IP_ADDR_LEN5))
			len = 5;
		else if (site(S_IP_ADDR_LEN17))
			len = 17;
		put_ipaddr_pool(m, v6, len);
	}
	if (!site(S_IP_NO_CIDR)) {
		if (site(S_IP_CIDR_33) && !v6)
			cidr = 33;
		else if (site(S_IP_CIDR_129) && v6)
			cidr = 129;
		else if (site(S_IP_CIDR_255))
			cidr = 255;
		if (last_bad)
			cidr = 200;
		if (site(S_IP_CIDR_LEN4))
			put_u32(m, WGALLOWEDIP_A_CIDR_MASK, cidr);
		else
			put_u8(m, WGALLOWEDIP_A_CIDR_MASK, cidr);
		if (site(S_IP_DUP_CIDR))
			put_u8(m, WGALLOWEDIP_A_CIDR_MASK, cidr);
	}
	if (site(S_IP_REMOVE) || site(S_IP_REMOVE_ABSENT))
		put_u32(m, WGALLOWEDIP_A_FLAGS, WGALLOWEDIP_F_REMOVE_ME);
	else if (site(S_IP_FLAGS_UNKNOWN))
		put_u32(m, WGALLOWEDIP_A_FLAGS, 2u << rnd(30));
	else if (site(S_IP_FLAGS_LEN2))
		put_u16(m, WGALLOWEDIP_A_FLAGS, 0);
	nest_end(m);
}

static void gen_endpoint(struct msg *m)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(51900 + rnd(50)) };
	struct sockaddr_in s4 = { .sin_family = AF_INET, .sin_port = htons(51900 + rnd(50)) };
	uint8_t raw[128];

	s4.sin_addr.s_addr = htonl(chance(50) ? 0x7f000001 : 0xc0000200 + rnd(8));
	s6.sin6_addr.s6_addr[15] = 1;
	if (site(S_EP_V6_SCOPE)) {
		s6.sin6_addr.s6_addr[0] = 0xfe;
		s6.sin6_addr.s6_addr[1] = 0x80;
		s6.sin6_scope_id = 1;
	}
	rnd_bytes(raw, sizeof(raw));
	if (site(S_EP_FAMILY_BAD)) {
		s4.sin_family = (sa_family_t)(chance(50) ? 0 : 17);
		put_raw(m, WGPEER_A_ENDPOINT, &s4, sizeof(s4));
	} else if (site(S_EP_V4_LEN8)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s4, 8);
	} else if (site(S_EP_V4_LEN15)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s4, 15);
	} else if (site(S_EP_V4_LEN17)) {
		memcpy(raw, &s4, sizeof(s4));
		put_raw(m, WGPEER_A_ENDPOINT, raw, 17);
	} else if (site(S_EP_V6_LEN24)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s6, 24);
	} else if (site(S_EP_V6_LEN27)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s6, 27);
	} else if (site(S_EP_V6_LEN29)) {
		memcpy(raw, &s6, sizeof(s6));
		put_raw(m, WGPEER_A_ENDPOINT, raw, 29);
	} else if (site(S_EP_LEN100)) {
		memcpy(raw, &s6, sizeof(s6));
		put_raw(m, WGPEER_A_ENDPOINT, raw, 100);
	} else if (site(S_EP_V4_IN_V6LEN)) {
		memcpy(raw, &s4, sizeof(s4));
		put_raw(m, WGPEER_A_ENDPOINT, raw, sizeof(s6));
	} else if (site(S_EP_V6_IN_V4LEN)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s6, sizeof(s4));
	} else if (site(S_EP_LEN0)) {
		put_raw(m, WGPEER_A_ENDPOINT, NULL, 0);
	} else if (site(S_EP_V4_ANY)) {
		s4.sin_addr.s_addr = 0;
		s4.sin_port = 0;
		put_raw(m, WGPEER_A_ENDPOINT, &s4, sizeof(s4));
	} else if (site(S_EP_V6) || site(S_EP_V6_SCOPE)) {
		put_raw(m, WGPEER_A_ENDPOINT, &s6, sizeof(s6));
	} else {
		put_raw(m, WGPEER_A_ENDPOINT, &s4, sizeof(s4));
	}
}

static void gen_allowedips(struct msg *m)
{
	unsigned int n = 1 + rnd(3);

	if (site(S_IPS_NOT_NEST)) {
		put_u32(m, WGPEER_A_ALLOWEDIPS, 1);
		return;
	}
	if (site(S_IPS_HUGE_VALID) || site(S_IPS_HUGE_LASTBAD))
		n = 400 + rnd(1000);	/* up to ~56 KiB: fits a nest */
	if (site(S_IPS_OVERSIZE))
		n = 2600;	/* > 64 KiB: the nest length wraps */
	if (site(S_IPS_EMPTY))
		n = 0;
	nest_start(m, WGPEER_A_ALLOWEDIPS, !site(S_IPS_NONESTED));
	for (unsigned int i = 0; i < n; i++) {
		/* Stay well below the socket's send buffer (~208 KiB). */
		if (m->len > MSG_LIMIT)
			break;
		gen_allowedip(m, site(S_IPS_HUGE_LASTBAD) && i == n - 1);
	}
	nest_end(m);
}

/* One peer nest; which: index of the peer within the request. */
static void gen_peer(struct msg *m, int which, const uint8_t *key, bool bad)
{
	uint32_t flags = 0;
	uint8_t k[64];

	if (site(S_PEER_NOT_NEST)) {
		put_u32(m, 0, 0xdeadbeef);
		return;
	}
	nest_start(m, 0, !site(S_PEER_NONESTED));
	if (site(S_PEER_UNKNOWN_ATTR))
		put_u32(m, 11 + rnd(100), 1);
	memcpy(k, key, 32);
	rnd_bytes(k + 32, 32);
	if (site(S_PEER_PUB_ZERO))
		memset(k, 0, 32);
	if (site(S_PEER_PUB_SELF) && have_self_pub)
		memcpy(k, self_pub, 32);
	if (site(S_PEER_REMOVE_UNKNOWN) || site(S_PEER_UPDATE_ONLY_NEW))
		rnd_bytes(k, 32);	/* nobody has this key */
	if (site(S_PEER_NO_PUBKEY)) {
	} else if (site(S_PEER_PUB_LEN0)) {
		put_raw(m, WGPEER_A_PUBLIC_KEY, NULL, 0);
	} else if (site(S_PEER_PUB_LEN31)) {
		put_raw(m, WGPEER_A_PUBLIC_KEY, k, 31);
	} else if (site(S_PEER_PUB_LEN33)) {
		put_raw(m, WGPEER_A_PUBLIC_KEY, k, 33);
	} else {
		put_raw(m, WGPEER_A_PUBLIC_KEY, k, 32);
		if (site(S_PEER_DUP_PUBKEY)) {
			k[0] ^= 1;
			put_raw(m, WGPEER_A_PUBLIC_KEY, k, 32);
		}
	}
	if (site(S_PEER_PSK_LEN31))
		put_raw(m, WGPEER_A_PRESHARED_KEY, psk_pool[0], 31);
	else if (site(S_PEER_PSK_ZERO))
		put_zeros(m, WGPEER_A_PRESHARED_KEY, 32);
	else if (chance(50))
		put_raw(m, WGPEER_A_PRESHARED_KEY, psk_pool[rnd(3)], 32);
	if (site(S_PEER_REMOVE) || site(S_PEER_REMOVE_UNKNOWN))
		flags |= WGPEER_F_REMOVE_ME;
	if (site(S_PEER_REPLACE_IPS))
		flags |= WGPEER_F_REPLACE_ALLOWEDIPS;
	if (site(S_PEER_UPDATE_ONLY_NEW)) {
		flags |= WGPEER_F_UPDATE_ONLY;
		/* a key nobody has: UPDATE_ONLY makes the whole peer a no-op */
	}
	if (site(S_PEER_FLAGS_UNKNOWN))
		flags |= 8u << rnd(29);
	if (site(S_PEER_FLAGS_ALL))
		flags |= 7;
	if (site(S_PEER_FLAGS_LEN2))
		put_u16(m, WGPEER_A_FLAGS, (uint16_t)flags);
	else if (flags || chance(20))
		put_u32(m, WGPEER_A_FLAGS, flags);
	if (opt(70))
		gen_endpoint(m);
	if (site(S_KA_LEN1))
		put_u8(m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	else if (site(S_KA_LEN4))
		put_u32(m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	else if (site(S_KA_MAX))
		put_u16(m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 65535);
	else if (site(S_KA_SET) || chance(20))
		put_u16(m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, (uint16_t)rnd(3) * 25);
	if (site(S_PEER_LHT)) {
		int64_t ts[2] = { 1000, 5 };

		put_raw(m, WGPEER_A_LAST_HANDSHAKE_TIME, ts, sizeof(ts));
	}
	if (site(S_PEER_LHT_LEN8))
		put_u64(m, WGPEER_A_LAST_HANDSHAKE_TIME, 1);
	if (site(S_PEER_RX))
		put_u64(m, WGPEER_A_RX_BYTES, 123456);
	if (site(S_PEER_TX_LEN4))
		put_u32(m, WGPEER_A_TX_BYTES, 1);
	if (site(S_PV_0))
		put_u32(m, WGPEER_A_PROTOCOL_VERSION, 0);
	else if (site(S_PV_2))
		put_u32(m, WGPEER_A_PROTOCOL_VERSION, 2);
	else if (site(S_PV_LEN2))
		put_u16(m, WGPEER_A_PROTOCOL_VERSION, 1);
	else if (chance(20))
		put_u32(m, WGPEER_A_PROTOCOL_VERSION, 1);
	if (bad) {
		/* the second peer of PEERS_SECOND_BAD: a bad CIDR at the end */
		nest_start(m, WGPEER_A_ALLOWEDIPS, true);
		gen_allowedip(m, false);
		gen_allowedip(m, true);
		nest_end(m);
	} else if (which == 0 || chance(60)) {
		gen_allowedips(m);
		if (site(S_PEER_DUP_ALLOWEDIPS))
			gen_allowedips(m);
	}
	nest_end(m);
}

static void gen_dev_select(struct msg *m)
{
	char name[40];

	if (site(S_DEV_NONE))
		return;
	if (site(S_DEV_BOTH_SAME)) {
		put_u32(m, WGDEVICE_A_IFINDEX, target_ifindex);
		put_str(m, WGDEVICE_A_IFNAME, target_name);
	} else if (site(S_DEV_BOTH_DIFF)) {
		put_u32(m, WGDEVICE_A_IFINDEX, lo_ifindex);
		put_str(m, WGDEVICE_A_IFNAME, target_name);
	} else if (site(S_DEV_IDX_UNKNOWN)) {
		put_u32(m, WGDEVICE_A_IFINDEX, 100000 + rnd(1000000));
	} else if (site(S_DEV_IDX_ZERO)) {
		put_u32(m, WGDEVICE_A_IFINDEX, 0);
	} else if (site(S_DEV_IDX_LO)) {
		put_u32(m, WGDEVICE_A_IFINDEX, lo_ifindex);
	} else if (site(S_DEV_NAME_LO)) {
		put_str(m, WGDEVICE_A_IFNAME, "lo");
	} else if (site(S_DEV_NAME_UNKNOWN)) {
		put_str(m, WGDEVICE_A_IFNAME, "nlfuzz-none");
	} else if (site(S_DEV_NAME_NONUL)) {
		put_raw(m, WGDEVICE_A_IFNAME, target_name, strlen(target_name));
	} else if (site(S_DEV_NAME_LONG)) {
		snprintf(name, sizeof(name), "%s-and-a-much-longer-name", target_name);
		put_str(m, WGDEVICE_A_IFNAME, name);
	} else if (site(S_DEV_NAME_EMPTY)) {
		put_str(m, WGDEVICE_A_IFNAME, "");
	} else if (site(S_DEV_IDX_LEN2)) {
		put_u16(m, WGDEVICE_A_IFINDEX, (uint16_t)target_ifindex);
	} else if (site(S_DEV_IDX_LEN8)) {
		put_u64(m, WGDEVICE_A_IFINDEX, target_ifindex);
	} else if (chance(50)) {
		put_str(m, WGDEVICE_A_IFNAME, target_name);
	} else {
		put_u32(m, WGDEVICE_A_IFINDEX, target_ifindex);
	}
}

/* Builds a request: sites[] says which perturbations apply. */
static void gen_request(struct msg *m, bool is_get)
{
	uint16_t nlflags = NLM_F_REQUEST | NLM_F_ACK;
	uint8_t cmd = is_get ? WG_CMD_GET_DEVICE : WG_CMD_SET_DEVICE;
	uint8_t key[32];

	if (is_get)
		nlflags |= NLM_F_DUMP;
	if (site(S_HDR_GET_NODUMP))
		nlflags &= (uint16_t)~NLM_F_DUMP;
	if (site(S_HDR_SET_DUMP) && !is_get)
		nlflags |= NLM_F_DUMP;
	if (site(S_HDR_CMD_UNKNOWN))
		cmd = (uint8_t)(2 + rnd(254));
	msg_init(m, family_id, cmd, nlflags, 0);
	if (site(S_HDR_VERSION_0))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->version = 0;
	if (site(S_HDR_VERSION_2))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->version = 2;
	if (site(S_HDR_RESERVED))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->reserved = 0xbeef;
	if (site(S_HDR_GENL_TRUNC)) {
		m->len = NLMSG_HDRLEN + 2;
		msg_finish(m);
		return;
	}
	if (site(S_DEV_UNSPEC_ATTR))
		put_u32(m, WGDEVICE_A_UNSPEC, 0);
	gen_dev_select(m);
	if (site(S_DEV_UNKNOWN_ATTR))
		put_u32(m, 9 + rnd(200), 0);
	if (is_get) {
		msg_finish(m);
		return;
	}
	if (site(S_FLAGS_REPLACE))
		put_u32(m, WGDEVICE_A_FLAGS, WGDEVICE_F_REPLACE_PEERS);
	else if (site(S_FLAGS_UNKNOWN))
		put_u32(m, WGDEVICE_A_FLAGS, 2u << rnd(31));
	else if (site(S_FLAGS_ALLBITS))
		put_u32(m, WGDEVICE_A_FLAGS, 0xffffffffu);
	else if (site(S_FLAGS_LEN2))
		put_u16(m, WGDEVICE_A_FLAGS, 0);
	else if (chance(10))
		put_u32(m, WGDEVICE_A_FLAGS, 0);
	if (site(S_PRIV_ZERO))
		put_zeros(m, WGDEVICE_A_PRIVATE_KEY, 32);
	else if (site(S_PRIV_LEN0))
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, NULL, 0);
	else if (site(S_PRIV_LEN31))
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, priv_pool[1], 31);
	else if (site(S_PRIV_LEN33))
		put_zeros(m, WGDEVICE_A_PRIVATE_KEY, 33);
	else if (site(S_PRIV_NEW))
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, priv_pool[1 + rnd(3)], 32);
	else if (chance(30))
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, priv_pool[0], 32);
	if (site(S_DEV_DUP_PRIV)) {
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, priv_pool[0], 32);
		put_raw(m, WGDEVICE_A_PRIVATE_KEY, priv_pool[2], 32);
	}
	if (site(S_DEVPUB_SET))
		put_raw(m, WGDEVICE_A_PUBLIC_KEY, peer_pool[0], 32);
	if (site(S_DEVPUB_LEN5))
		put_raw(m, WGDEVICE_A_PUBLIC_KEY, peer_pool[0], 5);
	if (site(S_PORT_LEN1))
		put_u8(m, WGDEVICE_A_LISTEN_PORT, 1);
	else if (site(S_PORT_LEN4))
		put_u32(m, WGDEVICE_A_LISTEN_PORT, port_base);
	else if (site(S_PORT_INUSE) && port_inuse)
		put_u16(m, WGDEVICE_A_LISTEN_PORT, port_inuse);
	else if (site(S_PORT_ZERO))
		put_u16(m, WGDEVICE_A_LISTEN_PORT, 0);
	else if (site(S_PORT_OTHER))
		put_u16(m, WGDEVICE_A_LISTEN_PORT, port_base + 1);
	else if (chance(20))
		put_u16(m, WGDEVICE_A_LISTEN_PORT, port_base);
	if (site(S_FWMARK_LEN2))
		put_u16(m, WGDEVICE_A_FWMARK, 1);
	else if (site(S_FWMARK_LEN8))
		put_u64(m, WGDEVICE_A_FWMARK, 1);
	else if (site(S_FWMARK_SET))
		put_u32(m, WGDEVICE_A_FWMARK, rnd(4));
	if (site(S_PEERS_NOT_NEST)) {
		put_u32(m, WGDEVICE_A_PEERS, 0);
	} else if (site(S_PEERS_EMPTY)) {
		nest_start(m, WGDEVICE_A_PEERS, true);
		nest_end(m);
	} else if (opt(85)) {
		unsigned int n = 1 + (chance(30) ? rnd(3) : 0);

		if (site(S_PEERS_SAME_KEY_TWICE) || site(S_PEERS_SECOND_BAD))
			n = 2;
		if (site(S_PEERS_MANY))
			n = 40 + rnd(40);
		nest_start(m, WGDEVICE_A_PEERS, !site(S_PEERS_NONESTED));
		for (unsigned int i = 0; i < n && m->len < MSG_LIMIT; i++) {
			memcpy(key, peer_pool[rnd(NPOOL)], 32);
			if (site(S_PEERS_SAME_KEY_TWICE) && i == 1)
				memcpy(key, peer_pool[0], 32);
			if (site(S_PEERS_SAME_KEY_TWICE) && i == 0)
				memcpy(key, peer_pool[0], 32);
			gen_peer(m, (int)i, key, site(S_PEERS_SECOND_BAD) && i == 1);
		}
		nest_end(m);
	}
	if (site(S_TRUNC) && m->len > NLMSG_HDRLEN + GENL_HDRLEN + 8)
		m->len = NLMSG_HDRLEN + GENL_HDRLEN + 4 +
			 rnd((uint32_t)(m->len - NLMSG_HDRLEN - GENL_HDRLEN - 4));
	msg_finish(m);
}

/* Byte-level damage to a built request, on its attribute headers. */
static void mutate(struct msg *m, char *tag, size_t tagsz)
{
	unsigned int k = 1 + rnd(3);

	for (unsigned int i = 0; i < k && m->nattr; i++) {
		size_t off = m->attr_off[rnd((uint32_t)m->nattr)];
		struct nlattr *a = (struct nlattr *)(m->buf + off);
		size_t used = strlen(tag);

		if (off >= m->len)
			continue;
		switch (rnd(6)) {
		case 0:
			a->nla_type = (uint16_t)((a->nla_type & NLA_F_NESTED) | rnd(12));
			snprintf(tag + used, tagsz - used, "+type@%zu", off);
			break;
		case 1:
			a->nla_type ^= NLA_F_NESTED;
			snprintf(tag + used, tagsz - used, "+nestflag@%zu", off);
			break;
		case 2:
			a->nla_len = (uint16_t)(a->nla_len + rnd(9) - 4);
			snprintf(tag + used, tagsz - used, "+len@%zu", off);
			break;
		case 3:
			a->nla_len = (uint16_t)rnd(65536);
			snprintf(tag + used, tagsz - used, "+biglen@%zu", off);
			break;
		case 4:
			if (a->nla_len > NLA_HDRLEN && off + a->nla_len <= m->len)
				((uint8_t *)a)[NLA_HDRLEN + rnd(a->nla_len - NLA_HDRLEN)] = (uint8_t)rnd64();
			snprintf(tag + used, tagsz - used, "+byte@%zu", off);
			break;
		default:
			if (off + 8 <= m->len)
				m->len = off + rnd(8);
			snprintf(tag + used, tagsz - used, "+cut@%zu", off);
			break;
		}
	}
	if (m->len < NLMSG_HDRLEN + GENL_HDRLEN)
		m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	msg_finish(m);
}

/* ------------------------------------------------------------ statistics */

struct stats {
	unsigned long requests, sets, gets, accepted, refused, with_extack;
	unsigned long compared, changed_on_refusal, timeouts, unexpected_ok, non_eperm;
	unsigned long send_failed;
	unsigned long by_errno[160];
	unsigned long noextack_by_errno[160];
	char noextack_examples[4][200];	/* tags of the first ones */
	int nexamples;
};

static void stats_add(struct stats *st, bool is_set, const struct reply *r)
{
	if (r->send_failed) {
		st->send_failed++;
		return;
	}
	st->requests++;
	if (is_set)
		st->sets++;
	else
		st->gets++;
	if (r->timeout)
		st->timeouts++;
	if (!r->error) {
		st->accepted++;
		return;
	}
	st->refused++;
	st->by_errno[r->error < 160 ? r->error : 0]++;
	if (r->extack)
		st->with_extack++;
	else
		st->noextack_by_errno[r->error < 160 ? r->error : 0]++;
}

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EMSGSIZE: return "EMSGSIZE";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EBADMSG: return "EBADMSG";
	case E2BIG: return "E2BIG";
	case EFAULT: return "EFAULT";
	case EACCES: return "EACCES";
	case EBADR: return "EBADR";
	case EPFNOSUPPORT: return "EPFNOSUPPORT";
	default: return NULL;
	}
}

static const char *errstr(int e)
{
	static char b[24];

	if (errname(e))
		return errname(e);
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

static void stats_print(const char *who, const struct stats *st, uint64_t seed, double secs)
{
	printf("nlfuzz %s: seed=%" PRIu64 " requests=%lu set=%lu get=%lu accepted=%lu refused=%lu",
	       who, seed, st->requests, st->sets, st->gets, st->accepted, st->refused);
	for (int e = 0; e < 160; e++) {
		if (!st->by_errno[e])
			continue;
		if (errname(e))
			printf(" %s=%lu", errname(e), st->by_errno[e]);
		else if (!e)
			printf(" errno-over-159=%lu", st->by_errno[e]);
		else
			printf(" errno%d=%lu", e, st->by_errno[e]);
	}
	printf(" extack=%lu compared=%lu changed_on_refusal=%lu timeouts=%lu unexpected_ok=%lu non_eperm=%lu send_failed=%lu time=%.1fs\n",
	       st->with_extack, st->compared, st->changed_on_refusal, st->timeouts,
	       st->unexpected_ok, st->non_eperm, st->send_failed, secs);
	printf("nlfuzz %s: refusals without an extack message:", who);
	for (int e = 0; e < 160; e++)
		if (st->noextack_by_errno[e])
			printf(" %s=%lu", errstr(e), st->noextack_by_errno[e]);
	printf("\n");
	for (int i = 0; i < st->nexamples; i++)
		printf("nlfuzz %s: no extack (not a header error): %s\n", who, st->noextack_examples[i]);
	fflush(stdout);
}

static uint32_t fnv(const char *t)
{
	uint32_t h = 2166136261u;

	while (*t)
		h = (h ^ (uint8_t)*t++) * 16777619u;
	return h;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ base state */

/* A known configuration: private key, port, 4 peers with allowed IPs. */
static int set_base(int fd, uint32_t ifindex)
{
	static struct msg m;
	struct reply r;
	uint64_t saved = rng_state;

	rng_state = 42;	/* the same base on every run */
	memset(site_forced, 0, sizeof(site_forced));
	msg_init(&m, family_id, WG_CMD_SET_DEVICE, NLM_F_REQUEST | NLM_F_ACK, 0);
	put_u32(&m, WGDEVICE_A_IFINDEX, ifindex);
	put_u32(&m, WGDEVICE_A_FLAGS, WGDEVICE_F_REPLACE_PEERS);
	put_raw(&m, WGDEVICE_A_PRIVATE_KEY, priv_pool[0], 32);
	put_u16(&m, WGDEVICE_A_LISTEN_PORT, port_base);
	put_u32(&m, WGDEVICE_A_FWMARK, 0);
	nest_start(&m, WGDEVICE_A_PEERS, true);
	for (int i = 0; i < 4; i++)
		gen_peer(&m, 0, peer_pool[i], false);
	nest_end(&m);
	msg_finish(&m);
	r = nl_talk(fd, m.buf, m.len, NULL, NULL);
	rng_state = saved;
	if (r.error)
		fprintf(stderr, "nlfuzz: setting the base state failed: %s (%s)\n",
			strerror(r.error), r.msg);
	return -r.error;
}

static void note_self(const struct state *s)
{
	if (s->has_pub) {
		memcpy(self_pub, s->pub, 32);
		have_self_pub = true;
	}
}

static void show_diff(const char *a, const char *b)
{
	fprintf(stderr, "--- before (%zu bytes):\n%.2000s\n--- after (%zu bytes):\n%.2000s\n",
		strlen(a), a, strlen(b), b);
}

/* ------------------------------------------------------------ modes */

static bool tolerate_changes;	/* -t: count refused-but-changed, do not fail */
static bool verbose;

/* Probes: each site alone on the base state, one line each. */
static int run_probes(int fd)
{
	int bad = 0;

	for (int s = 0; s < NSITES; s++) {
		for (int get = 0; get < 2; get++) {
			static struct msg m;
			struct state before, after;
			char *tb, *ta;
			struct reply r;
			bool dev_site = !strncmp(site_name[s], "DEV_", 4) ||
					!strncmp(site_name[s], "HDR_", 4);

			if (get && !dev_site)
				continue;
			if (set_base(fd, target_ifindex) || get_state(fd, target_ifindex, &before))
				return 2;
			note_self(&before);
			memset(site_forced, 0, sizeof(site_forced));
			site_forced[s] = true;
			rng_state = 1000 + (uint64_t)s;
			gen_request(&m, get);
			r = nl_talk(fd, m.buf, m.len, NULL, NULL);
			if (get_state(fd, target_ifindex, &after))
				return 2;
			tb = state_text(&before);
			ta = state_text(&after);
			/* The hash of the state after: the same outcome on two
			 * modules gives the same hash. */
			printf("probe %-22s %s: state %08x %s%s%s%s%s\n", site_name[s], get ? "GET" : "SET",
			       fnv(ta), r.error ? errstr(r.error) : "ok",
			       r.extack ? " \"" : "", r.extack ? r.msg : "", r.extack ? "\"" : "",
			       r.error && strcmp(tb, ta) ? " CHANGED-ON-REFUSAL" :
			       !r.error && strcmp(tb, ta) ? " (changed)" : "");
			if (r.error && strcmp(tb, ta)) {
				show_diff(tb, ta);
				if (!tolerate_changes)
					bad = 1;
			}
			free(tb);
			free(ta);
			state_free(&before);
			state_free(&after);
		}
	}
	memset(site_forced, 0, sizeof(site_forced));
	fflush(stdout);
	return bad;
}

/*
 * Picks the sites of random request i: a valid request now and then, one to
 * three perturbations mostly, byte damage on top sometimes.
 */
static bool pick_sites(char *tag, size_t tagsz, bool *is_get)
{
	unsigned int k = chance(15) ? 0 : 1 + rnd(3);
	bool do_mutate = chance(20);

	memset(site_forced, 0, sizeof(site_forced));
	*is_get = chance(15);
	snprintf(tag, tagsz, "%s", *is_get ? "GET" : "SET");
	for (unsigned int i = 0; i < k; i++) {
		int s = (int)rnd(NSITES);
		size_t used = strlen(tag);

		/* Huge nests and many peers are slow under emulation: rarer. */
		if ((s == S_IPS_HUGE_VALID || s == S_IPS_HUGE_LASTBAD || s == S_PEERS_MANY ||
		     s == S_IPS_OVERSIZE) &&
		    !chance(25))
			continue;
		site_forced[s] = true;
		snprintf(tag + used, tagsz - used, "+%s", site_name[s]);
	}
	return do_mutate;
}

/*
 * Random requests. cmp_fd: where the dumps are taken (the same socket, or
 * the root parent's); check(): called after each request with the answer.
 */
static int run_random(int fd, unsigned long count, unsigned int cmp_every,
		      struct stats *st, bool expect_refusal)
{
	struct state base, cur;
	char *tbase, *tcur;
	static struct msg m;
	char tag[512];
	int bad = 0;

	memset(&base, 0, sizeof(base));
	tbase = NULL;
	if (!expect_refusal) {
		if (get_state(fd, target_ifindex, &base))
			return 2;
		note_self(&base);
		tbase = state_text(&base);
	}
	for (unsigned long i = 0; i < count; i++) {
		bool is_get, do_mut;
		struct reply r;

		if (!expect_refusal && i && i % 500 == 0) {
			/* Back to a known state now and then, so it stays small. */
			if (set_base(fd, target_ifindex))
				return 2;
			state_free(&base);
			free(tbase);
			if (get_state(fd, target_ifindex, &base))
				return 2;
			note_self(&base);
			tbase = state_text(&base);
		}
		do_mut = pick_sites(tag, sizeof(tag), &is_get);
		gen_request(&m, is_get);
		if (do_mut)
			mutate(&m, tag, sizeof(tag));
		r = nl_talk(fd, m.buf, m.len, NULL, NULL);
		stats_add(st, !is_get, &r);
		if (r.error && !r.extack && !r.send_failed && st->nexamples < 4 &&
		    !site(S_HDR_CMD_UNKNOWN) && !site(S_HDR_GENL_TRUNC) &&
		    !site(S_HDR_SET_DUMP) && !site(S_HDR_GET_NODUMP) && r.error != EPERM)
			snprintf(st->noextack_examples[st->nexamples++], sizeof(st->noextack_examples[0]),
				 "%.140s: %s", tag, errstr(r.error));
		if (r.send_failed) {
			fprintf(stderr, "nlfuzz: request %lu (%s, %zu bytes) not sent: %s\n",
				i, tag, m.len, strerror(r.error));
			continue;
		}
		if (verbose)
			printf("req %lu %s: %s %s\n", i, tag, r.error ? errstr(r.error) : "ok", r.msg);
		if (r.timeout) {
			fprintf(stderr, "nlfuzz: request %lu (%s) got no answer\n", i, tag);
			bad = 1;
		}
		if (expect_refusal && !r.error) {
			st->unexpected_ok++;
			fprintf(stderr, "nlfuzz: request %lu (%s) was accepted from an unprivileged caller\n",
				i, tag);
			bad = 1;
		}
		if (expect_refusal && r.error && r.error != EPERM &&
		    !site(S_HDR_CMD_UNKNOWN) && !site(S_HDR_GENL_TRUNC) &&
		    !(site(S_HDR_SET_DUMP) && !is_get) && !(site(S_HDR_GET_NODUMP) && is_get)) {
			/* Only a malformed header may be refused before the
			 * permission check. */
			if (++st->non_eperm <= 5)
				fprintf(stderr, "nlfuzz: request %lu (%s) from an unprivileged caller: %s, not EPERM\n",
					i, tag, strerror(r.error));
			bad = 1;
		}
		if (expect_refusal)
			continue;	/* the parent compares */
		if (!r.error && is_get)
			continue;
		if (r.error && cmp_every > 1 && i % cmp_every)
			continue;
		if (get_state(fd, target_ifindex, &cur)) {
			fprintf(stderr, "nlfuzz: the device did not dump after request %lu (%s)\n", i, tag);
			return 1;
		}
		tcur = state_text(&cur);
		if (r.error) {
			st->compared++;
			if (strcmp(tbase, tcur)) {
				st->changed_on_refusal++;
				fprintf(stderr, "nlfuzz: request %lu (%s) was refused (%s, \"%s\") but changed the device\n",
					i, tag, strerror(r.error), r.msg);
				if (st->changed_on_refusal <= 3)
					show_diff(tbase, tcur);
				if (!tolerate_changes)
					bad = 1;
			}
		}
		/* Either way the current state is the new baseline. */
		state_free(&base);
		free(tbase);
		base = cur;
		tbase = tcur;
		note_self(&base);
	}
	state_free(&base);
	free(tbase);
	return bad;
}

/* A valid SET, then a dump that must read back exactly what was set. */
static int final_check(int fd)
{
	static struct msg m;
	struct sockaddr_in s4 = { .sin_family = AF_INET, .sin_port = htons(51999),
				  .sin_addr.s_addr = htonl(0x7f000001) };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(52000) };
	struct state s;
	struct reply r;
	char *t, want[4096], h[65], h2[65];
	uint8_t a4[4] = { 10, 9, 0, 0 }, a6[16] = { 0xfd, 0x09 };
	int len = 0;

	s6.sin6_addr.s6_addr[15] = 1;
	memset(site_forced, 0, sizeof(site_forced));
	msg_init(&m, family_id, WG_CMD_SET_DEVICE, NLM_F_REQUEST | NLM_F_ACK, 0);
	put_str(&m, WGDEVICE_A_IFNAME, target_name);
	put_u32(&m, WGDEVICE_A_FLAGS, WGDEVICE_F_REPLACE_PEERS);
	put_raw(&m, WGDEVICE_A_PRIVATE_KEY, priv_pool[3], 32);
	put_u16(&m, WGDEVICE_A_LISTEN_PORT, port_base + 7);
	put_u32(&m, WGDEVICE_A_FWMARK, 0x5a5a);
	nest_start(&m, WGDEVICE_A_PEERS, true);
	for (int i = 0; i < 2; i++) {
		nest_start(&m, 0, true);
		put_raw(&m, WGPEER_A_PUBLIC_KEY, peer_pool[5 + i], 32);
		if (i == 0)
			put_raw(&m, WGPEER_A_PRESHARED_KEY, psk_pool[1], 32);
		if (i == 0)
			put_raw(&m, WGPEER_A_ENDPOINT, &s4, sizeof(s4));
		else
			put_raw(&m, WGPEER_A_ENDPOINT, &s6, sizeof(s6));
		put_u16(&m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, i ? 0 : 15);
		nest_start(&m, WGPEER_A_ALLOWEDIPS, true);
		a4[2] = (uint8_t)i;
		nest_start(&m, 0, true);
		put_u16(&m, WGALLOWEDIP_A_FAMILY, AF_INET);
		put_raw(&m, WGALLOWEDIP_A_IPADDR, a4, 4);
		put_u8(&m, WGALLOWEDIP_A_CIDR_MASK, 24);
		nest_end(&m);
		a6[3] = (uint8_t)i;
		nest_start(&m, 0, true);
		put_u16(&m, WGALLOWEDIP_A_FAMILY, AF_INET6);
		put_raw(&m, WGALLOWEDIP_A_IPADDR, a6, 16);
		put_u8(&m, WGALLOWEDIP_A_CIDR_MASK, 64);
		nest_end(&m);
		nest_end(&m);
		nest_end(&m);
	}
	nest_end(&m);
	msg_finish(&m);
	r = nl_talk(fd, m.buf, m.len, NULL, NULL);
	if (r.error) {
		fprintf(stderr, "nlfuzz: final valid SET refused: %s (%s)\n", strerror(r.error), r.msg);
		return 1;
	}
	if (get_state(fd, target_ifindex, &s)) {
		fprintf(stderr, "nlfuzz: final dump failed\n");
		return 1;
	}
	hex(h, priv_pool[3], 32);
	hex(h2, s.pub, 32);
	len += snprintf(want + len, sizeof(want) - (size_t)len, "dev %u %s priv=%s pub=%s port=%d fwmark=0x5a5a peers=2\n",
		       target_ifindex, target_name, h, s.has_pub ? h2 : "-", port_base + 7);
	for (int i = 0; i < 2; i++) {
		char e[2 * sizeof(s6) + 1];

		hex(h, peer_pool[5 + i], 32);
		hex(h2, psk_pool[1], 32);
		if (i == 0)
			hex(e, (uint8_t *)&s4, sizeof(s4));
		else
			hex(e, (uint8_t *)&s6, sizeof(s6));
		len += snprintf(want + len, sizeof(want) - (size_t)len, "peer %s psk=%s ep=%s ka=%d ips=2\n", h,
			       i ? "0000000000000000000000000000000000000000000000000000000000000000" : h2,
			       e, i ? 0 : 15);
		len += snprintf(want + len, sizeof(want) - (size_t)len, " 2:10.9.%d.0/24\n 10:%s/64\n", i, i ? "fd09:1::" : "fd09::");
	}
	t = state_text(&s);
	if (strcmp(t, want)) {
		fprintf(stderr, "nlfuzz: the final dump does not read back what was set\n");
		show_diff(want, t);
		free(t);
		state_free(&s);
		return 1;
	}
	printf("nlfuzz: final check: a valid SET read back exactly\n");
	free(t);
	state_free(&s);
	return 0;
}

static uint16_t resolve_family(int fd)
{
	static struct msg m;
	struct reply r;
	uint16_t id = 0;

	msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST | NLM_F_ACK, 0);
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->version = 1;
	put_str(&m, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
	msg_finish(&m);
	/* The reply comes before the ack. */
	{
		struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
		ssize_t n;

		sendto(fd, m.buf, m.len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
		while ((n = recv(fd, rbuf, sizeof(rbuf), 0)) > 0) {
			struct nlmsghdr *nlh;
			bool done = false;

			for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, (size_t)n);
			     nlh = NLMSG_NEXT(nlh, n)) {
				const struct nlattr *a;

				if (nlh->nlmsg_type == NLMSG_ERROR) {
					done = true;
					continue;
				}
				for_attrs(a, (uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN,
					  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN)
					if (ATYPE(a) == CTRL_ATTR_FAMILY_ID)
						id = *(const uint16_t *)ADATA(a);
			}
			if (done)
				break;
		}
	}
	(void)r;
	return id;
}

/* RTM_NEWLINK for a WireGuard device, then up. */
static int rt_request(int fd, struct msg *m)
{
	struct reply r;

	msg_finish(m);
	r = nl_talk(fd, m->buf, m->len, NULL, NULL);
	if (r.error)
		fprintf(stderr, "nlfuzz: rtnetlink: %s (%s)\n", strerror(r.error), r.msg);
	return -r.error;
}

static int make_device(const char *name, uint32_t *ifindex)
{
	static struct msg m;
	int fd = nl_open(NETLINK_ROUTE);
	struct ifinfomsg *ifi;

	msg_init(&m, RTM_NEWLINK, 0, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
	m.len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*ifi));
	memset(m.buf + NLMSG_HDRLEN, 0, sizeof(*ifi));
	ifi = (struct ifinfomsg *)(m.buf + NLMSG_HDRLEN);
	ifi->ifi_family = AF_UNSPEC;
	put_str(&m, IFLA_IFNAME, name);
	nest_start(&m, IFLA_LINKINFO, false);
	put_str(&m, IFLA_INFO_KIND, "wireguard");
	nest_end(&m);
	if (rt_request(fd, &m))
		return -1;
	*ifindex = if_nametoindex(name);
	for (int i = 0; i < 2; i++) {
		msg_init(&m, RTM_NEWLINK, 0, NLM_F_REQUEST | NLM_F_ACK, 0);
		m.len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*ifi));
		memset(m.buf + NLMSG_HDRLEN, 0, sizeof(*ifi));
		ifi = (struct ifinfomsg *)(m.buf + NLMSG_HDRLEN);
		ifi->ifi_index = (int)(i ? *ifindex : if_nametoindex("lo"));
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
		if (rt_request(fd, &m))
			return -1;
	}
	close(fd);
	return *ifindex ? 0 : -1;
}

static int drop_privileges(uid_t uid, bool userns, bool netns)
{
	char map[64];
	int fd;

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		perror("nlfuzz: dropping privileges");
		return -1;
	}
	if (!userns)
		return 0;
	/* A process that changed its credentials is not dumpable, so its
	 * /proc/self files stay root's and the maps below could not be
	 * written: it is only us in here. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (unshare(CLONE_NEWUSER | (netns ? CLONE_NEWNET : 0))) {
		perror("nlfuzz: unshare");
		return -1;
	}
	/* Root inside, uid 65534 outside. */
	fd = open("/proc/self/setgroups", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "deny", 4) < 0)
			perror("nlfuzz: setgroups deny");
		close(fd);
	}
	snprintf(map, sizeof(map), "0 %u 1\n", uid);
	fd = open("/proc/self/uid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0) {
		perror("nlfuzz: uid_map");
		return -1;
	}
	close(fd);
	fd = open("/proc/self/gid_map", O_WRONLY);
	if (fd < 0 || write(fd, map, strlen(map)) < 0) {
		perror("nlfuzz: gid_map");
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * -D: a dump that spans a change says so. The device's first peer needs
 * allowed IPs enough for a dump of several messages. The kernel makes one
 * message when the dump starts and one more on each read, so the message
 * made on the second read is the first to follow a change made between
 * the first and second reads. One dump is read with no change (no message
 * may be flagged NLM_F_DUMP_INTR), then another with one allowed IP added
 * to that peer after the first read (a later message must be flagged).
 */
static int read_dump_across(int fd, int setfd, const uint8_t *peer_pub,
			    bool change, int *messages, bool *flagged)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	static struct msg m;
	uint32_t seq = seq_counter++;
	bool changed = false;

	*messages = 0;
	*flagged = false;
	msg_init(&m, family_id, WG_CMD_GET_DEVICE,
		 NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 0);
	put_u32(&m, WGDEVICE_A_IFINDEX, target_ifindex);
	msg_finish(&m);
	((struct nlmsghdr *)m.buf)->nlmsg_seq = seq;
	if (sendto(fd, m.buf, m.len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			++*messages;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*flagged = true;
		}
		if (change && !changed) {
			static struct msg c;
			static const uint8_t ip[4] = { 10, 255, 255, 1 };
			struct reply r;

			msg_init(&c, family_id, WG_CMD_SET_DEVICE, NLM_F_REQUEST | NLM_F_ACK, 0);
			put_u32(&c, WGDEVICE_A_IFINDEX, target_ifindex);
			nest_start(&c, WGDEVICE_A_PEERS, true);
			nest_start(&c, 0, true);
			put_raw(&c, WGPEER_A_PUBLIC_KEY, peer_pub, 32);
			put_u32(&c, WGPEER_A_FLAGS, WGPEER_F_UPDATE_ONLY);
			nest_start(&c, WGPEER_A_ALLOWEDIPS, true);
			nest_start(&c, 0, true);
			put_u16(&c, WGALLOWEDIP_A_FAMILY, AF_INET);
			put_raw(&c, WGALLOWEDIP_A_IPADDR, ip, 4);
			put_u8(&c, WGALLOWEDIP_A_CIDR_MASK, 32);
			nest_end(&c);
			nest_end(&c);
			nest_end(&c);
			nest_end(&c);
			msg_finish(&c);
			r = nl_talk(setfd, c.buf, c.len, NULL, NULL);
			if (r.error) {
				fprintf(stderr, "nlfuzz: the change during the dump was refused: %s %s\n",
					errstr(r.error), r.msg);
				return -r.error;
			}
			changed = true;
		}
	}
}

static int run_dump_across(int fd)
{
	int setfd = nl_open(NETLINK_GENERIC), messages, e, rc = 0;
	struct state st;
	bool flagged;

	if (get_state(setfd, target_ifindex, &st) || !st.npeers) {
		fprintf(stderr, "nlfuzz: %s has no peer to change\n", target_name);
		return 2;
	}
	e = read_dump_across(fd, setfd, st.peers[0].pub, false, &messages, &flagged);
	printf("nlfuzz dump, no change: %d messages, %s\n", messages,
	       flagged ? "flagged NLM_F_DUMP_INTR" : "not flagged");
	if (e || messages < 3 || flagged)
		rc = 1;
	e = read_dump_across(fd, setfd, st.peers[0].pub, true, &messages, &flagged);
	printf("nlfuzz dump, an allowed IP added after the first read: %d messages, %s\n",
	       messages, flagged ? "flagged NLM_F_DUMP_INTR" : "not flagged");
	if (e || messages < 3 || !flagged)
		rc = 1;
	if (e)
		fprintf(stderr, "nlfuzz: the dump failed: %s\n", strerror(-e));
	state_free(&st);
	close(setfd);
	return rc;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: nlfuzz -i IFNAME [-s SEED] [-n COUNT] [-c CMP_EVERY] [-P INUSE_PORT]\n"
		"              [-b BASE_PORT] [-p] [-u UID [-U]] [-N] [-t] [-v] [-C] [-x SITE]\n"
		"       nlfuzz -i IFNAME -D\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL);
	unsigned long count = 1000;
	unsigned int cmp_every = 1;
	bool probes = false, userns = false, netns = false, dump_across = false;
	long uid = -1;
	struct stats st;
	double t0 = now();
	int fd, opt, rc = 0;
	bool concurrent = false;
	pid_t dumper = 0;

	const char *show_site = NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "i:s:n:c:P:b:pu:UNtvx:CD")) != -1) {
		switch (opt) {
		case 'i': snprintf(target_name, sizeof(target_name), "%s", optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'c': cmp_every = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'P': port_inuse = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'b': port_base = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'p': probes = true; break;
		case 'u': uid = strtol(optarg, NULL, 0); break;
		case 'U': userns = true; break;
		case 'N': netns = userns = true; break;
		case 't': tolerate_changes = true; break;
		case 'v': verbose = true; break;
		case 'x': show_site = optarg; break;
		case 'C': concurrent = true; break;
		case 'D': dump_across = true; break;
		default: usage();
		}
	}
	if (!cmp_every)
		cmp_every = 1;
	if (netns && uid < 0)
		usage();
	if (!netns && !target_name[0])
		usage();
	memset(&st, 0, sizeof(st));
	make_pools();
	rng_state = seed;
	printf("nlfuzz: seed %" PRIu64 "\n", seed);

	if (show_site) {
		/* The probe request of one site, in hex, without sending it:
		 * a reproducer (ifindex 2 unless -i names a local device). */
		static struct msg m;

		target_ifindex = target_name[0] ? if_nametoindex(target_name) : 2;
		if (!target_name[0])
			snprintf(target_name, sizeof(target_name), "wg0");
		family_id = 0x1234;
		probe_mode = true;
		for (int s = 0; s < NSITES; s++) {
			if (strcmp(site_name[s], show_site))
				continue;
			site_forced[s] = true;
			rng_state = 1000 + (uint64_t)s;
			gen_request(&m, false);
			for (size_t i = 0; i < m.len; i++)
				printf("%02x%s", m.buf[i], i % 32 == 31 ? "\n" : "");
			printf("\n");
			return 0;
		}
		return 2;
	}

	if (netns) {
		/* A child as uid in its own user and network namespace. */
		pid_t pid = fork();
		int status;

		if (pid < 0)
			return 2;
		if (!pid) {
			if (drop_privileges((uid_t)uid, true, true))
				_exit(2);
			snprintf(target_name, sizeof(target_name), "wgns0");
			if (make_device(target_name, &target_ifindex)) {
				fprintf(stderr, "nlfuzz: could not create a device in the new namespaces\n");
				_exit(2);
			}
			lo_ifindex = if_nametoindex("lo");
			fd = nl_open(NETLINK_GENERIC);
			family_id = resolve_family(fd);
			if (!family_id)
				_exit(2);
			if (set_base(fd, target_ifindex))
				_exit(1);
			rc = run_random(fd, count, cmp_every, &st, false);
			if (!rc)
				rc = final_check(fd);
			stats_print("userns+netns", &st, seed, now() - t0);
			_exit(rc);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
			return 2;
		return WEXITSTATUS(status);
	}

	target_ifindex = if_nametoindex(target_name);
	lo_ifindex = if_nametoindex("lo");
	if (!target_ifindex) {
		fprintf(stderr, "nlfuzz: no interface %s\n", target_name);
		return 2;
	}
	fd = nl_open(NETLINK_GENERIC);
	family_id = resolve_family(fd);
	if (!family_id) {
		fprintf(stderr, "nlfuzz: no generic netlink family \"wireguard\"\n");
		return 2;
	}

	if (dump_across)
		return run_dump_across(fd);
	if (probes) {
		probe_mode = true;
		rc = run_probes(fd);
		probe_mode = false;
		if (!rc)
			rc = final_check(fd);
		printf("nlfuzz probes: %d sites, %s\n", NSITES, rc ? "FAILED" : "ok");
		return rc;
	}

	if (uid >= 0) {
		/*
		 * Unprivileged: a child sends, in rounds of cmp_every requests;
		 * between rounds the root parent checks the device did not move.
		 */
		int go[2], done[2];
		struct state before, after;
		char *tb, *ta, c;
		pid_t pid;
		int status, rounds = 0;
		unsigned long compared = 0;

		if (set_base(fd, target_ifindex) || get_state(fd, target_ifindex, &before))
			return 2;
		note_self(&before);
		tb = state_text(&before);
		if (pipe(go) || pipe(done))
			return 2;
		pid = fork();
		if (pid < 0)
			return 2;
		if (!pid) {
			int own, bad = 0;
			const char *who = userns ? "uid+userns" : "uid";

			close(go[1]);
			close(done[0]);
			if (drop_privileges((uid_t)uid, userns, false))
				_exit(2);
			/* Half the rounds on the root-opened socket, half on our own. */
			own = nl_open(NETLINK_GENERIC);
			for (unsigned long i = 0; i < count; i += cmp_every) {
				unsigned long n = count - i < cmp_every ? count - i : cmp_every;

				bad |= run_random((i / cmp_every) % 2 ? fd : own, n, 1, &st, true);
				if (write(done[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
					_exit(2);
				if (c != 'g')
					bad = 1;
			}
			stats_print(who, &st, seed, now() - t0);
			/* Every refusal must be a permission refusal, but for
			 * requests malformed before the permission check. */
			_exit(bad);
		}
		close(go[0]);
		close(done[1]);
		while (read(done[0], &c, 1) == 1) {
			rounds++;
			if (get_state(fd, target_ifindex, &after)) {
				rc = 1;
				break;
			}
			ta = state_text(&after);
			compared++;
			if (strcmp(tb, ta)) {
				fprintf(stderr, "nlfuzz: an unprivileged caller changed the device\n");
				show_diff(tb, ta);
				rc = 1;
			}
			free(ta);
			state_free(&after);
			if (write(go[1], rc ? "x" : "g", 1) != 1)
				break;
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
			rc = 2;
		else if (WEXITSTATUS(status))
			rc = WEXITSTATUS(status);
		printf("nlfuzz unprivileged: rounds=%d dumps_compared=%lu device %s\n",
		       rounds, compared, rc ? "CHANGED or child failed" : "unchanged");
		free(tb);
		state_free(&before);
		return rc;
	}

	if (set_base(fd, target_ifindex))
		return 2;
	if (concurrent) {
		/*
		 * A second process dumps the device over and over while the
		 * requests change it: every dump must parse (a dump cut by a
		 * change is flagged and retried, never malformed).
		 */
		dumper = fork();
		if (dumper < 0)
			return 2;
		if (!dumper) {
			int dfd = nl_open(NETLINK_GENERIC);
			unsigned long n = 0;
			struct state ds;

			signal(SIGTERM, SIG_DFL);
			for (;;) {
				int e = get_state(dfd, target_ifindex, &ds);

				if (e && e != -EINTR) {
					fprintf(stderr, "nlfuzz: concurrent dump %lu failed: %s\n", n, strerror(-e));
					_exit(1);
				}
				state_free(&ds);
				n++;
			}
		}
	}
	rc = run_random(fd, count, cmp_every, &st, false);
	if (dumper > 0) {
		int status;

		/* Still running means every dump so far parsed. */
		if (waitpid(dumper, &status, WNOHANG) == dumper) {
			fprintf(stderr, "nlfuzz: the concurrent dumper stopped early\n");
			rc = 1;
		} else {
			kill(dumper, SIGTERM);
			waitpid(dumper, &status, 0);
			printf("nlfuzz: concurrent dumps parsed throughout\n");
		}
	}
	if (!rc || rc == 1) {
		int f = final_check(fd);

		if (f)
			rc = f;
	}
	stats_print("root", &st, seed, now() - t0);
	return rc;
}
