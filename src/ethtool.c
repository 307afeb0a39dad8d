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

#include <wg/stats_names.h>

#include "device.h"


static int wg_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? __WG_STATS_DEV_COUNT : -EOPNOTSUPP;
}

static void wg_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < __WG_STATS_DEV_COUNT; ++i)
		strscpy(data + i * ETH_GSTRING_LEN, wg_stats_device_names[i], ETH_GSTRING_LEN);
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
