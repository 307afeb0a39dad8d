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

/* 6.1 added strict checking of reserved header fields for new commands. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define WG_COMPAT_GENL_RESV_START_OP
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

#endif /* _WG_COMPAT_H */
