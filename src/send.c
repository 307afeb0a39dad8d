// SPDX-License-Identifier: GPL-2.0
/*
 * Sending: handshake initiations, keepalives and data.
 *
 * Data packets wait in the peer's bounded staging queue; the peer's
 * transmit work numbers them under the current keypair and hands them to
 * every CPU for encryption, keeping them on the peer's ordered queue; the
 * peer's sender then sends them in that order (queueing.h). When there is
 * no usable keypair the packets stay staged and a handshake is started;
 * the handshake's completion sends them.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/scatterlist.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <wgcrypto/chacha20poly1305.h>

#include "device.h"
#include "messages.h"
#include "peer.h"
#include "queueing.h"
#include "send.h"
#include "socket.h"
#include "timers.h"
#include "udp-batch.h"

static void send_initiation_now(struct wg_peer *peer)
{
	struct wg_message_handshake_initiation packet;

	if (!wg_noise_handshake_create_initiation(&packet, &peer->handshake))
		return;
	wg_cookie_add_mac_to_packet(&packet, sizeof(packet), &peer->latest_cookie);
	wg_timers_any_authenticated_packet_traversal(peer);
	wg_timers_any_authenticated_packet_sent(peer);
	atomic64_set(&peer->last_sent_handshake, ktime_get_coarse_boottime_ns());
	/*
	 * The retry is armed before the initiation leaves: the response can
	 * complete the handshake (and disarm the retry) before the send
	 * returns, and a retry armed after that would start a second
	 * handshake 5 s later (seen in the oracle's timing scenario on a slow
	 * guest: latest-handshake moved by 5 s with no reason to).
	 */
	wg_timers_handshake_initiated(peer);
	if (!wg_socket_send_buffer_to_peer(peer, &packet, sizeof(packet), 0))
		wg_count_peer(peer, HANDSHAKE_INITIATIONS_SENT);
	memzero_explicit(&packet, sizeof(packet));
}

static bool handshake_sent_recently(struct wg_peer *peer)
{
	u64 last = atomic64_read(&peer->last_sent_handshake);

	return last && ktime_get_coarse_boottime_ns() - last <
		       (u64)WG_REKEY_TIMEOUT * NSEC_PER_SEC;
}

/*
 * One initiation per REKEY_TIMEOUT unless the retry timer asks: checked
 * here again because the callers' check runs before the worker stamps
 * last_sent_handshake, so two callers (netlink's keepalive and its staged
 * send, say) could each queue the worker, the second while the first run
 * is creating its initiation, and two initiations would leave (seen on an
 * emulated arm64 guest: three initiations for one handshake).
 */
void wg_packet_handshake_send_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, handshake_send_work);

	if (atomic_xchg(&peer->handshake_retry_queued, 0) || !handshake_sent_recently(peer))
		send_initiation_now(peer);
	wg_peer_put(peer);
}

void wg_packet_send_handshake_initiation(struct wg_peer *peer, bool is_retry)
{
	if (!is_retry)
		peer->timer_handshake_attempts = 0;
	else
		atomic_set(&peer->handshake_retry_queued, 1);

	/* Creating a handshake takes semaphores: leave it to process context. */
	if (!(handshake_sent_recently(peer) && !is_retry))
		wg_peer_queue_work(peer, peer->device->handshake_wq,
				   &peer->handshake_send_work);
}

void wg_packet_send_keepalive(struct wg_peer *peer)
{
	struct sk_buff *skb;

	/* An empty packet is a keepalive; staged data would do as well. */
	if (skb_queue_empty(&peer->staged_packets)) {
		skb = alloc_skb(MAX_HEADER + sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
				sizeof(struct wg_message_data) + WG_NOISE_AUTHTAG_LEN,
				GFP_ATOMIC);
		if (unlikely(!skb))
			return;
		skb_reserve(skb, MAX_HEADER + sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
			    sizeof(struct wg_message_data));
		skb->dev = peer->device->dev;
		PACKET_CB(skb)->mtu = READ_ONCE(peer->device->dev->mtu);
		skb_queue_tail(&peer->staged_packets, skb);
	}
	wg_packet_send_staged_packets(peer);
}

/* Encrypts @skb in place into a transport message. False: drop it. */
static bool encrypt_packet(struct sk_buff *skb, struct wg_noise_keypair *keypair,
			   u64 nonce, unsigned int mtu)
{
	unsigned int plain_len = wg_message_padded_len(skb->len, mtu);
	unsigned int padding = plain_len - skb->len;
	unsigned int headroom = sizeof(struct wg_message_data) + sizeof(struct udphdr) +
				sizeof(struct ipv6hdr) + MAX_HEADER;
	unsigned int tailroom = padding + WG_NOISE_AUTHTAG_LEN;
	struct wg_message_data *header;
	struct scatterlist sg;

	/* One linear, private buffer with room for header, padding and tag. */
	if (skb_headroom(skb) < headroom || skb_tailroom(skb) < tailroom ||
	    skb_cloned(skb) || skb_is_nonlinear(skb)) {
		if (skb_linearize(skb) ||
		    pskb_expand_head(skb, max_t(int, headroom - skb_headroom(skb), 0),
				     max_t(int, tailroom - skb_tailroom(skb), 0), GFP_ATOMIC))
			return false;
	}
	skb_put_zero(skb, padding);
	skb_put(skb, WG_NOISE_AUTHTAG_LEN);

	sg_init_one(&sg, skb->data, plain_len + WG_NOISE_AUTHTAG_LEN);
	if (!wg_chacha20poly1305_encrypt_sg_inplace(&sg, plain_len, NULL, 0, nonce,
						    keypair->sending.key))
		return false;

	header = skb_push(skb, sizeof(*header));
	header->header.type = cpu_to_le32(WG_MESSAGE_DATA);
	header->key_idx = keypair->remote_index;
	header->counter = cpu_to_le64(nonce);
	skb_set_inner_network_header(skb, 0);
	return true;
}

/* A CPU's crypt worker: one packet, in place. */
void wg_packet_encrypt_one(struct sk_buff *skb)
{
	struct wg_packet_cb *cb = PACKET_CB(skb);
	/* Held for the kick: once its state is set, the packet may leave the
	 * ordered queue, and its reference on the peer with it. */
	struct wg_peer *peer = wg_peer_get(cb->peer);
	bool ok = encrypt_packet(skb, cb->keypair, cb->nonce, cb->mtu);

	atomic_set_release(&cb->state, ok ? WG_PACKET_CRYPTED : WG_PACKET_DEAD);
	wg_peer_queue_work(peer, peer->device->packet_wq, &peer->tx_send_work);
	wg_peer_put(peer);
}

/*
 * With udp_gso on, encrypted messages gather here, in order, and leave
 * together when the ordered queue's head is not done yet (or this many
 * wait): a burst becomes trains (udp-batch.c).
 */
enum { WG_TX_TRAIN_MAX = 64 };

/*
 * One message. True: data (not a keepalive) left. A datagram with no route
 * out (or no socket) is counted nowhere, as the in-tree module does; one
 * lost after routing, the tunnel helper counts.
 */
static bool send_one(struct wg_peer *peer, struct sk_buff *skb)
{
	bool is_keepalive = wg_message_data_is_keepalive(skb->len);

	if (wg_socket_send_skb_to_peer(peer, skb, PACKET_CB(skb)->ds))
		return false;
	if (is_keepalive)
		wg_count_peer(peer, KEEPALIVES_SENT);
	return !is_keepalive;
}

/*
 * Sends @run (@n messages, @bytes long) as one GSO skb, consuming it. False
 * if the route's MTU is below a message (or no memory): @run is left to be
 * sent one at a time, fragmented as ever. *@sent_data: data (not only
 * keepalives) left.
 */
static bool send_run_as_gso(struct wg_peer *peer, struct sk_buff_head *run, unsigned int n,
			    unsigned int bytes, bool *sent_data)
{
	struct sk_buff *gso = wg_udp_batch_run_to_gso(run, n, bytes), *skb;
	unsigned int keepalives;
	int ret;

	if (!gso)
		return false;
	ret = wg_socket_send_skb_to_peer(peer, gso, PACKET_CB(skb_peek(run))->ds);
	if (ret == -EMSGSIZE)
		return false;
	/*
	 * Sent, or refused as each of them would have been (no route, no
	 * socket): counted as one datagram each would be, so nothing more.
	 */
	keepalives = wg_udp_batch_run_keepalives(run);
	if (!ret && keepalives < n)
		*sent_data = true;
	if (!ret && keepalives)
		wg_count_peer_add(peer, KEEPALIVES_SENT, keepalives);
	while ((skb = __skb_dequeue(run)) != NULL) {
		if (ret)
			kfree_skb(skb);
		else
			consume_skb(skb);
	}
	return true;
}

static bool send_train(struct wg_peer *peer, struct sk_buff_head *train)
{
	struct sk_buff_head run;
	bool sent_data = false;
	unsigned int n, bytes;
	struct sk_buff *skb;

	if (skb_queue_empty(train))
		return false;
	__skb_queue_head_init(&run);
	while (!skb_queue_empty(train)) {
		n = wg_udp_batch_take_run(train, &run, &bytes);
		if (n > 1 && send_run_as_gso(peer, &run, n, bytes, &sent_data))
			continue;
		while ((skb = __skb_dequeue(&run)) != NULL)
			sent_data |= send_one(peer, skb);
	}
	wg_timers_any_authenticated_packet_traversal(peer);
	wg_timers_any_authenticated_packet_sent(peer);
	return sent_data;
}

/* The peer's serial sender: the head of its ordered queue, while done. */
void wg_packet_tx_send_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, tx_send_work);
	/* read once: a switch turned mid-run must not reorder the run */
	bool batch = wg_udp_batch_gso_enabled();
	struct wg_noise_keypair *last = NULL;
	struct sk_buff_head train;
	enum wg_packet_state state;
	bool sent_data = false, armed_here = false;
	struct sk_buff *skb;

	__skb_queue_head_init(&train);
	while ((skb = wg_packet_dequeue_done(&peer->tx_ordered, &state)) != NULL) {
		struct wg_packet_cb *cb = PACKET_CB(skb);

		wg_noise_keypair_put(last);
		last = cb->keypair;
		wg_peer_put(cb->peer);	/* we hold our own */
		if (state == WG_PACKET_CRYPTED) {
			/*
			 * Armed before the datagram leaves: the answer can be
			 * back (and have disarmed the timer) before the send
			 * returns, and a timer armed after that answer would
			 * start a needless handshake 15 s later.
			 */
			if (!wg_message_data_is_keepalive(skb->len) && wg_timers_data_sent(peer))
				armed_here = true;
			if (batch) {
				__skb_queue_tail(&train, skb);
				if (skb_queue_len(&train) >= WG_TX_TRAIN_MAX)
					sent_data |= send_train(peer, &train);
			} else {
				sent_data |= send_one(peer, skb);
				wg_timers_any_authenticated_packet_traversal(peer);
				wg_timers_any_authenticated_packet_sent(peer);
			}
		} else {
			DEV_STATS_INC(peer->device->dev, tx_errors);
			kfree_skb(skb);
		}
		cond_resched();
	}
	sent_data |= send_train(peer, &train);
	/* Data that never left expects no answer. */
	if (armed_here && !sent_data)
		wg_timers_data_not_sent(peer);
	if (last && wg_noise_keypair_should_rekey_after_send(last))
		wg_packet_send_handshake_initiation(peer, false);
	wg_noise_keypair_put(last);
	wg_peer_put(peer);
}

/*
 * Numbers each staged packet under the current keypair and hands it to a
 * CPU for encryption, filing it on the peer's ordered queue. Called from
 * transmit (softirq or process context) and from wherever a keypair becomes
 * usable; the ordered queue's lock is held throughout, so nonces and queue
 * order agree even when two CPUs send to one peer at once.
 */
void wg_packet_send_staged_packets(struct wg_peer *peer)
{
	struct wg_device *wg = peer->device;
	struct wg_noise_keypair *keypair;
	bool need_handshake = false;
	struct sk_buff *skb;

	if (skb_queue_empty(&peer->staged_packets) || READ_ONCE(peer->is_dead))
		return;

	rcu_read_lock_bh();
	keypair = wg_noise_keypair_current(&peer->keypairs);
	rcu_read_unlock_bh();
	if (!keypair) {
		wg_packet_send_handshake_initiation(peer, false);
		return;
	}

	spin_lock_bh(&peer->tx_ordered.lock);
	while ((skb = skb_dequeue(&peer->staged_packets)) != NULL) {
		struct wg_packet_cb *cb = PACKET_CB(skb);
		u8 ds = 0;

		if (unlikely(!wg_noise_keypair_next_nonce(keypair, &cb->nonce))) {
			/* Used up: keep the packet for the next keypair. */
			skb_queue_head(&peer->staged_packets, skb);
			wg_noise_expire_current_peer_keypairs(&peer->keypairs);
			need_handshake = true;
			break;
		}
		if (skb->len) {
			if (skb->protocol == htons(ETH_P_IP))
				ds = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
			else if (skb->protocol == htons(ETH_P_IPV6))
				ds = ip_tunnel_ecn_encap(0, (struct iphdr *)ipv6_hdr(skb), skb);
		}
		cb->ds = ds;
		kref_get(&keypair->refcount);
		cb->keypair = keypair;
		cb->peer = wg_peer_get(peer);
		atomic_set(&cb->state, WG_PACKET_UNCRYPTED);
		__skb_queue_tail(&peer->tx_ordered, skb);
		wg_crypt_queue_submit(&wg->encrypt_queue, skb);
	}
	spin_unlock_bh(&peer->tx_ordered.lock);
	wg_noise_keypair_put(keypair);
	if (need_handshake)
		wg_packet_send_handshake_initiation(peer, false);
}
