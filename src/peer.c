// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: creation, references and removal. A peer is reachable from the
 * device's list, the public-key table, the index table (its handshake and
 * keypairs) and the allowed-IPs trie; removal unlinks it from all of them
 * under the device's update lock before the list's reference is dropped, so
 * a lookup either finds it alive or not at all.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "device.h"
#include "peer.h"
#include "receive.h"
#include "send.h"
#include "timers.h"

/* Drops every packet of an ordered queue, with the references it holds. */
static void purge_ordered(struct sk_buff_head *ordered)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(ordered)) != NULL) {
		wg_noise_keypair_put(PACKET_CB(skb)->keypair);
		wg_peer_put(PACKET_CB(skb)->peer);
		kfree_skb(skb);
	}
}

static atomic64_t peer_counter = ATOMIC64_INIT(0);

/*
 * A peer's three packet queues get a lockdep class each: the transmit path
 * takes staged_packets' lock while holding tx_ordered's (always in that
 * order), which lockdep would otherwise read as one lock taken twice.
 */
static struct lock_class_key staged_packets_key;
static struct lock_class_key tx_ordered_key;
static struct lock_class_key rx_ordered_key;

/*
 * A cache of its own: a peer is a little over 1 KiB, which kmalloc would
 * round up to 2 KiB (measured with 10,000 peers: 2 KiB each in kmalloc-2k).
 */
static struct kmem_cache *peer_cache;

int wg_peer_cache_init(void)
{
	peer_cache = KMEM_CACHE(wg_peer, 0);
	return peer_cache ? 0 : -ENOMEM;
}

/* After every peer is gone, their RCU frees included. */
void wg_peer_cache_uninit(void)
{
	rcu_barrier();
	kmem_cache_destroy(peer_cache);
	peer_cache = NULL;
}

static bool wg_peer_owner_get(void *owner)
{
	return wg_peer_get_maybe_zero(owner) != NULL;
}

static void wg_peer_owner_put(void *owner)
{
	wg_peer_put(owner);
}

const struct wg_lookup_callbacks wg_peer_lookup_callbacks = {
	.owner_get = wg_peer_owner_get,
	.owner_put = wg_peer_owner_put,
};

struct wg_peer *wg_peer_create(struct wg_device *wg, const u8 public_key[32],
			       const u8 preshared_key[32])
{
	struct wg_peer *peer;

	lockdep_assert_held(&wg->device_update_lock);

	if (wg->num_peers >= WG_MAX_PEERS_PER_DEVICE)
		return ERR_PTR(-ENOSPC);

	peer = kmem_cache_zalloc(peer_cache, GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	if (dst_cache_init(&peer->endpoint_cache, GFP_KERNEL)) {
		kmem_cache_free(peer_cache, peer);
		return ERR_PTR(-ENOMEM);
	}
	peer->device = wg;
	wg_noise_handshake_init(&peer->handshake, &wg->static_identity,
				wg->index_hashtable, public_key, preshared_key,
				peer);
	wg_noise_keypairs_init(&peer->keypairs);
	wg_cookie_init(&peer->latest_cookie, public_key);
	rwlock_init(&peer->endpoint_lock);
	skb_queue_head_init(&peer->staged_packets);
	skb_queue_head_init(&peer->tx_ordered);
	skb_queue_head_init(&peer->rx_ordered);
	lockdep_set_class(&peer->staged_packets.lock, &staged_packets_key);
	lockdep_set_class(&peer->tx_ordered.lock, &tx_ordered_key);
	lockdep_set_class(&peer->rx_ordered.lock, &rx_ordered_key);
	INIT_WORK(&peer->tx_send_work, wg_packet_tx_send_worker);
	INIT_WORK(&peer->rx_deliver_work, wg_packet_rx_deliver_worker);
	INIT_WORK(&peer->handshake_send_work, wg_packet_handshake_send_worker);
	INIT_WORK(&peer->clear_keys_work, wg_timers_clear_keys_worker);
	wg_timers_init(peer);
	INIT_LIST_HEAD(&peer->allowedips_list);
	kref_init(&peer->refcount);
	peer->internal_id = atomic64_inc_return(&peer_counter);

	wg_pubkey_hashtable_add(wg->peer_hashtable, &peer->handshake.pubkey_entry);
	list_add_tail(&peer->peer_list, &wg->peer_list);
	++wg->num_peers;
	wg_device_config_changed(wg);
	return peer;
}

struct wg_peer *wg_peer_get_maybe_zero(struct wg_peer *peer)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_bh_held() && !rcu_read_lock_held(),
			 "taking a peer reference outside RCU");
	if (unlikely(!peer || !kref_get_unless_zero(&peer->refcount)))
		return NULL;
	return peer;
}

bool wg_peer_queue_work(struct wg_peer *peer, struct workqueue_struct *wq,
			struct work_struct *work)
{
	bool queued = false;

	rcu_read_lock_bh();
	if (!READ_ONCE(peer->is_dead) && wg_peer_get_maybe_zero(peer)) {
		queued = queue_work(wq, work);
		if (!queued)
			wg_peer_put(peer);	/* already pending with its own */
	}
	rcu_read_unlock_bh();
	return queued;
}

static void wg_peer_free_rcu(struct rcu_head *rcu)
{
	struct wg_peer *peer = container_of(rcu, struct wg_peer, rcu);

	dst_cache_destroy(&peer->endpoint_cache);
	/* Keys were wiped at removal; the rest of the memory too. */
	memzero_explicit(peer, sizeof(*peer));
	kmem_cache_free(peer_cache, peer);
}

static void wg_peer_release(struct kref *refcount)
{
	struct wg_peer *peer = container_of(refcount, struct wg_peer, refcount);

	call_rcu(&peer->rcu, wg_peer_free_rcu);
}

void wg_peer_put(struct wg_peer *peer)
{
	if (peer)
		kref_put(&peer->refcount, wg_peer_release);
}

/*
 * Unlinks @peer from every table, stops its timers and work and wipes its
 * keys. The last reference may still be held by a packet in flight; that
 * holder only ever sees is_dead set and a peer with no keys.
 */
void wg_peer_cancel_work(struct wg_peer *peer)
{
	/* Queued work holds a reference, which the work would have dropped. */
	if (cancel_work_sync(&peer->handshake_send_work))
		wg_peer_put(peer);
	if (cancel_work_sync(&peer->clear_keys_work))
		wg_peer_put(peer);
	if (cancel_work_sync(&peer->tx_send_work))
		wg_peer_put(peer);
	if (cancel_work_sync(&peer->rx_deliver_work))
		wg_peer_put(peer);
}

void wg_peer_drain_packets(struct wg_peer *peer)
{
	struct wg_device *wg = peer->device;

	wg_peer_cancel_work(peer);
	/* Packets in the CPUs' rings point into the ordered queues. */
	wg_crypt_queue_flush(&wg->encrypt_queue);
	wg_crypt_queue_flush(&wg->decrypt_queue);
	wg_peer_cancel_work(peer);
	purge_ordered(&peer->tx_ordered);
	purge_ordered(&peer->rx_ordered);
	skb_queue_purge(&peer->staged_packets);
}

/*
 * Takes @peer out of every table and moves it from the device's list onto
 * @dead: once a grace period has passed, no lookup can find it.
 */
static void peer_unlink(struct wg_peer *peer, struct list_head *dead)
{
	struct wg_device *wg = peer->device;

	WRITE_ONCE(peer->is_dead, true);
	wg_allowedips_remove_by_peer(&wg->peer_allowedips, peer);
	wg_pubkey_hashtable_remove(wg->peer_hashtable, &peer->handshake.pubkey_entry);
	list_move_tail(&peer->peer_list, dead);
	--wg->num_peers;
	wg_device_config_changed(wg);
}

/*
 * The rest of the removal of the unlinked peers on @dead, after a grace
 * period: stops their timers and work, drops their packets, wipes their
 * keys and drops the list's references. Each step runs for all the peers
 * before the next, so the device-wide waits (the handshake queue, the
 * crypt workers) are waited for once, not once per peer: removing 10,000
 * peers one grace period and one flush at a time took minutes, with RTNL
 * held all along. Every peer still sees the steps in the order
 * wg_peer_remove gives them.
 */
static void peers_finish(struct wg_device *wg, struct list_head *dead)
{
	struct wg_peer *peer, *tmp;

	list_for_each_entry(peer, dead, peer_list)
		wg_timers_stop(peer);
	/* Handshake messages of these peers may still sit in the queue. */
	flush_workqueue(wg->handshake_wq);
	list_for_each_entry(peer, dead, peer_list)
		wg_peer_cancel_work(peer);
	/* Packets in the CPUs' rings point into the ordered queues. */
	wg_crypt_queue_flush(&wg->encrypt_queue);
	wg_crypt_queue_flush(&wg->decrypt_queue);
	list_for_each_entry_safe(peer, tmp, dead, peer_list) {
		wg_peer_cancel_work(peer);
		purge_ordered(&peer->tx_ordered);
		purge_ordered(&peer->rx_ordered);
		skb_queue_purge(&peer->staged_packets);
		wg_timers_stop(peer);
		wg_noise_handshake_clear(&peer->handshake);
		wg_noise_keypairs_clear(&peer->keypairs);
		dst_cache_reset(&peer->endpoint_cache);
		list_del_init(&peer->peer_list);
		wg_peer_put(peer);
		cond_resched();
	}
}

void wg_peer_remove(struct wg_peer *peer)
{
	struct wg_device *wg = peer->device;
	LIST_HEAD(dead);

	lockdep_assert_held(&wg->device_update_lock);
	if (unlikely(peer->is_dead))
		return;
	peer_unlink(peer, &dead);
	/* No lookup can find it now; wait for those already running. */
	synchronize_net();
	peers_finish(wg, &dead);
}

void wg_peer_remove_all(struct wg_device *wg)
{
	struct wg_peer *peer, *tmp;
	LIST_HEAD(dead);

	lockdep_assert_held(&wg->device_update_lock);
	if (list_empty(&wg->peer_list))
		return;
	list_for_each_entry_safe(peer, tmp, &wg->peer_list, peer_list) {
		peer_unlink(peer, &dead);
		cond_resched();
	}
	/* One grace period for all of them. */
	synchronize_net();
	peers_finish(wg, &dead);
}
