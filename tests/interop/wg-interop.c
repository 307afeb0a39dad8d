// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal WireGuard peer made of the protocol core and nothing else: one
 * UDP socket, one peer, no TUN. It completes a handshake (as initiator or
 * responder), then exchanges ICMP echo packets inside the tunnel: it sends
 * its own echo request and answers the other side's, building the IPv4/ICMP
 * packets itself. Success (exit 0) once its echo was answered and, as
 * responder, once it answered at least one echo itself.
 *
 * Usage: wg-interop --mode initiator|responder --private B64 --peer B64
 *        [--psk B64] --listen PORT [--endpoint IPv4:PORT] --inner-src IPv4
 *        --inner-dst IPv4 --allowed IPv4/CIDR [--timeout SEC]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/socket.h>
#include <linux/string.h>
#include <linux/random.h>
#include <wgcrypto/chacha20poly1305.h>
#include "noise.h"
#include "cookie.h"
#include "allowedips.h"

struct peer {
	struct wg_noise_handshake hs;
	struct wg_noise_keypairs keypairs;
	struct wg_cookie cookie;
	struct list_head allowedips;
	struct sockaddr_in endpoint;
	bool have_endpoint;
};

static struct wg_noise_static_identity identity;
static struct wg_index_hashtable *index_table;
static struct wg_pubkey_hashtable *pubkey_table;
static struct wg_cookie_checker checker;
static struct wg_allowedips allowedips;
static DEFINE_MUTEX(update_lock);
static struct peer peer;
static int sock;
static u32 inner_src, inner_dst;	/* network order */
static u16 echo_id;
static bool got_echo_reply, answered_echo, session_up;
static unsigned long stats_handshakes, stats_cookies, stats_rx, stats_tx,
		     stats_cookies_refused;
static double reinit_at;	/* when to send an initiation with mac2 */

static bool owner_get(void *owner) { (void)owner; return true; }
static void owner_put(void *owner) { (void)owner; }
static const struct wg_lookup_callbacks cb = { owner_get, owner_put };
static struct list_head *peer_allowedips(void *p)
{
	return &((struct peer *)p)->allowedips;
}

static void die(const char *msg)
{
	fprintf(stderr, "wg-interop: %s\n", msg);
	exit(1);
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

static void key_from_b64(u8 key[32], const char *s)
{
	u32 acc = 0;
	int bits = 0, n = 0, v;

	if (strlen(s) != 44 || s[43] != '=')
		die("key must be 44 characters of base64");
	for (; *s && *s != '='; ++s) {
		v = b64_value(*s);
		if (v < 0)
			die("bad base64 in key");
		acc = (acc << 6) | (u32)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < 32)
				key[n++] = (u8)(acc >> bits);
		}
	}
	if (n != 32)
		die("key does not decode to 32 bytes");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void send_udp(const void *buf, size_t len)
{
	if (!peer.have_endpoint)
		return;
	if (sendto(sock, buf, len, 0, (struct sockaddr *)&peer.endpoint,
		   sizeof(peer.endpoint)) != (ssize_t)len)
		perror("sendto");
}

static void send_initiation(void)
{
	struct wg_message_handshake_initiation msg;

	if (!wg_noise_handshake_create_initiation(&msg, &peer.hs))
		die("cannot create an initiation");
	wg_cookie_add_mac_to_packet(&msg, sizeof(msg), &peer.cookie);
	send_udp(&msg, sizeof(msg));
	printf("-> handshake initiation (sender index %08x)\n",
	       le32_to_cpu(msg.sender_index));
}

static u16 ip_checksum(const void *data, size_t len)
{
	const u8 *p = data;
	u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((u16)~sum);
}

/* Encrypts @len bytes of IP packet (zero-padded to 16) on the current keypair. */
static bool send_packet(const u8 *ip, size_t len)
{
	u8 buf[2048], plain[1500];
	struct wg_message_data *msg = (struct wg_message_data *)buf;
	struct wg_noise_keypair *kp;
	size_t padded = wg_message_padded_len((unsigned int)len, 1420);
	u64 nonce;

	kp = wg_noise_keypair_current(&peer.keypairs);
	if (!kp)
		return false;
	if (!wg_noise_keypair_next_nonce(kp, &nonce)) {
		wg_noise_keypair_put(kp);
		return false;
	}
	memset(plain, 0, sizeof(plain));
	memcpy(plain, ip, len);
	msg->header.type = cpu_to_le32(WG_MESSAGE_DATA);
	msg->key_idx = kp->remote_index;
	msg->counter = cpu_to_le64(nonce);
	wg_chacha20poly1305_encrypt(msg->encrypted_data, plain, padded, NULL,
				    0, nonce, kp->sending.key);
	wg_noise_keypair_put(kp);
	send_udp(buf, wg_message_data_len(padded));
	++stats_tx;
	return true;
}

/* An ICMP echo (type 8 request, 0 reply) from inner_src to @dst. */
static size_t build_echo(u8 *pkt, u8 type, u32 src, u32 dst, u16 id, u16 seq,
			 const u8 *payload, size_t plen)
{
	size_t len = 20 + 8 + plen;

	memset(pkt, 0, 28);
	pkt[0] = 0x45;
	put_unaligned_be16((u16)len, pkt + 2);
	pkt[8] = 64;	/* ttl */
	pkt[9] = 1;	/* ICMP */
	memcpy(pkt + 12, &src, 4);
	memcpy(pkt + 16, &dst, 4);
	put_unaligned(ip_checksum(pkt, 20), (u16 *)(pkt + 10));
	pkt[20] = type;
	put_unaligned_be16(id, pkt + 24);
	put_unaligned_be16(seq, pkt + 26);
	memcpy(pkt + 28, payload, plen);
	put_unaligned(ip_checksum(pkt + 20, 8 + plen), (u16 *)(pkt + 22));
	return len;
}

static void send_echo_request(u16 seq)
{
	u8 pkt[128], payload[56];
	size_t i, len;

	for (i = 0; i < sizeof(payload); ++i)
		payload[i] = (u8)(i + seq);
	len = build_echo(pkt, 8, inner_src, inner_dst, echo_id, seq, payload,
			 sizeof(payload));
	if (send_packet(pkt, len))
		printf("-> data: ICMP echo request seq %u (%zu bytes inner)\n",
		       seq, len);
}

static void handle_inner(const u8 *ip, size_t len)
{
	size_t tot, ihl;
	struct peer *from;
	u8 reply[1500];

	if (len < 20 || (ip[0] >> 4) != 4)
		return;
	ihl = (size_t)(ip[0] & 0xf) * 4;
	tot = get_unaligned_be16(ip + 2);
	if (tot > len || ihl < 20 || tot < ihl + 8)
		return;
	/* cryptokey routing: the inner source must be the peer's */
	rcu_read_lock_bh();
	from = wg_allowedips_lookup(&allowedips, AF_INET, ip + 12);
	rcu_read_unlock_bh();
	if (from != &peer) {
		printf("<- data: inner source not in allowed IPs, dropped\n");
		return;
	}
	if (ip[9] != 1 || ip_checksum(ip + ihl, tot - ihl) != 0)
		return;
	if (ip[ihl] == 0 && get_unaligned_be16(ip + ihl + 4) == echo_id) {
		printf("<- data: ICMP echo reply seq %u from %u.%u.%u.%u\n",
		       get_unaligned_be16(ip + ihl + 6), ip[12], ip[13], ip[14],
		       ip[15]);
		got_echo_reply = true;
	} else if (ip[ihl] == 8) {
		u32 src, dst;
		size_t rlen;

		memcpy(&src, ip + 12, 4);
		memcpy(&dst, ip + 16, 4);
		if (dst != inner_src)
			return;
		printf("<- data: ICMP echo request seq %u, answering\n",
		       get_unaligned_be16(ip + ihl + 6));
		rlen = build_echo(reply, 0, dst, src,
				  get_unaligned_be16(ip + ihl + 4),
				  get_unaligned_be16(ip + ihl + 6),
				  ip + ihl + 8, tot - ihl - 8);
		if (send_packet(reply, rlen))
			answered_echo = true;
	}
}

static void handle_datagram(u8 *buf, size_t len, const struct sockaddr_in *from)
{
	struct wg_cookie_source src = {
		.family = AF_INET, .addr = (const u8 *)&from->sin_addr,
		.port = from->sin_port
	};
	struct wg_noise_handshake *hs;

	switch (wg_message_type(buf, len)) {
	case WG_MESSAGE_HANDSHAKE_INITIATION: {
		struct wg_message_handshake_response resp;

		if (wg_cookie_validate_packet(&checker, buf, len, &src, false,
					      NULL) != WG_VALID_MAC_BUT_NO_COOKIE) {
			printf("<- initiation with a bad mac1, dropped\n");
			return;
		}
		hs = wg_noise_handshake_consume_initiation((void *)buf, &identity,
							   pubkey_table, NULL);
		if (!hs) {
			printf("<- initiation refused\n");
			return;
		}
		printf("<- handshake initiation (sender index %08x)\n",
		       le32_to_cpu(((struct wg_message_handshake_initiation *)buf)->sender_index));
		peer.endpoint = *from;	/* roaming: newest authenticated source */
		peer.have_endpoint = true;
		if (!wg_noise_handshake_create_response(&resp, &peer.hs))
			die("cannot create a response");
		wg_cookie_add_mac_to_packet(&resp, sizeof(resp), &peer.cookie);
		if (!wg_noise_handshake_begin_session(&peer.hs, &peer.keypairs))
			die("cannot begin the session");
		send_udp(&resp, sizeof(resp));
		printf("-> handshake response (sender index %08x)\n",
		       le32_to_cpu(resp.sender_index));
		++stats_handshakes;
		break;
	}
	case WG_MESSAGE_HANDSHAKE_RESPONSE:
		if (wg_cookie_validate_packet(&checker, buf, len, &src, false,
					      NULL) != WG_VALID_MAC_BUT_NO_COOKIE) {
			printf("<- response with a bad mac1, dropped\n");
			return;
		}
		hs = wg_noise_handshake_consume_response((void *)buf, &identity,
							 index_table, NULL);
		if (!hs) {
			printf("<- response refused\n");
			return;
		}
		printf("<- handshake response\n");
		peer.endpoint = *from;
		if (!wg_noise_handshake_begin_session(&peer.hs, &peer.keypairs))
			die("cannot begin the session");
		session_up = true;
		++stats_handshakes;
		break;
	case WG_MESSAGE_HANDSHAKE_COOKIE: {
		struct wg_message_handshake_cookie *c = (void *)buf;
		struct wg_index_entry *entry;
		void *owner;

		entry = wg_index_hashtable_lookup(index_table,
						  WG_INDEX_HANDSHAKE | WG_INDEX_KEYPAIR,
						  c->receiver_index, &owner);
		/*
		 * Replies to the flood (unknown index, or a mac1 we no longer
		 * wait on) are refused quietly and counted.
		 */
		if (!entry || !wg_cookie_message_consume(c, &peer.cookie)) {
			++stats_cookies_refused;
			return;
		}
		printf("<- cookie reply to our initiation taken: the next one carries mac2\n");
		++stats_cookies;
		/*
		 * Not at once: the peer refuses an initiation within 1/50 s of
		 * the last, and our TAI64N only moves every 2^24 ns.
		 */
		reinit_at = now_s() + 0.1;
		break;
	}
	case WG_MESSAGE_DATA: {
		struct wg_message_data *msg = (void *)buf;
		struct wg_noise_keypair *kp;
		u8 plain[2048];
		u64 counter = le64_to_cpu(msg->counter);
		size_t plen = len - sizeof(*msg) - WG_NOISE_AUTHTAG_LEN;
		void *owner;

		kp = wg_noise_keypair_lookup(index_table, msg->key_idx, &owner);
		if (!kp) {
			printf("<- data for an unknown index, dropped\n");
			return;
		}
		if (!wg_noise_keypair_receiving_usable(kp) ||
		    !wg_chacha20poly1305_decrypt(plain, msg->encrypted_data,
						 len - sizeof(*msg), NULL, 0,
						 counter, kp->receiving.key) ||
		    !wg_replay_counter_validate(&kp->receiving_counter, counter)) {
			printf("<- data refused (auth or replay)\n");
			wg_noise_keypair_put(kp);
			return;
		}
		++stats_rx;
		peer.endpoint = *from;
		if (wg_noise_received_with_keypair(&peer.keypairs, kp)) {
			printf("   (first data on the new keypair: confirmed, may send now)\n");
			session_up = true;
		}
		wg_noise_keypair_put(kp);
		if (!plen) {
			printf("<- keepalive\n");
			return;
		}
		handle_inner(plain, plen);
		break;
	}
	default:
		printf("<- %zu bytes of nothing we know, dropped\n", len);
	}
}

int main(int argc, char **argv)
{
	const char *mode = NULL, *priv = NULL, *pub = NULL, *psk = NULL,
		   *endpoint = NULL, *allowed = NULL;
	int listen_port = 0, timeout = 30, flood = 0, i;
	u8 key[32], peer_key[32], psk_key[32];
	struct sockaddr_in addr = { .sin_family = AF_INET };
	double start, last_init = 0, last_echo = 0;
	u16 seq = 0;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
		else if (!strcmp(argv[i], "--private")) priv = argv[i + 1];
		else if (!strcmp(argv[i], "--peer")) pub = argv[i + 1];
		else if (!strcmp(argv[i], "--psk")) psk = argv[i + 1];
		else if (!strcmp(argv[i], "--listen")) listen_port = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--endpoint")) endpoint = argv[i + 1];
		else if (!strcmp(argv[i], "--inner-src")) inet_pton(AF_INET, argv[i + 1], &inner_src);
		else if (!strcmp(argv[i], "--inner-dst")) inet_pton(AF_INET, argv[i + 1], &inner_dst);
		else if (!strcmp(argv[i], "--allowed")) allowed = argv[i + 1];
		else if (!strcmp(argv[i], "--timeout")) timeout = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--flood")) flood = atoi(argv[i + 1]);
		else die("unknown option");
	}
	if (!mode || !priv || !pub || !listen_port || !allowed || !inner_src ||
	    !inner_dst)
		die("missing options (see the comment at the top)");
	setvbuf(stdout, NULL, _IOLBF, 0);

	wg_noise_init();
	key_from_b64(key, priv);
	key_from_b64(peer_key, pub);
	if (psk)
		key_from_b64(psk_key, psk);
	wg_noise_static_identity_init(&identity);
	wg_noise_set_static_identity_private_key(&identity, key);
	memzero_explicit(key, sizeof(key));
	index_table = wg_index_hashtable_alloc(&cb);
	pubkey_table = wg_pubkey_hashtable_alloc(&cb);
	wg_cookie_checker_init(&checker, &identity);
	wg_noise_handshake_init(&peer.hs, &identity, index_table, peer_key,
				psk ? psk_key : NULL, &peer);
	wg_noise_keypairs_init(&peer.keypairs);
	wg_cookie_init(&peer.cookie, peer_key);
	wg_pubkey_hashtable_add(pubkey_table, &peer.hs.pubkey_entry);
	INIT_LIST_HEAD(&peer.allowedips);
	if (wg_allowedips_slab_init())
		die("allowedips: no node cache");
	wg_allowedips_init(&allowedips, &update_lock, peer_allowedips);
	{
		char ip[32];
		const char *slash = strchr(allowed, '/');
		u8 a[4];

		if (!slash || slash - allowed >= (long)sizeof(ip))
			die("--allowed wants IPv4/CIDR");
		memcpy(ip, allowed, (size_t)(slash - allowed));
		ip[slash - allowed] = 0;
		if (inet_pton(AF_INET, ip, a) != 1)
			die("bad --allowed address");
		mutex_lock(&update_lock);
		if (wg_allowedips_insert(&allowedips, AF_INET, a,
					 (u8)atoi(slash + 1), &peer))
			die("bad --allowed prefix");
		mutex_unlock(&update_lock);
	}
	get_random_bytes(&echo_id, sizeof(echo_id));

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	addr.sin_port = htons((u16)listen_port);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr)))
		die("cannot bind the UDP port");
	if (endpoint) {
		char host[64];
		const char *colon = strrchr(endpoint, ':');

		if (!colon || colon - endpoint >= (long)sizeof(host))
			die("--endpoint wants IPv4:PORT");
		memcpy(host, endpoint, (size_t)(colon - endpoint));
		host[colon - endpoint] = 0;
		peer.endpoint.sin_family = AF_INET;
		peer.endpoint.sin_port = htons((u16)atoi(colon + 1));
		if (inet_pton(AF_INET, host, &peer.endpoint.sin_addr) != 1)
			die("bad --endpoint address");
		peer.have_endpoint = true;
	}
	printf("wg-interop: %s, listening on UDP %d\n", mode, listen_port);

	if (flood) {
		/*
		 * Make the peer feel under load: initiations with a valid mac1
		 * (so each costs it a DH) but garbage inside, faster than it
		 * can consume them. Our real initiation follows and should then
		 * draw a cookie reply.
		 */
		struct wg_message_handshake_initiation junk;

		get_random_bytes(&junk, sizeof(junk));
		junk.header.type = cpu_to_le32(WG_MESSAGE_HANDSHAKE_INITIATION);
		wg_cookie_add_mac_to_packet(&junk, sizeof(junk), &peer.cookie);
		for (i = 0; i < flood; ++i)
			send_udp(&junk, sizeof(junk));
		printf("-> %d junk initiations with a valid mac1\n", flood);
	}

	start = now_s();
	/*
	 * After a flood, our initiation waits a moment: right behind it, it
	 * would be lost with the junk the peer's queue had no room for. The
	 * peer stays under load for a second after its queue was long.
	 */
	if (flood)
		last_init = start - WG_REKEY_TIMEOUT + 0.2;
	while (now_s() - start < timeout) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		double t = now_s();

		if (!strcmp(mode, "initiator") && !session_up &&
		    t - last_init > WG_REKEY_TIMEOUT) {
			send_initiation();
			last_init = t;
		}
		if (reinit_at && t >= reinit_at && !session_up) {
			send_initiation();
			reinit_at = 0;
			last_init = t;
		}
		if (session_up && !got_echo_reply && t - last_echo > 1.0) {
			send_echo_request(++seq);
			last_echo = t;
		}
		if (got_echo_reply &&
		    (answered_echo || !strcmp(mode, "initiator")))
			break;
		if (poll(&pfd, 1, 200) > 0) {
			u8 buf[2048];
			struct sockaddr_in from;
			socklen_t flen = sizeof(from);
			ssize_t n = recvfrom(sock, buf, sizeof(buf), 0,
					     (struct sockaddr *)&from, &flen);

			if (n > 0)
				handle_datagram(buf, (size_t)n, &from);
		}
	}
	printf("wg-interop: %s: handshakes %lu, cookie replies taken %lu (refused %lu), data in %lu, out %lu, echo answered by peer: %s, echo answered by us: %s\n",
	       mode, stats_handshakes, stats_cookies, stats_cookies_refused,
	       stats_rx, stats_tx,
	       got_echo_reply ? "yes" : "no", answered_echo ? "yes" : "no");

	mutex_lock(&update_lock);
	wg_allowedips_free(&allowedips);
	mutex_unlock(&update_lock);
	wg_pubkey_hashtable_remove(pubkey_table, &peer.hs.pubkey_entry);
	wg_noise_handshake_clear(&peer.hs);
	wg_noise_keypairs_clear(&peer.keypairs);
	wg_index_hashtable_free(index_table);
	wg_pubkey_hashtable_free(pubkey_table);
	wg_noise_static_identity_clear(&identity);
	close(sock);
	if (!got_echo_reply)
		return 1;
	if (!strcmp(mode, "responder") && !answered_echo)
		return 1;
	return 0;
}
