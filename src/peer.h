/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_PEER_H
#define _WG_PEER_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>

#include "cookie.h"
#include "counters.h"
#include "noise.h"

struct wg_device;

enum wg_peer_limits {
	/* packets held while no keypair is ready; beyond: the oldest is dropped */
	WG_MAX_STAGED_PACKETS = 128,
};

/* Where a peer is, and the source address it last reached us at. */
struct wg_endpoint {
	union {
		struct sockaddr addr;
		struct sockaddr_in addr4;
		struct sockaddr_in6 addr6;
	};
	union {
		struct in_addr src4;
		struct in6_addr src6;
	};
	int src_ifindex;
};

/*
 * A peer of a device.
 *
 * Lifetime: a kref; the device's peer list holds one reference, lookups
 * (allowed IPs, index and public-key tables, timers, work) take their own.
 * Removal marks is_dead under the device's update lock, unlinks from every
 * table, stops timers and work, then drops the list's reference; the memory
 * is freed after an RCU grace period.
 * endpoint_lock guards endpoint; staged_packets has its own lock; the
 * timer fields are touched only from timer callbacks and the paths that arm
 * them (benign races, as each is a hint).
 */
struct wg_peer {
	struct wg_device *device;
	struct wg_noise_handshake handshake;
	struct wg_noise_keypairs keypairs;
	struct wg_cookie latest_cookie;

	rwlock_t endpoint_lock;
	struct wg_endpoint endpoint;
	struct dst_cache endpoint_cache;

	struct sk_buff_head staged_packets;
	/* packets in crypto, in order (queueing.h) */
	struct sk_buff_head tx_ordered, rx_ordered;
	struct work_struct tx_send_work, rx_deliver_work;
	struct work_struct handshake_send_work;
	struct work_struct clear_keys_work;

	struct timer_list timer_retransmit_handshake;
	struct timer_list timer_send_keepalive;
	struct timer_list timer_new_handshake;
	struct timer_list timer_zero_key_material;
	struct timer_list timer_persistent_keepalive;
	unsigned int timer_handshake_attempts;
	bool timer_need_another_keepalive;
	/* a retry asked the handshake worker for an initiation (send.c) */
	atomic_t handshake_retry_queued;
	u16 persistent_keepalive_interval;
	atomic64_t last_sent_handshake;	/* ktime ns */

	atomic64_t rx_bytes, tx_bytes;
	struct wg_peer_counters counters;
	struct timespec64 walltime_last_handshake;	/* under handshake.lock */

	struct list_head allowedips_list;
	struct list_head peer_list;
	struct kref refcount;
	struct rcu_head rcu;
	bool is_dead;
	u64 internal_id;
};

/* The peers' slab cache: made at module load, destroyed at unload. */
int wg_peer_cache_init(void);
void wg_peer_cache_uninit(void);

struct wg_peer *wg_peer_create(struct wg_device *wg, const u8 public_key[32],
			       const u8 preshared_key[32]);
struct wg_peer *__must_check wg_peer_get_maybe_zero(struct wg_peer *peer);
static inline struct wg_peer *wg_peer_get(struct wg_peer *peer)
{
	kref_get(&peer->refcount);
	return peer;
}
void wg_peer_put(struct wg_peer *peer);
/*
 * Queues one of the peer's work items, which then owns a reference it
 * drops when done, unless the peer is dead or the work is already pending.
 */
bool wg_peer_queue_work(struct wg_peer *peer, struct workqueue_struct *wq,
			struct work_struct *work);
void wg_peer_remove(struct wg_peer *peer);
/* Cancels the peer's pending work, dropping the references it held. */
void wg_peer_cancel_work(struct wg_peer *peer);
/* Cancels work and drops every packet the peer has queued or in crypto. */
void wg_peer_drain_packets(struct wg_peer *peer);
void wg_peer_remove_all(struct wg_device *wg);
/* The lookup callbacks the core's tables use to pin a peer. */
extern const struct wg_lookup_callbacks wg_peer_lookup_callbacks;

#endif /* _WG_PEER_H */
