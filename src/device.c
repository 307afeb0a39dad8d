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
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/icmp.h>
#include <net/ip_tunnels.h>
#include <net/addrconf.h>
#include <net/dst.h>
#include <net/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <wg/compat.h>

#include "device.h"
#include "messages.h"
#include "peer.h"
#include "receive.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

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
	struct wg_device *wg = netdev_priv(dev);
	int ret;

#ifndef WG_COMPAT_CORE_TSTATS
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	/* Per-CPU NAPI contexts: decrypted packets go up through GRO. */
	ret = gro_cells_init(&wg->gro_cells, dev);
	if (ret < 0) {
#ifndef WG_COMPAT_CORE_TSTATS
		free_percpu(dev->tstats);
		dev->tstats = NULL;
#endif
		return ret;
	}
	return 0;
}

static void wg_dev_uninit(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	gro_cells_destroy(&wg->gro_cells);
#ifndef WG_COMPAT_CORE_TSTATS
	free_percpu(dev->tstats);
	dev->tstats = NULL;
#endif
}

/*
 * No IPv6 link-local address, as with the in-tree module: the device has
 * no link layer to speak for, and the router solicitations and MLD reports
 * the kernel would send with it have no peer to go to (each was a tx
 * error). Set each time the device goes up (a move to another namespace
 * makes a new inet6_dev with the defaults), under RTNL and before
 * NETDEV_UP, when addrconf would make the address; not at creation, where
 * the in-tree module leaves the default for `ip -d link` to show until the
 * first up. An address added by hand (ip addr add fe80::1/64 dev wg0) is
 * kept.
 */
static void no_ipv6_link_local(struct net_device *dev)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct inet6_dev *idev = __in6_dev_get(dev);

	ASSERT_RTNL();
	if (idev)
		WRITE_ONCE(idev->cnf.addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
#endif
}

int wg_device_open_sockets(struct wg_device *wg, u16 port)
{
	return wg_socket_init(wg, port, wg_receive);
}

static int wg_open(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	struct wg_peer *peer;
	int ret;

	no_ipv6_link_local(dev);
	mutex_lock(&wg->device_update_lock);
	ret = wg_device_open_sockets(wg, wg->incoming_port);
	if (ret < 0)
		goto out;
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_packet_send_staged_packets(peer);
		if (peer->persistent_keepalive_interval)
			wg_packet_send_keepalive(peer);
	}
out:
	mutex_unlock(&wg->device_update_lock);
	return ret;
}

static int wg_stop(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	struct wg_peer *peer;

	mutex_lock(&wg->device_update_lock);
	/*
	 * The sockets go first: the peers stay alive, and a packet received
	 * while they are drained would be filed on an ordered queue and in a
	 * crypt ring right after the purge freed what was there, leaving the
	 * ring pointing at freed memory that a crypt worker then wrote to (an
	 * oops in teardown-races: a device deleted under a ping flood). With
	 * the sockets closed and their last receivers waited for, then the
	 * handshake messages already queued handled, nothing files packets
	 * any more but the peers' own timers and work, stopped below.
	 */
	wg_socket_uninit(wg);
	synchronize_net();
	flush_workqueue(wg->handshake_wq);
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_timers_stop(peer);
		wg_peer_drain_packets(peer);
		wg_noise_handshake_clear(&peer->handshake);
		wg_noise_keypairs_clear(&peer->keypairs);
		atomic64_set(&peer->last_sent_handshake, 0);
	}
	mutex_unlock(&wg->device_update_lock);
	skb_queue_purge(&wg->incoming_handshakes);
	return 0;
}

/* An skb whose protocol field matches its IP header version. */
static bool skb_valid_proto(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return pskb_network_may_pull(skb, sizeof(struct iphdr)) &&
		       ip_hdr(skb)->version == 4;
	if (skb->protocol == htons(ETH_P_IPV6))
		return pskb_network_may_pull(skb, sizeof(struct ipv6hdr)) &&
		       ipv6_hdr(skb)->version == 6;
	return false;
}

static void send_unreachable_icmp(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

/*
 * Routes the packet by the allowed-IPs trie to its peer and stages it (GSO
 * superpackets as their segments); the peer's transmit work encrypts and
 * sends in order. Lockless: every structure used is read under RCU.
 */
static netdev_tx_t wg_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	struct sk_buff_head segments;
	struct sk_buff *segs, *next;
	struct wg_peer *peer;
	unsigned int mtu;
	bool has_endpoint;

	if (unlikely(!skb_valid_proto(skb)))
		goto err;

	rcu_read_lock_bh();
	if (skb->protocol == htons(ETH_P_IP))
		peer = wg_allowedips_lookup(&wg->peer_allowedips, AF_INET, &ip_hdr(skb)->daddr);
	else
		peer = wg_allowedips_lookup(&wg->peer_allowedips, AF_INET6, &ipv6_hdr(skb)->daddr);
	peer = wg_peer_get_maybe_zero(peer);
	rcu_read_unlock_bh();
	if (unlikely(!peer)) {
		net_dbg_ratelimited("%s: no peer for this destination\n", dev->name);
		wg_count_dev(wg, TX_DROPPED_NO_PEER);
		goto err_icmp;
	}
	read_lock_bh(&peer->endpoint_lock);
	has_endpoint = peer->endpoint.addr.sa_family == AF_INET ||
		       peer->endpoint.addr.sa_family == AF_INET6;
	read_unlock_bh(&peer->endpoint_lock);
	if (unlikely(!has_endpoint)) {
		net_dbg_ratelimited("%s: peer %llu has no endpoint\n", dev->name,
				    peer->internal_id);
		wg_count_dev(wg, TX_DROPPED_NO_ENDPOINT);
		goto err_icmp_peer;
	}

	/*
	 * The MTU this packet was sized for: its route's, which may be
	 * smaller than the device's (ip route ... mtu N), read here before
	 * the route is dropped below. Padding never goes past it.
	 */
	mtu = skb_dst(skb) ? dst_mtu(skb_dst(skb)) : READ_ONCE(dev->mtu);

	__skb_queue_head_init(&segments);
	if (skb_is_gso(skb)) {
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs))
			goto err_icmp_peer;
		dev_kfree_skb(skb);
		skb = segs;
	}
	skb_list_walk_safe(skb, segs, next) {
		skb_mark_not_on_list(segs);
		segs = skb_share_check(segs, GFP_ATOMIC);
		if (unlikely(!segs))
			continue;
		/* The stack left the checksum to us (NETIF_F_HW_CSUM): do it
		 * now, the encrypted packet cannot be fixed up later. */
		if (segs->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(segs)) {
			DEV_STATS_INC(dev, tx_errors);
			kfree_skb(segs);
			continue;
		}
		/* No header in front of the inner packet: no dst, no conntrack. */
		skb_dst_drop(segs);
		nf_reset_ct(segs);
		skb_scrub_packet(segs, true);
		/* After segmentation, which uses the control block itself. */
		PACKET_CB(segs)->mtu = mtu;
		__skb_queue_tail(&segments, segs);
	}

	spin_lock_bh(&peer->staged_packets.lock);
	skb_queue_splice_tail(&segments, &peer->staged_packets);
	/* Bounded: beyond the limit the oldest waiting packets go. */
	while (skb_queue_len(&peer->staged_packets) > WG_MAX_STAGED_PACKETS) {
		dev_kfree_skb(__skb_dequeue(&peer->staged_packets));
		DEV_STATS_INC(dev, tx_dropped);
		wg_count_dev(wg, TX_DROPPED_STAGING_OVERFLOW);
	}
	spin_unlock_bh(&peer->staged_packets.lock);

	wg_packet_send_staged_packets(peer);
	wg_peer_put(peer);
	return NETDEV_TX_OK;

err_icmp_peer:
	wg_peer_put(peer);
err_icmp:
	send_unreachable_icmp(skb);
err:
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops wg_netdev_ops = {
	.ndo_init = wg_dev_init,
	.ndo_uninit = wg_dev_uninit,
	.ndo_open = wg_open,
	.ndo_stop = wg_stop,
	.ndo_start_xmit = wg_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

/* Everything newlink allocated; safe on a partly set up device. */
static void wg_free_device_state(struct wg_device *wg)
{
	mutex_lock(&wg->device_update_lock);
	wg_peer_remove_all(wg);
	wg_socket_uninit(wg);
	wg_allowedips_free(&wg->peer_allowedips);
	mutex_unlock(&wg->device_update_lock);
	wg_crypt_queue_free(&wg->encrypt_queue);
	wg_crypt_queue_free(&wg->decrypt_queue);
	if (wg->crypt_wq) {
		destroy_workqueue(wg->crypt_wq);
		wg->crypt_wq = NULL;
	}
	if (wg->handshake_wq) {
		destroy_workqueue(wg->handshake_wq);
		wg->handshake_wq = NULL;
	}
	kfree(wg->handshake_workers);
	wg->handshake_workers = NULL;
	if (wg->packet_wq) {
		destroy_workqueue(wg->packet_wq);
		wg->packet_wq = NULL;
	}
	skb_queue_purge(&wg->incoming_handshakes);
	if (wg->ratelimiter_ready)
		wg_ratelimiter_uninit(&wg->ratelimiter);
	wg->ratelimiter_ready = false;
	if (wg->index_hashtable)
		wg_index_hashtable_free(wg->index_hashtable);
	if (wg->peer_hashtable)
		wg_pubkey_hashtable_free(wg->peer_hashtable);
	wg->index_hashtable = NULL;
	wg->peer_hashtable = NULL;
	wg_cookie_checker_clear(&wg->cookie_checker);
	wg_noise_static_identity_clear(&wg->static_identity);
	/* Wait for peers freed above (call_rcu) before the module can go. */
	rcu_barrier();
}

static struct list_head *wg_peer_allowedips_list(void *peer)
{
	return &((struct wg_peer *)peer)->allowedips_list;
}

static void wg_dev_destruct(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	mutex_lock(&wg_device_list_lock);
	list_del(&wg->device_list);
	mutex_unlock(&wg_device_list_lock);
	wg_free_device_state(wg);
	mutex_destroy(&wg->device_update_lock);
}

/*
 * Large, scattered, checksum-less packets from the stack are cheaper: one
 * call into the driver for a whole GSO superpacket, segmented here before
 * encryption.
 */
#define WG_NETDEV_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
			    NETIF_F_GSO | NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)

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
	/*
	 * The core would drop the packet's route before wg_xmit: keep it, as
	 * the ICMP errors sent from there need it (icmp_ndo_send() sends
	 * nothing for a packet without one) and padding reads its MTU.
	 */
	netif_keep_dst(dev);
	dev->ethtool_ops = &wg_ethtool_ops;
	dev->features |= WG_NETDEV_FEATURES;
	dev->hw_features |= WG_NETDEV_FEATURES;
	dev->hw_enc_features |= WG_NETDEV_FEATURES;
	wg_compat_set_lltx(dev);
	wg_compat_set_tso_max_size(dev);
#ifdef WG_COMPAT_CORE_TSTATS
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#endif
	dev->mtu = WG_DEFAULT_MTU;
	/*
	 * The in-tree module's range, so a configuration moves between the two
	 * unchanged: any MTU, up to the largest whose encrypted datagram (IPv6
	 * and UDP headers, our header, the tag) still has an int length. Below
	 * 68 the stack itself turns IPv4 off on the device, below 1280 IPv6.
	 */
	dev->min_mtu = 0;
	dev->max_mtu = round_down(INT_MAX, WG_MESSAGE_PADDING_MULTIPLE) -
		       (sizeof(struct ipv6hdr) + sizeof(struct udphdr) +
			sizeof(struct wg_message_data) + WG_NOISE_AUTHTAG_LEN);
	dev->needs_free_netdev = true;
	dev->priv_destructor = wg_dev_destruct;

	memset(wg, 0, sizeof(*wg));
	wg->dev = dev;
	mutex_init(&wg->device_update_lock);
	INIT_LIST_HEAD(&wg->device_list);
	INIT_LIST_HEAD(&wg->peer_list);
	/* see wg_device_config_changed() */
	wg->config_generation = 1;
	skb_queue_head_init(&wg->incoming_handshakes);
	wg_noise_static_identity_init(&wg->static_identity);
	wg_cookie_checker_init(&wg->cookie_checker, &wg->static_identity);
	wg_allowedips_init(&wg->peer_allowedips, &wg->device_update_lock,
			   wg_peer_allowedips_list);
}

static int wg_newlink(WG_COMPAT_NEWLINK_ARGS)
{
	struct wg_device *wg = netdev_priv(dev);
	unsigned int i;
	int ret;

	wg->creating_net = WG_COMPAT_NEWLINK_SRC_NET;

	ret = -ENOMEM;
	wg->peer_hashtable = wg_pubkey_hashtable_alloc(&wg_peer_lookup_callbacks);
	wg->index_hashtable = wg_index_hashtable_alloc(&wg_peer_lookup_callbacks);
	if (!wg->peer_hashtable || !wg->index_hashtable)
		goto out_free;
	wg->handshake_wq = alloc_workqueue("wg-hs-%s", WQ_UNBOUND | WQ_FREEZABLE, 0,
					   dev->name);
	wg->packet_wq = alloc_workqueue("wg-tx-%s", WQ_UNBOUND | WQ_FREEZABLE, 0,
					dev->name);
	/* Bound to CPUs: the crypt workers are per CPU by design. */
	wg->crypt_wq = alloc_workqueue("wg-crypt-%s",
				       WG_COMPAT_WQ_PERCPU | WQ_CPU_INTENSIVE | WQ_FREEZABLE, 0,
				       dev->name);
	if (!wg->handshake_wq || !wg->packet_wq || !wg->crypt_wq)
		goto out_free;
	wg->num_handshake_workers = max(num_online_cpus(), 1U);
	wg->handshake_workers = kcalloc(wg->num_handshake_workers,
					sizeof(*wg->handshake_workers), GFP_KERNEL);
	if (!wg->handshake_workers)
		goto out_free;
	for (i = 0; i < wg->num_handshake_workers; ++i) {
		wg->handshake_workers[i].wg = wg;
		INIT_WORK(&wg->handshake_workers[i].work, wg_packet_handshake_receive_worker);
	}
	if (wg_crypt_queue_init(&wg->encrypt_queue, wg->crypt_wq, wg_packet_encrypt_one) ||
	    wg_crypt_queue_init(&wg->decrypt_queue, wg->crypt_wq, wg_packet_decrypt_one))
		goto out_free;
	ret = wg_ratelimiter_init(&wg->ratelimiter);
	if (ret < 0)
		goto out_free;
	wg->ratelimiter_ready = true;

	ret = register_netdevice(dev);
	if (ret < 0)
		goto out_free;
	/*
	 * Not threaded NAPI, although 7.x's in-tree module is (its
	 * /sys/class/net/wg0/threaded reads 1): our decrypted packets go up
	 * through per-CPU GRO cells, whose queue is fed on one CPU and read
	 * by its NAPI poll, safe only while both run in that CPU's softirq.
	 * A poll in a thread on another CPU lost packets and stalled the
	 * tunnel on arm64 7.3 (tunnel.sh, 4 failures in 4 runs; 2 passes of
	 * 2 without it).
	 */

	mutex_lock(&wg_device_list_lock);
	list_add(&wg->device_list, &wg_device_list);
	mutex_unlock(&wg_device_list_lock);
	return 0;

out_free:
	/* register_netdevice failed or never ran: the destructor will not. */
	wg_free_device_state(wg);
	return ret;
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
		wg_socket_uninit(wg);
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

	ret = wg_peer_cache_init();
	if (ret < 0)
		return ret;

	ret = register_pernet_device(&wg_pernet_ops);
	if (ret < 0)
		goto out_peer_cache;

	ret = rtnl_link_register(&wg_link_ops);
	if (ret < 0)
		goto out_unregister_pernet;
	return 0;

out_unregister_pernet:
	unregister_pernet_device(&wg_pernet_ops);
out_peer_cache:
	wg_peer_cache_uninit();
	return ret;
}

void wg_device_uninit(void)
{
	/* Deletes every remaining device, in every namespace. */
	rtnl_link_unregister(&wg_link_ops);
	unregister_pernet_device(&wg_pernet_ops);
	wg_peer_cache_uninit();
}
