// SPDX-License-Identifier: GPL-2.0
/*
 * The per-peer timers of the protocol (protocol.md, "Timers and limits"):
 *
 * retransmit_handshake  armed when an initiation is sent; fires after
 *                       REKEY_TIMEOUT + jitter: resend, or after
 *                       MAX_TIMER_HANDSHAKES tries give up, drop the staged
 *                       packets and schedule the key wipe.
 * send_keepalive        armed when data is received; fires after
 *                       KEEPALIVE_TIMEOUT if we sent nothing back (passive
 *                       keepalive). Stopped by any authenticated send.
 * new_handshake         armed when data is sent; fires after KEEPALIVE_TIMEOUT
 *                       + REKEY_TIMEOUT if nothing authenticated came back.
 *                       Stopped by any authenticated receive.
 * zero_key_material     armed when a session is derived; fires after
 *                       3 * REJECT_AFTER_TIME: wipe every keypair and the
 *                       handshake in flight.
 * persistent_keepalive  re-armed on every authenticated packet in either
 *                       direction when an interval is configured.
 *
 * Callbacks run in softirq: anything that sleeps (handshake creation takes
 * rw_semaphores) is handed to the peer's work items. Nothing is armed once
 * the peer is dead.
 */
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/timer.h>
#include <wg/compat.h>

#include "device.h"
#include "peer.h"
#include "send.h"
#include "timers.h"

static void mod_peer_timer(struct wg_peer *peer, struct timer_list *timer,
			   unsigned long expires)
{
	rcu_read_lock_bh();
	if (likely(netif_running(peer->device->dev) && !READ_ONCE(peer->is_dead)))
		mod_timer(timer, expires);
	rcu_read_unlock_bh();
}

static unsigned long jitter(void)
{
	return msecs_to_jiffies(get_random_u32_below(WG_REKEY_TIMEOUT_JITTER_MAX_MS + 1));
}

static void expired_retransmit_handshake(struct timer_list *timer)
{
	struct wg_peer *peer = timer_container_of(peer, timer, timer_retransmit_handshake);

	/* The initiation in flight got no response in time. */
	wg_count_peer(peer, HANDSHAKE_ATTEMPTS_UNANSWERED);
	atomic64_set(&peer->counters.last_failed_handshake_ns, ktime_get_real_ns());
	if (peer->timer_handshake_attempts > WG_MAX_TIMER_HANDSHAKES) {
		struct sk_buff_head dropped;

		netdev_dbg(peer->device->dev, "peer %llu: no handshake after %u tries, giving up\n",
			   peer->internal_id, peer->timer_handshake_attempts + 2);
		wg_count_peer(peer, HANDSHAKE_GIVE_UPS);
		timer_delete(&peer->timer_send_keepalive);
		/* What waited for this handshake is dropped, and counted. */
		__skb_queue_head_init(&dropped);
		spin_lock_bh(&peer->staged_packets.lock);
		skb_queue_splice_init(&peer->staged_packets, &dropped);
		spin_unlock_bh(&peer->staged_packets.lock);
		wg_count_peer_add(peer, TX_DROPPED_NO_HANDSHAKE, skb_queue_len(&dropped));
		__skb_queue_purge(&dropped);
		if (!timer_pending(&peer->timer_zero_key_material))
			mod_peer_timer(peer, &peer->timer_zero_key_material,
				       jiffies + WG_REJECT_AFTER_TIME * 3 * HZ);
		return;
	}
	++peer->timer_handshake_attempts;
	/* The endpoint's source address may be what went stale. */
	dst_cache_reset(&peer->endpoint_cache);
	wg_packet_send_handshake_initiation(peer, true);
}

static void expired_send_keepalive(struct timer_list *timer)
{
	struct wg_peer *peer = timer_container_of(peer, timer, timer_send_keepalive);

	wg_packet_send_keepalive(peer);
	if (peer->timer_need_another_keepalive) {
		peer->timer_need_another_keepalive = false;
		mod_peer_timer(peer, &peer->timer_send_keepalive,
			       jiffies + WG_KEEPALIVE_TIMEOUT * HZ);
	}
}

static void expired_new_handshake(struct timer_list *timer)
{
	struct wg_peer *peer = timer_container_of(peer, timer, timer_new_handshake);

	dst_cache_reset(&peer->endpoint_cache);
	wg_packet_send_handshake_initiation(peer, false);
}

static void expired_zero_key_material(struct timer_list *timer)
{
	struct wg_peer *peer = timer_container_of(peer, timer, timer_zero_key_material);

	wg_peer_queue_work(peer, peer->device->handshake_wq, &peer->clear_keys_work);
}

void wg_timers_clear_keys_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, clear_keys_work);

	wg_noise_handshake_clear(&peer->handshake);
	wg_noise_keypairs_clear(&peer->keypairs);
	wg_peer_put(peer);
}

static void expired_persistent_keepalive(struct timer_list *timer)
{
	struct wg_peer *peer = timer_container_of(peer, timer, timer_persistent_keepalive);

	if (likely(peer->persistent_keepalive_interval))
		wg_packet_send_keepalive(peer);
}

/* Returns whether this call armed the timer (it was not pending). */
bool wg_timers_data_sent(struct wg_peer *peer)
{
	if (timer_pending(&peer->timer_new_handshake))
		return false;
	mod_peer_timer(peer, &peer->timer_new_handshake,
		       jiffies + (WG_KEEPALIVE_TIMEOUT + WG_REKEY_TIMEOUT) * HZ +
		       jitter());
	return true;
}

/* Undoes wg_timers_data_sent() that armed the timer for data that never left. */
void wg_timers_data_not_sent(struct wg_peer *peer)
{
	timer_delete(&peer->timer_new_handshake);
}

void wg_timers_data_received(struct wg_peer *peer)
{
	if (likely(netif_running(peer->device->dev))) {
		if (!timer_pending(&peer->timer_send_keepalive))
			mod_peer_timer(peer, &peer->timer_send_keepalive,
				       jiffies + WG_KEEPALIVE_TIMEOUT * HZ);
		else
			peer->timer_need_another_keepalive = true;
	}
}

void wg_timers_any_authenticated_packet_sent(struct wg_peer *peer)
{
	timer_delete(&peer->timer_send_keepalive);
}

void wg_timers_any_authenticated_packet_received(struct wg_peer *peer)
{
	timer_delete(&peer->timer_new_handshake);
}

void wg_timers_handshake_initiated(struct wg_peer *peer)
{
	mod_peer_timer(peer, &peer->timer_retransmit_handshake,
		       jiffies + WG_REKEY_TIMEOUT * HZ + jitter());
}

void wg_timers_handshake_complete(struct wg_peer *peer)
{
	timer_delete(&peer->timer_retransmit_handshake);
	peer->timer_handshake_attempts = 0;
	ktime_get_real_ts64(&peer->walltime_last_handshake);
}

void wg_timers_session_derived(struct wg_peer *peer)
{
	mod_peer_timer(peer, &peer->timer_zero_key_material,
		       jiffies + WG_REJECT_AFTER_TIME * 3 * HZ);
}

void wg_timers_any_authenticated_packet_traversal(struct wg_peer *peer)
{
	u16 interval = READ_ONCE(peer->persistent_keepalive_interval);

	if (interval)
		mod_peer_timer(peer, &peer->timer_persistent_keepalive,
			       jiffies + interval * HZ);
}

void wg_timers_init(struct wg_peer *peer)
{
	timer_setup(&peer->timer_retransmit_handshake, expired_retransmit_handshake, 0);
	timer_setup(&peer->timer_send_keepalive, expired_send_keepalive, 0);
	timer_setup(&peer->timer_new_handshake, expired_new_handshake, 0);
	timer_setup(&peer->timer_zero_key_material, expired_zero_key_material, 0);
	timer_setup(&peer->timer_persistent_keepalive, expired_persistent_keepalive, 0);
	peer->timer_handshake_attempts = 0;
	peer->timer_need_another_keepalive = false;
}

void wg_timers_stop(struct wg_peer *peer)
{
	timer_delete_sync(&peer->timer_retransmit_handshake);
	timer_delete_sync(&peer->timer_send_keepalive);
	timer_delete_sync(&peer->timer_new_handshake);
	timer_delete_sync(&peer->timer_zero_key_material);
	timer_delete_sync(&peer->timer_persistent_keepalive);
}
