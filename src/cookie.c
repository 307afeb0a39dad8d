// SPDX-License-Identifier: GPL-2.0

#include "cookie.h"

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/random.h>
#include <linux/ktime.h>
#include <linux/socket.h>
#include <crypto/algapi.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/chacha20poly1305.h>

static void label_key(u8 dst[WG_NOISE_SYMMETRIC_KEY_LEN], const char *label,
		      const u8 public_key[WG_NOISE_PUBLIC_KEY_LEN])
{
	struct wg_blake2s_state blake;

	wg_blake2s_init(&blake, WG_NOISE_SYMMETRIC_KEY_LEN);
	wg_blake2s_update(&blake, (const u8 *)label, 8);
	wg_blake2s_update(&blake, public_key, WG_NOISE_PUBLIC_KEY_LEN);
	wg_blake2s_final(&blake, dst);
}

void wg_cookie_checker_init(struct wg_cookie_checker *checker,
			    struct wg_noise_static_identity *identity)
{
	rwlock_init(&checker->lock);
	checker->identity = identity;
	wg_cookie_checker_rekey(checker);
}

void wg_cookie_checker_rekey(struct wg_cookie_checker *checker)
{
	struct wg_noise_static_identity *identity = checker->identity;

	down_read(&identity->lock);
	write_lock_bh(&checker->lock);
	memcpy(checker->mac1_key, identity->mac1_key, sizeof(checker->mac1_key));
	memcpy(checker->cookie_encryption_key, identity->cookie_encryption_key,
	       sizeof(checker->cookie_encryption_key));
	checker->secret_birthdate = 0;
	get_random_bytes(checker->secret, sizeof(checker->secret));
	write_unlock_bh(&checker->lock);
	up_read(&identity->lock);
}

void wg_cookie_checker_clear(struct wg_cookie_checker *checker)
{
	write_lock_bh(&checker->lock);
	memzero_explicit(checker->secret, sizeof(checker->secret));
	memzero_explicit(checker->mac1_key, sizeof(checker->mac1_key));
	memzero_explicit(checker->cookie_encryption_key,
			 sizeof(checker->cookie_encryption_key));
	checker->secret_birthdate = 0;
	write_unlock_bh(&checker->lock);
}

void wg_cookie_init(struct wg_cookie *cookie,
		    const u8 peer_public_key[WG_NOISE_PUBLIC_KEY_LEN])
{
	memset(cookie, 0, sizeof(*cookie));
	init_rwsem(&cookie->lock);
	label_key(cookie->cookie_decryption_key, WG_COOKIE_LABEL_COOKIE,
		  peer_public_key);
	label_key(cookie->message_mac1_key, WG_COOKIE_LABEL_MAC1,
		  peer_public_key);
}

/* The macs cover everything before them: mac1 the bytes before mac1, etc. */
static size_t mac1_offset(size_t len)
{
	return len - sizeof(struct wg_message_macs);
}

static size_t mac2_offset(size_t len)
{
	return len - WG_COOKIE_LEN;
}

/* MAC(key, message[0 .. off)) */
static void compute_mac(u8 mac[WG_COOKIE_LEN], const void *message, size_t off,
			const u8 *key, size_t keylen)
{
	wg_blake2s(mac, message, key, WG_COOKIE_LEN, off, keylen);
}

static bool secret_expired(const struct wg_cookie_checker *checker, u64 now)
{
	return !checker->secret_birthdate ||
	       now - checker->secret_birthdate >=
		       (u64)WG_COOKIE_SECRET_MAX_AGE * NSEC_PER_SEC;
}

/*
 * cookie = MAC(R, source address || source port), R rotated every 120 s.
 * Called with checker->lock held for reading; may drop it to rotate R, and
 * returns with it held for reading again.
 */
static void make_cookie(u8 cookie[WG_COOKIE_LEN],
			struct wg_cookie_checker *checker,
			const struct wg_cookie_source *src)
	__must_hold(&checker->lock)
{
	struct wg_blake2s_state blake;
	u64 now = ktime_get_coarse_boottime_ns();

	if (unlikely(secret_expired(checker, now))) {
		read_unlock(&checker->lock);
		write_lock(&checker->lock);
		if (secret_expired(checker, now)) {
			get_random_bytes(checker->secret, sizeof(checker->secret));
			checker->secret_birthdate = now ? now : 1;
		}
		write_unlock(&checker->lock);
		read_lock(&checker->lock);
	}
	wg_blake2s_init_key(&blake, WG_COOKIE_LEN, checker->secret,
			    sizeof(checker->secret));
	wg_blake2s_update(&blake, src->addr, src->family == AF_INET ? 4 : 16);
	wg_blake2s_update(&blake, (const u8 *)&src->port, sizeof(src->port));
	wg_blake2s_final(&blake, cookie);
}

enum wg_cookie_mac_state
wg_cookie_validate_packet(struct wg_cookie_checker *checker,
			  const void *message, size_t len,
			  const struct wg_cookie_source *src, bool check_cookie,
			  struct wg_ratelimiter *rl)
{
	const u8 *macs = (const u8 *)message + mac1_offset(len);
	enum wg_cookie_mac_state ret = WG_INVALID_MAC;
	u8 computed[WG_COOKIE_LEN];
	u8 cookie[WG_COOKIE_LEN];

	if (len != sizeof(struct wg_message_handshake_initiation) &&
	    len != sizeof(struct wg_message_handshake_response))
		return WG_INVALID_MAC;

	/* mac1: cheap, no DH, and first. */
	read_lock_bh(&checker->lock);
	compute_mac(computed, message, mac1_offset(len), checker->mac1_key,
		    WG_NOISE_SYMMETRIC_KEY_LEN);
	if (crypto_memneq(computed, macs, WG_COOKIE_LEN))
		goto out_unlock;

	ret = WG_VALID_MAC_BUT_NO_COOKIE;
	if (!check_cookie)
		goto out_unlock;

	make_cookie(cookie, checker, src);
	read_unlock_bh(&checker->lock);
	compute_mac(computed, message, mac2_offset(len), cookie, WG_COOKIE_LEN);
	if (crypto_memneq(computed, macs + WG_COOKIE_LEN, WG_COOKIE_LEN))
		goto out;

	ret = WG_VALID_MAC_WITH_COOKIE_BUT_RATELIMITED;
	if (rl && !wg_ratelimiter_allow(rl, src->family, src->addr))
		goto out;
	ret = WG_VALID_MAC_WITH_COOKIE;
	goto out;

out_unlock:
	read_unlock_bh(&checker->lock);
out:
	memzero_explicit(cookie, sizeof(cookie));
	memzero_explicit(computed, sizeof(computed));
	return ret;
}

void wg_cookie_message_create(struct wg_message_handshake_cookie *dst,
			      const void *message, size_t len, __le32 index,
			      struct wg_cookie_checker *checker,
			      const struct wg_cookie_source *src)
{
	const u8 *mac1 = (const u8 *)message + mac1_offset(len);
	u8 cookie[WG_COOKIE_LEN];

	dst->header.type = cpu_to_le32(WG_MESSAGE_HANDSHAKE_COOKIE);
	dst->receiver_index = index;
	get_random_bytes(dst->nonce, WG_COOKIE_NONCE_LEN);

	read_lock_bh(&checker->lock);
	make_cookie(cookie, checker, src);
	/* XAEAD(HASH(LABEL_COOKIE || S_pub), nonce, cookie, AD = their mac1) */
	wg_xchacha20poly1305_encrypt(dst->encrypted_cookie, cookie,
				     WG_COOKIE_LEN, mac1, WG_COOKIE_LEN,
				     dst->nonce,
				     checker->cookie_encryption_key);
	read_unlock_bh(&checker->lock);
	memzero_explicit(cookie, sizeof(cookie));
}

void wg_cookie_add_mac_to_packet(void *message, size_t len,
				 struct wg_cookie *cookie)
{
	u8 *mac1 = (u8 *)message + mac1_offset(len);
	u8 *mac2 = (u8 *)message + mac2_offset(len);
	u64 now = ktime_get_coarse_boottime_ns();

	down_write(&cookie->lock);
	compute_mac(mac1, message, mac1_offset(len), cookie->message_mac1_key,
		    WG_NOISE_SYMMETRIC_KEY_LEN);
	memcpy(cookie->last_mac1_sent, mac1, WG_COOKIE_LEN);
	cookie->have_sent_mac1 = true;

	/* Stop using a cookie a little before the replier forgets its secret. */
	if (cookie->is_valid &&
	    now - cookie->birthdate < (u64)(WG_COOKIE_SECRET_MAX_AGE -
					    WG_COOKIE_SECRET_LATENCY) *
					      NSEC_PER_SEC)
		compute_mac(mac2, message, mac2_offset(len), cookie->cookie,
			    WG_COOKIE_LEN);
	else
		memset(mac2, 0, WG_COOKIE_LEN);
	up_write(&cookie->lock);
}

bool wg_cookie_message_consume(const struct wg_message_handshake_cookie *src,
			       struct wg_cookie *cookie)
{
	u8 value[WG_COOKIE_LEN];
	bool ret = false;

	down_write(&cookie->lock);
	if (!cookie->have_sent_mac1)
		goto out_unlock;
	if (!wg_xchacha20poly1305_decrypt(value, src->encrypted_cookie,
					  sizeof(src->encrypted_cookie),
					  cookie->last_mac1_sent, WG_COOKIE_LEN,
					  src->nonce,
					  cookie->cookie_decryption_key))
		goto out_unlock;
	memcpy(cookie->cookie, value, WG_COOKIE_LEN);
	cookie->birthdate = ktime_get_coarse_boottime_ns();
	cookie->is_valid = true;
	/* One reply per mac1: a replayed reply finds nothing to answer. */
	cookie->have_sent_mac1 = false;
	ret = true;
out_unlock:
	up_write(&cookie->lock);
	memzero_explicit(value, sizeof(value));
	return ret;
}

/*
 * Load-time selftest: macs added by a peer's maker pass the device's
 * checker and fail once tampered; under load, a cookie reply taken by the
 * maker makes mac2 valid, and a tampered or repeated reply is refused.
 */
struct cookie_selftest {
	struct wg_noise_static_identity identity;
	struct wg_cookie_checker checker;
	struct wg_cookie maker;
	struct wg_message_handshake_initiation msg;
	struct wg_message_handshake_cookie reply, bad;
};

bool __init wg_cookie_selftest(void)
{
	struct cookie_selftest *t = kzalloc(sizeof(*t), GFP_KERNEL);
	static const u8 addr[4] = { 192, 0, 2, 1 };
	struct wg_cookie_source src = {
		.family = AF_INET, .addr = addr, .port = cpu_to_be16(51820)
	};
	unsigned int fails = 0;
	u8 key[WG_NOISE_PUBLIC_KEY_LEN];

#define T(cond) do { if (!(cond)) ++fails; } while (0)
	if (!t)
		return false;
	memset(key, 0x33, sizeof(key));
	wg_noise_static_identity_init(&t->identity);
	wg_noise_set_static_identity_private_key(&t->identity, key);
	wg_cookie_checker_init(&t->checker, &t->identity);
	wg_cookie_init(&t->maker, t->identity.static_public);

	get_random_bytes(&t->msg, sizeof(t->msg));
	t->msg.header.type = cpu_to_le32(WG_MESSAGE_HANDSHAKE_INITIATION);
	wg_cookie_add_mac_to_packet(&t->msg, sizeof(t->msg), &t->maker);
	T(wg_cookie_validate_packet(&t->checker, &t->msg, sizeof(t->msg), &src,
				    false, NULL) == WG_VALID_MAC_BUT_NO_COOKIE);
	T(wg_cookie_validate_packet(&t->checker, &t->msg, sizeof(t->msg), &src,
				    true, NULL) == WG_VALID_MAC_BUT_NO_COOKIE);
	t->msg.sender_index ^= cpu_to_le32(1);
	T(wg_cookie_validate_packet(&t->checker, &t->msg, sizeof(t->msg), &src,
				    false, NULL) == WG_INVALID_MAC);
	t->msg.sender_index ^= cpu_to_le32(1);

	wg_cookie_message_create(&t->reply, &t->msg, sizeof(t->msg),
				 t->msg.sender_index, &t->checker, &src);
	t->bad = t->reply;
	t->bad.encrypted_cookie[3] ^= 1;
	T(!wg_cookie_message_consume(&t->bad, &t->maker));
	T(wg_cookie_message_consume(&t->reply, &t->maker));
	T(!wg_cookie_message_consume(&t->reply, &t->maker));
	wg_cookie_add_mac_to_packet(&t->msg, sizeof(t->msg), &t->maker);
	T(wg_cookie_validate_packet(&t->checker, &t->msg, sizeof(t->msg), &src,
				    true, NULL) == WG_VALID_MAC_WITH_COOKIE);
	src.port = cpu_to_be16(51821);
	T(wg_cookie_validate_packet(&t->checker, &t->msg, sizeof(t->msg), &src,
				    true, NULL) == WG_VALID_MAC_BUT_NO_COOKIE);
#undef T
	wg_cookie_checker_clear(&t->checker);
	wg_noise_static_identity_clear(&t->identity);
	memzero_explicit(key, sizeof(key));
	memzero_explicit(t, sizeof(*t));
	kfree(t);
	if (fails)
		pr_err("wireguard: cookie selftest: %u failures\n", fails);
	return !fails;
}
