/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one place where kernel-version differences live. Core and crypto files
 * include this instead of sprouting LINUX_VERSION_CODE checks of their own.
 *
 * In userspace builds (unit tests, fuzzers) the shim in tests/shim/include
 * provides <linux/version.h> and the other kernel headers used here.
 */
#ifndef _WG_COMPAT_H
#define _WG_COMPAT_H

#include <linux/version.h>

/*
 * The oldest kernel built and run here is 5.10; older ones were never
 * tested, so they get a clear message rather than an error deep inside.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "wireguard-oot needs Linux 5.10 or later (this kernel is older); Linux 5.6-5.9 have WireGuard in tree"
#endif

/* 6.12 moved the unaligned access helpers out of asm/. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * Lockless transmit: 6.11 turned the NETIF_F_LLTX feature bit into a
 * net_device field. Macros, so this header needs no netdevice include.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define wg_compat_set_lltx(dev) ((dev)->lltx = true)
#else
#define wg_compat_set_lltx(dev) ((dev)->features |= NETIF_F_LLTX)
#endif

/*
 * 7.x's in-tree module lets the stack build superpackets as large as a GSO
 * packet may be (`ip -d link` shows tso_max_size 524280; 6.12 and older
 * show the 65536 default): the same there. Only the ceiling moves;
 * gso_max_size stays 65536 until an administrator raises it.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define wg_compat_set_tso_max_size(dev) netif_set_tso_max_size(dev, GSO_MAX_SIZE)
#else
#define wg_compat_set_tso_max_size(dev) do { } while (0)
#endif

/* 6.1 added strict checking of reserved header fields for new commands. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define WG_COMPAT_GENL_RESV_START_OP
#endif

/*
 * The in-tree module of 7.x gives each command its own policy and the
 * family none (`genl ctrl get name wireguard` shows max attribs 0, where
 * 6.12 and older show 8): the same there, so a tool that reads the family
 * sees what it would see with the in-tree module. Both parse requests with
 * the same policy.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define WG_COMPAT_GENL_OP_POLICY
#endif

/* 6.2 wrapped the parsed attributes of a dump in a struct genl_info. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define wg_compat_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define wg_compat_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/* 6.5 moved skb_gso_segment() to its own header (driver builds only). */
#if defined(WG_KBUILD) && LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/*
 * From 6.7 the core allocates and frees per-CPU tunnel statistics when
 * asked to (and the tunnel transmit helpers insist on it); before, drivers
 * did it in ndo_init/ndo_uninit.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define WG_COMPAT_CORE_TSTATS
#endif

/*
 * 5.11 added dev_get_tstats64(); 5.10 has the two halves it is made of.
 * Driver builds only: it needs <linux/netdevice.h>.
 */
#if defined(WG_KBUILD) && LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#include <linux/netdevice.h>
static inline void wg_compat_get_tstats64(struct net_device *dev,
					  struct rtnl_link_stats64 *s)
{
	netdev_stats_to_stats64(s, &dev->stats);
	dev_fetch_sw_netstats(s, dev->tstats);
}
#define dev_get_tstats64 wg_compat_get_tstats64
#endif

/* 6.2 renamed prandom_u32_max() to get_random_u32_below(). */
#if defined(WG_KBUILD) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#include <linux/prandom.h>
#define get_random_u32_below(ceil) prandom_u32_max(ceil)
#endif

/*
 * Timers: 6.2 added timer_delete() and timer_delete_sync() (7.x removed
 * del_timer*); 6.16 renamed from_timer() to timer_container_of(). The
 * core uses the new names. Stable kernels backported some of them, so the
 * macros are defined after <linux/timer.h>, where they shadow any backport
 * with the same meaning.
 */
#ifdef WG_KBUILD
#include <linux/timer.h>
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define timer_delete(timer) del_timer(timer)
#define timer_delete_sync(timer) del_timer_sync(timer)
#endif
#ifndef timer_container_of
#define timer_container_of(var, timer, field) from_timer(var, timer, field)
#endif
#endif

/*
 * 6.17 added WQ_PERCPU, and 7.x warns when a workqueue names neither it nor
 * WQ_UNBOUND (the default is to become unbound). Our crypt workers are per
 * CPU by design, so they say so.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define WG_COMPAT_WQ_PERCPU WQ_PERCPU
#else
#define WG_COMPAT_WQ_PERCPU 0
#endif

/*
 * rtnl newlink: 6.14 packed the arguments into struct rtnl_newlink_params.
 * WG_COMPAT_NEWLINK_ARGS is the parameter list, WG_COMPAT_NEWLINK_SRC_NET
 * the namespace the request came from (where the sockets will live).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
#define WG_COMPAT_NEWLINK_ARGS						\
	struct net_device *dev, struct rtnl_newlink_params *params,	\
	struct netlink_ext_ack *extack
#define WG_COMPAT_NEWLINK_SRC_NET (params->src_net)
#else
#define WG_COMPAT_NEWLINK_ARGS						\
	struct net *src_net, struct net_device *dev, struct nlattr *tb[],	\
	struct nlattr *data[], struct netlink_ext_ack *extack
#define WG_COMPAT_NEWLINK_SRC_NET (src_net)
#endif

/*
 * UDP tunnel API. 6.18 gave the transmit helpers a trailing IP control
 * block flags argument; 7.0 made the socket helpers take the struct sock.
 * Where IPv6 may be a module, its route lookup is reached through
 * ipv6_stub; the kernels that dropped <net/ipv6_stubs.h> (IPv6 no longer a
 * module) call it directly. The header's presence decides, not a version.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
#define WG_COMPAT_UDP_TUNNEL_XMIT_FLAGS , 0
#else
#define WG_COMPAT_UDP_TUNNEL_XMIT_FLAGS
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define wg_compat_udp_tunnel_sk(sock) ((sock)->sk)
#else
#define wg_compat_udp_tunnel_sk(sock) (sock)
#endif
#ifdef __CHECKER__
/* sparse 0.6.4 knows no __has_include: the release that dropped it. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(7, 0, 0)
#define WG_COMPAT_IPV6_STUBS
#endif
#elif __has_include(<net/ipv6_stubs.h>)
#define WG_COMPAT_IPV6_STUBS
#endif
#if defined(WG_KBUILD) && defined(WG_COMPAT_IPV6_STUBS)
#include <net/ipv6_stubs.h>
#define wg_compat_ip6_dst_lookup_flow(net, sk, fl6) \
	ipv6_stub->ipv6_dst_lookup_flow(net, sk, fl6, NULL)
#else
#define wg_compat_ip6_dst_lookup_flow(net, sk, fl6) \
	ip6_dst_lookup_flow(net, sk, fl6, NULL)
#endif

/*
 * 6.0 made the counters of struct pcpu_sw_netstats u64_stats_t (5.10 has
 * plain u64). Read and add to one CPU's counter; the caller keeps other
 * writers of that CPU out.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
#define wg_compat_tstats_read(field) u64_stats_read(&(field))
#define wg_compat_tstats_add(field, n) u64_stats_add(&(field), n)
#else
#define wg_compat_tstats_read(field) (field)
#define wg_compat_tstats_add(field, n) ((field) += (n))
#endif

#endif /* _WG_COMPAT_H */
