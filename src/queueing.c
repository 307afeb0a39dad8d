// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU crypt workers behind the peers' ordered queues (see queueing.h).
 */
#include <linux/cpumask.h>
#include <linux/percpu.h>

#include "queueing.h"

/*
 * Knows nothing of peers or keys: what a packet holds is its owner's to
 * manage (the crypt callback, and the peer's purge of its ordered queues),
 * so this unit includes no other of ours.
 */
static void crypt_one(struct wg_crypt_queue *queue, struct sk_buff *skb)
{
	queue->crypt(skb);
}

static void crypt_worker(struct work_struct *work)
{
	struct wg_crypt_worker *worker = container_of(work, struct wg_crypt_worker, work);
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&worker->ring)) != NULL) {
		crypt_one(worker->queue, skb);
		cond_resched();
	}
}

int wg_crypt_queue_init(struct wg_crypt_queue *queue, struct workqueue_struct *wq,
			void (*crypt)(struct sk_buff *skb))
{
	int cpu, ret;

	queue->workers = alloc_percpu(struct wg_crypt_worker);
	if (!queue->workers)
		return -ENOMEM;
	queue->wq = wq;
	queue->crypt = crypt;
	atomic_set(&queue->next_cpu, 0);
	for_each_possible_cpu(cpu) {
		struct wg_crypt_worker *worker = per_cpu_ptr(queue->workers, cpu);

		worker->queue = queue;
		worker->cpu = cpu;
		INIT_WORK(&worker->work, crypt_worker);
		ret = ptr_ring_init(&worker->ring, WG_CRYPT_RING_SIZE, GFP_KERNEL);
		if (ret < 0)
			goto out_free;
	}
	return 0;

out_free:
	for_each_possible_cpu(ret) {
		if (ret == cpu)
			break;
		ptr_ring_cleanup(&per_cpu_ptr(queue->workers, ret)->ring, NULL);
	}
	free_percpu(queue->workers);
	queue->workers = NULL;
	return -ENOMEM;
}

void wg_crypt_queue_flush(struct wg_crypt_queue *queue)
{
	int cpu;

	if (!queue->workers)
		return;
	for_each_possible_cpu(cpu)
		flush_work(&per_cpu_ptr(queue->workers, cpu)->work);
}

void wg_crypt_queue_free(struct wg_crypt_queue *queue)
{
	int cpu;

	if (!queue->workers)
		return;
	for_each_possible_cpu(cpu) {
		struct wg_crypt_worker *worker = per_cpu_ptr(queue->workers, cpu);

		cancel_work_sync(&worker->work);
		/* Anything left is also on an ordered queue, purged there. */
		ptr_ring_cleanup(&worker->ring, NULL);
	}
	free_percpu(queue->workers);
	queue->workers = NULL;
}

/*
 * Round robin in runs of WG_CRYPT_RUN packets: a worker woken for one
 * packet finds the next ones already waiting, instead of every packet
 * waking another CPU (measured: per-packet alternation cut an emulated
 * arm64 guest's tunnel throughput more than tenfold).
 */
static int next_online_cpu(struct wg_crypt_queue *queue)
{
	unsigned int n = num_online_cpus(), i;
	int cpu;

	i = ((unsigned int)atomic_inc_return(&queue->next_cpu) / WG_CRYPT_RUN) % n;
	for_each_online_cpu(cpu) {
		if (!i--)
			return cpu;
	}
	return raw_smp_processor_id();
}

void wg_crypt_queue_submit(struct wg_crypt_queue *queue, struct sk_buff *skb)
{
	int cpu = next_online_cpu(queue);
	struct wg_crypt_worker *worker = per_cpu_ptr(queue->workers, cpu);

	if (unlikely(ptr_ring_produce_bh(&worker->ring, skb))) {
		/* That CPU is far behind: do it here rather than drop. */
		crypt_one(queue, skb);
		return;
	}
	queue_work_on(cpu, queue->wq, &worker->work);
}

struct sk_buff *wg_packet_dequeue_done(struct sk_buff_head *ordered,
				       enum wg_packet_state *state)
{
	struct sk_buff *skb;

	spin_lock_bh(&ordered->lock);
	skb = skb_peek(ordered);
	if (skb) {
		*state = atomic_read_acquire(&PACKET_CB(skb)->state);
		if (*state == WG_PACKET_UNCRYPTED)
			skb = NULL;
		else
			__skb_unlink(skb, ordered);
	}
	spin_unlock_bh(&ordered->lock);
	return skb;
}
