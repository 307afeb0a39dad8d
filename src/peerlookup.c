// SPDX-License-Identifier: GPL-2.0

#include "peerlookup.h"

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/lockdep.h>
#include <crypto/algapi.h>

static struct hlist_head *pubkey_bucket(struct wg_pubkey_hashtable *table,
					const u8 *public_key)
{
	u64 h = siphash(public_key, WG_NOISE_PUBLIC_KEY_LEN, &table->key);

	return &table->table[h & ((1U << WG_PUBKEY_TABLE_BITS) - 1)];
}

struct wg_pubkey_hashtable *wg_pubkey_hashtable_alloc(const struct wg_lookup_callbacks *cb)
{
	struct wg_pubkey_hashtable *table = kvzalloc(sizeof(*table), GFP_KERNEL);
	unsigned int i;

	if (!table)
		return NULL;
	get_random_bytes(&table->key, sizeof(table->key));
	mutex_init(&table->lock);
	table->cb = cb;
	for (i = 0; i < ARRAY_SIZE(table->table); ++i)
		INIT_HLIST_HEAD(&table->table[i]);
	return table;
}

void wg_pubkey_hashtable_free(struct wg_pubkey_hashtable *table)
{
	if (!table)
		return;
	mutex_destroy(&table->lock);
	kvfree(table);
}

void wg_pubkey_hashtable_add(struct wg_pubkey_hashtable *table,
			     struct wg_pubkey_entry *entry)
{
	mutex_lock(&table->lock);
	hlist_add_head_rcu(&entry->hash,
			   pubkey_bucket(table, entry->public_key));
	mutex_unlock(&table->lock);
}

void wg_pubkey_hashtable_remove(struct wg_pubkey_hashtable *table,
				struct wg_pubkey_entry *entry)
{
	mutex_lock(&table->lock);
	hlist_del_init_rcu(&entry->hash);
	mutex_unlock(&table->lock);
}

struct wg_pubkey_entry *wg_pubkey_hashtable_lookup(struct wg_pubkey_hashtable *table,
						   const u8 public_key[WG_NOISE_PUBLIC_KEY_LEN])
{
	struct wg_pubkey_entry *iter, *found = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu(iter, pubkey_bucket(table, public_key), hash) {
		if (!crypto_memneq(iter->public_key, public_key,
				   WG_NOISE_PUBLIC_KEY_LEN)) {
			found = iter;
			break;
		}
	}
	if (found && !table->cb->owner_get(found->owner))
		found = NULL;
	rcu_read_unlock_bh();
	return found;
}

static struct hlist_head *index_bucket(struct wg_index_hashtable *table,
				       __le32 index)
{
	/* Indices are uniformly random already: no need to hash them again. */
	return &table->table[(__force u32)index &
			     ((1U << WG_INDEX_TABLE_BITS) - 1)];
}

struct wg_index_hashtable *wg_index_hashtable_alloc(const struct wg_lookup_callbacks *cb)
{
	struct wg_index_hashtable *table = kvzalloc(sizeof(*table), GFP_KERNEL);
	unsigned int i;

	if (!table)
		return NULL;
	spin_lock_init(&table->lock);
	table->cb = cb;
	for (i = 0; i < ARRAY_SIZE(table->table); ++i)
		INIT_HLIST_HEAD(&table->table[i]);
	return table;
}

void wg_index_hashtable_free(struct wg_index_hashtable *table)
{
	kvfree(table);
}

static bool index_in_use(struct wg_index_hashtable *table, __le32 index)
{
	struct wg_index_entry *iter;

	lockdep_assert_held(&table->lock);
	hlist_for_each_entry(iter, index_bucket(table, index), hash) {
		if (iter->index == index)
			return true;
	}
	return false;
}

__le32 wg_index_hashtable_insert(struct wg_index_hashtable *table,
				 struct wg_index_entry *entry)
{
	__le32 index;

	spin_lock_bh(&table->lock);
	hlist_del_init_rcu(&entry->hash);
	/*
	 * With at most 2^20 peers and a few indices each, a random draw is
	 * nearly always free; retrying keeps indices unpredictable.
	 */
	do {
		get_random_bytes(&index, sizeof(index));
	} while (index_in_use(table, index));
	entry->index = index;
	hlist_add_head_rcu(&entry->hash, index_bucket(table, index));
	spin_unlock_bh(&table->lock);
	return index;
}

bool wg_index_hashtable_replace(struct wg_index_hashtable *table,
				struct wg_index_entry *old,
				struct wg_index_entry *new)
{
	bool ret = false;

	spin_lock_bh(&table->lock);
	if (hlist_unhashed(&old->hash))
		goto out_unlock;
	new->index = old->index;
	hlist_replace_rcu(&old->hash, &new->hash);
	/*
	 * Readers still on @old keep following its ->next; only mark it
	 * unhashed so it may be inserted again.
	 */
	old->hash.pprev = NULL;
	ret = true;
out_unlock:
	spin_unlock_bh(&table->lock);
	return ret;
}

void wg_index_hashtable_remove(struct wg_index_hashtable *table,
			       struct wg_index_entry *entry)
{
	spin_lock_bh(&table->lock);
	hlist_del_init_rcu(&entry->hash);
	spin_unlock_bh(&table->lock);
}

struct wg_index_entry *wg_index_hashtable_lookup(struct wg_index_hashtable *table,
						 unsigned int type_mask,
						 __le32 index, void **owner)
{
	struct wg_index_entry *iter, *found = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu(iter, index_bucket(table, index), hash) {
		if (iter->index == index) {
			if (iter->type & type_mask)
				found = iter;
			break;
		}
	}
	if (found) {
		*owner = READ_ONCE(found->owner);
		if (!table->cb->owner_get(*owner))
			found = NULL;
	}
	rcu_read_unlock_bh();
	return found;
}
