// SPDX-License-Identifier: GPL-2.0
/*
 * udpfuzz: hostile UDP input for a WireGuard device, from a namespace.
 *
 *   udpfuzz capture DEV PORT SECONDS FILE
 *	Records the WireGuard datagrams to or from PORT seen on DEV (an
 *	AF_PACKET socket, IPv4 underlay) for SECONDS, into FILE, so later runs
 *	can replay and mutate real tunnel packets. Creates FILE.ready once the
 *	socket is bound (so the caller knows when to make traffic); SIGTERM
 *	ends it early, and it prints what it saw by type either way.
 *
 *   udpfuzz fuzz -t IP:PORT -k PUBKEY [-s SEED] [-n COUNT] [-c FILE] PHASE...
 *	Sends COUNT datagrams per phase to IP:PORT, whose device has the
 *	public key PUBKEY (base64); mac1 is computed with the project's own
 *	BLAKE2s. Phases:
 *	  badtype    random bytes, 0..9000 long, whose type word is invalid
 *	             (unknown type or non-zero reserved bytes)
 *	  badlen     types 1-4 with the wrong length: truncated, oversized,
 *	             and a valid mac1 with garbage after it
 *	  handshake  types 1-3 at the right length, random content; half the
 *	             initiations and responses with a valid mac1 and garbage
 *	             in mac2; indices random or taken from FILE
 *	  data       type 4 with random or captured receiver indices, random
 *	             counters and payloads, and bit-flipped captured packets
 *	  replay     the captured packets again, verbatim or cut short
 *	Prints SENT lines per phase, by message type.
 *
 *   udpfuzz flood -t IP:PORT -k PUBKEY -b BASE -N SOURCES -d SECONDS
 *		   [-s SEED] [-r PPS] [-m]
 *	Handshake flood: initiations with random content and a valid mac1
 *	from SOURCES addresses BASE, BASE+1, ... (which must be local, e.g.
 *	an AnyIP route `ip route add local BASE/16 dev lo`), round robin,
 *	at most PPS per second (0: as fast as it goes), for SECONDS or until
 *	SIGTERM. Counts the cookie replies that come back, per second and in
 *	all. With -m it also opens each cookie and puts a
 *	valid mac2 on that source's next initiations (which then pass the
 *	cookie check and reach the per-source rate limiter and the DH).
 *
 *   udpfuzz peer -t IP:PORT -k PUBKEY -p PRIVKEY-FILE [-n BURST] [-e EXPIRED]
 *	A peer of the target that speaks the protocol itself (noisepeer.c),
 *	to provoke what only a peer can: see there.
 *
 * The PRNG is seeded (-s; default from the clock) and the seed printed, so
 * a run can be repeated.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netpacket/packet.h>
#include <net/ethernet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cryptoglue.h"
#include "udpfuzz.h"

enum {
	T_INIT = 1, T_RESP = 2, T_COOKIE = 3, T_DATA = 4,
	LEN_INIT = 148, LEN_RESP = 92, LEN_COOKIE = 64, LEN_DATA_MIN = 32,
	MAX_DGRAM = 9000, MAX_CAP = 512, NSOCK = 4
};

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("udpfuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* xorshift64*: small, seeded, good enough to pick bytes. */
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static uint32_t range(uint32_t lo, uint32_t hi)	/* lo..hi inclusive */
{
	return lo + below(hi - lo + 1);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n >= 8) {
		uint64_t v = rnd();

		memcpy(p, &v, 8);
		p += 8;
		n -= 8;
	}
	while (n--)
		*p++ = (uint8_t)rnd();
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The receiver's view: the type if type word and length agree, else 0. */
static int classify(const uint8_t *p, size_t len)
{
	if (len < 4)
		return 0;
	switch (get32(p)) {
	case T_INIT: return len == LEN_INIT ? T_INIT : 0;
	case T_RESP: return len == LEN_RESP ? T_RESP : 0;
	case T_COOKIE: return len == LEN_COOKIE ? T_COOKIE : 0;
	case T_DATA: return len >= LEN_DATA_MIN ? T_DATA : 0;
	}
	return 0;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

void parse_key(const char *s, uint8_t key[32])
{
	uint32_t acc = 0;
	int bits = 0, n = 0;

	if (strlen(s) != 44 || s[43] != '=')
		die("key '%s' is not 44 characters of base64", s);
	for (int i = 0; i < 43; i++) {
		int v = b64val(s[i]);

		if (v < 0)
			die("bad base64 in key '%s'", s);
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < 32)
				key[n++] = acc >> bits;
		}
	}
	if (n != 32)
		die("key '%s' does not decode to 32 bytes", s);
}

void parse_target(const char *s, struct sockaddr_in *sa)
{
	char buf[64];
	char *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strrchr(buf, ':');
	if (!colon)
		die("target '%s' is not IP:PORT", s);
	*colon = 0;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, buf, &sa->sin_addr) != 1 || !sa->sin_port)
		die("target '%s' is not IPv4:PORT", s);
}

static uint8_t mac1_key[32], cookie_key[32];

/* mac1 over everything before it; the caller fills mac2. */
static void put_mac1(uint8_t *msg, size_t len)
{
	uf_mac16(msg + len - 32, msg, len - 32, mac1_key, 32);
}

/* ---- capture ---- */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

struct cap {
	uint8_t to_target;	/* sent to the captured port (peer -> target) */
	uint16_t len;
	uint8_t data[1600];
};

static struct cap caps[MAX_CAP];
static int ncaps;

static int cmd_capture(int argc, char **argv)
{
	struct sockaddr_ll sll = { 0 }, from;
	socklen_t from_len;
	struct sigaction sa = { 0 };
	uint8_t pkt[2048];
	unsigned int port, bytype[2][5] = { { 0 } };
	double end;
	char ready[512];
	FILE *f;
	int fd, n = 0;

	if (argc != 6)
		die("usage: capture DEV PORT SECONDS FILE");
	port = atoi(argv[3]);
	/* ETH_P_ALL: a protocol-specific tap sees only what comes in. */
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (fd < 0)
		die("packet socket: %s", strerror(errno));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(argv[2]);
	if (!sll.sll_ifindex)
		die("no device %s", argv[2]);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind to %s: %s", argv[2], strerror(errno));
	f = fopen(argv[5], "wb");
	if (!f)
		die("%s: %s", argv[5], strerror(errno));
	snprintf(ready, sizeof(ready), "%s.ready", argv[5]);
	close(open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0600));
	sa.sa_handler = on_term;	/* no SA_RESTART: poll returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	end = now_s() + atof(argv[4]);
	/*
	 * Until the time is up or SIGTERM; then what is already queued on the
	 * socket is still read (the caller may stop us the moment it sees
	 * the last packet go by, before we were scheduled to read it).
	 */
	while (n < MAX_CAP) {
		double left = end - now_s();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;
		unsigned int ihl, sport, dport, ulen, dir, t;

		int last = left <= 0 || stop;

		if (poll(&pfd, 1, last ? 0 : (int)(left * 1000) + 1) <= 0) {
			if (last)
				break;
			continue;
		}
		from_len = sizeof(from);
		r = recvfrom(fd, pkt, sizeof(pkt), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &from_len);
		if (r < 20 || from.sll_protocol != htons(ETH_P_IP) || (pkt[0] >> 4) != 4 || pkt[9] != IPPROTO_UDP)
			continue;
		if ((pkt[6] & 0x3f) || pkt[7])	/* fragments: not ours */
			continue;
		ihl = (pkt[0] & 15) * 4;
		if ((size_t)r < ihl + 8)
			continue;
		sport = pkt[ihl] << 8 | pkt[ihl + 1];
		dport = pkt[ihl + 2] << 8 | pkt[ihl + 3];
		ulen = pkt[ihl + 4] << 8 | pkt[ihl + 5];
		if ((sport != port && dport != port) || ulen < 8 ||
		    ihl + ulen > (size_t)r || ulen - 8 > sizeof(caps[0].data))
			continue;
		dir = dport == port;
		caps[n].to_target = dir;
		caps[n].len = ulen - 8;
		memcpy(caps[n].data, pkt + ihl + 8, ulen - 8);
		t = classify(caps[n].data, caps[n].len);
		bytype[dir][t]++;
		fputc(dir, f);
		fputc(caps[n].len & 0xff, f);
		fputc(caps[n].len >> 8, f);
		fwrite(caps[n].data, 1, caps[n].len, f);
		n++;
	}
	fclose(f);
	printf("captured %d datagrams: to port %u: init %u resp %u cookie %u data %u other %u; from it: init %u resp %u cookie %u data %u other %u\n",
	       n, port, bytype[1][1], bytype[1][2], bytype[1][3], bytype[1][4],
	       bytype[1][0], bytype[0][1], bytype[0][2], bytype[0][3],
	       bytype[0][4], bytype[0][0]);
	return n ? 0 : 1;
}

static void load_caps(const char *file)
{
	FILE *f = fopen(file, "rb");
	int dir;

	if (!f)
		die("%s: %s", file, strerror(errno));
	while (ncaps < MAX_CAP && (dir = fgetc(f)) != EOF) {
		int lo = fgetc(f), hi = fgetc(f);
		size_t len;

		if (lo == EOF || hi == EOF)
			break;
		len = lo | hi << 8;
		if (len > sizeof(caps[0].data) ||
		    fread(caps[ncaps].data, 1, len, f) != len)
			break;
		caps[ncaps].to_target = dir;
		caps[ncaps].len = len;
		ncaps++;
	}
	fclose(f);
}

/*
 * Receiver indices the target owns, from the captured packets: the sender
 * index of its responses and the receiver index of data sent to it.
 */
static uint32_t known_idx[MAX_CAP * 2];
static int nknown;

static void collect_indices(void)
{
	for (int i = 0; i < ncaps; i++) {
		const struct cap *c = &caps[i];
		int t = classify(c->data, c->len);

		if (!c->to_target && (t == T_INIT || t == T_RESP))
			known_idx[nknown++] = get32(c->data + 4);
		if (c->to_target && t == T_DATA)
			known_idx[nknown++] = get32(c->data + 4);
		/* and the peer's own: a response it sent names the target's */
		if (c->to_target && t == T_RESP)
			known_idx[nknown++] = get32(c->data + 8);
	}
}

static uint32_t some_index(void)
{
	if (nknown && below(2))
		return known_idx[below(nknown)];
	return (uint32_t)rnd();
}

/* A captured datagram sent to the target, of type @t (0: any), or NULL. */
static const struct cap *some_cap(int t, int to_target_only)
{
	for (int tries = 0; tries < 64 && ncaps; tries++) {
		const struct cap *c = &caps[below(ncaps)];

		if (to_target_only && !c->to_target)
			continue;
		if (!t || classify(c->data, c->len) == t)
			return c;
	}
	return NULL;
}

/* ---- fuzz ---- */

static int socks[NSOCK];
static struct sockaddr_in target;
static unsigned long sent_type[6], send_errors;

static void send_dgram(const uint8_t *p, size_t len)
{
	int fd = socks[below(NSOCK)];
	int t = classify(p, len);

	/* per type as the receiver classifies it; 5: invalid */
	sent_type[t ? t : 5]++;
	for (;;) {
		if (sendto(fd, p, len, 0, (struct sockaddr *)&target,
			   sizeof(target)) >= 0)
			return;
		if (errno == ENOBUFS || errno == EAGAIN) {
			usleep(1000);
			continue;
		}
		/* ICMP errors from earlier datagrams surface here: ignore. */
		if (errno == ECONNREFUSED || errno == EHOSTUNREACH)
			continue;
		send_errors++;
		return;
	}
}

static unsigned long drain_replies(unsigned long *cookies)
{
	uint8_t buf[2048];
	unsigned long n = 0;

	for (int i = 0; i < NSOCK; i++) {
		ssize_t r;

		while ((r = recv(socks[i], buf, sizeof(buf), MSG_DONTWAIT)) >= 0 ||
		       errno == ECONNREFUSED) {
			if (r < 0)
				continue;
			n++;
			if (classify(buf, r) == T_COOKIE)
				(*cookies)++;
		}
	}
	return n;
}

static size_t rnd_len(void)
{
	uint32_t r = below(100);

	if (r < 15)
		return below(4);		/* 0..3: not even a type */
	if (r < 60)
		return range(4, 200);
	if (r < 97)
		return range(201, 1500);
	return range(1501, MAX_DGRAM);	/* fragmented */
}

static void phase_badtype(uint8_t *b)
{
	size_t len = rnd_len();

	rnd_bytes(b, len);
	if (len >= 4) {
		switch (below(3)) {
		case 0:	/* an unknown type, reserved bytes zero */
			put32(b, below(2) ? 0 : range(5, 255));
			break;
		case 1:	/* a known type, reserved bytes not zero */
			b[0] = range(1, 4);
			b[range(1, 3)] |= 1 << below(8);
			break;
		default:	/* all random, as it comes */
			break;
		}
		if (classify(b, len))
			b[3] |= 0x80;
	}
	send_dgram(b, len);
}

static void phase_badlen(uint8_t *b)
{
	int t = range(1, 4);
	size_t right = t == T_INIT ? LEN_INIT : t == T_RESP ? LEN_RESP :
		       t == T_COOKIE ? LEN_COOKIE : 0;
	size_t len;

	if (t == T_DATA)
		len = range(4, LEN_DATA_MIN - 1);
	else if (below(2))
		len = range(4, right - 1);		/* truncated */
	else if (below(8))
		len = range(right + 1, right + 64);	/* a little long */
	else
		len = range(right + 65, MAX_DGRAM);	/* oversized */
	rnd_bytes(b, len);
	put32(b, t);
	/* A valid mac1 where it belongs, with garbage after it. */
	if ((t == T_INIT || t == T_RESP) && len > right && below(2))
		put_mac1(b, right);
	send_dgram(b, len);
}

static void phase_handshake(uint8_t *b)
{
	uint32_t r = below(100);

	if (r < 50) {
		rnd_bytes(b, LEN_INIT);
		put32(b, T_INIT);
		if (r >= 20) {
			put_mac1(b, LEN_INIT);
			if (r >= 40)	/* mac2 "absent" */
				memset(b + LEN_INIT - 16, 0, 16);
		}
		send_dgram(b, LEN_INIT);
	} else if (r < 80) {
		rnd_bytes(b, LEN_RESP);
		put32(b, T_RESP);
		put32(b + 8, some_index());
		if (r >= 65)
			put_mac1(b, LEN_RESP);
		send_dgram(b, LEN_RESP);
	} else {
		rnd_bytes(b, LEN_COOKIE);
		put32(b, T_COOKIE);
		put32(b + 4, some_index());
		send_dgram(b, LEN_COOKIE);
	}
}

static void phase_data(uint8_t *b)
{
	const struct cap *c = below(3) ? NULL : some_cap(T_DATA, 1);
	size_t len;

	if (c) {
		/* A real packet with 1-3 bits flipped past the type word. */
		memcpy(b, c->data, c->len);
		len = c->len;
		for (int i = range(1, 3); i > 0; i--) {
			size_t at = range(4, len - 1);

			b[at] ^= 1 << below(8);
		}
		send_dgram(b, len);
		return;
	}
	len = below(20) ? range(LEN_DATA_MIN, 1500) : range(1501, 4000);
	rnd_bytes(b, len);
	put32(b, T_DATA);
	put32(b + 4, some_index());
	if (below(2)) {	/* a counter near the real ones */
		uint64_t ctr = below(64);

		memcpy(b + 8, &ctr, 8);
	}
	send_dgram(b, len);
}

/*
 * What the target must make of each replayed datagram, by the counters of
 * <wg/stats_uapi.h> (printed as EXPECT by the replay phase, for the fleet
 * counters suite): the target's own packets come back with a mac1 keyed
 * for the other end or a receiver index it does not have; the peer's,
 * verbatim, are replays (data) or stale (initiation); any other length is
 * a bad length, or, for data still long enough, a failed tag.
 */
enum outcome {
	O_BAD_LENGTH, O_BAD_MAC1, O_UNKNOWN_INDEX, O_REPLAY, O_AUTH, O_STALE,
	O_OTHER, O_COUNT
};
static const char *const outcome_names[O_COUNT] = {
	"rx_dropped_bad_length", "rx_dropped_bad_mac1", "rx_dropped_unknown_index",
	"data_dropped_replay", "data_dropped_auth", "handshake_rejected_stale_timestamp",
	"other",
};
static unsigned long outcomes[O_COUNT];

static enum outcome replay_outcome(const struct cap *c, const uint8_t *b, size_t len)
{
	int type = classify(b, len);
	int verbatim = len == c->len;

	if (!type)
		return O_BAD_LENGTH;
	if (!c->to_target) {
		/* ours, back to us */
		if (type == T_INIT || type == T_RESP)
			return O_BAD_MAC1;
		return type == T_DATA ? O_UNKNOWN_INDEX : O_OTHER;
	}
	if (type == T_DATA)
		return verbatim ? O_REPLAY : O_AUTH;
	if (type == T_INIT && verbatim)
		return O_STALE;
	if (type == T_RESP && verbatim)	/* no handshake of ours waits for it */
		return O_UNKNOWN_INDEX;
	return O_OTHER;
}

static void phase_replay(uint8_t *b)
{
	const struct cap *c = &caps[below(ncaps)];
	size_t len = c->len;

	memcpy(b, c->data, len);
	switch (below(4)) {
	case 0:	/* cut short */
		len = below(len);
		break;
	case 1:	/* a byte more */
		b[len++] = (uint8_t)rnd();
		break;
	default:	/* verbatim */
		break;
	}
	++outcomes[replay_outcome(c, b, len)];
	send_dgram(b, len);
}

static int cmd_fuzz(int argc, char **argv)
{
	static uint8_t buf[MAX_DGRAM + 16];
	const char *capfile = NULL;
	unsigned long count = 10000, cookies = 0, replies = 0, total = 0;
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	uint8_t pub[32];
	int have_key = 0, opt;

	optind = 2;
	while ((opt = getopt(argc, argv, "t:k:s:n:c:")) != -1) {
		switch (opt) {
		case 't': parse_target(optarg, &target); break;
		case 'k': parse_key(optarg, pub); have_key = 1; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'c': capfile = optarg; break;
		default: die("usage: fuzz -t IP:PORT -k PUBKEY [-s SEED] [-n COUNT] [-c FILE] PHASE...");
		}
	}
	if (!target.sin_port || !have_key || optind >= argc)
		die("usage: fuzz -t IP:PORT -k PUBKEY [-s SEED] [-n COUNT] [-c FILE] PHASE...");
	rng = seed ? seed : 1;
	printf("udpfuzz: seed %llu\n", (unsigned long long)seed);
	uf_hash_label(mac1_key, "mac1----", pub);
	if (capfile) {
		load_caps(capfile);
		collect_indices();
		printf("udpfuzz: %d captured datagrams, %d indices of the target\n",
		       ncaps, nknown);
	}
	for (int i = 0; i < NSOCK; i++) {
		int sz = 1 << 20;

		socks[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (socks[i] < 0)
			die("socket: %s", strerror(errno));
		setsockopt(socks[i], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	}
	for (int p = optind; p < argc; p++) {
		const char *ph = argv[p];
		void (*fn)(uint8_t *);
		double t0 = now_s();

		if (!strcmp(ph, "badtype")) fn = phase_badtype;
		else if (!strcmp(ph, "badlen")) fn = phase_badlen;
		else if (!strcmp(ph, "handshake")) fn = phase_handshake;
		else if (!strcmp(ph, "data")) fn = phase_data;
		else if (!strcmp(ph, "replay")) fn = phase_replay;
		else die("unknown phase '%s'", ph);
		if (fn == phase_replay && !ncaps) {
			printf("SENT phase=%s n=0 (nothing captured)\n", ph);
			continue;
		}
		memset(sent_type, 0, sizeof(sent_type));
		for (unsigned long i = 0; i < count; i++) {
			fn(buf);
			if ((i & 255) == 255)
				replies += drain_replies(&cookies);
		}
		replies += drain_replies(&cookies);
		total += count;
		printf("SENT phase=%s n=%lu init=%lu resp=%lu cookie=%lu data=%lu invalid=%lu secs=%.2f\n",
		       ph, count, sent_type[1], sent_type[2], sent_type[3],
		       sent_type[4], sent_type[5], now_s() - t0);
		if (fn == phase_replay) {
			printf("EXPECT");
			for (int o = 0; o < O_COUNT; o++)
				printf(" %s=%lu", outcome_names[o], outcomes[o]);
			printf("\n");
			memset(outcomes, 0, sizeof(outcomes));
		}
	}
	usleep(200000);
	replies += drain_replies(&cookies);
	printf("udpfuzz: %lu datagrams sent, %lu send errors, %lu replies received (%lu cookie replies)\n",
	       total, send_errors, replies, cookies);
	return 0;
}

/* ---- flood ---- */

struct source {
	uint8_t last_mac1[16];
	uint8_t cookie[16];
	int have_cookie;
};

/*
 * Initiations are taken round robin from a pool made in advance (random
 * content, valid mac1): the flood then costs a sendmsg per datagram, not a
 * BLAKE2s as well, which on a slow emulated CPU decides whether the flood
 * outruns the device at all. A reply is matched to its source by the
 * address it came back to (IP_PKTINFO), not by anything in the message.
 */
enum { POOL = 1024 };

static int cmd_flood(int argc, char **argv)
{
	static uint8_t pool[POOL][LEN_INIT], msg[LEN_INIT], buf[2048];
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	unsigned long nsrc = 256, pps = 0, sent = 0, replies = 0, opened = 0,
		      with_mac2 = 0, last_sent = 0, last_replies = 0;
	double secs = 10, t0, tnext;
	struct in_addr base = { 0 };
	struct sigaction sa = { 0 };
	struct source *src;
	uint8_t pub[32];
	int have_key = 0, mac2 = 0, opt, fd, one = 1, sz = 4 << 20;

	optind = 2;
	while ((opt = getopt(argc, argv, "t:k:s:b:N:d:r:m")) != -1) {
		switch (opt) {
		case 't': parse_target(optarg, &target); break;
		case 'k': parse_key(optarg, pub); have_key = 1; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'b':
			if (inet_pton(AF_INET, optarg, &base) != 1)
				die("bad base address '%s'", optarg);
			break;
		case 'N': nsrc = strtoul(optarg, NULL, 0); break;
		case 'd': secs = atof(optarg); break;
		case 'r': pps = strtoul(optarg, NULL, 0); break;
		case 'm': mac2 = 1; break;
		default: die("usage: flood -t IP:PORT -k PUBKEY -b BASE -N SOURCES -d SECONDS [-s SEED] [-r PPS] [-m]");
		}
	}
	if (!target.sin_port || !have_key || !base.s_addr || !nsrc ||
	    nsrc > 65536)
		die("usage: flood -t IP:PORT -k PUBKEY -b BASE -N SOURCES(1..65536) -d SECONDS [-s SEED] [-r PPS] [-m]");
	rng = seed ? seed : 1;
	printf("udpfuzz flood: seed %llu, %lu sources from %s, up to %.0f s, %s, %s\n",
	       (unsigned long long)seed, nsrc, inet_ntoa(base), secs,
	       pps ? "paced" : "unpaced", mac2 ? "mac2 from cookies" : "mac1 only");
	uf_hash_label(mac1_key, "mac1----", pub);
	uf_hash_label(cookie_key, "cookie--", pub);
	for (int i = 0; i < POOL; i++) {
		rnd_bytes(pool[i], LEN_INIT);
		put32(pool[i], T_INIT);
		put_mac1(pool[i], LEN_INIT);
		memset(pool[i] + LEN_INIT - 16, 0, 16);
	}
	src = calloc(nsrc, sizeof(*src));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (!src || fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_IP, IP_PKTINFO, &one, sizeof(one));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	sa.sa_handler = on_term;	/* SIGTERM ends the flood early */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	t0 = now_s();
	tnext = t0 + 1;
	for (unsigned long i = 0; !stop; i++) {
		uint32_t slot = i % nsrc;
		const uint8_t *m = pool[i % POOL];
		struct source *s = &src[slot];
		char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))] = { 0 };
		struct iovec iov = { (void *)m, LEN_INIT };
		struct msghdr mh = {
			.msg_name = &target, .msg_namelen = sizeof(target),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf)
		};
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
		struct in_pktinfo *pi = (void *)CMSG_DATA(cm);
		double t = now_s();
		int m2 = 0;

		if (t - t0 >= secs)
			break;
		if (t >= tnext) {
			printf("flood t=%.0f sent/s=%lu cookie-replies/s=%lu\n",
			       tnext - t0, sent - last_sent,
			       replies - last_replies);
			fflush(stdout);
			last_sent = sent;
			last_replies = replies;
			tnext += 1;
		}
		if (pps && sent > (t - t0) * pps) {
			usleep(500);
			i--;
			goto drain;
		}
		memcpy(s->last_mac1, m + LEN_INIT - 32, 16);
		if (mac2 && s->have_cookie) {
			memcpy(msg, m, LEN_INIT);
			uf_mac16(msg + LEN_INIT - 16, msg, LEN_INIT - 16,
				 s->cookie, 16);
			iov.iov_base = msg;
			m2 = 1;
		}
		cm->cmsg_level = SOL_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(*pi));
		pi->ipi_spec_dst.s_addr = htonl(ntohl(base.s_addr) + slot);
		if (sendmsg(fd, &mh, 0) >= 0) {
			sent++;
			with_mac2 += m2;
		} else if (errno == EAGAIN || errno == ENOBUFS) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			poll(&pfd, 1, 10);
		} else if (errno != ECONNREFUSED && errno != EINTR) {
			die("sendmsg from source %u: %s", slot, strerror(errno));
		}
drain:
		for (;;) {
			char rcbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
			struct iovec riov = { buf, sizeof(buf) };
			struct msghdr rh = {
				.msg_iov = &riov, .msg_iovlen = 1,
				.msg_control = rcbuf, .msg_controllen = sizeof(rcbuf)
			};
			struct cmsghdr *c;
			ssize_t r = recvmsg(fd, &rh, 0);
			uint32_t rs = UINT32_MAX;

			if (r < 0 && errno == ECONNREFUSED)
				continue;
			if (r < 0)
				break;
			if (classify(buf, r) != T_COOKIE)
				continue;
			replies++;
			for (c = CMSG_FIRSTHDR(&rh); c; c = CMSG_NXTHDR(&rh, c)) {
				struct in_pktinfo rpi;

				if (c->cmsg_level != SOL_IP || c->cmsg_type != IP_PKTINFO)
					continue;
				memcpy(&rpi, CMSG_DATA(c), sizeof(rpi));
				rs = ntohl(rpi.ipi_addr.s_addr) - ntohl(base.s_addr);
			}
			if (!mac2 || rs >= nsrc)
				continue;
			if (uf_cookie_open(src[rs].cookie, buf + 32, buf + 8,
					   src[rs].last_mac1, cookie_key)) {
				src[rs].have_cookie = 1;
				opened++;
			}
		}
	}
	secs = now_s() - t0;
	printf("FLOOD sent=%lu secs=%.1f sent_per_s=%.0f cookie_replies=%lu cookie_replies_per_s=%.0f cookies_opened=%lu sent_with_mac2=%lu sources=%lu\n",
	       sent, secs, sent / secs, replies, replies / secs, opened,
	       with_mac2, nsrc);
	free(src);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "capture"))
		return cmd_capture(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "fuzz"))
		return cmd_fuzz(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "flood"))
		return cmd_flood(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "peer"))
		return cmd_peer(argc, argv);
	fprintf(stderr, "usage: udpfuzz capture|fuzz|flood|peer ... (see the sources' headers)\n");
	return 2;
}
