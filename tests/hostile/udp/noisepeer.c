// SPDX-License-Identifier: GPL-2.0
/*
 * udpfuzz peer: a peer of the target that speaks the protocol itself, from
 * protocol.md's handshake, to provoke what only a holder of a peer's key
 * can, each with the exact count the target must show for that peer:
 *
 *  1. expiry: a handshake (the target counts it completed as it answers),
 *     a keepalive with counter 0 (confirms the session), one with the
 *     last counter a session may use
 *     (REJECT_AFTER_MESSAGES - 1): the session is then spent; then EXPIRED
 *     more keepalives, each dropped for want of a usable keypair.
 *  2. bad timestamp: an initiation whose static decrypts (so the target
 *     knows who sent it) and whose timestamp does not.
 *  3. burst: BURST valid initiations, strictly newer timestamps, sent back
 *     to back: the target accepts at most one per 1/50 s, and the rest are
 *     refused as a flood (or, when its workers take them out of order, as
 *     stale); the answered ones are counted by their responses.
 *
 * Prints EXPECT lines (counter=value, the rise this run must cause) and
 * BURST sent=N answered=R. Exits 2 when the target does not answer a
 * handshake.
 *
 *   udpfuzz peer -t IP:PORT -k PUBKEY -p PRIVKEY-FILE [-n BURST] [-e EXPIRED]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cryptoglue.h"
#include "udpfuzz.h"

#define CONSTRUCTION "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s"
#define IDENTIFIER "WireGuard v1 zx2c4 Jason@zx2c4.com"
/* protocol.md: 2^64 - 2^13 - 1 */
#define REJECT_AFTER_MESSAGES (UINT64_MAX - 8192)

static uint8_t our_priv[32], our_pub[32], their_pub[32], mac1_key[32];
static int sock;

/* An initiator's handshake state, kept until the response. */
struct handshake {
	uint8_t chaining[32], hash[32], eph_priv[32];
	uint32_t sender;		/* our index, as sent (little-endian) */
};

/* Transport keys of a completed handshake, and the responder's index. */
struct session {
	uint8_t send_key[32];
	uint8_t receiver[4];
};

static void random_bytes(void *p, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, p, n) != (ssize_t)n)
		die("reading /dev/urandom");
	close(fd);
}

/* protocol.md's KDF_n: n (1..3) outputs of 32 bytes. */
static void kdf(uint8_t *out, int n, const uint8_t key[32], const void *in, size_t len)
{
	uint8_t t0[32], t[33];

	uf_hmac(t0, key, in, len);
	for (int i = 1; i <= n; i++) {
		size_t tlen = 0;

		if (i > 1) {
			memcpy(t, out + 32 * (i - 2), 32);
			tlen = 32;
		}
		t[tlen++] = (uint8_t)i;
		uf_hmac(out + 32 * (i - 1), t0, t, tlen);
	}
}

static void mix_hash(uint8_t hash[32], const void *p, size_t len)
{
	uf_hash2(hash, hash, 32, p, len);
}

/* TAI64N, each strictly newer than the one before (the target wants that). */
static void timestamp(uint8_t out[12])
{
	static uint64_t last_sec;
	static uint32_t last_nsec;
	struct timespec ts;
	uint64_t sec;
	uint32_t nsec;

	clock_gettime(CLOCK_REALTIME, &ts);
	sec = 0x400000000000000aULL + (uint64_t)ts.tv_sec;
	nsec = (uint32_t)ts.tv_nsec;
	if (sec < last_sec || (sec == last_sec && nsec <= last_nsec)) {
		sec = last_sec;
		nsec = last_nsec + 1;
	}
	last_sec = sec;
	last_nsec = nsec;
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(sec >> (56 - 8 * i));
	for (int i = 0; i < 4; i++)
		out[8 + i] = (uint8_t)(nsec >> (24 - 8 * i));
}

/* A 148-byte initiation; with bad_stamp its timestamp will not decrypt. */
static void make_initiation(uint8_t msg[148], struct handshake *hs, int bad_stamp)
{
	uint8_t key[64], eph_pub[32], dh[32], stamp[12];

	memset(msg, 0, 148);
	uf_hash2(hs->chaining, CONSTRUCTION, strlen(CONSTRUCTION), "", 0);
	uf_hash2(hs->hash, hs->chaining, 32, IDENTIFIER, strlen(IDENTIFIER));
	mix_hash(hs->hash, their_pub, 32);

	random_bytes(hs->eph_priv, 32);
	if (!uf_x25519_keypair(hs->eph_priv, eph_pub))
		die("ephemeral key");
	random_bytes(&hs->sender, 4);
	msg[0] = 1;
	memcpy(msg + 4, &hs->sender, 4);
	memcpy(msg + 8, eph_pub, 32);
	kdf(hs->chaining, 1, hs->chaining, eph_pub, 32);
	mix_hash(hs->hash, eph_pub, 32);

	if (!uf_x25519(dh, hs->eph_priv, their_pub))
		die("the target's public key is a low-order point");
	kdf(key, 2, hs->chaining, dh, 32);
	memcpy(hs->chaining, key, 32);
	uf_aead_seal(msg + 40, our_pub, 32, hs->hash, 32, 0, key + 32);
	mix_hash(hs->hash, msg + 40, 48);

	if (!uf_x25519(dh, our_priv, their_pub))
		die("static DH");
	kdf(key, 2, hs->chaining, dh, 32);
	memcpy(hs->chaining, key, 32);
	timestamp(stamp);
	uf_aead_seal(msg + 88, stamp, 12, hs->hash, 32, 0, key + 32);
	mix_hash(hs->hash, msg + 88, 28);
	if (bad_stamp)
		msg[88] ^= 0x80;	/* after the hash: only the target sees it */
	uf_mac16(msg + 116, msg, 116, mac1_key, 32);
}

/* 1 and the session if msg is the response to hs. */
static int consume_response(const uint8_t *msg, size_t len, struct handshake *hs,
			    struct session *s)
{
	uint8_t chaining[32], hash[32], dh[32], out[96], keys[64], nothing[1];

	if (len != 92 || get32(msg) != 2 || memcmp(msg + 8, &hs->sender, 4))
		return 0;
	memcpy(chaining, hs->chaining, 32);
	memcpy(hash, hs->hash, 32);
	kdf(chaining, 1, chaining, msg + 12, 32);
	mix_hash(hash, msg + 12, 32);
	if (!uf_x25519(dh, hs->eph_priv, msg + 12))
		return 0;
	kdf(chaining, 1, chaining, dh, 32);
	if (!uf_x25519(dh, our_priv, msg + 12))
		return 0;
	kdf(chaining, 1, chaining, dh, 32);
	memset(dh, 0, 32);			/* no preshared key */
	kdf(out, 3, chaining, dh, 32);
	mix_hash(hash, out + 32, 32);
	if (!uf_aead_open(nothing, msg + 44, 16, hash, 32, 0, out + 64))
		return 0;
	kdf(keys, 2, out, "", 0);
	memcpy(s->send_key, keys, 32);
	memcpy(s->receiver, msg + 4, 4);
	return 1;
}

static void send_msg(const uint8_t *p, size_t len)
{
	if (send(sock, p, len, 0) != (ssize_t)len)
		die("send: %m");
}

/* The next datagram from the target within ms, or 0. */
static size_t recv_msg(uint8_t *buf, size_t size, int ms)
{
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	ssize_t r;

	while (poll(&pfd, 1, ms) > 0) {
		r = recv(sock, buf, size, 0);
		if (r > 0)
			return (size_t)r;
	}
	return 0;
}

static void send_keepalive(const struct session *s, uint64_t counter)
{
	uint8_t msg[32] = { 4 };

	memcpy(msg + 4, s->receiver, 4);
	for (int i = 0; i < 8; i++)
		msg[8 + i] = (uint8_t)(counter >> (8 * i));
	uf_aead_seal(msg + 16, NULL, 0, NULL, 0, counter, s->send_key);
	send_msg(msg, sizeof(msg));
}

/* A handshake, tried up to 3 times 5 s apart (a retry refuses nothing). */
static void handshake(struct session *s)
{
	uint8_t msg[148], buf[2048];
	struct handshake hs;

	for (int try = 0; try < 3; try++) {
		size_t len;

		make_initiation(msg, &hs, 0);
		send_msg(msg, sizeof(msg));
		while ((len = recv_msg(buf, sizeof(buf), 5000)) != 0)
			if (consume_response(buf, len, &hs, s))
				return;
	}
	die("the target answered none of 3 initiations");
}

int cmd_peer(int argc, char **argv)
{
	unsigned long burst = 8, expired = 3, answered = 0;
	struct sockaddr_in target;
	struct handshake *hs;
	struct session s;
	uint8_t msg[148], buf[2048];
	char line[128];
	FILE *f;
	int opt, have_target = 0, have_key = 0, have_priv = 0;

	while ((opt = getopt(argc - 1, argv + 1, "t:k:p:n:e:")) != -1) {
		switch (opt) {
		case 't': parse_target(optarg, &target); have_target = 1; break;
		case 'k': parse_key(optarg, their_pub); have_key = 1; break;
		case 'p':
			f = fopen(optarg, "r");
			if (!f || !fgets(line, sizeof(line), f))
				die("cannot read a private key from '%s'", optarg);
			fclose(f);
			line[strcspn(line, "\n")] = 0;
			parse_key(line, our_priv);
			have_priv = 1;
			break;
		case 'n': burst = strtoul(optarg, NULL, 0); break;
		case 'e': expired = strtoul(optarg, NULL, 0); break;
		default: die("usage: udpfuzz peer -t IP:PORT -k PUBKEY -p PRIVKEY-FILE [-n BURST] [-e EXPIRED]");
		}
	}
	if (!have_target || !have_key || !have_priv)
		die("peer needs -t, -k and -p");
	if (burst < 2 || burst > 64)
		die("burst %lu: 2 to 64 initiations", burst);
	if (!uf_x25519_keypair(our_priv, our_pub))
		die("our private key gives no public key");
	uf_hash_label(mac1_key, "mac1----", their_pub);
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&target, sizeof(target)))
		die("socket to the target: %m");

	/* 1. a session spent to its last counter */
	handshake(&s);
	send_keepalive(&s, 0);
	send_keepalive(&s, REJECT_AFTER_MESSAGES - 1);
	usleep(500 * 1000);		/* both delivered before the rest */
	for (unsigned long i = 1; i <= expired; i++)
		send_keepalive(&s, i);
	printf("EXPECT keepalives_received=2 data_dropped_no_keypair=%lu\n",
	       expired);

	/* 2. a timestamp that does not decrypt */
	usleep(100 * 1000);
	hs = calloc(burst, sizeof(*hs));
	if (!hs)
		die("out of memory");
	make_initiation(msg, &hs[0], 1);
	send_msg(msg, sizeof(msg));
	for (size_t len; (len = recv_msg(buf, sizeof(buf), 1000)) != 0;)
		if (consume_response(buf, len, &hs[0], &s))
			die("the target answered an initiation whose timestamp it cannot have read");
	printf("EXPECT handshake_rejected_decrypt=1\n");

	/* 3. a burst: at most one each 1/50 s is let through */
	usleep(100 * 1000);
	for (unsigned long i = 0; i < burst; i++) {
		make_initiation(msg, &hs[i], 0);
		send_msg(msg, sizeof(msg));
	}
	for (;;) {
		size_t len = recv_msg(buf, sizeof(buf), 2000);

		if (!len)
			break;
		for (unsigned long i = 0; i < burst; i++)
			if (consume_response(buf, len, &hs[i], &s))
				answered++;
	}
	printf("BURST sent=%lu answered=%lu\n", burst, answered);
	/* the target counts a handshake as it answers an initiation */
	printf("EXPECT handshakes_completed=%lu\n", 1 + answered);
	printf("EXPECT handshake_rejected_flood+handshake_rejected_stale_timestamp=%lu\n",
	       burst - answered);
	free(hs);
	return answered ? 0 : 2;
}
