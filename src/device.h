/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_DEVICE_H
#define _WG_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/gro_cells.h>
#include <net/net_namespace.h>

#include "allowedips.h"
#include "cookie.h"
#include "counters.h"
#include "noise.h"
#include "peerlookup.h"
#include "queueing.h"
#include "ratelimiter.h"

enum wg_device_limits {
	/* 1500 minus the largest outer overhead: IPv6 40 + UDP 8 + WireGuard 32 */
	WG_DEFAULT_MTU = 1420,
};

/*
 * One WireGuard interface.
 *
 * Locking: device_update_lock (a mutex, always taken after RTNL where both
 * are held) serialises configuration: it guards peer_list, num_peers,
 * incoming_port, fwmark, the socket pointers' updates, creating_net and the
 * allowed-IPs table's changes. sock4/sock6 are read under RCU. The
 * device_list linkage is guarded by the global device list mutex.
 */
struct wg_device {
	struct net_device *dev;
	/*
	 * The namespace the device was created in: its UDP sockets live
	 * there, even after the device moves to another namespace. NULL once
	 * that namespace is gone. Not refcounted: pernet pre_exit clears it.
	 */
	struct net *creating_net;
	struct mutex device_update_lock;
	struct list_head device_list;

	struct wg_noise_static_identity static_identity;
	struct wg_cookie_checker cookie_checker;
	struct wg_ratelimiter ratelimiter;
	bool ratelimiter_ready;
	struct wg_pubkey_hashtable *peer_hashtable;
	struct wg_index_hashtable *index_hashtable;
	struct wg_allowedips peer_allowedips;
	struct list_head peer_list;
	unsigned int num_peers;
	/*
	 * Bumped on every change to the peer list and by every SET, so a dump
	 * split across messages can tell it read a mix of two states.
	 */
	unsigned int config_generation;

	struct socket __rcu *sock4, *sock6;
	u16 incoming_port;
	u32 fwmark;

	/*
	 * Handshake messages from the wire, consumed in process context by
	 * one worker per online CPU (at creation), kicked in turn: DH is the
	 * cost of a flood, and every core can take a share of it.
	 */
	struct sk_buff_head incoming_handshakes;
	struct wg_handshake_worker *handshake_workers;
	unsigned int num_handshake_workers;
	atomic_t next_handshake_worker;
	unsigned long last_under_load;	/* jiffies */
	/* messages turned away under load since turned_away_since (jiffies) */
	atomic_t turned_away;
	unsigned long turned_away_since;
	struct workqueue_struct *handshake_wq;
	/* per-peer serial work: staging, sending and delivering in order */
	struct workqueue_struct *packet_wq;
	/* per-CPU crypto behind the peers' ordered queues */
	struct workqueue_struct *crypt_wq;
	struct wg_crypt_queue encrypt_queue, decrypt_queue;
	struct gro_cells gro_cells;
	struct wg_device_counters counters;
};

struct wg_handshake_worker {
	struct work_struct work;
	struct wg_device *wg;
};

/*
 * The configuration changed: a dump in progress will be flagged. Never 0,
 * which the netlink consistency check takes for "not set".
 */
static inline void wg_device_config_changed(struct wg_device *wg)
{
	lockdep_assert_held(&wg->device_update_lock);
	if (!++wg->config_generation)
		wg->config_generation = 1;
}

/* Opens (or reopens, on a new @port) the device's sockets, which deliver
 * to the receive path. Under device_update_lock. */
int wg_device_open_sockets(struct wg_device *wg, u16 port);

int wg_device_init(void);
void wg_device_uninit(void);

/* The wg_device behind a net_device of our link kind, or NULL. */
struct wg_device *wg_device_from_netdev(struct net_device *dev);

/* `ethtool -S`: the device's fleet counters (ethtool.c). */
extern const struct ethtool_ops wg_ethtool_ops;

#endif /* _WG_DEVICE_H */
