/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two per-device lookup tables of the protocol:
 *  - public key -> peer (keyed with siphash so a remote party cannot aim
 *    many keys at one bucket), used when an initiation names its sender;
 *  - receiver index -> handshake or keypair, with indices drawn at random
 *    and unique in the device, used by every other message.
 * Both store entries that their owner embeds; they never look inside the
 * owner. A lookup that returns an entry has taken a reference on its owner
 * through the owner_get callback, which may refuse an owner being freed.
 */
#ifndef _WG_PEERLOOKUP_H
#define _WG_PEERLOOKUP_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/siphash.h>
#include "messages.h"

struct wg_lookup_callbacks {
	/* Take a reference on @owner unless it is already going away. */
	bool (*owner_get)(void *owner);
	void (*owner_put)(void *owner);
};

enum {
	WG_PUBKEY_TABLE_BITS = 11,
	WG_INDEX_TABLE_BITS = 13
};

struct wg_pubkey_entry {
	struct hlist_node hash;
	const u8 *public_key;	/* WG_NOISE_PUBLIC_KEY_LEN bytes, the owner's */
	void *owner;
};

struct wg_pubkey_hashtable {
	siphash_key_t key;
	struct mutex lock;	/* guards insertions and removals */
	const struct wg_lookup_callbacks *cb;
	struct hlist_head table[1 << WG_PUBKEY_TABLE_BITS];
};

enum wg_index_type {
	WG_INDEX_HANDSHAKE = 1U << 0,
	WG_INDEX_KEYPAIR = 1U << 1
};

struct wg_index_entry {
	struct hlist_node hash;
	void *owner;
	enum wg_index_type type;
	__le32 index;
};

struct wg_index_hashtable {
	spinlock_t lock;	/* guards insertions, replacements, removals */
	const struct wg_lookup_callbacks *cb;
	struct hlist_head table[1 << WG_INDEX_TABLE_BITS];
};

struct wg_pubkey_hashtable *wg_pubkey_hashtable_alloc(const struct wg_lookup_callbacks *cb);
void wg_pubkey_hashtable_free(struct wg_pubkey_hashtable *table);
void wg_pubkey_hashtable_add(struct wg_pubkey_hashtable *table,
			     struct wg_pubkey_entry *entry);
void wg_pubkey_hashtable_remove(struct wg_pubkey_hashtable *table,
				struct wg_pubkey_entry *entry);
/* The entry for @public_key with a reference on its owner, or NULL. */
struct wg_pubkey_entry *wg_pubkey_hashtable_lookup(struct wg_pubkey_hashtable *table,
						   const u8 public_key[WG_NOISE_PUBLIC_KEY_LEN]);

struct wg_index_hashtable *wg_index_hashtable_alloc(const struct wg_lookup_callbacks *cb);
void wg_index_hashtable_free(struct wg_index_hashtable *table);
/* Gives @entry a fresh random index unique in @table and adds it. */
__le32 wg_index_hashtable_insert(struct wg_index_hashtable *table,
				 struct wg_index_entry *entry);
/* @new takes over @old's index and place; false if @old was not there. */
bool wg_index_hashtable_replace(struct wg_index_hashtable *table,
				struct wg_index_entry *old,
				struct wg_index_entry *new);
void wg_index_hashtable_remove(struct wg_index_hashtable *table,
			       struct wg_index_entry *entry);
/*
 * The entry of one of the types in @type_mask at @index, with a reference on
 * its owner (returned in *@owner), or NULL.
 */
struct wg_index_entry *wg_index_hashtable_lookup(struct wg_index_hashtable *table,
						 unsigned int type_mask,
						 __le32 index, void **owner);

#endif /* _WG_PEERLOOKUP_H */
