// SPDX-License-Identifier: GPL-2.0
/*
 * `ethtool -S wg0`: the device's fleet counters (enum wg_stats_device), the
 * way every Linux driver exposes its own statistics. Only the statistics
 * operations: the rest of ethtool's view of the device (features, driver
 * name and version) stays the core's, as with the in-tree module, which
 * has no ethtool operations; `ethtool -i` differs only in saying
 * "supports-statistics: yes".
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "device.h"

/* Lower-case enumerator suffixes: the same names tools/wg prints. */
static const char wg_device_counter_names[__WG_STATS_DEV_COUNT][ETH_GSTRING_LEN] = {
	[WG_STATS_DEV_RX_DROPPED_BAD_LENGTH] = "rx_dropped_bad_length",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_TYPE] = "rx_dropped_unknown_type",
	[WG_STATS_DEV_RX_DROPPED_BAD_MAC1] = "rx_dropped_bad_mac1",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_INDEX] = "rx_dropped_unknown_index",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_PEER] = "rx_dropped_unknown_peer",
	[WG_STATS_DEV_COOKIE_REPLIES_SENT] = "cookie_replies_sent",
	[WG_STATS_DEV_RX_DROPPED_RATE_LIMITED] = "rx_dropped_rate_limited",
	[WG_STATS_DEV_RX_DROPPED_QUEUE_FULL] = "rx_dropped_queue_full",
	[WG_STATS_DEV_TX_DROPPED_NO_PEER] = "tx_dropped_no_peer",
	[WG_STATS_DEV_TX_DROPPED_NO_ENDPOINT] = "tx_dropped_no_endpoint",
	[WG_STATS_DEV_TX_DROPPED_STAGING_OVERFLOW] = "tx_dropped_staging_overflow",
	[WG_STATS_DEV_UNDER_LOAD_MS] = "under_load_ms",
};

static int wg_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? __WG_STATS_DEV_COUNT : -EOPNOTSUPP;
}

static void wg_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, wg_device_counter_names, sizeof(wg_device_counter_names));
}

static void wg_get_ethtool_stats(struct net_device *dev, struct ethtool_stats *stats,
				 u64 *data)
{
	struct wg_device *wg = netdev_priv(dev);
	int i;

	for (i = 0; i < __WG_STATS_DEV_COUNT; ++i)
		data[i] = atomic64_read(&wg->counters.c[i]);
}

const struct ethtool_ops wg_ethtool_ops = {
	.get_sset_count = wg_get_sset_count,
	.get_strings = wg_get_strings,
	.get_ethtool_stats = wg_get_ethtool_stats,
};
