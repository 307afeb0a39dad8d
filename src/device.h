/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_DEVICE_H
#define _WG_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>

enum wg_device_defaults {
	/* 1500 minus the largest outer overhead: IPv6 40 + UDP 8 + WireGuard 32 */
	WG_DEFAULT_MTU = 1420,
};

/*
 * One WireGuard interface.
 *
 * Locking: device_update_lock (a mutex, taken after RTNL where both are
 * needed) serialises configuration changes from netlink and namespace
 * teardown; it guards creating_net and every configured field. The
 * device_list linkage is guarded by the global wg_device_list_lock.
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
};

int wg_device_init(void);
void wg_device_uninit(void);

/* The wg_device behind a net_device of our link kind, or NULL. */
struct wg_device *wg_device_from_netdev(struct net_device *dev);

#endif /* _WG_DEVICE_H */
