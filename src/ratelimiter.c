// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens are kept in nanoseconds of credit: a packet costs 1/20 s and the
 * bucket holds at most 5 packets' worth, so credit accrues simply as the
 * time elapsed since the entry was last touched.
 */

#include "ratelimiter.h"

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/random.h>
#include <linux/socket.h>
#include <linux/ktime.h>
#include <linux/rculist.h>
#include <linux/lockdep.h>

enum {
	WG_RL_TABLE_SIZE = 1 << WG_RATELIMITER_TABLE_BITS
};

#define WG_RL_PACKET_COST (NSEC_PER_SEC / WG_RATELIMITER_PACKETS_PER_SECOND)
#define WG_RL_TOKEN_MAX (WG_RL_PACKET_COST * WG_RATELIMITER_PACKETS_BURSTABLE)

struct wg_ratelimiter_entry {
	struct hlist_node hash;
	struct rcu_head rcu;
	spinlock_t lock;	/* guards tokens and last_time */
	u64 last_time_ns;
	u64 tokens;
	u8 key[16];		/* family byte + address (v6: the /64) */
};

static void gc_work_fn(struct work_struct *work);

/* The bucket key: the family first, so v4 and v6 never collide. */
static unsigned int make_key(u8 key[16], int family, const void *addr)
{
	memset(key, 0, 16);
	key[0] = (u8)family;
	if (family == AF_INET) {
		memcpy(key + 4, addr, 4);
		return 8;
	}
	memcpy(key + 8, addr, 8); /* IPv6 /64 */
	return 16;
}

static u32 bucket_of(struct wg_ratelimiter *rl, const u8 key[16])
{
	return (u32)siphash(key, 16, &rl->key) & (WG_RL_TABLE_SIZE - 1);
}

int wg_ratelimiter_init(struct wg_ratelimiter *rl)
{
	unsigned int i;

	spin_lock_init(&rl->table_lock);
	rl->entries = 0;
	get_random_bytes(&rl->key, sizeof(rl->key));
	rl->table = kvzalloc(WG_RL_TABLE_SIZE * sizeof(*rl->table), GFP_KERNEL);
	if (!rl->table)
		return -ENOMEM;
	for (i = 0; i < WG_RL_TABLE_SIZE; ++i)
		INIT_HLIST_HEAD(&rl->table[i]);
	INIT_DELAYED_WORK(&rl->gc_work, gc_work_fn);
	queue_delayed_work(system_power_efficient_wq, &rl->gc_work,
			   HZ * WG_RATELIMITER_GC_PERIOD_SEC);
	return 0;
}

static void entry_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct wg_ratelimiter_entry, rcu));
}

void wg_ratelimiter_gc(struct wg_ratelimiter *rl, bool all)
{
	u64 now = ktime_get_coarse_boottime_ns();
	struct wg_ratelimiter_entry *entry;
	struct hlist_node *tmp;
	unsigned int i;

	spin_lock_bh(&rl->table_lock);
	for (i = 0; i < WG_RL_TABLE_SIZE; ++i) {
		hlist_for_each_entry_safe(entry, tmp, &rl->table[i], hash) {
			if (!all && now - READ_ONCE(entry->last_time_ns) <
					    NSEC_PER_SEC)
				continue;
			hlist_del_rcu(&entry->hash);
			--rl->entries;
			call_rcu(&entry->rcu, entry_free_rcu);
		}
	}
	spin_unlock_bh(&rl->table_lock);
}

static void gc_work_fn(struct work_struct *work)
{
	struct wg_ratelimiter *rl = container_of(to_delayed_work(work),
						 struct wg_ratelimiter,
						 gc_work);

	wg_ratelimiter_gc(rl, false);
	queue_delayed_work(system_power_efficient_wq, &rl->gc_work,
			   HZ * WG_RATELIMITER_GC_PERIOD_SEC);
}

void wg_ratelimiter_uninit(struct wg_ratelimiter *rl)
{
	cancel_delayed_work_sync(&rl->gc_work);
	wg_ratelimiter_gc(rl, true);
	rcu_barrier();
	kvfree(rl->table);
	rl->table = NULL;
}

unsigned int wg_ratelimiter_count(struct wg_ratelimiter *rl)
{
	return READ_ONCE(rl->entries);
}

bool wg_ratelimiter_allow(struct wg_ratelimiter *rl, int family,
			  const void *addr)
{
	struct wg_ratelimiter_entry *entry;
	u8 key[16];
	u64 now;
	u32 bucket;

	if (family != AF_INET && family != AF_INET6)
		return false;
	make_key(key, family, addr);
	bucket = bucket_of(rl, key);

	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, &rl->table[bucket], hash) {
		u64 tokens;
		bool ret;

		if (memcmp(entry->key, key, sizeof(key)))
			continue;
		/* Credit grows with idle time, capped at the burst. */
		spin_lock(&entry->lock);
		now = ktime_get_coarse_boottime_ns();
		tokens = entry->tokens + (now - entry->last_time_ns);
		if (tokens > WG_RL_TOKEN_MAX)
			tokens = WG_RL_TOKEN_MAX;
		entry->last_time_ns = now;
		ret = tokens >= WG_RL_PACKET_COST;
		entry->tokens = ret ? tokens - WG_RL_PACKET_COST : tokens;
		spin_unlock(&entry->lock);
		rcu_read_unlock();
		return ret;
	}
	rcu_read_unlock();

	/* A new source: it starts with a full bucket, minus this packet. */
	entry = kzalloc(sizeof(*entry), GFP_ATOMIC);
	if (unlikely(!entry))
		return false;
	memcpy(entry->key, key, sizeof(key));
	spin_lock_init(&entry->lock);
	entry->last_time_ns = ktime_get_coarse_boottime_ns();
	entry->tokens = WG_RL_TOKEN_MAX - WG_RL_PACKET_COST;
	spin_lock_bh(&rl->table_lock);
	if (rl->entries >= WG_RATELIMITER_MAX_ENTRIES) {
		spin_unlock_bh(&rl->table_lock);
		kfree(entry);
		return false;
	}
	++rl->entries;
	hlist_add_head_rcu(&entry->hash, &rl->table[bucket]);
	spin_unlock_bh(&rl->table_lock);
	return true;
}
