/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Noise_IKpsk2 handshake of WireGuard and the keypairs it yields.
 *
 * Knows nothing of the driver: a peer is an opaque owner pointer (the driver
 * embeds a struct wg_noise_handshake and a struct wg_noise_keypairs in its
 * peer and passes the peer as owner). Consuming a message returns the
 * handshake it belongs to with a reference on the owner, taken by the lookup
 * tables' owner_get callback; the caller drops it with owner_put.
 *
 * The handshake functions take rw_semaphores: call them in process context
 * (the driver's handshake workqueue), never from softirq.
 *
 * Lock order: static identity, then handshake, then keypairs.
 */
#ifndef _WG_NOISE_H
#define _WG_NOISE_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include "messages.h"
#include "peerlookup.h"
#include "replay.h"

struct wg_noise_static_identity {
	/* lock guards every field; written only when the device key changes */
	struct rw_semaphore lock;
	u8 static_public[WG_NOISE_PUBLIC_KEY_LEN];
	u8 static_private[WG_NOISE_PUBLIC_KEY_LEN];
	/* HASH(LABEL_MAC1 || static_public): checks mac1 of what we receive */
	u8 mac1_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	/* HASH(LABEL_COOKIE || static_public): seals our cookie replies */
	u8 cookie_encryption_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	bool has_identity;
};

struct wg_noise_symmetric_key {
	u8 key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u64 birthdate;		/* ktime_get_coarse_boottime_ns() */
	bool is_valid;
};

struct wg_noise_keypair {
	struct wg_index_entry entry;	/* our index: the receiver index peers use */
	struct wg_noise_symmetric_key sending;
	atomic64_t sending_counter;
	struct wg_noise_symmetric_key receiving;
	struct wg_replay_counter receiving_counter;
	__le32 remote_index;
	bool i_am_the_initiator;
	struct kref refcount;
	struct rcu_head rcu;
	u64 internal_id;
	struct wg_index_hashtable *index_table;
};

/*
 * Key confirmation: a keypair we initiated is confirmed by the response and
 * becomes current at once; one we responded to waits in next until the first
 * data packet arrives on it, and only then becomes current (the responder may
 * not send on it before). previous keeps the last current for late packets.
 */
struct wg_noise_keypairs {
	struct wg_noise_keypair __rcu *current_keypair;
	struct wg_noise_keypair __rcu *previous_keypair;
	struct wg_noise_keypair __rcu *next_keypair;
	spinlock_t keypair_update_lock;	/* guards the three pointers */
};

enum wg_noise_handshake_state {
	WG_HANDSHAKE_ZEROED,
	WG_HANDSHAKE_CREATED_INITIATION,
	WG_HANDSHAKE_CONSUMED_INITIATION,
	WG_HANDSHAKE_CREATED_RESPONSE,
	WG_HANDSHAKE_CONSUMED_RESPONSE
};

struct wg_noise_handshake {
	struct wg_index_entry entry;		/* our index while in flight */
	struct wg_pubkey_entry pubkey_entry;	/* finds us by remote_static */
	struct wg_noise_static_identity *static_identity;
	struct wg_index_hashtable *index_table;
	void *owner;

	/* lock guards everything below */
	struct rw_semaphore lock;
	enum wg_noise_handshake_state state;
	u64 last_initiation_consumption;	/* ns, 0: never */

	u8 ephemeral_private[WG_NOISE_PUBLIC_KEY_LEN];
	u8 remote_static[WG_NOISE_PUBLIC_KEY_LEN];
	u8 remote_ephemeral[WG_NOISE_PUBLIC_KEY_LEN];
	/* DH(S_priv, S_pub_remote), all zero if that DH fails */
	u8 precomputed_static_static[WG_NOISE_PUBLIC_KEY_LEN];
	u8 preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN];
	u8 hash[WG_NOISE_HASH_LEN];
	u8 chaining_key[WG_NOISE_HASH_LEN];
	u8 latest_timestamp[WG_NOISE_TIMESTAMP_LEN];
	__le32 remote_index;
};

/* Precomputes the protocol's constant initial hash and chaining key. */
void wg_noise_init(void);

void wg_noise_static_identity_init(struct wg_noise_static_identity *identity);
/*
 * Sets the device key (clamped copy) or, for an all-zero key, clears it.
 * Afterwards, call wg_noise_precompute_static_static() on every peer.
 */
void wg_noise_set_static_identity_private_key(struct wg_noise_static_identity *identity,
					      const u8 private_key[WG_NOISE_PUBLIC_KEY_LEN]);
void wg_noise_static_identity_clear(struct wg_noise_static_identity *identity);

void wg_noise_handshake_init(struct wg_noise_handshake *handshake,
			     struct wg_noise_static_identity *static_identity,
			     struct wg_index_hashtable *index_table,
			     const u8 peer_public_key[WG_NOISE_PUBLIC_KEY_LEN],
			     const u8 peer_preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN],
			     void *owner);
void wg_noise_handshake_set_preshared_key(struct wg_noise_handshake *handshake,
					  const u8 preshared_key[WG_NOISE_SYMMETRIC_KEY_LEN]);
void wg_noise_precompute_static_static(struct wg_noise_handshake *handshake);
/* Forgets the handshake in flight (not the peer's keys or timestamps). */
void wg_noise_handshake_clear(struct wg_noise_handshake *handshake);

/* Message construction leaves the macs to wg_cookie_add_mac_to_packet(). */
bool wg_noise_handshake_create_initiation(struct wg_message_handshake_initiation *dst,
					  struct wg_noise_handshake *handshake);
/* Why a handshake message was not consumed, for the fleet counters. */
enum wg_noise_reject_reason {
	WG_NOISE_REJECT_NONE,
	WG_NOISE_REJECT_NO_IDENTITY,	/* the device has no private key */
	WG_NOISE_REJECT_UNKNOWN_PEER,	/* initiation: static undecryptable or no peer's */
	WG_NOISE_REJECT_UNKNOWN_INDEX,	/* response: no handshake of ours waits on it */
	WG_NOISE_REJECT_DECRYPT,	/* peer known: a DH or the payload failed */
	WG_NOISE_REJECT_STALE_TIMESTAMP,
	WG_NOISE_REJECT_FLOOD,
};

struct wg_noise_rejection {
	enum wg_noise_reject_reason reason;
	/* the peer's owner, referenced, when the reason names a known peer:
	 * the caller counts against it and puts it; else NULL */
	void *owner;
};

/* @why may be NULL; otherwise filled when NULL is returned. */
struct wg_noise_handshake *
wg_noise_handshake_consume_initiation(const struct wg_message_handshake_initiation *src,
				      struct wg_noise_static_identity *static_identity,
				      struct wg_pubkey_hashtable *pubkey_table,
				      struct wg_noise_rejection *why);
bool wg_noise_handshake_create_response(struct wg_message_handshake_response *dst,
					struct wg_noise_handshake *handshake);
struct wg_noise_handshake *
wg_noise_handshake_consume_response(const struct wg_message_handshake_response *src,
				    struct wg_noise_static_identity *static_identity,
				    struct wg_index_hashtable *index_table,
				    struct wg_noise_rejection *why);
/* Derives the transport keys and files the new keypair in @keypairs. */
bool wg_noise_handshake_begin_session(struct wg_noise_handshake *handshake,
				      struct wg_noise_keypairs *keypairs);

void wg_noise_keypairs_init(struct wg_noise_keypairs *keypairs);
void wg_noise_keypairs_clear(struct wg_noise_keypairs *keypairs);
/* Stops sending on current and next (so the next send starts a handshake). */
void wg_noise_expire_current_peer_keypairs(struct wg_noise_keypairs *keypairs);
/*
 * Call on each authenticated data packet: if it came on the next keypair,
 * that keypair is now confirmed and rotated to current. True in that case.
 */
bool wg_noise_received_with_keypair(struct wg_noise_keypairs *keypairs,
				    struct wg_noise_keypair *received_keypair);

/* Under rcu_read_lock_bh(): a reference, or NULL if it is being freed. */
struct wg_noise_keypair *wg_noise_keypair_get(struct wg_noise_keypair *keypair);
void wg_noise_keypair_put(struct wg_noise_keypair *keypair);
/*
 * The keypair behind receiver index @index, with a reference on it and on its
 * owner (*@owner, released with the table's owner_put), or NULL.
 */
struct wg_noise_keypair *wg_noise_keypair_lookup(struct wg_index_hashtable *table,
						 __le32 index, void **owner);
/* The current keypair if it may still send, with a reference, or NULL. */
struct wg_noise_keypair *wg_noise_keypair_current(struct wg_noise_keypairs *keypairs);
/* Reserves the next sending nonce; false once the keypair is used up. */
bool __must_check wg_noise_keypair_next_nonce(struct wg_noise_keypair *keypair,
					      u64 *nonce);
/* May data still be received on it (age and counter limits)? */
bool wg_noise_keypair_receiving_usable(struct wg_noise_keypair *keypair);
/* Rekey triggers of protocol.md, evaluated after a send or a receive. */
bool wg_noise_keypair_should_rekey_after_send(struct wg_noise_keypair *keypair);
bool wg_noise_keypair_should_rekey_after_receive(struct wg_noise_keypair *keypair);

/* TAI64N of now, nanoseconds rounded down (does not leak a fine clock). */
void wg_noise_tai64n_now(u8 output[WG_NOISE_TIMESTAMP_LEN]);

/* Load-time selftest; true if it passed. */
bool wg_noise_selftest(void);

#endif /* _WG_NOISE_H */
