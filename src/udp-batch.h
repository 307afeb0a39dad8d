/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outer UDP batching: trains of transport messages sent as one UDP GSO skb,
 * and UDP GRO asked for on the device's sockets. Both are switched by
 * module parameters, on by default (udp-batch.c says what each does and
 * costs).
 */
#ifndef _WG_UDP_BATCH_H
#define _WG_UDP_BATCH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <wg/compat.h>

struct socket;

/*
 * The pieces of a train for the peer's sender (send.c), which owns the
 * loop that sends them: this file knows skbs and messages, not peers or
 * sockets, so that neither send.c nor socket.c gains a circle through it.
 *
 * Takes off the head of @train the messages that may travel as one GSO
 * skb: the same DS field, the same length as the first, then at most one
 * shorter one, within the limits of a GSO skb. Returns how many (at least
 * 1), moved to @run, and their total length in *@bytes.
 */
unsigned int wg_udp_batch_take_run(struct sk_buff_head *train, struct sk_buff_head *run,
				   unsigned int *bytes);
/* A copy of @run (@n messages, @bytes long) as one GSO skb, or NULL (no
 * memory: send them singly). @run is left as it was. */
struct sk_buff *wg_udp_batch_run_to_gso(struct sk_buff_head *run, unsigned int n,
					unsigned int bytes);
/* Keepalives in @run: all of it, or its shorter last one, or none. */
unsigned int wg_udp_batch_run_keepalives(const struct sk_buff_head *run);

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
