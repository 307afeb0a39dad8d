// SPDX-License-Identifier: GPL-2.0
/*
 * The device's UDP sockets (IPv4 and IPv6, one port) and sending on them.
 *
 * The sockets live in the namespace the device was created in, whatever
 * namespace the device is in now. Outgoing packets leave from the source
 * address the peer last reached us at (so replies leave by the address the
 * peer knows), with routes cached per peer.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp_tunnel.h>
#include <wg/compat.h>

#include "device.h"
#include "peer.h"
#include "socket.h"
#include "udp-batch.h"

static int send4(struct wg_device *wg, struct sk_buff *skb, struct wg_endpoint *endpoint,
		 u8 ds, struct dst_cache *cache)
{
	struct flowi4 fl = {
		.saddr = endpoint->src4.s_addr,
		.daddr = endpoint->addr4.sin_addr.s_addr,
		.fl4_dport = endpoint->addr4.sin_port,
		.flowi4_mark = wg->fwmark,
		.flowi4_proto = IPPROTO_UDP,
	};
	unsigned int segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	struct rtable *rt = NULL;
	struct sock *sock;
	u64 tx_packets;
	int ret = 0;

	skb_mark_not_on_list(skb);
	skb->dev = wg->dev;
	skb->mark = wg->fwmark;

	rcu_read_lock_bh();
	sock = rcu_dereference_bh(wg->sock4) ? rcu_dereference_bh(wg->sock4)->sk : NULL;
	if (unlikely(!sock)) {
		ret = -ENONET;
		goto err;
	}
	fl.fl4_sport = inet_sk(sock)->inet_sport;

	if (cache)
		rt = dst_cache_get_ip4(cache, &fl.saddr);
	if (!rt) {
		security_sk_classify_flow(sock, flowi4_to_flowi_common(&fl));
		if (unlikely(!inet_confirm_addr(sock_net(sock), NULL, 0, fl.saddr,
						RT_SCOPE_HOST))) {
			endpoint->src4.s_addr = 0;
			endpoint->src_ifindex = 0;
			fl.saddr = 0;
			if (cache)
				dst_cache_reset(cache);
		}
		rt = ip_route_output_flow(sock_net(sock), &fl, sock);
		if (unlikely(endpoint->src_ifindex && !IS_ERR(rt) &&
			     rt->dst.dev->ifindex != endpoint->src_ifindex)) {
			endpoint->src4.s_addr = 0;
			endpoint->src_ifindex = 0;
			fl.saddr = 0;
			if (cache)
				dst_cache_reset(cache);
			ip_rt_put(rt);
			rt = ip_route_output_flow(sock_net(sock), &fl, sock);
		}
		if (IS_ERR(rt)) {
			ret = PTR_ERR(rt);
			net_dbg_ratelimited("%s: no route to %pISpfsc, error %d\n",
					    wg->dev->name, &endpoint->addr, ret);
			goto err;
		}
		if (cache)
			dst_cache_set_ip4(cache, &rt->dst, fl.saddr);
	}

	if (unlikely(segs > 1 &&
		     !wg_udp_batch_fits(skb, dst_mtu(&rt->dst) - sizeof(struct iphdr)))) {
		ip_rt_put(rt);
		ret = -EMSGSIZE;
		goto err;
	}
	skb->ignore_df = 1;
	tx_packets = wg_udp_batch_tx_packets(wg->dev);
	udp_tunnel_xmit_skb(rt, sock, skb, fl.saddr, fl.daddr, ds,
			    ip4_dst_hoplimit(&rt->dst), 0, fl.fl4_sport,
			    fl.fl4_dport, false, false WG_COMPAT_UDP_TUNNEL_XMIT_FLAGS);
	wg_udp_batch_count_segments(wg->dev, tx_packets, segs);
	goto out;

err:
	kfree_skb(skb);
out:
	rcu_read_unlock_bh();
	return ret;
}

static int send6(struct wg_device *wg, struct sk_buff *skb, struct wg_endpoint *endpoint,
		 u8 ds, struct dst_cache *cache)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl = {
		.saddr = endpoint->src6,
		.daddr = endpoint->addr6.sin6_addr,
		.fl6_dport = endpoint->addr6.sin6_port,
		.flowi6_mark = wg->fwmark,
		.flowi6_oif = endpoint->addr6.sin6_scope_id,
		.flowi6_proto = IPPROTO_UDP,
	};
	unsigned int segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	struct dst_entry *dst = NULL;
	struct sock *sock;
	u64 tx_packets;
	int ret = 0;

	skb_mark_not_on_list(skb);
	skb->dev = wg->dev;
	skb->mark = wg->fwmark;

	rcu_read_lock_bh();
	sock = rcu_dereference_bh(wg->sock6) ? rcu_dereference_bh(wg->sock6)->sk : NULL;
	if (unlikely(!sock)) {
		ret = -ENONET;
		goto err;
	}
	fl.fl6_sport = inet_sk(sock)->inet_sport;

	if (cache)
		dst = dst_cache_get_ip6(cache, &fl.saddr);
	if (!dst) {
		security_sk_classify_flow(sock, flowi6_to_flowi_common(&fl));
		if (unlikely(!ipv6_addr_any(&fl.saddr) &&
			     !ipv6_chk_addr(sock_net(sock), &fl.saddr, NULL, 0))) {
			endpoint->src6 = fl.saddr = in6addr_any;
			if (cache)
				dst_cache_reset(cache);
		}
		dst = wg_compat_ip6_dst_lookup_flow(sock_net(sock), sock, &fl);
		if (IS_ERR(dst)) {
			ret = PTR_ERR(dst);
			net_dbg_ratelimited("%s: no route to %pISpfsc, error %d\n",
					    wg->dev->name, &endpoint->addr, ret);
			goto err;
		}
		if (cache)
			dst_cache_set_ip6(cache, dst, &fl.saddr);
	}

	if (unlikely(segs > 1 &&
		     !wg_udp_batch_fits(skb, dst_mtu(dst) - sizeof(struct ipv6hdr)))) {
		dst_release(dst);
		ret = -EMSGSIZE;
		goto err;
	}
	skb->ignore_df = 1;
	tx_packets = wg_udp_batch_tx_packets(wg->dev);
	udp_tunnel6_xmit_skb(dst, sock, skb, skb->dev, &fl.saddr, &fl.daddr, ds,
			     ip6_dst_hoplimit(dst), 0, fl.fl6_sport,
			     fl.fl6_dport, false WG_COMPAT_UDP_TUNNEL_XMIT_FLAGS);
	wg_udp_batch_count_segments(wg->dev, tx_packets, segs);
	goto out;

err:
	kfree_skb(skb);
out:
	rcu_read_unlock_bh();
	return ret;
#else
	kfree_skb(skb);
	return -EAFNOSUPPORT;
#endif
}

int wg_socket_send_skb_to_peer(struct wg_peer *peer, struct sk_buff *skb, u8 ds)
{
	size_t skb_len = skb->len;
	int ret = -EAFNOSUPPORT;

	read_lock_bh(&peer->endpoint_lock);
	if (peer->endpoint.addr.sa_family == AF_INET)
		ret = send4(peer->device, skb, &peer->endpoint, ds, &peer->endpoint_cache);
	else if (peer->endpoint.addr.sa_family == AF_INET6)
		ret = send6(peer->device, skb, &peer->endpoint, ds, &peer->endpoint_cache);
	else
		dev_kfree_skb(skb);
	if (likely(!ret))
		atomic64_add(skb_len, &peer->tx_bytes);
	read_unlock_bh(&peer->endpoint_lock);
	return ret;
}

static struct sk_buff *buffer_to_skb(const void *data, size_t len)
{
	struct sk_buff *skb = alloc_skb(len + MAX_HEADER + sizeof(struct udphdr) +
					sizeof(struct ipv6hdr), GFP_ATOMIC);

	if (unlikely(!skb))
		return NULL;
	skb_reserve(skb, MAX_HEADER + sizeof(struct udphdr) + sizeof(struct ipv6hdr));
	skb_set_inner_network_header(skb, 0);
	skb_put_data(skb, data, len);
	return skb;
}

int wg_socket_send_buffer_to_peer(struct wg_peer *peer, void *data, size_t len, u8 ds)
{
	struct sk_buff *skb = buffer_to_skb(data, len);

	if (unlikely(!skb))
		return -ENOMEM;
	return wg_socket_send_skb_to_peer(peer, skb, ds);
}

int wg_socket_send_buffer_as_reply_to_skb(struct wg_device *wg, struct sk_buff *in_skb,
					  void *data, size_t len)
{
	struct wg_endpoint endpoint;
	struct sk_buff *skb;
	int ret;

	ret = wg_socket_endpoint_from_skb(&endpoint, in_skb);
	if (unlikely(ret < 0))
		return ret;
	skb = buffer_to_skb(data, len);
	if (unlikely(!skb))
		return -ENOMEM;
	if (endpoint.addr.sa_family == AF_INET)
		return send4(wg, skb, &endpoint, 0, NULL);
	if (endpoint.addr.sa_family == AF_INET6)
		return send6(wg, skb, &endpoint, 0, NULL);
	kfree_skb(skb);
	return -EAFNOSUPPORT;
}

int wg_socket_endpoint_from_skb(struct wg_endpoint *endpoint, const struct sk_buff *skb)
{
	memset(endpoint, 0, sizeof(*endpoint));
	if (skb->protocol == htons(ETH_P_IP)) {
		endpoint->addr4.sin_family = AF_INET;
		endpoint->addr4.sin_port = udp_hdr(skb)->source;
		endpoint->addr4.sin_addr.s_addr = ip_hdr(skb)->saddr;
		endpoint->src4.s_addr = ip_hdr(skb)->daddr;
		endpoint->src_ifindex = skb->skb_iif;
	} else if (IS_ENABLED(CONFIG_IPV6) && skb->protocol == htons(ETH_P_IPV6)) {
		endpoint->addr6.sin6_family = AF_INET6;
		endpoint->addr6.sin6_port = udp_hdr(skb)->source;
		endpoint->addr6.sin6_addr = ipv6_hdr(skb)->saddr;
		endpoint->addr6.sin6_scope_id = ipv6_iface_scope_id(&ipv6_hdr(skb)->saddr,
								    skb->skb_iif);
		endpoint->src6 = ipv6_hdr(skb)->daddr;
	} else {
		return -EINVAL;
	}
	return 0;
}

static bool endpoint_eq(const struct wg_endpoint *a, const struct wg_endpoint *b)
{
	if (a->addr.sa_family != b->addr.sa_family)
		return false;
	if (a->addr.sa_family == AF_INET)
		return a->addr4.sin_port == b->addr4.sin_port &&
		       a->addr4.sin_addr.s_addr == b->addr4.sin_addr.s_addr &&
		       a->src4.s_addr == b->src4.s_addr &&
		       a->src_ifindex == b->src_ifindex;
	if (a->addr.sa_family == AF_INET6)
		return a->addr6.sin6_port == b->addr6.sin6_port &&
		       ipv6_addr_equal(&a->addr6.sin6_addr, &b->addr6.sin6_addr) &&
		       a->addr6.sin6_scope_id == b->addr6.sin6_scope_id &&
		       ipv6_addr_equal(&a->src6, &b->src6);
	return false;
}

/* The peer's side only (address and port): what roaming changes. */
static bool remote_eq(const struct wg_endpoint *a, const struct wg_endpoint *b)
{
	if (a->addr.sa_family != b->addr.sa_family)
		return false;
	if (a->addr.sa_family == AF_INET)
		return a->addr4.sin_port == b->addr4.sin_port &&
		       a->addr4.sin_addr.s_addr == b->addr4.sin_addr.s_addr;
	return a->addr6.sin6_port == b->addr6.sin6_port &&
	       ipv6_addr_equal(&a->addr6.sin6_addr, &b->addr6.sin6_addr) &&
	       a->addr6.sin6_scope_id == b->addr6.sin6_scope_id;
}

/* True if a known remote address or port changed: the peer roamed. */
bool wg_socket_set_peer_endpoint(struct wg_peer *peer, const struct wg_endpoint *endpoint)
{
	bool roamed;

	/* Checked first without the write lock: nearly every packet matches. */
	read_lock_bh(&peer->endpoint_lock);
	if (endpoint_eq(endpoint, &peer->endpoint)) {
		read_unlock_bh(&peer->endpoint_lock);
		return false;
	}
	read_unlock_bh(&peer->endpoint_lock);

	write_lock_bh(&peer->endpoint_lock);
	roamed = (peer->endpoint.addr.sa_family == AF_INET ||
		  peer->endpoint.addr.sa_family == AF_INET6) &&
		 !remote_eq(endpoint, &peer->endpoint);
	if (endpoint->addr.sa_family == AF_INET) {
		peer->endpoint.addr4 = endpoint->addr4;
		peer->endpoint.src4 = endpoint->src4;
		peer->endpoint.src_ifindex = endpoint->src_ifindex;
	} else if (endpoint->addr.sa_family == AF_INET6) {
		peer->endpoint.addr6 = endpoint->addr6;
		peer->endpoint.src6 = endpoint->src6;
	} else {
		roamed = false;
		goto out;
	}
	dst_cache_reset(&peer->endpoint_cache);
out:
	write_unlock_bh(&peer->endpoint_lock);
	return roamed;
}

void wg_socket_set_peer_endpoint_from_skb(struct wg_peer *peer, const struct sk_buff *skb)
{
	struct wg_endpoint endpoint;

	if (!wg_socket_endpoint_from_skb(&endpoint, skb) &&
	    wg_socket_set_peer_endpoint(peer, &endpoint))
		wg_count_peer(peer, ENDPOINT_CHANGES);
}

void wg_socket_clear_peer_endpoint_src(struct wg_peer *peer)
{
	write_lock_bh(&peer->endpoint_lock);
	memset(&peer->endpoint.src6, 0, sizeof(peer->endpoint.src6));
	peer->endpoint.src_ifindex = 0;
	dst_cache_reset_now(&peer->endpoint_cache);
	write_unlock_bh(&peer->endpoint_lock);
}

static void set_sock_opts(struct socket *sock)
{
	sock->sk->sk_allocation = GFP_ATOMIC;
	sock->sk->sk_sndbuf = INT_MAX;
	sk_set_memalloc(sock->sk);
}

static int open_socket(struct wg_device *wg, struct net *net, int family, u16 port,
		       wg_socket_receive_fn receive, struct socket **out)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = wg,
		.encap_type = 1,
		.encap_rcv = receive,
	};
	struct udp_port_cfg port_cfg = {
		.family = family,
		.local_udp_port = htons(port),
	};
	int ret;

	if (family == AF_INET) {
		port_cfg.local_ip.s_addr = htonl(INADDR_ANY);
	} else {
		port_cfg.local_ip6 = in6addr_any;
		port_cfg.ipv6_v6only = true;
	}
	ret = udp_sock_create(net, &port_cfg, out);
	if (ret < 0)
		return ret;
	set_sock_opts(*out);
	setup_udp_tunnel_sock(net, wg_compat_udp_tunnel_sk(*out), &cfg);
	wg_udp_batch_socket_opened(*out);
	return 0;
}

static void close_socket(struct socket *sock)
{
	if (sock)
		udp_tunnel_sock_release(wg_compat_udp_tunnel_sk(sock));
}

int wg_socket_init(struct wg_device *wg, u16 port, wg_socket_receive_fn receive)
{
	struct socket *new4 = NULL, *new6 = NULL, *old4, *old6;
	unsigned int retries = 0;
	struct net *net;
	int ret;

	lockdep_assert_held(&wg->device_update_lock);
	net = wg->creating_net;
	if (!net)
		return -ENONET;
retry:
	ret = open_socket(wg, net, AF_INET, port, receive, &new4);
	if (ret < 0) {
		/* Rate limited: anyone with CAP_NET_ADMIN in a namespace they
		 * own can ask for a taken port again and again, and the caller
		 * gets the error (and, over netlink, an extack message) anyway. */
		if (net_ratelimit())
			netdev_warn(wg->dev, "could not open the IPv4 socket on port %u: %d\n",
				    port, ret);
		return ret;
	}
	if (ipv6_mod_enabled()) {
		u16 bound = ntohs(inet_sk(new4->sk)->inet_sport);

		ret = open_socket(wg, net, AF_INET6, bound, receive, &new6);
		if (ret < 0) {
			close_socket(new4);
			new4 = NULL;
			/* A random v4 port may be taken for v6: try another. */
			if (ret == -EADDRINUSE && !port && retries++ < 100)
				goto retry;
			if (net_ratelimit())
				netdev_warn(wg->dev, "could not open the IPv6 socket on port %u: %d\n",
					    bound, ret);
			return ret;
		}
	}

	old4 = rcu_dereference_protected(wg->sock4, lockdep_is_held(&wg->device_update_lock));
	old6 = rcu_dereference_protected(wg->sock6, lockdep_is_held(&wg->device_update_lock));
	rcu_assign_pointer(wg->sock4, new4);
	rcu_assign_pointer(wg->sock6, new6);
	wg->incoming_port = ntohs(inet_sk(new4->sk)->inet_sport);
	synchronize_net();
	close_socket(old4);
	close_socket(old6);
	return 0;
}

void wg_socket_uninit(struct wg_device *wg)
{
	struct socket *old4, *old6;

	lockdep_assert_held(&wg->device_update_lock);
	old4 = rcu_dereference_protected(wg->sock4, lockdep_is_held(&wg->device_update_lock));
	old6 = rcu_dereference_protected(wg->sock6, lockdep_is_held(&wg->device_update_lock));
	RCU_INIT_POINTER(wg->sock4, NULL);
	RCU_INIT_POINTER(wg->sock6, NULL);
	synchronize_net();
	close_socket(old4);
	close_socket(old6);
}
