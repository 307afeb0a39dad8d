// SPDX-License-Identifier: GPL-2.0
/*
 * The network device: link kind "wireguard", a layer-3 point-to-point
 * interface with no header and no ARP, and its life across network
 * namespaces.
 *
 * A device remembers the namespace it was created in (its UDP sockets will
 * live there), so it can be moved into a container while packets flow on the
 * host. When that namespace goes away first, pernet pre_exit detaches the
 * device from it; when the device's own namespace goes away, the core
 * deletes the device through our rtnl_link_ops.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <wg/compat.h>

#include "device.h"

/* Every live wg_device, for namespace teardown. */
static LIST_HEAD(wg_device_list);
static DEFINE_MUTEX(wg_device_list_lock);

static struct rtnl_link_ops wg_link_ops;

struct wg_device *wg_device_from_netdev(struct net_device *dev)
{
	if (!dev || dev->rtnl_link_ops != &wg_link_ops)
		return NULL;
	return netdev_priv(dev);
}

static int wg_dev_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static void wg_dev_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
	dev->tstats = NULL;
}

/*
 * No peers can be configured yet (see README: the data path is not
 * implemented), so every packet is undeliverable: count it and drop it.
 */
static netdev_tx_t wg_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops wg_netdev_ops = {
	.ndo_init = wg_dev_init,
	.ndo_uninit = wg_dev_uninit,
	.ndo_start_xmit = wg_dev_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void wg_dev_destruct(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	mutex_lock(&wg_device_list_lock);
	list_del(&wg->device_list);
	mutex_unlock(&wg_device_list_lock);
	mutex_destroy(&wg->device_update_lock);
}

static void wg_dev_setup(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	dev->netdev_ops = &wg_netdev_ops;
	dev->header_ops = NULL;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = 0;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	wg_compat_set_lltx(dev);
	dev->mtu = WG_DEFAULT_MTU;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	dev->needs_free_netdev = true;
	dev->priv_destructor = wg_dev_destruct;

	memset(wg, 0, sizeof(*wg));
	wg->dev = dev;
	mutex_init(&wg->device_update_lock);
	INIT_LIST_HEAD(&wg->device_list);
}

static int wg_newlink(struct net *src_net, struct net_device *dev,
		      struct nlattr *tb[], struct nlattr *data[],
		      struct netlink_ext_ack *extack)
{
	struct wg_device *wg = netdev_priv(dev);
	int ret;

	wg->creating_net = src_net;

	ret = register_netdevice(dev);
	if (ret < 0)
		return ret;

	mutex_lock(&wg_device_list_lock);
	list_add(&wg->device_list, &wg_device_list);
	mutex_unlock(&wg_device_list_lock);
	return 0;
}

static struct rtnl_link_ops wg_link_ops __read_mostly = {
	.kind = KBUILD_MODNAME,
	.priv_size = sizeof(struct wg_device),
	.setup = wg_dev_setup,
	.newlink = wg_newlink,
};

/*
 * The namespace a device was created in is going away while the device
 * itself may live on elsewhere: forget the namespace, so nothing will ever
 * open a socket in it again.
 */
static void wg_netns_pre_exit(struct net *net)
{
	struct wg_device *wg;

	rtnl_lock();
	mutex_lock(&wg_device_list_lock);
	list_for_each_entry(wg, &wg_device_list, device_list) {
		if (wg->creating_net != net)
			continue;
		mutex_lock(&wg->device_update_lock);
		wg->creating_net = NULL;
		mutex_unlock(&wg->device_update_lock);
	}
	mutex_unlock(&wg_device_list_lock);
	rtnl_unlock();
}

static struct pernet_operations wg_pernet_ops = {
	.pre_exit = wg_netns_pre_exit,
};

int wg_device_init(void)
{
	int ret;

	ret = register_pernet_device(&wg_pernet_ops);
	if (ret < 0)
		return ret;

	ret = rtnl_link_register(&wg_link_ops);
	if (ret < 0)
		goto out_unregister_pernet;
	return 0;

out_unregister_pernet:
	unregister_pernet_device(&wg_pernet_ops);
	return ret;
}

void wg_device_uninit(void)
{
	/* Deletes every remaining device, in every namespace. */
	rtnl_link_unregister(&wg_link_ops);
	unregister_pernet_device(&wg_pernet_ops);
}
