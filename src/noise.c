// SPDX-License-Identifier: GPL-2.0
/*
 * Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s as WireGuard uses it. The steps of
 * each message follow the pattern's tokens, marked in the comments:
 *   initiation: e, es, s, ss, {timestamp}
 *   response:   e, ee, se, psk, {}
 * Every intermediate secret lives on the stack or in the handshake and is
 * wiped on every way out.
 */

#include "noise.h"

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/cache.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <linux/bitops.h>
#include <linux/lockdep.h>
#include <crypto/algapi.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/curve25519.h>
#include <wg/compat.h>

/* C0 = HASH(CONSTRUCTION) and H0 = HASH(C0 || IDENTIFIER), same for all. */
static u8 handshake_init_chaining_key[WG_NOISE_HASH_LEN] __ro_after_init;
static u8 handshake_init_hash[WG_NOISE_HASH_LEN] __ro_after_init;
static atomic64_t keypair_counter = ATOMIC64_INIT(0);

void __init wg_noise_init(void)
{
	struct wg_blake2s_state blake;

	wg_blake2s(handshake_init_chaining_key, (const u8 *)WG_NOISE_CONSTRUCTION,
		   NULL, WG_NOISE_HASH_LEN, sizeof(WG_NOISE_CONSTRUCTION) - 1, 0);
	wg_blake2s_init(&blake, WG_NOISE_HASH_LEN);
	wg_blake2s_update(&blake, handshake_init_chaining_key, WG_NOISE_HASH_LEN);
	wg_blake2s_update(&blake, (const u8 *)WG_NOISE_IDENTIFIER,
			  sizeof(WG_NOISE_IDENTIFIER) - 1);
	wg_blake2s_final(&blake, handshake_init_hash);
}

static bool is_zero(const u8 *p, size_t len)
{
	static const u8 zero[WG_NOISE_PUBLIC_KEY_LEN];

	return !crypto_memneq(p, zero, len);
}

/* HASH(label || key): the mac1 and cookie keys tied to a public key. */
static void label_key(u8 dst[WG_NOISE_SYMMETRIC_KEY_LEN], const char *label,
		      const u8 public_key[WG_NOISE_PUBLIC_KEY_LEN])
{
	struct wg_blake2s_state blake;

	wg_blake2s_init(&blake, WG_NOISE_SYMMETRIC_KEY_LEN);
	wg_blake2s_update(&blake, (const u8 *)label, 8);
	wg_blake2s_update(&blake, public_key, WG_NOISE_PUBLIC_KEY_LEN);
	wg_blake2s_final(&blake, dst);
}

/*
 * KDF_n of protocol.md, n = how many of @first, @second, @third are wanted:
 * t0 = HMAC(C, data); t1 = HMAC(t0, 0x01); ti = HMAC(t0, t(i-1) || i).
 */
static void kdf(u8 *first, u8 *second, u8 *third, const u8 *data,
		size_t data_len, const u8 chaining_key[WG_NOISE_HASH_LEN])
{
	u8 t0[WG_BLAKE2S_HASH_SIZE];
	u8 in[WG_BLAKE2S_HASH_SIZE + 1];
	u8 out[WG_BLAKE2S_HASH_SIZE];

	wg_blake2s256_hmac(t0, data, chaining_key, data_len, WG_NOISE_HASH_LEN);

	in[0] = 1;
	wg_blake2s256_hmac(out, in, t0, 1, WG_BLAKE2S_HASH_SIZE);
	memcpy(first, out, WG_BLAKE2S_HASH_SIZE);
	if (!second)
		goto out_wipe;

	memcpy(in, out, WG_BLAKE2S_HASH_SIZE);
	in[WG_BLAKE2S_HASH_SIZE] = 2;
	wg_blake2s256_hmac(out, in, t0, sizeof(in), WG_BLAKE2S_HASH_SIZE);
	memcpy(second, out, WG_BLAKE2S_HASH_SIZE);
	if (!third)
		goto out_wipe;

	memcpy(in, out, WG_BLAKE2S_HASH_SIZE);
	in[WG_BLAKE2S_HASH_SIZE] = 3;
	wg_blake2s256_hmac(out, in, t0, sizeof(in), WG_BLAKE2S_HASH_SIZE);
	memcpy(third, out, WG_BLAKE2S_HASH_SIZE);

out_wipe:
	memzero_explicit(t0, sizeof(t0));
	memzero_explicit(in, sizeof(in));
	memzero_explicit(out, sizeof(out));
}

/* H = HASH(H || data) */
static void mix_hash(u8 hash[WG_NOISE_HASH_LEN], const u8 *data, size_t len)
{
	struct wg_blake2s_state blake;

	wg_blake2s_init(&blake, WG_NOISE_HASH_LEN);
	wg_blake2s_update(&blake, hash, WG_NOISE_HASH_LEN);
	wg_blake2s_update(&blake, data, len);
	wg_blake2s_final(&blake, hash);
}

/* (C, k) = KDF2(C, DH(priv, pub)), or C = KDF1(...) when @key is NULL. */
static bool __must_check mix_dh(u8 chaining_key[WG_NOISE_HASH_LEN],
				u8 key[WG_NOISE_SYMMETRIC_KEY_LEN],
				const u8 private[WG_NOISE_PUBLIC_KEY_LEN],
				const u8 public[WG_NOISE_PUBLIC_KEY_LEN])
{
	u8 dh[WG_NOISE_PUBLIC_KEY_LEN];

	/* An all-zero result (low-order point) fails the handshake. */
	if (unlikely(!wg_curve25519(dh, private, public))) {
		memzero_explicit(dh, sizeof(dh));
		return false;
	}
	kdf(chaining_key, key, NULL, dh, sizeof(dh), chaining_key);
	memzero_explicit(dh, sizeof(dh));
	return true;
}

static bool __must_check mix_precomputed_dh(u8 chaining_key[WG_NOISE_HASH_LEN],
					    u8 key[WG_NOISE_SYMMETRIC_KEY_LEN],
					    const u8 precomputed[WG_NOISE_PUBLIC_KEY_LEN])
{
	if (unlikely(is_zero(precomputed, WG_NOISE_PUBLIC_KEY_LEN)))
		return false;
	kdf(chaining_key, key, NULL, precomputed, WG_NOISE_PUBLIC_KEY_LEN,
	    chaining_key);
	return true;
}

/* (C, t, k) = KDF3(C, Q); H = HASH(H || t) */
static void mix_psk(u8 chaining_key[WG_NOISE_HASH_LEN],
		    u8 hash[WG_NOISE_HASH_LEN],
		    u8 key[WG_NOISE_SYMMETRIC_KEY_LEN],
		    const u8 psk[WG_NOISE_SYMMETRIC_KEY_LEN])
{
	u8 temp[WG_NOISE_HASH_LEN];

	kdf(chaining_key, temp, key, psk, WG_NOISE_SYMMETRIC_KEY_LEN,
	    chaining_key);
	mix_hash(hash, temp, sizeof(temp));
	memzero_explicit(temp, sizeof(temp));
}

/* C = KDF1(C, E_pub); H = HASH(H || E_pub) */
static void mix_ephemeral(u8 chaining_key[WG_NOISE_HASH_LEN],
			  u8 hash[WG_NOISE_HASH_LEN],
			  const u8 ephemeral[WG_NOISE_PUBLIC_KEY_LEN])
{
	kdf(chaining_key, NULL, NULL, ephemeral, WG_NOISE_PUBLIC_KEY_LEN,
	    chaining_key);
	mix_hash(hash, ephemeral, WG_NOISE_PUBLIC_KEY_LEN);
}

/*
 * The sender's "e": a fresh ephemeral pair, the public half into the
 * message and mixed into C and H. False if the public key came out zero.
 */
static bool send_ephemeral(struct wg_noise_handshake *handshake,
			   u8 ephemeral_public[WG_NOISE_PUBLIC_KEY_LEN])
{
	lockdep_assert_held(&handshake->lock);
	wg_curve25519_generate_secret(handshake->ephemeral_private);
	if (!wg_curve25519_generate_public(ephemeral_public,
					   handshake->ephemeral_private))
		return false;
	mix_ephemeral(handshake->chaining_key, handshake->hash,
		      ephemeral_public);
	return true;
}

/* dst = AEAD(k, 0, src, H); H = HASH(H || dst) */
static void message_encrypt(u8 *dst, const u8 *src, size_t len,
			    const u8 key[WG_NOISE_SYMMETRIC_KEY_LEN],
			    u8 hash[WG_NOISE_HASH_LEN])
{
	wg_chacha20poly1305_encrypt(dst, src, len, hash, WG_NOISE_HASH_LEN, 0,
				    key);
	mix_hash(hash, dst, wg_noise_encrypted_len(len));
}

static bool __must_check message_decrypt(u8 *dst, const u8 *src, size_t src_len,
					 const u8 key[WG_NOISE_SYMMETRIC_KEY_LEN],
					 u8 hash[WG_NOISE_HASH_LEN])
{
	if (!wg_chacha20poly1305_decrypt(dst, src, src_len, hash,
					 WG_NOISE_HASH_LEN, 0, key))
		return false;
	mix_hash(hash, src, src_len);
	return true;
}

/* C = C0; H = HASH(H0 || S_pub_r): both sides start from the responder's key. */
static void handshake_start(u8 chaining_key[WG_NOISE_HASH_LEN],
			    u8 hash[WG_NOISE_HASH_LEN],
			    const u8 responder_static[WG_NOISE_PUBLIC_KEY_LEN])
{
	memcpy(chaining_key, handshake_init_chaining_key, WG_NOISE_HASH_LEN);
	memcpy(hash, handshake_init_hash, WG_NOISE_HASH_LEN);
	mix_hash(hash, responder_static, WG_NOISE_PUBLIC_KEY_LEN);
}

void wg_noise_tai64n_now(u8 output[WG_NOISE_TIMESTAMP_LEN])
{
	struct timespec64 now;
	/* 2^24 ns is the power of two nearest 1/50 s, the initiation rate */
	u32 nsec;

	ktime_get_real_ts64(&now);
	nsec = (u32)now.tv_nsec & ~((1U << 24) - 1);
	put_unaligned_be64((1ULL << 62) + 10 + (u64)now.tv_sec, output);
	put_unaligned_be32(nsec, output + 8);
}

void wg_noise_static_identity_init(struct wg_noise_static_identity *identity)
{
	memset(identity, 0, sizeof(*identity));
	init_rwsem(&identity->lock);
}

static void identity_wipe(struct wg_noise_static_identity *identity)
{
	lockdep_assert_held(&identity->lock);
	memzero_explicit(identity->static_private, WG_NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(identity->static_public, WG_NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(identity->mac1_key, WG_NOISE_SYMMETRIC_KEY_LEN);
	memzero_explicit(identity->cookie_encryption_key,
			 WG_NOISE_SYMMETRIC_KEY_LEN);
	identity->has_identity = false;
}

void wg_noise_set_static_identity_private_key(struct wg_noise_static_identity *identity,
					      const u8 private_key[WG_NOISE_PUBLIC_KEY_LEN])
{
	down_write(&identity->lock);
	identity_wipe(identity);
	if (is_zero(private_key, WG_NOISE_PUBLIC_KEY_LEN))
		goto out_unlock;
	memcpy(identity->static_private, private_key, WG_NOISE_PUBLIC_KEY_LEN);
	wg_curve25519_clamp_secret(identity->static_private);
	if (!wg_curve25519_generate_public(identity->static_public,
					   identity->static_private)) {
		identity_wipe(identity);
		goto out_unlock;
	}
	label_key(identity->mac1_key, WG_COOKIE_LABEL_MAC1,
		  identity->static_public);
	label_key(identity->cookie_encryption_key, WG_COOKIE_LABEL_COOKIE,
		  identity->static_public);
	identity->has_identity = true;
out_unlock:
	up_write(&identity->lock);
}

void wg_noise_static_identity_clear(struct wg_noise_static_identity *identity)
{
	down_write(&identity->lock);
	identity_wipe(identity);
	up_write(&identity->lock);
}

void wg_noise_precompute_static_static(struct wg_noise_handshake *handshake)
{
	struct wg_noise_static_identity *identity = handshake->static_identity;

	down_read(&identity->lock);
	down_write(&handshake->lock);
	/* ss: a failed DH leaves zeros, which every handshake then refuses. */
	if (!identity->has_identity ||
	    !wg_curve25519(handshake->precomputed_static_static,
			   identity->static_private, handshake->remote_static))
		memzero_explicit(handshake->precomputed_static_static,
				 WG_NOISE_PUBLIC_KEY_LEN);
	up_write(&handshake->lock);
	up_read(&identity->lock);
}

void wg_noise_handshake_init(struct wg_noise_handshake *handshake,
			     struct wg_noise_static_identity *static_identity,
			     struct wg_index_hashtable *index_table,
			     const u8 peer_public_key[WG_NOISE_PUBLIC_KEY_LEN],
			     const u8 peer_preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN],
			     void *owner)
{
	memset(handshake, 0, sizeof(*handshake));
	init_rwsem(&handshake->lock);
	INIT_HLIST_NODE(&handshake->entry.hash);
	INIT_HLIST_NODE(&handshake->pubkey_entry.hash);
	handshake->entry.type = WG_INDEX_HANDSHAKE;
	handshake->entry.owner = owner;
	handshake->pubkey_entry.public_key = handshake->remote_static;
	handshake->pubkey_entry.owner = owner;
	handshake->owner = owner;
	handshake->static_identity = static_identity;
	handshake->index_table = index_table;
	memcpy(handshake->remote_static, peer_public_key, WG_NOISE_PUBLIC_KEY_LEN);
	if (peer_preshared_key)
		memcpy(handshake->preshared_key, peer_preshared_key,
		       WG_NOISE_SYMMETRIC_KEY_LEN);
	wg_noise_precompute_static_static(handshake);
}

void wg_noise_handshake_set_preshared_key(struct wg_noise_handshake *handshake,
					  const u8 preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN])
{
	down_write(&handshake->lock);
	if (preshared_key)
		memcpy(handshake->preshared_key, preshared_key,
		       WG_NOISE_SYMMETRIC_KEY_LEN);
	else
		memzero_explicit(handshake->preshared_key,
				 WG_NOISE_SYMMETRIC_KEY_LEN);
	up_write(&handshake->lock);
}

/* Wipes the in-flight state; the peer's keys and replay stamps stay. */
static void handshake_zero(struct wg_noise_handshake *handshake)
{
	lockdep_assert_held(&handshake->lock);
	memzero_explicit(handshake->ephemeral_private, WG_NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->remote_ephemeral, WG_NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->hash, WG_NOISE_HASH_LEN);
	memzero_explicit(handshake->chaining_key, WG_NOISE_HASH_LEN);
	handshake->remote_index = 0;
	handshake->state = WG_HANDSHAKE_ZEROED;
}

void wg_noise_handshake_clear(struct wg_noise_handshake *handshake)
{
	wg_index_hashtable_remove(handshake->index_table, &handshake->entry);
	down_write(&handshake->lock);
	handshake_zero(handshake);
	up_write(&handshake->lock);
	wg_index_hashtable_remove(handshake->index_table, &handshake->entry);
}

bool wg_noise_handshake_create_initiation(struct wg_message_handshake_initiation *dst,
					  struct wg_noise_handshake *handshake)
{
	struct wg_noise_static_identity *identity = handshake->static_identity;
	u8 timestamp[WG_NOISE_TIMESTAMP_LEN];
	u8 key[WG_NOISE_SYMMETRIC_KEY_LEN];
	bool ret = false;

	down_read(&identity->lock);
	down_write(&handshake->lock);
	if (unlikely(!identity->has_identity))
		goto out_unlock;

	memset(dst, 0, sizeof(*dst));
	dst->header.type = cpu_to_le32(WG_MESSAGE_HANDSHAKE_INITIATION);
	handshake_start(handshake->chaining_key, handshake->hash,
			handshake->remote_static);

	/* e */
	if (!send_ephemeral(handshake, dst->unencrypted_ephemeral))
		goto out_zero;

	/* es */
	if (!mix_dh(handshake->chaining_key, key, handshake->ephemeral_private,
		    handshake->remote_static))
		goto out_zero;

	/* s */
	message_encrypt(dst->encrypted_static, identity->static_public,
			WG_NOISE_PUBLIC_KEY_LEN, key, handshake->hash);

	/* ss */
	if (!mix_precomputed_dh(handshake->chaining_key, key,
				handshake->precomputed_static_static))
		goto out_zero;

	/* {t} */
	wg_noise_tai64n_now(timestamp);
	message_encrypt(dst->encrypted_timestamp, timestamp,
			WG_NOISE_TIMESTAMP_LEN, key, handshake->hash);

	dst->sender_index = wg_index_hashtable_insert(handshake->index_table,
						      &handshake->entry);
	handshake->state = WG_HANDSHAKE_CREATED_INITIATION;
	ret = true;
	goto out_unlock;

out_zero:
	handshake_zero(handshake);
out_unlock:
	up_write(&handshake->lock);
	up_read(&identity->lock);
	memzero_explicit(key, sizeof(key));
	memzero_explicit(timestamp, sizeof(timestamp));
	return ret;
}

struct wg_noise_handshake *
wg_noise_handshake_consume_initiation(const struct wg_message_handshake_initiation *src,
				      struct wg_noise_static_identity *static_identity,
				      struct wg_pubkey_hashtable *pubkey_table,
				      struct wg_noise_rejection *why)
{
	enum wg_noise_reject_reason reason = WG_NOISE_REJECT_NO_IDENTITY;
	struct wg_noise_handshake *handshake = NULL, *ret = NULL;
	u8 s[WG_NOISE_PUBLIC_KEY_LEN];
	u8 e[WG_NOISE_PUBLIC_KEY_LEN];
	u8 ss[WG_NOISE_PUBLIC_KEY_LEN];
	u8 t[WG_NOISE_TIMESTAMP_LEN];
	u8 hash[WG_NOISE_HASH_LEN];
	u8 chaining_key[WG_NOISE_HASH_LEN];
	u8 key[WG_NOISE_SYMMETRIC_KEY_LEN];
	struct wg_pubkey_entry *entry;
	bool replay_attack, flood_attack;
	u64 now;

	down_read(&static_identity->lock);
	if (unlikely(!static_identity->has_identity))
		goto out;

	reason = WG_NOISE_REJECT_UNKNOWN_PEER;
	handshake_start(chaining_key, hash, static_identity->static_public);

	/* e */
	memcpy(e, src->unencrypted_ephemeral, sizeof(e));
	mix_ephemeral(chaining_key, hash, e);

	/* es */
	if (!mix_dh(chaining_key, key, static_identity->static_private, e))
		goto out;

	/* s */
	if (!message_decrypt(s, src->encrypted_static,
			     sizeof(src->encrypted_static), key, hash))
		goto out;

	/* Who is it? */
	entry = wg_pubkey_hashtable_lookup(pubkey_table, s);
	if (!entry)
		goto out;
	handshake = container_of(entry, struct wg_noise_handshake, pubkey_entry);
	reason = WG_NOISE_REJECT_DECRYPT;

	/* ss (read under the lock: netlink may be recomputing it) */
	down_read(&handshake->lock);
	memcpy(ss, handshake->precomputed_static_static, sizeof(ss));
	up_read(&handshake->lock);
	if (!mix_precomputed_dh(chaining_key, key, ss))
		goto out_put;

	/* {t} */
	if (!message_decrypt(t, src->encrypted_timestamp,
			     sizeof(src->encrypted_timestamp), key, hash))
		goto out_put;

	/*
	 * Only a strictly newer timestamp, and no more than
	 * WG_INITIATIONS_PER_SECOND: a replayed or flooded initiation must
	 * not reset the peer's session.
	 */
	down_write(&handshake->lock);
	now = ktime_get_coarse_boottime_ns();
	replay_attack = memcmp(t, handshake->latest_timestamp,
			       WG_NOISE_TIMESTAMP_LEN) <= 0;
	flood_attack = handshake->last_initiation_consumption &&
		       now - handshake->last_initiation_consumption <
			       NSEC_PER_SEC / WG_INITIATIONS_PER_SECOND;
	if (replay_attack || flood_attack) {
		up_write(&handshake->lock);
		reason = replay_attack ? WG_NOISE_REJECT_STALE_TIMESTAMP :
					 WG_NOISE_REJECT_FLOOD;
		goto out_put;
	}
	memcpy(handshake->remote_ephemeral, e, sizeof(e));
	memcpy(handshake->latest_timestamp, t, sizeof(t));
	memcpy(handshake->hash, hash, sizeof(hash));
	memcpy(handshake->chaining_key, chaining_key, sizeof(chaining_key));
	handshake->remote_index = src->sender_index;
	handshake->last_initiation_consumption = now;
	handshake->state = WG_HANDSHAKE_CONSUMED_INITIATION;
	up_write(&handshake->lock);
	ret = handshake;

out_put:
	if (!ret) {
		if (why)
			why->owner = handshake->owner;	/* the lookup's reference */
		else
			pubkey_table->cb->owner_put(handshake->owner);
	}
out:
	if (!ret && why) {
		why->reason = reason;
		if (!handshake)
			why->owner = NULL;
	}
	memzero_explicit(key, sizeof(key));
	memzero_explicit(hash, sizeof(hash));
	memzero_explicit(chaining_key, sizeof(chaining_key));
	memzero_explicit(s, sizeof(s));
	memzero_explicit(e, sizeof(e));
	memzero_explicit(ss, sizeof(ss));
	memzero_explicit(t, sizeof(t));
	up_read(&static_identity->lock);
	return ret;
}

bool wg_noise_handshake_create_response(struct wg_message_handshake_response *dst,
					struct wg_noise_handshake *handshake)
{
	u8 key[WG_NOISE_SYMMETRIC_KEY_LEN];
	bool ret = false;

	down_read(&handshake->static_identity->lock);
	down_write(&handshake->lock);
	if (handshake->state != WG_HANDSHAKE_CONSUMED_INITIATION)
		goto out_unlock;

	memset(dst, 0, sizeof(*dst));
	dst->header.type = cpu_to_le32(WG_MESSAGE_HANDSHAKE_RESPONSE);
	dst->receiver_index = handshake->remote_index;

	/* e */
	if (!send_ephemeral(handshake, dst->unencrypted_ephemeral))
		goto out_zero;

	/* ee */
	if (!mix_dh(handshake->chaining_key, NULL, handshake->ephemeral_private,
		    handshake->remote_ephemeral))
		goto out_zero;

	/* se */
	if (!mix_dh(handshake->chaining_key, NULL, handshake->ephemeral_private,
		    handshake->remote_static))
		goto out_zero;

	/* psk */
	mix_psk(handshake->chaining_key, handshake->hash, key,
		handshake->preshared_key);

	/* {} */
	message_encrypt(dst->encrypted_nothing, NULL, 0, key, handshake->hash);

	dst->sender_index = wg_index_hashtable_insert(handshake->index_table,
						      &handshake->entry);
	handshake->state = WG_HANDSHAKE_CREATED_RESPONSE;
	ret = true;
	goto out_unlock;

out_zero:
	handshake_zero(handshake);
out_unlock:
	up_write(&handshake->lock);
	up_read(&handshake->static_identity->lock);
	memzero_explicit(key, sizeof(key));
	return ret;
}

struct wg_noise_handshake *
wg_noise_handshake_consume_response(const struct wg_message_handshake_response *src,
				    struct wg_noise_static_identity *static_identity,
				    struct wg_index_hashtable *index_table,
				    struct wg_noise_rejection *why)
{
	enum wg_noise_reject_reason reason = WG_NOISE_REJECT_NO_IDENTITY;
	enum wg_noise_handshake_state state = WG_HANDSHAKE_ZEROED;
	struct wg_noise_handshake *handshake, *ret = NULL;
	u8 key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u8 hash[WG_NOISE_HASH_LEN];
	u8 chaining_key[WG_NOISE_HASH_LEN];
	u8 e[WG_NOISE_PUBLIC_KEY_LEN];
	u8 ephemeral_private[WG_NOISE_PUBLIC_KEY_LEN];
	u8 preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u8 nothing[1];
	struct wg_index_entry *entry;
	void *owner = NULL;

	down_read(&static_identity->lock);
	if (unlikely(!static_identity->has_identity))
		goto out;

	reason = WG_NOISE_REJECT_UNKNOWN_INDEX;
	entry = wg_index_hashtable_lookup(index_table, WG_INDEX_HANDSHAKE,
					  src->receiver_index, &owner);
	if (!entry)
		goto out;
	handshake = container_of(entry, struct wg_noise_handshake, entry);

	/* Work on a copy: the DHs run without the handshake lock. */
	down_read(&handshake->lock);
	state = handshake->state;
	memcpy(hash, handshake->hash, sizeof(hash));
	memcpy(chaining_key, handshake->chaining_key, sizeof(chaining_key));
	memcpy(ephemeral_private, handshake->ephemeral_private,
	       sizeof(ephemeral_private));
	memcpy(preshared_key, handshake->preshared_key, sizeof(preshared_key));
	up_read(&handshake->lock);

	/* Not waiting for a response (a replayed one, or one too late):
	 * as if the index were unknown. */
	if (state != WG_HANDSHAKE_CREATED_INITIATION)
		goto out_put;
	reason = WG_NOISE_REJECT_DECRYPT;

	/* e */
	memcpy(e, src->unencrypted_ephemeral, sizeof(e));
	mix_ephemeral(chaining_key, hash, e);

	/* ee */
	if (!mix_dh(chaining_key, NULL, ephemeral_private, e))
		goto out_put;

	/* se */
	if (!mix_dh(chaining_key, NULL, static_identity->static_private, e))
		goto out_put;

	/* psk */
	mix_psk(chaining_key, hash, key, preshared_key);

	/* {} */
	if (!message_decrypt(nothing, src->encrypted_nothing,
			     sizeof(src->encrypted_nothing), key, hash))
		goto out_put;

	/* Commit only if no other initiation replaced ours meanwhile. */
	down_write(&handshake->lock);
	if (handshake->state != state ||
	    crypto_memneq(handshake->ephemeral_private, ephemeral_private,
			  sizeof(ephemeral_private))) {
		up_write(&handshake->lock);
		reason = WG_NOISE_REJECT_UNKNOWN_INDEX;
		goto out_put;
	}
	memcpy(handshake->remote_ephemeral, e, sizeof(e));
	memcpy(handshake->hash, hash, sizeof(hash));
	memcpy(handshake->chaining_key, chaining_key, sizeof(chaining_key));
	handshake->remote_index = src->sender_index;
	handshake->state = WG_HANDSHAKE_CONSUMED_RESPONSE;
	up_write(&handshake->lock);
	ret = handshake;

out_put:
	if (!ret) {
		if (why && reason == WG_NOISE_REJECT_DECRYPT)
			why->owner = owner;	/* the lookup's reference */
		else
			index_table->cb->owner_put(owner);
	}
out:
	if (!ret && why) {
		why->reason = reason;
		if (reason != WG_NOISE_REJECT_DECRYPT)
			why->owner = NULL;
	}
	memzero_explicit(key, sizeof(key));
	memzero_explicit(hash, sizeof(hash));
	memzero_explicit(chaining_key, sizeof(chaining_key));
	memzero_explicit(ephemeral_private, sizeof(ephemeral_private));
	memzero_explicit(preshared_key, sizeof(preshared_key));
	memzero_explicit(e, sizeof(e));
	up_read(&static_identity->lock);
	return ret;
}

static void keypair_free_rcu(struct rcu_head *rcu)
{
	struct wg_noise_keypair *keypair =
		container_of(rcu, struct wg_noise_keypair, rcu);

	memzero_explicit(keypair, sizeof(*keypair));
	kfree(keypair);
}

static void keypair_free_kref(struct kref *kref)
{
	struct wg_noise_keypair *keypair =
		container_of(kref, struct wg_noise_keypair, refcount);

	/* Unreachable by index first, then freed after readers are gone. */
	wg_index_hashtable_remove(keypair->index_table, &keypair->entry);
	call_rcu(&keypair->rcu, keypair_free_rcu);
}

void wg_noise_keypair_put(struct wg_noise_keypair *keypair)
{
	if (keypair)
		kref_put(&keypair->refcount, keypair_free_kref);
}

struct wg_noise_keypair *wg_noise_keypair_get(struct wg_noise_keypair *keypair)
{
	if (unlikely(!keypair || !kref_get_unless_zero(&keypair->refcount)))
		return NULL;
	return keypair;
}

struct wg_noise_keypair *wg_noise_keypair_lookup(struct wg_index_hashtable *table,
						 __le32 index, void **owner)
{
	struct wg_noise_keypair *keypair = NULL;
	struct wg_index_entry *entry;

	rcu_read_lock_bh();
	entry = wg_index_hashtable_lookup(table, WG_INDEX_KEYPAIR, index, owner);
	if (entry) {
		keypair = wg_noise_keypair_get(container_of(entry,
							    struct wg_noise_keypair,
							    entry));
		if (!keypair)
			table->cb->owner_put(*owner);
	}
	rcu_read_unlock_bh();
	return keypair;
}

static struct wg_noise_keypair *keypair_create(struct wg_noise_handshake *handshake)
{
	struct wg_noise_keypair *keypair = kzalloc(sizeof(*keypair), GFP_KERNEL);

	if (unlikely(!keypair))
		return NULL;
	kref_init(&keypair->refcount);
	INIT_HLIST_NODE(&keypair->entry.hash);
	keypair->entry.type = WG_INDEX_KEYPAIR;
	keypair->entry.owner = handshake->owner;
	keypair->index_table = handshake->index_table;
	keypair->internal_id = (u64)atomic64_inc_return(&keypair_counter);
	wg_replay_counter_init(&keypair->receiving_counter);
	atomic64_set(&keypair->sending_counter, 0);
	return keypair;
}

static struct wg_noise_keypair *
keypair_deref(struct wg_noise_keypairs *keypairs,
	      struct wg_noise_keypair __rcu *p)
{
	return rcu_dereference_protected(p,
			lockdep_is_held(&keypairs->keypair_update_lock));
}

void wg_noise_keypairs_init(struct wg_noise_keypairs *keypairs)
{
	RCU_INIT_POINTER(keypairs->current_keypair, NULL);
	RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	spin_lock_init(&keypairs->keypair_update_lock);
}

void wg_noise_keypairs_clear(struct wg_noise_keypairs *keypairs)
{
	struct wg_noise_keypair *old[3];
	unsigned int i;

	spin_lock_bh(&keypairs->keypair_update_lock);
	old[0] = keypair_deref(keypairs, keypairs->previous_keypair);
	old[1] = keypair_deref(keypairs, keypairs->current_keypair);
	old[2] = keypair_deref(keypairs, keypairs->next_keypair);
	RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
	RCU_INIT_POINTER(keypairs->current_keypair, NULL);
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	spin_unlock_bh(&keypairs->keypair_update_lock);
	for (i = 0; i < ARRAY_SIZE(old); ++i)
		wg_noise_keypair_put(old[i]);
}

void wg_noise_expire_current_peer_keypairs(struct wg_noise_keypairs *keypairs)
{
	struct wg_noise_keypair *keypair;

	spin_lock_bh(&keypairs->keypair_update_lock);
	keypair = keypair_deref(keypairs, keypairs->next_keypair);
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	keypair = keypair_deref(keypairs, keypairs->current_keypair);
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	spin_unlock_bh(&keypairs->keypair_update_lock);
}

static void add_new_keypair(struct wg_noise_keypairs *keypairs,
			    struct wg_noise_keypair *new_keypair)
{
	struct wg_noise_keypair *previous, *next, *cur, *drop1 = NULL,
				*drop2 = NULL;

	spin_lock_bh(&keypairs->keypair_update_lock);
	previous = keypair_deref(keypairs, keypairs->previous_keypair);
	next = keypair_deref(keypairs, keypairs->next_keypair);
	cur = keypair_deref(keypairs, keypairs->current_keypair);
	if (new_keypair->i_am_the_initiator) {
		/*
		 * Confirmed by the response: current at once. An unconfirmed
		 * next is newer than current and the peer may already send on
		 * it, so it is the one kept as previous.
		 */
		if (next) {
			RCU_INIT_POINTER(keypairs->next_keypair, NULL);
			rcu_assign_pointer(keypairs->previous_keypair, next);
			drop1 = cur;
		} else {
			rcu_assign_pointer(keypairs->previous_keypair, cur);
		}
		drop2 = previous;
		rcu_assign_pointer(keypairs->current_keypair, new_keypair);
	} else {
		/* Waits in next for the initiator's first data packet. */
		rcu_assign_pointer(keypairs->next_keypair, new_keypair);
		drop1 = next;
	}
	spin_unlock_bh(&keypairs->keypair_update_lock);
	wg_noise_keypair_put(drop1);
	wg_noise_keypair_put(drop2);
}

bool wg_noise_received_with_keypair(struct wg_noise_keypairs *keypairs,
				    struct wg_noise_keypair *received_keypair)
{
	struct wg_noise_keypair *old_previous;

	/* The common case, without the lock: nothing to confirm. */
	if (likely(received_keypair != rcu_access_pointer(keypairs->next_keypair)))
		return false;

	spin_lock_bh(&keypairs->keypair_update_lock);
	if (unlikely(received_keypair !=
		     keypair_deref(keypairs, keypairs->next_keypair))) {
		spin_unlock_bh(&keypairs->keypair_update_lock);
		return false;
	}
	old_previous = keypair_deref(keypairs, keypairs->previous_keypair);
	rcu_assign_pointer(keypairs->previous_keypair,
			   keypair_deref(keypairs, keypairs->current_keypair));
	rcu_assign_pointer(keypairs->current_keypair, received_keypair);
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	spin_unlock_bh(&keypairs->keypair_update_lock);
	wg_noise_keypair_put(old_previous);
	return true;
}

/* (T_send_i = T_recv_r, T_recv_i = T_send_r) = KDF2(C, empty) */
static void derive_keys(struct wg_noise_symmetric_key *first,
			struct wg_noise_symmetric_key *second,
			const u8 chaining_key[WG_NOISE_HASH_LEN])
{
	u64 now = ktime_get_coarse_boottime_ns();

	kdf(first->key, second->key, NULL, NULL, 0, chaining_key);
	first->birthdate = second->birthdate = now;
	first->is_valid = second->is_valid = true;
}

bool wg_noise_handshake_begin_session(struct wg_noise_handshake *handshake,
				      struct wg_noise_keypairs *keypairs)
{
	struct wg_noise_keypair *new_keypair;
	bool ret = false;

	down_write(&handshake->lock);
	if (handshake->state != WG_HANDSHAKE_CREATED_RESPONSE &&
	    handshake->state != WG_HANDSHAKE_CONSUMED_RESPONSE)
		goto out_unlock;

	new_keypair = keypair_create(handshake);
	if (!new_keypair)
		goto out_unlock;
	new_keypair->i_am_the_initiator =
		handshake->state == WG_HANDSHAKE_CONSUMED_RESPONSE;
	new_keypair->remote_index = handshake->remote_index;
	if (new_keypair->i_am_the_initiator)
		derive_keys(&new_keypair->sending, &new_keypair->receiving,
			    handshake->chaining_key);
	else
		derive_keys(&new_keypair->receiving, &new_keypair->sending,
			    handshake->chaining_key);
	handshake_zero(handshake);

	/* Filed first, so whatever finds it by index finds it filed. */
	add_new_keypair(keypairs, new_keypair);
	/* The keypair inherits the index the peer already knows. */
	ret = wg_index_hashtable_replace(handshake->index_table,
					 &handshake->entry,
					 &new_keypair->entry);
	if (unlikely(!ret))
		wg_noise_expire_current_peer_keypairs(keypairs);

out_unlock:
	up_write(&handshake->lock);
	return ret;
}

static bool keypair_expired(const struct wg_noise_symmetric_key *key, u64 now)
{
	return now - key->birthdate >= (u64)WG_REJECT_AFTER_TIME * NSEC_PER_SEC;
}

struct wg_noise_keypair *wg_noise_keypair_current(struct wg_noise_keypairs *keypairs)
{
	struct wg_noise_keypair *keypair;

	rcu_read_lock_bh();
	keypair = wg_noise_keypair_get(rcu_dereference_bh(keypairs->current_keypair));
	rcu_read_unlock_bh();
	if (!keypair)
		return NULL;
	if (!READ_ONCE(keypair->sending.is_valid) ||
	    keypair_expired(&keypair->sending, ktime_get_coarse_boottime_ns()) ||
	    (u64)atomic64_read(&keypair->sending_counter) >= WG_REJECT_AFTER_MESSAGES) {
		wg_noise_keypair_put(keypair);
		return NULL;
	}
	return keypair;
}

bool wg_noise_keypair_next_nonce(struct wg_noise_keypair *keypair, u64 *nonce)
{
	if (!READ_ONCE(keypair->sending.is_valid) ||
	    keypair_expired(&keypair->sending, ktime_get_coarse_boottime_ns()))
		return false;
	*nonce = (u64)atomic64_inc_return(&keypair->sending_counter) - 1;
	if (unlikely(*nonce >= WG_REJECT_AFTER_MESSAGES)) {
		WRITE_ONCE(keypair->sending.is_valid, false);
		return false;
	}
	return true;
}

bool wg_noise_keypair_receiving_usable(struct wg_noise_keypair *keypair)
{
	return READ_ONCE(keypair->receiving.is_valid) &&
	       !keypair_expired(&keypair->receiving,
				ktime_get_coarse_boottime_ns()) &&
	       READ_ONCE(keypair->receiving_counter.next) <
		       WG_REJECT_AFTER_MESSAGES;
}

bool wg_noise_keypair_should_rekey_after_send(struct wg_noise_keypair *keypair)
{
	u64 age = ktime_get_coarse_boottime_ns() - keypair->sending.birthdate;

	return (u64)atomic64_read(&keypair->sending_counter) >
		       WG_REKEY_AFTER_MESSAGES ||
	       (keypair->i_am_the_initiator &&
		age >= (u64)WG_REKEY_AFTER_TIME * NSEC_PER_SEC);
}

bool wg_noise_keypair_should_rekey_after_receive(struct wg_noise_keypair *keypair)
{
	u64 age = ktime_get_coarse_boottime_ns() - keypair->sending.birthdate;

	return keypair->i_am_the_initiator &&
	       age >= (u64)(WG_REJECT_AFTER_TIME - WG_KEEPALIVE_TIMEOUT -
			    WG_REKEY_TIMEOUT) * NSEC_PER_SEC;
}

/*
 * Load-time selftest: a full handshake between two identities in this
 * module, tampered and low-order initiations refused, a replay refused, and
 * key confirmation of the responder.
 */
struct noise_selftest {
	struct wg_noise_static_identity identity[2];
	struct wg_index_hashtable *index[2];
	struct wg_pubkey_hashtable *pubkeys[2];
	struct wg_noise_handshake hs[2];
	struct wg_noise_keypairs keypairs[2];
	struct wg_message_handshake_initiation init, bad;
	struct wg_message_handshake_response resp;
};

static bool selftest_owner_get(void *owner __always_unused)
{
	return true;
}

static void selftest_owner_put(void *owner __always_unused)
{
}

static const struct wg_lookup_callbacks selftest_cb = {
	.owner_get = selftest_owner_get,
	.owner_put = selftest_owner_put,
};

bool __init wg_noise_selftest(void)
{
	struct noise_selftest *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct wg_noise_keypair *mine, *theirs;
	unsigned int fails = 0, i;
	u8 key[WG_NOISE_PUBLIC_KEY_LEN];

#define T(cond) do { if (!(cond)) ++fails; } while (0)
	if (!t)
		return false;
	for (i = 0; i < 2; ++i) {
		memset(key, 0x11 * (i + 1), sizeof(key));
		wg_noise_static_identity_init(&t->identity[i]);
		wg_noise_set_static_identity_private_key(&t->identity[i], key);
	}
	for (i = 0; i < 2; ++i) {
		t->index[i] = wg_index_hashtable_alloc(&selftest_cb);
		t->pubkeys[i] = wg_pubkey_hashtable_alloc(&selftest_cb);
		if (!t->index[i] || !t->pubkeys[i]) {
			++fails;
			goto out_free;
		}
	}
	memset(key, 0x5a, sizeof(key)); /* the preshared key */
	for (i = 0; i < 2; ++i) {
		wg_noise_handshake_init(&t->hs[i], &t->identity[i], t->index[i],
					t->identity[!i].static_public, key,
					&t->hs[i]);
		wg_noise_keypairs_init(&t->keypairs[i]);
		wg_pubkey_hashtable_add(t->pubkeys[i], &t->hs[i].pubkey_entry);
	}

	T(wg_noise_handshake_create_initiation(&t->init, &t->hs[0]));
	/* s tampered; e replaced by a low-order point: both refused */
	t->bad = t->init;
	t->bad.encrypted_static[5] ^= 1;
	T(!wg_noise_handshake_consume_initiation(&t->bad, &t->identity[1],
						 t->pubkeys[1], NULL));
	t->bad = t->init;
	memset(t->bad.unencrypted_ephemeral, 0, WG_NOISE_PUBLIC_KEY_LEN);
	T(!wg_noise_handshake_consume_initiation(&t->bad, &t->identity[1],
						 t->pubkeys[1], NULL));
	T(wg_noise_handshake_consume_initiation(&t->init, &t->identity[1],
						t->pubkeys[1], NULL) == &t->hs[1]);
	/* the same again is a replay */
	T(!wg_noise_handshake_consume_initiation(&t->init, &t->identity[1],
						 t->pubkeys[1], NULL));
	T(wg_noise_handshake_create_response(&t->resp, &t->hs[1]));
	T(wg_noise_handshake_begin_session(&t->hs[1], &t->keypairs[1]));
	T(wg_noise_handshake_consume_response(&t->resp, &t->identity[0],
					      t->index[0], NULL) == &t->hs[0]);
	T(wg_noise_handshake_begin_session(&t->hs[0], &t->keypairs[0]));

	/* the initiator sends at once; the responder waits for its data */
	mine = wg_noise_keypair_current(&t->keypairs[0]);
	T(!wg_noise_keypair_current(&t->keypairs[1]));
	rcu_read_lock_bh();
	theirs = wg_noise_keypair_get(rcu_dereference_bh(t->keypairs[1].next_keypair));
	rcu_read_unlock_bh();
	T(mine && theirs);
	if (mine && theirs) {
		T(!memcmp(mine->sending.key, theirs->receiving.key,
			  WG_NOISE_SYMMETRIC_KEY_LEN));
		T(!memcmp(mine->receiving.key, theirs->sending.key,
			  WG_NOISE_SYMMETRIC_KEY_LEN));
		T(mine->i_am_the_initiator && !theirs->i_am_the_initiator);
		T(mine->remote_index == theirs->entry.index);
		T(wg_noise_received_with_keypair(&t->keypairs[1], theirs));
		T(rcu_access_pointer(t->keypairs[1].current_keypair) == theirs);
	}
	wg_noise_keypair_put(mine);
	wg_noise_keypair_put(theirs);

	for (i = 0; i < 2; ++i) {
		wg_pubkey_hashtable_remove(t->pubkeys[i], &t->hs[i].pubkey_entry);
		wg_noise_handshake_clear(&t->hs[i]);
		wg_noise_keypairs_clear(&t->keypairs[i]);
	}
out_free:
	rcu_barrier(); /* keypairs leave their index table before it goes */
	for (i = 0; i < 2; ++i) {
		wg_index_hashtable_free(t->index[i]);
		wg_pubkey_hashtable_free(t->pubkeys[i]);
		wg_noise_static_identity_clear(&t->identity[i]);
	}
	memzero_explicit(key, sizeof(key));
	kfree(t);
#undef T
	if (fails)
		pr_err("wireguard: handshake selftest: %u failures\n", fails);
	return !fails;
}
