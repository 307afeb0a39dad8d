/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fleet-monitoring counters: why handshakes fail and packets are dropped,
 * per peer and per device (numbers and meanings in <wg/stats_uapi.h>).
 * They sit beside the in-tree-compatible counters (the device's
 * rtnl_link_stats64, each peer's transfer bytes) and never change them:
 * a drop counted here is counted there exactly as before.
 *
 * Plain atomic64 per counter: every site is a failure or control path
 * (handshakes, keepalives, drops), never the per-packet success path, so
 * per-CPU copies would buy nothing but memory per peer.
 */
#ifndef _WG_COUNTERS_H
#define _WG_COUNTERS_H

#include <linux/atomic.h>
#include <wg/stats_uapi.h>

struct wg_peer_counters {
	atomic64_t c[__WG_STATS_PEER_COUNT];
	/* wall clock (ns) of the last initiation that got no response; 0: never */
	atomic64_t last_failed_handshake_ns;
};

struct wg_device_counters {
	atomic64_t c[__WG_STATS_DEV_COUNT];
	/* jiffies of the last time the load state was seen on; 0: never */
	unsigned long under_load_last_seen;
};

/* Both take the object (struct wg_peer / struct wg_device) the counter is of. */
#define wg_count_peer(peer, what) atomic64_inc(&(peer)->counters.c[WG_STATS_PEER_##what])
#define wg_count_peer_add(peer, what, n) \
	atomic64_add(n, &(peer)->counters.c[WG_STATS_PEER_##what])
#define wg_count_dev(wg, what) atomic64_inc(&(wg)->counters.c[WG_STATS_DEV_##what])


#endif /* _WG_COUNTERS_H */
