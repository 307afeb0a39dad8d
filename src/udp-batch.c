// SPDX-License-Identifier: GPL-2.0
/*
 * Outer UDP batching.
 *
 * Send (udp_gso): the peer's serial sender hands over every message whose
 * encryption is done, in order. A run of messages of one length (the last
 * may be shorter), for one outer DS field, is copied into one skb marked
 * SKB_GSO_UDP_L4 with gso_size that length, and goes through routing,
 * netfilter, the qdisc and IP output once; the stack cuts it into
 * datagrams late (validate_xmit_skb, or a NIC with UDP segmentation
 * offload, or the receiving UDP layer when it crosses a veth whole), each
 * datagram exactly one message, as if sent one by one. The copy costs one
 * pass over the data; the messages' own buffers cannot be chained as they
 * are (linear heads of any origin, headroom sized for one header).
 *
 * What sees a train whole rather than as datagrams: netfilter's output
 * hooks (a length match sees the train's length), taps on a device that
 * takes UDP GSO as it is (veth: tcpdump there shows the train as one
 * packet), and the qdisc. The wire, and any device without UDP GSO, see
 * the datagrams. That is why it is a switch.
 *
 * Receive (udp_gro): sets UDP_GRO on the device's sockets through their
 * proto_ops, as setsockopt(SOL_UDP, UDP_GRO) does: gro_enabled and
 * accept-L4. The stack's UDP GRO (udp_gro_receive ->
 * udp_gro_receive_segment) then merges a train of datagrams from one
 * source into one skb at the NIC's NAPI poll, so IP input, netfilter and
 * the socket lookup run once per train. Every kernel from 5.10 to 7.3
 * (udp_unexpected_gso) then cuts a GSO skb back into datagrams in
 * udp_queue_rcv_skb before an encapsulation socket's encap_rcv, so
 * wg_receive() still gets one message per skb: the split happens there,
 * not here. Applies to sockets opened after the switch changes (ip link
 * set DEV down/up, or a new listen port).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <net/udp.h>

#include "messages.h"
#include "queueing.h"
#include "udp-batch.h"

static bool udp_gso = true;
module_param(udp_gso, bool, 0644);
MODULE_PARM_DESC(udp_gso, "send runs of equal-length messages as one UDP GSO skb (default on)");

static bool udp_gro = true;
module_param(udp_gro, bool, 0644);
MODULE_PARM_DESC(udp_gro, "ask for UDP GRO on sockets opened from now on (default on)");

enum wg_udp_batch_limits {
	/* UDP_MAX_SEGMENTS of 5.10 (later kernels allow 128) */
	WG_UDP_BATCH_MAX_SEGS = 64,
	/* an IPv6 payload length (or IPv4 total length) must fit 16 bits */
	WG_UDP_BATCH_MAX_BYTES = 0xffff - sizeof(struct ipv6hdr) - sizeof(struct udphdr),
	WG_UDP_BATCH_HEADROOM = MAX_HEADER + sizeof(struct ipv6hdr) + sizeof(struct udphdr),
};

bool wg_udp_batch_gso_enabled(void)
{
	return READ_ONCE(udp_gso);
}

void wg_udp_batch_socket_opened(struct socket *sock)
{
	int one = 1;

	if (!READ_ONCE(udp_gro))
		return;
	/*
	 * Through the socket's own operations, as setsockopt(2) goes: 7.x
	 * no longer exports udp_lib_setsockopt(). Only fails for a bad
	 * level, name or length: none of ours.
	 */
	WARN_ON_ONCE(sock->ops->setsockopt(sock, SOL_UDP, UDP_GRO, KERNEL_SOCKPTR(&one),
					   sizeof(one)));
}

unsigned int wg_udp_batch_take_run(struct sk_buff_head *train, struct sk_buff_head *run,
				   unsigned int *bytes)
{
	struct sk_buff *first = __skb_dequeue(train), *next;
	unsigned int len = first->len, n = 1;
	u8 ds = PACKET_CB(first)->ds;

	*bytes = len;
	__skb_queue_tail(run, first);
	while ((next = skb_peek(train)) != NULL && n < WG_UDP_BATCH_MAX_SEGS &&
	       next->len <= len && PACKET_CB(next)->ds == ds &&
	       *bytes + next->len <= WG_UDP_BATCH_MAX_BYTES) {
		__skb_unlink(next, train);
		__skb_queue_tail(run, next);
		*bytes += next->len;
		n++;
		/* a shorter one can only be the last of a run */
		if (next->len < len)
			break;
	}
	return n;
}

struct sk_buff *wg_udp_batch_run_to_gso(struct sk_buff_head *run, unsigned int n,
					unsigned int bytes)
{
	struct sk_buff *gso, *skb;
	unsigned int offset = 0;
	int err;

	/* Page fragments, not a 64 KiB linear buffer: order-0 allocations. */
	gso = alloc_skb_with_frags(WG_UDP_BATCH_HEADROOM, bytes, 0, &err,
				   GFP_ATOMIC | __GFP_NOWARN);
	if (unlikely(!gso))
		return NULL;
	skb_reserve(gso, WG_UDP_BATCH_HEADROOM);
	/* Kernels differ on whether the allocator sets these: say it. */
	gso->len = bytes;
	gso->data_len = bytes;
	skb_queue_walk(run, skb) {
		if (unlikely(skb_store_bits(gso, offset, skb->data, skb->len))) {
			kfree_skb(gso);
			return NULL;
		}
		offset += skb->len;
	}
	skb_shinfo(gso)->gso_size = skb_peek(run)->len;
	skb_shinfo(gso)->gso_type = SKB_GSO_UDP_L4;
	skb_shinfo(gso)->gso_segs = n;
	/*
	 * As a UDP_SEGMENT send from userspace: the checksum left to the
	 * segmentation, which finds it from the UDP header the tunnel helper
	 * pushes just before the data (and refuses a GSO skb whose checksum
	 * start is anywhere else).
	 */
	gso->ip_summed = CHECKSUM_PARTIAL;
	gso->csum_start = skb_headroom(gso) - sizeof(struct udphdr);
	gso->csum_offset = offsetof(struct udphdr, check);
	/* the tunnel statistics count from here: the WireGuard messages */
	skb_set_inner_network_header(gso, 0);
	return gso;
}

unsigned int wg_udp_batch_run_keepalives(const struct sk_buff_head *run)
{
	unsigned int n = 0;
	struct sk_buff *skb;

	skb_queue_walk(run, skb)
		n += wg_message_data_is_keepalive(skb->len);
	return n;
}
