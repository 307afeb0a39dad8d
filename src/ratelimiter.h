/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-source handshake rate limiter: a token bucket per source address
 * (IPv4 address, or the /64 of an IPv6 address, since one host commonly owns
 * a whole /64), refilled at 20 packets per second up to a burst of 5.
 * Entries idle for a second are collected by a periodic job.
 */
#ifndef _WG_RATELIMITER_H
#define _WG_RATELIMITER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>

enum wg_ratelimiter_values {
	WG_RATELIMITER_PACKETS_PER_SECOND = 20,
	WG_RATELIMITER_PACKETS_BURSTABLE = 5,
	WG_RATELIMITER_TABLE_BITS = 13,
	/* beyond this many tracked sources, new ones are refused */
	WG_RATELIMITER_MAX_ENTRIES = 8 * (1 << WG_RATELIMITER_TABLE_BITS),
	WG_RATELIMITER_GC_PERIOD_SEC = 1
};

struct wg_ratelimiter {
	/* table_lock guards insertion, removal and entries */
	spinlock_t table_lock;
	unsigned int entries;
	siphash_key_t key;
	struct hlist_head *table;	/* read under RCU */
	struct delayed_work gc_work;
};

int wg_ratelimiter_init(struct wg_ratelimiter *rl);
void wg_ratelimiter_uninit(struct wg_ratelimiter *rl);
/* @family AF_INET/AF_INET6, @addr the source address in network order. */
bool wg_ratelimiter_allow(struct wg_ratelimiter *rl, int family,
			  const void *addr);
/* Drops entries idle for over a second (all of them if @all). */
void wg_ratelimiter_gc(struct wg_ratelimiter *rl, bool all);
unsigned int wg_ratelimiter_count(struct wg_ratelimiter *rl);

#endif /* _WG_RATELIMITER_H */
