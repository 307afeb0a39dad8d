// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving, from the UDP sockets' encap_rcv hook (softirq).
 *
 * Handshake messages have their macs checked here (handshake_admit()), then
 * go to a bounded per-device queue consumed by workers in process context
 * (the handshake takes semaphores and does DH); when that queue is long the
 * device is "under load" and demands cookies before any DH. Data messages
 * are decrypted on every CPU (queueing.h), then, in the peer's order: the
 * replay window, key confirmation, roaming (the endpoint update), the
 * cryptokey routing check of the inner source address, and delivery. A
 * failure at any step drops the packet.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/scatterlist.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <net/udp.h>
#include <wgcrypto/chacha20poly1305.h>

#include "device.h"
#include "messages.h"
#include "peer.h"
#include "queueing.h"
#include "receive.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/*
 * A message received, counted whole (WireGuard header, ciphertext, tag) for
 * the peer and for the device alike, as the in-tree module counts them: a
 * monitor reading the device's rx bytes sees what `wg show transfer` sums.
 * Handshake messages and keepalives count; a data packet counts once it is
 * delivered, not when it is dropped for its inner source or length.
 */
static void rx_stats_add(struct wg_peer *peer, size_t len)
{
	atomic64_add(len, &peer->rx_bytes);
	/*
	 * The device's per-CPU counters: the data path calls with bottom
	 * halves off already, the handshake worker in process context.
	 */
	local_bh_disable();
	dev_sw_netstats_rx_add(peer->device->dev, len);
	local_bh_enable();
}

/*
 * The load state's time stamps are jiffies | 1, and 0 until the first
 * time: on 32-bit kernels jiffies starts 5 minutes before it wraps
 * (INITIAL_JIFFIES), so comparing against a zero "last time" would read
 * as "a moment ago" for the first 5 minutes after boot and demand cookies
 * from every peer. So a stamp may lie one tick ahead of the jiffies it
 * was taken at.
 *
 * True if @stamp was taken less than @len ago. In the range, not merely
 * before its end: once jiffies has run 2^31 past a stale stamp (25 days at
 * HZ=1000 on 32-bit), "before stamp + len" would read true again, for
 * another 25 days.
 */
static bool stamp_within(unsigned long stamp, unsigned long len)
{
	return stamp && time_in_range(jiffies, stamp - 1, stamp + len);
}

/*
 * Time under load, for the fleet counters: the spans between handshake
 * messages that found the device under load, when they are closer than
 * the load state lasts (a flood that pauses longer ended one episode).
 * xchg() gives each span to one CPU.
 */
static void count_time_under_load(struct wg_device *wg)
{
	unsigned long now = jiffies | 1;
	unsigned long prev = xchg(&wg->counters.under_load_last_seen, now);

	if (prev && time_in_range(now, prev, prev + WG_UNDER_LOAD_AFTER_TIME * HZ))
		atomic64_add(jiffies_to_msecs(now - prev),
			     &wg->counters.c[WG_STATS_DEV_UNDER_LOAD_MS]);
}

/* Under load while the handshake queue is long, and for a while after. */
static bool under_load(struct wg_device *wg)
{
	bool load;

	if (skb_queue_len(&wg->incoming_handshakes) >= WG_UNDER_LOAD_QUEUE_LEN) {
		WRITE_ONCE(wg->last_under_load, jiffies | 1);
		load = true;
	} else {
		load = stamp_within(READ_ONCE(wg->last_under_load),
				    WG_UNDER_LOAD_AFTER_TIME * HZ);
	}
	if (load)
		count_time_under_load(wg);
	return load;
}

/*
 * Under load, a message turned away in softirq (answered with a cookie
 * reply, or over its source's rate) never reaches the queue, so a flood
 * no longer keeps the queue long: once the load state lapsed, the next
 * few hundred flood messages would be queued for DH, and a peer coming
 * in then would be let in without a cookie. So while messages are turned
 * away at WG_UNDER_LOAD_TURNED_AWAY a second or more (a flood, not peers
 * retrying), the load state is renewed. Counted per one-second window;
 * the races between CPUs on the window only blur the count.
 */
static void note_turned_away(struct wg_device *wg)
{
	if (!stamp_within(READ_ONCE(wg->turned_away_since), HZ)) {
		WRITE_ONCE(wg->turned_away_since, jiffies | 1);
		atomic_set(&wg->turned_away, 0);
	}
	if (atomic_inc_return(&wg->turned_away) >= WG_UNDER_LOAD_TURNED_AWAY)
		WRITE_ONCE(wg->last_under_load, jiffies | 1);
}

static void cookie_source_from_skb(struct wg_cookie_source *src, const struct sk_buff *skb)
{
	src->port = udp_hdr(skb)->source;
	if (skb->protocol == htons(ETH_P_IP)) {
		src->family = AF_INET;
		src->addr = (const u8 *)&ip_hdr(skb)->saddr;
	} else {
		src->family = AF_INET6;
		src->addr = (const u8 *)&ipv6_hdr(skb)->saddr;
	}
}

/* What the receive path learned of a queued handshake message. */
struct wg_handshake_cb {
	/* mac2 valid and the source within its rate, checked under load */
	bool cookie_checked;
};
#define HANDSHAKE_CB(skb) ((struct wg_handshake_cb *)(skb)->cb)

/* Under load and no valid cookie: a cookie reply, and no DH. */
static void send_cookie_reply(struct wg_device *wg, struct sk_buff *skb,
			      const struct wg_cookie_source *src)
{
	struct wg_message_handshake_cookie reply;
	__le32 sender = ((const struct wg_message_handshake_initiation *)skb->data)->sender_index;

	wg_cookie_message_create(&reply, skb->data, skb->len, sender,
				 &wg->cookie_checker, src);
	wg_socket_send_buffer_as_reply_to_skb(wg, skb, &reply, sizeof(reply));
	wg_count_dev(wg, COOKIE_REPLIES_SENT);
}

/* The peer (referenced) whose handshake a cookie reply answers, or NULL. */
static struct wg_peer *cookie_reply_peer(struct wg_device *wg,
					 const struct wg_message_handshake_cookie *msg)
{
	struct wg_index_entry *entry;
	void *owner;

	rcu_read_lock_bh();
	entry = wg_index_hashtable_lookup(wg->index_hashtable,
					  WG_INDEX_HANDSHAKE | WG_INDEX_KEYPAIR,
					  msg->receiver_index, &owner);
	rcu_read_unlock_bh();
	return entry ? owner : NULL;
}

/* A cookie reply is worth queueing only if it answers one of our handshakes. */
static bool cookie_reply_expected(struct wg_device *wg, struct sk_buff *skb)
{
	struct wg_peer *peer = cookie_reply_peer(wg, (void *)skb->data);

	if (!peer)
		return false;
	wg_peer_put(peer);
	return true;
}

/*
 * The first look at a handshake message, in softirq, before it may take a
 * place in the queue. The queue is bounded and its worker empties it at DH
 * speed, so whatever a flood puts there delays or pushes out every
 * legitimate handshake behind it. So a bad mac1 never gets there, nor,
 * under load, a message without a valid mac2 (answered here with a cookie
 * reply) or one over its source's rate; nor a cookie reply for an index we
 * do not have. False: the caller frees it.
 */
static bool handshake_admit(struct wg_device *wg, struct sk_buff *skb,
			    enum wg_message_type type)
{
	enum wg_cookie_mac_state mac_state;
	struct wg_cookie_source src;
	bool load;

	HANDSHAKE_CB(skb)->cookie_checked = false;
	if (type == WG_MESSAGE_HANDSHAKE_COOKIE) {
		if (cookie_reply_expected(wg, skb))
			return true;
		wg_count_dev(wg, RX_DROPPED_UNKNOWN_INDEX);
		return false;
	}

	cookie_source_from_skb(&src, skb);
	load = under_load(wg);
	mac_state = wg_cookie_validate_packet(&wg->cookie_checker, skb->data, skb->len,
					      &src, load, &wg->ratelimiter);
	if (mac_state == WG_INVALID_MAC) {
		wg_count_dev(wg, RX_DROPPED_BAD_MAC1);
		return false;
	}
	if (!load)
		return mac_state == WG_VALID_MAC_BUT_NO_COOKIE;
	if (mac_state == WG_VALID_MAC_WITH_COOKIE) {
		HANDSHAKE_CB(skb)->cookie_checked = true;
		return true;
	}
	/* answered with a cookie reply (counted there), or over its rate */
	if (mac_state == WG_VALID_MAC_BUT_NO_COOKIE)
		send_cookie_reply(wg, skb, &src);
	else
		wg_count_dev(wg, RX_DROPPED_RATE_LIMITED);
	note_turned_away(wg);
	return false;
}

/*
 * A message admitted while we were not under load, and dequeued under
 * load: looked at again as if it arrived now (mac2, rate). True: go on.
 */
static bool handshake_recheck_under_load(struct wg_device *wg, struct sk_buff *skb)
{
	enum wg_cookie_mac_state mac_state;
	struct wg_cookie_source src;

	if (HANDSHAKE_CB(skb)->cookie_checked || !under_load(wg))
		return true;
	cookie_source_from_skb(&src, skb);
	/* The rate limiter's locks are also taken in softirq. */
	local_bh_disable();
	mac_state = wg_cookie_validate_packet(&wg->cookie_checker, skb->data, skb->len,
					      &src, true, &wg->ratelimiter);
	if (mac_state == WG_VALID_MAC_BUT_NO_COOKIE)
		send_cookie_reply(wg, skb, &src);
	else if (mac_state != WG_VALID_MAC_WITH_COOKIE)
		wg_count_dev(wg, RX_DROPPED_RATE_LIMITED);
	local_bh_enable();
	return mac_state == WG_VALID_MAC_WITH_COOKIE;
}

/* Counts a handshake message noise refused: against its peer when known. */
static void count_rejection(struct wg_device *wg, struct wg_noise_rejection *why)
{
	struct wg_peer *peer = why->owner;

	switch (why->reason) {
	case WG_NOISE_REJECT_UNKNOWN_PEER:
		wg_count_dev(wg, RX_DROPPED_UNKNOWN_PEER);
		break;
	case WG_NOISE_REJECT_UNKNOWN_INDEX:
		wg_count_dev(wg, RX_DROPPED_UNKNOWN_INDEX);
		break;
	case WG_NOISE_REJECT_DECRYPT:
		if (peer)
			wg_count_peer(peer, HANDSHAKE_REJECTED_DECRYPT);
		break;
	case WG_NOISE_REJECT_STALE_TIMESTAMP:
		if (peer)
			wg_count_peer(peer, HANDSHAKE_REJECTED_STALE_TIMESTAMP);
		break;
	case WG_NOISE_REJECT_FLOOD:
		if (peer)
			wg_count_peer(peer, HANDSHAKE_REJECTED_FLOOD);
		break;
	default:	/* no private key yet: nothing to monitor */
		break;
	}
	if (peer)
		wg_peer_put(peer);
}

static void receive_handshake_packet(struct wg_device *wg, struct sk_buff *skb)
{
	struct wg_noise_rejection why;
	enum wg_message_type type = wg_message_type(skb->data, skb->len);
	struct wg_noise_handshake *handshake = NULL;
	struct wg_peer *peer = NULL;

	if (type == WG_MESSAGE_HANDSHAKE_COOKIE) {
		const struct wg_message_handshake_cookie *msg = (void *)skb->data;

		peer = cookie_reply_peer(wg, msg);
		if (!peer)
			return;
		if (!wg_cookie_message_consume(msg, &peer->latest_cookie))
			net_dbg_ratelimited("%s: invalid cookie reply\n", wg->dev->name);
		wg_peer_put(peer);
		return;
	}

	if (!handshake_recheck_under_load(wg, skb))
		return;

	if (type == WG_MESSAGE_HANDSHAKE_INITIATION) {
		struct wg_message_handshake_response response;

		handshake = wg_noise_handshake_consume_initiation((void *)skb->data,
								  &wg->static_identity,
								  wg->peer_hashtable, &why);
		if (!handshake) {
			net_dbg_ratelimited("%s: invalid handshake initiation\n",
					    wg->dev->name);
			count_rejection(wg, &why);
			return;
		}
		peer = handshake->owner;
		wg_socket_set_peer_endpoint_from_skb(peer, skb);
		if (wg_noise_handshake_create_response(&response, &peer->handshake)) {
			wg_cookie_add_mac_to_packet(&response, sizeof(response),
						    &peer->latest_cookie);
			wg_timers_any_authenticated_packet_traversal(peer);
			wg_timers_any_authenticated_packet_sent(peer);
			atomic64_set(&peer->last_sent_handshake,
				     ktime_get_coarse_boottime_ns());
			if (wg_noise_handshake_begin_session(&peer->handshake, &peer->keypairs)) {
				wg_timers_session_derived(peer);
				wg_timers_handshake_complete(peer);
				wg_count_peer(peer, HANDSHAKES_COMPLETED);
			}
			wg_socket_send_buffer_to_peer(peer, &response, sizeof(response), 0);
		}
		memzero_explicit(&response, sizeof(response));
	} else {
		handshake = wg_noise_handshake_consume_response((void *)skb->data,
								&wg->static_identity,
								wg->index_hashtable, &why);
		if (!handshake) {
			net_dbg_ratelimited("%s: invalid handshake response\n",
					    wg->dev->name);
			count_rejection(wg, &why);
			return;
		}
		peer = handshake->owner;
		wg_count_peer(peer, HANDSHAKE_RESPONSES_RECEIVED);
		wg_socket_set_peer_endpoint_from_skb(peer, skb);
		if (wg_noise_handshake_begin_session(&peer->handshake, &peer->keypairs)) {
			wg_timers_session_derived(peer);
			wg_timers_handshake_complete(peer);
			wg_count_peer(peer, HANDSHAKES_COMPLETED);
			/* The initiator confirms the keys by sending: data if
			 * any is staged, else a keepalive. */
			wg_packet_send_keepalive(peer);
		}
	}
	rx_stats_add(peer, skb->len);
	wg_timers_any_authenticated_packet_received(peer);
	wg_timers_any_authenticated_packet_traversal(peer);
	wg_peer_put(peer);
}

/*
 * Under a flood the queue never empties, and a worker that never sleeps
 * holds up whatever waits for every task to switch voluntarily (RCU Tasks:
 * kprobes, tracing, BPF trampolines). After a slice of work it naps for a
 * tick.
 */
#define WG_HANDSHAKE_WORKER_SLICE max(HZ / 20, 1)

void wg_packet_handshake_receive_worker(struct work_struct *work)
{
	struct wg_device *wg = container_of(work, struct wg_handshake_worker, work)->wg;
	unsigned long slice_end = jiffies + WG_HANDSHAKE_WORKER_SLICE;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&wg->incoming_handshakes)) != NULL) {
		receive_handshake_packet(wg, skb);
		kfree_skb(skb);
		if (time_after(jiffies, slice_end)) {
			schedule_timeout_idle(1);
			slice_end = jiffies + WG_HANDSHAKE_WORKER_SLICE;
		} else {
			cond_resched();
		}
	}
}

/*
 * The next worker in turn, so that under a flood every CPU does DH; the
 * queue is shared, so which one takes a message does not matter.
 */
static void kick_handshake_worker(struct wg_device *wg)
{
	unsigned int i = (unsigned int)atomic_inc_return(&wg->next_handshake_worker);

	queue_work(wg->handshake_wq, &wg->handshake_workers[i % wg->num_handshake_workers].work);
}

/* The IP version and length of a decrypted packet, or false if malformed. */
static bool inner_packet_valid(struct sk_buff *skb, __be16 *proto)
{
	unsigned int len;

	if (skb->len < sizeof(struct iphdr))
		return false;
	if (ip_hdr(skb)->version == 4 && pskb_network_may_pull(skb, sizeof(struct iphdr))) {
		len = ntohs(ip_hdr(skb)->tot_len);
		if (len < sizeof(struct iphdr) || len > skb->len)
			return false;
		*proto = htons(ETH_P_IP);
	} else if (ip_hdr(skb)->version == 6 && skb->len >= sizeof(struct ipv6hdr) &&
		   pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		len = ntohs(ipv6_hdr(skb)->payload_len) + sizeof(struct ipv6hdr);
		if (len > skb->len)
			return false;
		*proto = htons(ETH_P_IPV6);
	} else {
		return false;
	}
	/* Drop the padding. */
	return !pskb_trim(skb, len);
}

/* A CPU's crypt worker: decrypts one data packet in place. */
void wg_packet_decrypt_one(struct sk_buff *skb)
{
	struct wg_packet_cb *cb = PACKET_CB(skb);
	/* Held for the kick, as in wg_packet_encrypt_one(). */
	struct wg_peer *peer = wg_peer_get(cb->peer);
	unsigned int data_len = skb->len - sizeof(struct wg_message_data);
	struct scatterlist sg;
	bool ok = false;

	cb->no_keypair = !wg_noise_keypair_receiving_usable(cb->keypair);
	if (likely(!cb->no_keypair)) {
		sg_init_one(&sg, skb->data + sizeof(struct wg_message_data), data_len);
		ok = wg_chacha20poly1305_decrypt_sg_inplace(&sg, data_len, NULL, 0, cb->nonce,
							    cb->keypair->receiving.key);
	}
	atomic_set_release(&cb->state, ok ? WG_PACKET_CRYPTED : WG_PACKET_DEAD);
	wg_peer_queue_work(peer, peer->device->packet_wq, &peer->rx_deliver_work);
	wg_peer_put(peer);
}

/* The rest of the receive path, in the peer's order, after decryption. */
static void deliver_data_packet(struct wg_peer *peer, struct sk_buff *skb)
{
	struct wg_packet_cb *cb = PACKET_CB(skb);
	struct wg_noise_keypair *keypair = cb->keypair;
	struct wg_device *wg = peer->device;
	struct net_device *dev = wg->dev;
	unsigned int message_len = skb->len;
	unsigned int data_len = message_len - sizeof(struct wg_message_data);
	struct wg_peer *routed;
	__be16 proto;

	/* The window, after authentication: a forged counter moves nothing. */
	if (!wg_replay_counter_validate(&keypair->receiving_counter, cb->nonce)) {
		net_dbg_ratelimited("%s: replayed or too old packet %llu from peer %llu\n",
				    dev->name, cb->nonce, peer->internal_id);
		DEV_STATS_INC(dev, rx_dropped);
		wg_count_peer(peer, DATA_DROPPED_REPLAY);
		goto drop;
	}

	if (wg_noise_received_with_keypair(&peer->keypairs, keypair))
		/* Key confirmed: what waited for it may go now. */
		wg_packet_send_staged_packets(peer);
	wg_socket_set_peer_endpoint_from_skb(peer, skb);
	wg_timers_any_authenticated_packet_received(peer);
	wg_timers_any_authenticated_packet_traversal(peer);
	if (wg_noise_keypair_should_rekey_after_receive(keypair))
		wg_packet_send_handshake_initiation(peer, false);

	skb_pull(skb, sizeof(struct wg_message_data));
	skb_trim(skb, data_len - WG_NOISE_AUTHTAG_LEN);
	if (skb->len == 0) {
		/* A keepalive: nothing to deliver. */
		rx_stats_add(peer, message_len);
		wg_count_peer(peer, KEEPALIVES_RECEIVED);
		consume_skb(skb);
		return;
	}
	wg_timers_data_received(peer);

	skb_reset_network_header(skb);
	if (unlikely(!inner_packet_valid(skb, &proto))) {
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_length_errors);
		wg_count_peer(peer, DATA_DROPPED_MALFORMED);
		goto drop;
	}
	/* Cryptokey routing: the inner source must be one of the peer's. */
	rcu_read_lock_bh();
	routed = proto == htons(ETH_P_IP) ?
		 wg_allowedips_lookup(&wg->peer_allowedips, AF_INET, &ip_hdr(skb)->saddr) :
		 wg_allowedips_lookup(&wg->peer_allowedips, AF_INET6, &ipv6_hdr(skb)->saddr);
	rcu_read_unlock_bh();
	if (unlikely(routed != peer)) {
		net_dbg_ratelimited("%s: packet from peer %llu with a source address it may not use\n",
				    dev->name, peer->internal_id);
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_frame_errors);
		wg_count_peer(peer, DATA_DROPPED_SOURCE);
		goto drop;
	}
	/* Counted only now, delivered: as the in-tree module counts. */
	rx_stats_add(peer, message_len);

	/* Nothing of the outer packet may leak into the inner one's path. */
	skb_scrub_packet(skb, true);
	skb->protocol = proto;
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = ~0;
	skb_reset_transport_header(skb);
	skb->mac_len = 0;
	skb_reset_mac_header(skb);
	if (gro_cells_receive(&wg->gro_cells, skb) == NET_RX_DROP)
		DEV_STATS_INC(dev, rx_dropped);
	return;

drop:
	kfree_skb(skb);
}

void wg_packet_rx_deliver_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, rx_deliver_work);
	enum wg_packet_state state;
	struct sk_buff *skb;

	while ((skb = wg_packet_dequeue_done(&peer->rx_ordered, &state)) != NULL) {
		struct wg_noise_keypair *keypair;

		keypair = PACKET_CB(skb)->keypair;
		wg_peer_put(PACKET_CB(skb)->peer);	/* we hold our own */
		if (state == WG_PACKET_CRYPTED) {
			local_bh_disable();
			deliver_data_packet(peer, skb);
			local_bh_enable();
		} else {
			DEV_STATS_INC(peer->device->dev, rx_errors);
			if (PACKET_CB(skb)->no_keypair)
				wg_count_peer(peer, DATA_DROPPED_NO_KEYPAIR);
			else
				wg_count_peer(peer, DATA_DROPPED_AUTH);
			kfree_skb(skb);
		}
		wg_noise_keypair_put(keypair);
		cond_resched();
	}
	wg_peer_put(peer);
}

enum { WG_MAX_RX_ORDERED = 1024 };

/* Files a data packet on its peer's ordered queue and hands it to a CPU. */
static void receive_data_packet(struct wg_device *wg, struct sk_buff *skb)
{
	struct wg_message_data *header = (void *)skb->data;
	struct wg_noise_keypair *keypair;
	struct wg_packet_cb *cb;
	struct wg_peer *peer;
	void *owner;

	rcu_read_lock_bh();
	keypair = wg_noise_keypair_lookup(wg->index_hashtable, header->key_idx, &owner);
	rcu_read_unlock_bh();
	if (unlikely(!keypair)) {
		wg_count_dev(wg, RX_DROPPED_UNKNOWN_INDEX);
		goto drop;
	}
	peer = owner;
	if (unlikely(READ_ONCE(peer->is_dead) ||
		     skb_queue_len(&peer->rx_ordered) >= WG_MAX_RX_ORDERED)) {
		wg_noise_keypair_put(keypair);
		wg_peer_put(peer);
		wg_count_dev(wg, RX_DROPPED_QUEUE_FULL);
		goto drop;
	}
	cb = PACKET_CB(skb);
	cb->peer = peer;		/* the lookup's references move here */
	cb->keypair = keypair;
	cb->nonce = le64_to_cpu(header->counter);
	atomic_set(&cb->state, WG_PACKET_UNCRYPTED);
	skb_queue_tail(&peer->rx_ordered, skb);
	wg_crypt_queue_submit(&wg->decrypt_queue, skb);
	return;

drop:
	DEV_STATS_INC(wg->dev, rx_dropped);
	kfree_skb(skb);
}

/*
 * A datagram wg_message_type() refused: a known type byte (the three
 * bytes above it zero) at the wrong length, or no type of ours.
 */
static void count_unclassified(struct wg_device *wg, const struct sk_buff *skb)
{
	u32 type;

	if (skb->len < sizeof(__le32)) {
		wg_count_dev(wg, RX_DROPPED_BAD_LENGTH);
		return;
	}
	type = get_unaligned_le32(skb->data);
	if (type >= WG_MESSAGE_HANDSHAKE_INITIATION && type <= WG_MESSAGE_DATA)
		wg_count_dev(wg, RX_DROPPED_BAD_LENGTH);
	else
		wg_count_dev(wg, RX_DROPPED_UNKNOWN_TYPE);
}

/*
 * encap_rcv: returns 0 when the packet was ours (consumed, even if
 * dropped), so the UDP stack never delivers it anywhere else.
 */
int wg_receive(struct sock *sk, struct sk_buff *skb)
{
	struct wg_device *wg = rcu_dereference_sk_user_data(sk);
	enum wg_message_type type;

	if (unlikely(!wg))
		goto drop;
	/* One private, linear buffer from the WireGuard header on. */
	if (unlikely(skb_linearize(skb) || skb_unclone(skb, GFP_ATOMIC)))
		goto drop;
	if (unlikely(!pskb_may_pull(skb, skb_transport_offset(skb) + sizeof(struct udphdr))))
		goto drop;
	__skb_pull(skb, skb_transport_offset(skb) + sizeof(struct udphdr));
	skb_postpull_rcsum(skb, skb_transport_header(skb), 0);

	type = wg_message_type(skb->data, skb->len);
	switch (type) {
	case WG_MESSAGE_HANDSHAKE_INITIATION:
	case WG_MESSAGE_HANDSHAKE_RESPONSE:
	case WG_MESSAGE_HANDSHAKE_COOKIE:
		if (skb_queue_len(&wg->incoming_handshakes) >= WG_MAX_QUEUED_INCOMING_HANDSHAKES) {
			net_dbg_ratelimited("%s: handshake queue full, dropping\n", wg->dev->name);
			wg_count_dev(wg, RX_DROPPED_QUEUE_FULL);
			goto drop;
		}
		/* Refused or answered here: as when the worker refuses one,
		 * not counted as an error of the device. */
		if (!handshake_admit(wg, skb, type)) {
			kfree_skb(skb);
			return 0;
		}
		skb_dst_drop(skb);
		skb_queue_tail(&wg->incoming_handshakes, skb);
		kick_handshake_worker(wg);
		return 0;
	case WG_MESSAGE_DATA:
		if (unlikely(skb->len < wg_message_data_len(0))) {
			wg_count_dev(wg, RX_DROPPED_BAD_LENGTH);
			goto drop;
		}
		receive_data_packet(wg, skb);
		return 0;
	default:
		count_unclassified(wg, skb);
		break;
	}
drop:
	if (wg)
		DEV_STATS_INC(wg->dev, rx_errors);
	kfree_skb(skb);
	return 0;
}
