/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mac1, mac2 and cookie replies.
 *
 * The checker is the device side: it validates the macs of handshake
 * messages it receives (mac1 always, mac2 when under load) and builds cookie
 * replies, from a secret rotated every two minutes. The maker (struct
 * wg_cookie) is the peer side: it adds macs to the handshake messages we
 * send and takes in the cookie replies answering a mac1 we really sent.
 *
 * The checker runs in softirq too (the receive path checks the macs before
 * queueing a handshake, so that a flood is answered there and never fills
 * the queue): it keeps its own copy of the two keys derived from our
 * public key under a spinning rwlock. The maker, like the handshake, takes
 * an rw_semaphore: process context only.
 */
#ifndef _WG_COOKIE_H
#define _WG_COOKIE_H

#include <linux/types.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include "messages.h"
#include "noise.h"
#include "ratelimiter.h"

struct wg_cookie_checker {
	/* lock guards every field but identity; taken with BHs off */
	rwlock_t lock;
	u8 secret[WG_NOISE_HASH_LEN];
	u64 secret_birthdate;		/* ns; 0 forces a fresh secret */
	/* copies of identity's, taken by wg_cookie_checker_rekey() */
	u8 mac1_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u8 cookie_encryption_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	struct wg_noise_static_identity *identity;
};

struct wg_cookie {
	/* lock guards every field */
	struct rw_semaphore lock;
	u64 birthdate;
	bool is_valid;
	u8 cookie[WG_COOKIE_LEN];
	bool have_sent_mac1;
	u8 last_mac1_sent[WG_COOKIE_LEN];
	/* HASH(LABEL_COOKIE || S_pub_peer) and HASH(LABEL_MAC1 || S_pub_peer) */
	u8 cookie_decryption_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u8 message_mac1_key[WG_NOISE_SYMMETRIC_KEY_LEN];
};

/* Where a message came from: the cookie binds to address and port. */
struct wg_cookie_source {
	int family;		/* AF_INET or AF_INET6 */
	const u8 *addr;		/* 4 or 16 bytes, network order */
	__be16 port;		/* network order, as in the packet */
};

enum wg_cookie_mac_state {
	WG_INVALID_MAC,
	WG_VALID_MAC_BUT_NO_COOKIE,
	WG_VALID_MAC_WITH_COOKIE_BUT_RATELIMITED,
	WG_VALID_MAC_WITH_COOKIE
};

/* Process context: takes @identity's keys as they are now. */
void wg_cookie_checker_init(struct wg_cookie_checker *checker,
			    struct wg_noise_static_identity *identity);
/*
 * After the identity's private key changed: takes its new keys and a fresh
 * secret (cookies given out under the old key are void). Process context.
 */
void wg_cookie_checker_rekey(struct wg_cookie_checker *checker);
/* Wipes the checker's secret and keys (the device is going away). */
void wg_cookie_checker_clear(struct wg_cookie_checker *checker);
/* @peer_public_key: the remote static key the macs are keyed to. */
void wg_cookie_init(struct wg_cookie *cookie,
		    const u8 peer_public_key[WG_NOISE_PUBLIC_KEY_LEN]);

/*
 * @message is an initiation or a response of @len bytes. mac1 is checked
 * always; mac2 only if @check_cookie (the device is under load). With a
 * valid mac2, @rl (if not NULL) gets the final say on the source. Any
 * context, with BHs off if @rl is given (its locks are taken in softirq).
 */
enum wg_cookie_mac_state
wg_cookie_validate_packet(struct wg_cookie_checker *checker,
			  const void *message, size_t len,
			  const struct wg_cookie_source *src, bool check_cookie,
			  struct wg_ratelimiter *rl);

/*
 * A cookie reply to @message (initiation or response of @len bytes, whose
 * sender index is @index) that came from @src.
 */
void wg_cookie_message_create(struct wg_message_handshake_cookie *dst,
			      const void *message, size_t len, __le32 index,
			      struct wg_cookie_checker *checker,
			      const struct wg_cookie_source *src);

/* Fills mac1 and mac2 of an outgoing initiation or response of @len bytes. */
void wg_cookie_add_mac_to_packet(void *message, size_t len,
				 struct wg_cookie *cookie);

/*
 * Takes in a cookie reply for the peer whose maker is @cookie (found by the
 * caller from src->receiver_index). False unless it answers the last mac1
 * we sent and decrypts.
 */
bool wg_cookie_message_consume(const struct wg_message_handshake_cookie *src,
			       struct wg_cookie *cookie);

/* Load-time selftest; true if it passed. */
bool wg_cookie_selftest(void);

#endif /* _WG_COOKIE_H */
