/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_NETLINK_H
#define _WG_NETLINK_H

#include <net/netlink.h>

struct wg_device;

int wg_genetlink_init(void);
void wg_genetlink_uninit(void);

/*
 * The device a request names, by index or by name (exactly one), in the
 * requester's namespace, with a reference on its net_device held; ERR_PTR
 * with the reason in @extack otherwise. Shared by both families.
 */
struct wg_device *wg_netlink_lookup_device(struct net *net, const struct nlattr *ifindex,
					   const struct nlattr *ifname,
					   struct netlink_ext_ack *extack);

/*
 * A dump's start and done for both families: the device the request names
 * (referenced) in a zeroed context of @ctx_size bytes at cb->args[0],
 * whose first member must be the struct wg_device pointer; done drops
 * both.
 */
int wg_netlink_dump_start(struct netlink_callback *cb, const struct nlattr *ifindex,
			  const struct nlattr *ifname, size_t ctx_size);
int wg_netlink_dump_done(struct netlink_callback *cb);

/* The "wireguard-stats" family (stats_netlink.c). */
int wg_stats_genetlink_init(void);
void wg_stats_genetlink_uninit(void);

#endif /* _WG_NETLINK_H */
