/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outer UDP batching: trains of transport messages sent as one UDP GSO skb,
 * and UDP GRO asked for on the device's sockets. Both are switched by
 * module parameters (udp-batch.c says what each does and costs).
 */
#ifndef _WG_UDP_BATCH_H
#define _WG_UDP_BATCH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <wg/compat.h>

struct wg_peer;
struct socket;

/*
 * Sends the encrypted messages of @train (all of @peer, in order, each a
 * complete transport message with its PACKET_CB intact), consuming them:
 * runs of equal length (the last of a run may be shorter) as one UDP GSO
 * skb when the udp_gso parameter is on, the rest one datagram at a time.
 * True if a message other than a keepalive left.
 */
bool wg_udp_batch_send(struct wg_peer *peer, struct sk_buff_head *train);

/* True while the udp_gso parameter asks for trains to be collected. */
bool wg_udp_batch_gso_enabled(void);

/* Asks the UDP stack for GRO on a freshly opened socket, if udp_gro is on. */
void wg_udp_batch_socket_opened(struct socket *sock);

/*
 * A train fits the route only if each of its datagrams does; otherwise the
 * sender falls back to single datagrams, which the stack fragments (or
 * not) exactly as it would without batching. @room: the route's MTU less
 * the IP header.
 */
static inline bool wg_udp_batch_fits(const struct sk_buff *skb, unsigned int room)
{
	return skb_shinfo(skb)->gso_size + sizeof(struct udphdr) <= room;
}

/*
 * The tunnel transmit helpers count a GSO skb as one packet (and its bytes
 * in full); the in-tree module, sending one datagram at a time, counts
 * each. Read this CPU's count before the transmit and correct it after:
 * both run with bottom halves off (the caller's rcu_read_lock_bh), so no
 * other writer on this CPU can move the counter between the two.
 */
static inline u64 wg_udp_batch_tx_packets(struct net_device *dev)
{
	return wg_compat_tstats_read(this_cpu_ptr(dev->tstats)->tx_packets);
}

static inline void wg_udp_batch_count_segments(struct net_device *dev, u64 before,
					       unsigned int segs)
{
	struct pcpu_sw_netstats *tstats = this_cpu_ptr(dev->tstats);

	if (likely(segs <= 1))
		return;
	if (wg_compat_tstats_read(tstats->tx_packets) != before) {
		u64_stats_update_begin(&tstats->syncp);
		wg_compat_tstats_add(tstats->tx_packets, segs - 1);
		u64_stats_update_end(&tstats->syncp);
	} else {
		/* Dropped after routing (counted once as tx_dropped or
		 * tx_errors): the rest of the train with it. */
		DEV_STATS_ADD(dev, tx_dropped, segs - 1);
	}
}

#endif /* _WG_UDP_BATCH_H */
