/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_QUEUEING_H
#define _WG_QUEUEING_H

#include <linux/ptr_ring.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

struct wg_device;
struct wg_peer;
struct wg_noise_keypair;

/*
 * Parallel crypto with per-peer order.
 *
 * A packet to encrypt (or decrypt) goes on two queues at once: the peer's
 * ordered queue (an sk_buff_head, in arrival order) and, by pointer, one
 * CPU's crypt ring (round robin over online CPUs). The CPU's worker does
 * the crypto and marks the packet done; then the peer's serial work takes
 * packets off the head of its ordered queue while they are done, so a slow
 * packet holds back only those behind it from the same peer.
 *
 * Each packet holds a reference on its peer and its keypair until it leaves
 * the ordered queue.
 */
enum wg_packet_state {
	WG_PACKET_UNCRYPTED,
	WG_PACKET_CRYPTED,
	WG_PACKET_DEAD,
};

struct wg_packet_cb {
	struct wg_peer *peer;
	struct wg_noise_keypair *keypair;
	u64 nonce;
	atomic_t state;
	unsigned int mtu;
	u8 ds;
	/* decryption: the keypair had expired (else a failed tag) */
	bool no_keypair;
};
#define PACKET_CB(skb) ((struct wg_packet_cb *)((skb)->cb))

enum { WG_CRYPT_RING_SIZE = 1024, WG_CRYPT_RUN = 64 };

struct wg_crypt_worker {
	struct ptr_ring ring;
	struct work_struct work;
	struct wg_crypt_queue *queue;
	int cpu;
};

struct wg_crypt_queue {
	struct wg_crypt_worker __percpu *workers;
	struct workqueue_struct *wq;
	atomic_t next_cpu;
	/*
	 * Encrypts or decrypts one packet, sets its state, and kicks its
	 * peer's ordered work. The packet may leave the ordered queue (and
	 * be freed) the moment its state is set: anything used after that
	 * must be held from before.
	 */
	void (*crypt)(struct sk_buff *skb);
};

int wg_crypt_queue_init(struct wg_crypt_queue *queue, struct workqueue_struct *wq,
			void (*crypt)(struct sk_buff *skb));
void wg_crypt_queue_free(struct wg_crypt_queue *queue);
/* Hands @skb (already on its peer's ordered queue) to a CPU. */
void wg_crypt_queue_submit(struct wg_crypt_queue *queue, struct sk_buff *skb);
/* Waits for every packet handed to any CPU to be crypted. */
void wg_crypt_queue_flush(struct wg_crypt_queue *queue);

/*
 * The head of an ordered queue if its crypto is done (CRYPTED or DEAD, in
 * *state), taken off the queue; NULL while the head is still in crypto.
 */
struct sk_buff *wg_packet_dequeue_done(struct sk_buff_head *ordered,
				       enum wg_packet_state *state);

#endif /* _WG_QUEUEING_H */
