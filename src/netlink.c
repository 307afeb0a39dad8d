// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "wireguard" v1: the exact contract of
 * include/uapi/linux/wireguard.h.
 *
 * A SET is checked as a whole before anything is applied (every peer,
 * endpoint and allowed IP), so a request refused for bad input changes
 * nothing; only an allocation failure midway can leave part of it applied.
 * Every refusal carries an extended-ack message naming the attribute.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <crypto/algapi.h>
#include <wgcrypto/curve25519.h>

#include "../include/uapi/linux/wireguard.h"
#include "device.h"
#include "netlink.h"
#include "peer.h"
#include "send.h"
#include "socket.h"
#include <wg/compat.h>

static struct genl_family wg_genl_family;

static const struct nla_policy wg_allowedip_policy[WGALLOWEDIP_A_MAX + 1] = {
	[WGALLOWEDIP_A_FAMILY] = { .type = NLA_U16 },
	[WGALLOWEDIP_A_IPADDR] = NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[WGALLOWEDIP_A_CIDR_MASK] = { .type = NLA_U8 },
	[WGALLOWEDIP_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __WGALLOWEDIP_F_ALL),
};

static const struct nla_policy wg_peer_policy[WGPEER_A_MAX + 1] = {
	[WGPEER_A_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGPEER_A_PRESHARED_KEY] = NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGPEER_A_FLAGS] = { .type = NLA_U32 },	/* unknown bits: EOPNOTSUPP */
	[WGPEER_A_ENDPOINT] = NLA_POLICY_MIN_LEN(sizeof(struct sockaddr)),
	[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL] = { .type = NLA_U16 },
	[WGPEER_A_LAST_HANDSHAKE_TIME] =
		NLA_POLICY_EXACT_LEN(sizeof(struct __kernel_timespec)),
	[WGPEER_A_RX_BYTES] = { .type = NLA_U64 },
	[WGPEER_A_TX_BYTES] = { .type = NLA_U64 },
	[WGPEER_A_ALLOWEDIPS] = NLA_POLICY_NESTED_ARRAY(wg_allowedip_policy),
	[WGPEER_A_PROTOCOL_VERSION] = { .type = NLA_U32 },
};

static const struct nla_policy wg_device_policy[WGDEVICE_A_MAX + 1] = {
	[WGDEVICE_A_IFINDEX] = { .type = NLA_U32 },
	[WGDEVICE_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[WGDEVICE_A_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(WG_KEY_LEN),
	[WGDEVICE_A_FLAGS] = { .type = NLA_U32 },	/* unknown bits: EOPNOTSUPP */
	[WGDEVICE_A_LISTEN_PORT] = { .type = NLA_U16 },
	[WGDEVICE_A_FWMARK] = { .type = NLA_U32 },
	[WGDEVICE_A_PEERS] = NLA_POLICY_NESTED_ARRAY(wg_peer_policy),
};

/*
 * The device a request names, by index or by name (exactly one), in the
 * requester's namespace, with a reference held. ERR_PTR on failure, with
 * the reason in extack. The error codes are the in-tree module's, which
 * tools may test: EBADR for neither or both, ENODEV for no such device,
 * EOPNOTSUPP for a device of another kind.
 */
struct wg_device *wg_netlink_lookup_device(struct net *net, const struct nlattr *ifindex,
					   const struct nlattr *ifname,
					   struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;
	struct wg_device *wg;

	if (ifindex && ifname) {
		NL_SET_ERR_MSG_ATTR(extack, ifname,
				    "give either an interface index or a name, not both");
		return ERR_PTR(-EBADR);
	}
	if (ifindex) {
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, ifindex, "no interface with this index");
			return ERR_PTR(-ENODEV);
		}
	} else if (ifname) {
		dev = dev_get_by_name(net, nla_data(ifname));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, ifname, "no interface with this name");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG(extack, "an interface index or name is required");
		return ERR_PTR(-EBADR);
	}

	wg = wg_device_from_netdev(dev);
	if (!wg) {
		NL_SET_ERR_MSG(extack, "not a WireGuard interface");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return wg;
}

static struct wg_device *wg_lookup_device(struct net *net, struct nlattr **attrs,
					  struct netlink_ext_ack *extack)
{
	return wg_netlink_lookup_device(net, attrs[WGDEVICE_A_IFINDEX],
					attrs[WGDEVICE_A_IFNAME], extack);
}


struct dump_ctx {
	struct wg_device *wg;
	unsigned long peer_pos;		/* peers fully dumped */
	unsigned long allowedips_cursor;	/* within the next peer */
	/*
	 * The peer the next message starts with, valid only while the
	 * configuration generation is still resume_generation: every peer
	 * creation and removal moves it, under device_update_lock, so an
	 * unchanged generation proves the peer is still on the list (no
	 * reference is held). Otherwise the dump finds its place by count,
	 * and the core flags it as interrupted.
	 */
	struct wg_peer *resume_peer;
	unsigned int resume_generation;
	bool device_done;
	bool finished;
};

static int put_allowedip(void *ctx, int family, const u8 *ip, u8 cidr)
{
	struct sk_buff *skb = ctx;
	struct nlattr *nest = nla_nest_start(skb, 0);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, WGALLOWEDIP_A_CIDR_MASK, cidr) ||
	    nla_put_u16(skb, WGALLOWEDIP_A_FAMILY, family) ||
	    nla_put(skb, WGALLOWEDIP_A_IPADDR,
		    family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr), ip)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One peer; a peer that does not fit continues in the next message. */
static int put_peer(struct sk_buff *skb, struct wg_peer *peer, unsigned long *cursor)
{
	struct nlattr *peer_nest = nla_nest_start(skb, 0), *ips;
	int ret;

	if (!peer_nest)
		return -EMSGSIZE;
	if (nla_put(skb, WGPEER_A_PUBLIC_KEY, 32, peer->handshake.remote_static))
		goto err;
	if (!*cursor) {
		struct __kernel_timespec last = {};

		down_read(&peer->handshake.lock);
		ret = nla_put(skb, WGPEER_A_PRESHARED_KEY, 32, peer->handshake.preshared_key);
		last.tv_sec = peer->walltime_last_handshake.tv_sec;
		last.tv_nsec = peer->walltime_last_handshake.tv_nsec;
		up_read(&peer->handshake.lock);
		if (ret)
			goto err;
		if (nla_put(skb, WGPEER_A_LAST_HANDSHAKE_TIME, sizeof(last), &last) ||
		    nla_put_u16(skb, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
				peer->persistent_keepalive_interval) ||
		    nla_put_u64_64bit(skb, WGPEER_A_TX_BYTES, atomic64_read(&peer->tx_bytes),
				      WGPEER_A_UNSPEC) ||
		    nla_put_u64_64bit(skb, WGPEER_A_RX_BYTES, atomic64_read(&peer->rx_bytes),
				      WGPEER_A_UNSPEC) ||
		    nla_put_u32(skb, WGPEER_A_PROTOCOL_VERSION, 1))
			goto err;
		read_lock_bh(&peer->endpoint_lock);
		if (peer->endpoint.addr.sa_family == AF_INET)
			ret = nla_put(skb, WGPEER_A_ENDPOINT, sizeof(peer->endpoint.addr4),
				      &peer->endpoint.addr4);
		else if (peer->endpoint.addr.sa_family == AF_INET6)
			ret = nla_put(skb, WGPEER_A_ENDPOINT, sizeof(peer->endpoint.addr6),
				      &peer->endpoint.addr6);
		else
			ret = 0;
		read_unlock_bh(&peer->endpoint_lock);
		if (ret)
			goto err;
	}
	ips = nla_nest_start(skb, WGPEER_A_ALLOWEDIPS);
	if (!ips)
		goto err;
	ret = wg_allowedips_walk_by_peer(&peer->device->peer_allowedips, peer, cursor,
					 put_allowedip, skb);
	nla_nest_end(skb, ips);
	nla_nest_end(skb, peer_nest);
	return ret;
err:
	nla_nest_cancel(skb, peer_nest);
	return -EMSGSIZE;
}

static int wg_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dump_ctx *ctx = (struct dump_ctx *)cb->args[0];
	struct wg_device *wg = ctx->wg;
	struct nlattr *peers_nest;
	struct wg_peer *peer;
	unsigned long pos = 0;
	int ret = 0;
	void *hdr;

	if (ctx->finished)
		return 0;

	rtnl_lock();
	mutex_lock(&wg->device_update_lock);
	cb->seq = wg->config_generation;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &wg_genl_family, NLM_F_MULTI, WG_CMD_GET_DEVICE);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto out;
	}
	genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, WGDEVICE_A_IFINDEX, wg->dev->ifindex) ||
	    nla_put_string(skb, WGDEVICE_A_IFNAME, wg->dev->name))
		goto out_cancel;
	if (!ctx->device_done) {
		down_read(&wg->static_identity.lock);
		if (wg->static_identity.has_identity &&
		    (nla_put(skb, WGDEVICE_A_PRIVATE_KEY, 32, wg->static_identity.static_private) ||
		     nla_put(skb, WGDEVICE_A_PUBLIC_KEY, 32, wg->static_identity.static_public))) {
			up_read(&wg->static_identity.lock);
			goto out_cancel;
		}
		up_read(&wg->static_identity.lock);
		if (nla_put_u16(skb, WGDEVICE_A_LISTEN_PORT, wg->incoming_port) ||
		    nla_put_u32(skb, WGDEVICE_A_FWMARK, wg->fwmark))
			goto out_cancel;
	}

	peers_nest = nla_nest_start(skb, WGDEVICE_A_PEERS);
	if (!peers_nest)
		goto out_cancel;
	if (ctx->resume_peer && ctx->resume_generation == wg->config_generation) {
		peer = ctx->resume_peer;
	} else {
		/* The first message, or the list changed since the last one. */
		peer = list_first_entry(&wg->peer_list, struct wg_peer, peer_list);
		while (pos < ctx->peer_pos && &peer->peer_list != &wg->peer_list) {
			peer = list_next_entry(peer, peer_list);
			++pos;
		}
	}
	ctx->resume_peer = NULL;
	list_for_each_entry_from(peer, &wg->peer_list, peer_list) {
		ret = put_peer(skb, peer, &ctx->allowedips_cursor);
		if (ret) {
			/* The message is full: the next resumes with this peer. */
			ctx->resume_peer = peer;
			ctx->resume_generation = wg->config_generation;
			ret = 0;
			break;
		}
		++ctx->peer_pos;
	}
	nla_nest_end(skb, peers_nest);
	if (ctx->peer_pos >= wg->num_peers)
		ctx->finished = true;
	ctx->device_done = true;
	genlmsg_end(skb, hdr);
	ret = skb->len;
	goto out;

out_cancel:
	genlmsg_cancel(skb, hdr);
	ret = -EMSGSIZE;
out:
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();
	return ret;
}

int wg_netlink_dump_start(struct netlink_callback *cb, const struct nlattr *ifindex,
			  const struct nlattr *ifname, size_t ctx_size)
{
	struct wg_device *wg, **ctx;

	wg = wg_netlink_lookup_device(sock_net(cb->skb->sk), ifindex, ifname, cb->extack);
	if (IS_ERR(wg))
		return PTR_ERR(wg);
	ctx = kzalloc(ctx_size, GFP_KERNEL);
	if (!ctx) {
		dev_put(wg->dev);
		return -ENOMEM;
	}
	*ctx = wg;
	cb->args[0] = (long)ctx;
	return 0;
}

int wg_netlink_dump_done(struct netlink_callback *cb)
{
	struct wg_device **ctx = (struct wg_device **)cb->args[0];

	if (ctx) {
		dev_put((*ctx)->dev);
		kfree(ctx);
	}
	return 0;
}

static int wg_get_device_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = wg_compat_dump_attrs(cb);

	/* the shared start stores the device in the context's first member */
	BUILD_BUG_ON(offsetof(struct dump_ctx, wg) != 0);
	return wg_netlink_dump_start(cb, attrs[WGDEVICE_A_IFINDEX], attrs[WGDEVICE_A_IFNAME],
				     sizeof(struct dump_ctx));
}

/* ------------------------------------------------------------------ SET */

static int parse_endpoint(struct nlattr *attr, struct wg_endpoint *endpoint,
			  struct netlink_ext_ack *extack)
{
	const struct sockaddr *addr = nla_data(attr);
	size_t len = nla_len(attr);

	memset(endpoint, 0, sizeof(*endpoint));
	if (len == sizeof(struct sockaddr_in) && addr->sa_family == AF_INET) {
		endpoint->addr4 = *(const struct sockaddr_in *)addr;
		return 0;
	}
	if (len == sizeof(struct sockaddr_in6) && addr->sa_family == AF_INET6) {
		endpoint->addr6 = *(const struct sockaddr_in6 *)addr;
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "endpoint must be a struct sockaddr_in or sockaddr_in6");
	return -EINVAL;
}

static int parse_allowedip(struct nlattr *attr, struct nlattr **tb, int *family,
			   struct netlink_ext_ack *extack)
{
	int ret;
	u8 cidr;

	ret = nla_parse_nested(tb, WGALLOWEDIP_A_MAX, attr, wg_allowedip_policy, extack);
	if (ret < 0)
		return ret;
	if (!tb[WGALLOWEDIP_A_FAMILY] || !tb[WGALLOWEDIP_A_IPADDR] ||
	    !tb[WGALLOWEDIP_A_CIDR_MASK]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "allowed IP needs a family, an address and a CIDR mask");
		return -EINVAL;
	}
	*family = nla_get_u16(tb[WGALLOWEDIP_A_FAMILY]);
	cidr = nla_get_u8(tb[WGALLOWEDIP_A_CIDR_MASK]);
	if (*family == AF_INET && nla_len(tb[WGALLOWEDIP_A_IPADDR]) == sizeof(struct in_addr) &&
	    cidr <= 32)
		return 0;
	if (*family == AF_INET6 && nla_len(tb[WGALLOWEDIP_A_IPADDR]) == sizeof(struct in6_addr) &&
	    cidr <= 128)
		return 0;
	if (*family != AF_INET && *family != AF_INET6)
		NL_SET_ERR_MSG_ATTR(extack, tb[WGALLOWEDIP_A_FAMILY],
				    "allowed IP family must be AF_INET or AF_INET6");
	else if (cidr > (*family == AF_INET ? 32 : 128))
		NL_SET_ERR_MSG_ATTR(extack, tb[WGALLOWEDIP_A_CIDR_MASK],
				    "allowed IP CIDR mask is too long for its family");
	else
		NL_SET_ERR_MSG_ATTR(extack, tb[WGALLOWEDIP_A_IPADDR],
				    "allowed IP address length does not match its family");
	return -EINVAL;
}

/* Checks one peer nest completely; applies nothing. */
static int validate_peer(struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[WGPEER_A_MAX + 1], *ip, *iptb[WGALLOWEDIP_A_MAX + 1];
	struct wg_endpoint endpoint;
	int ret, rem, family;

	ret = nla_parse_nested(tb, WGPEER_A_MAX, attr, wg_peer_policy, extack);
	if (ret < 0)
		return ret;
	if (!tb[WGPEER_A_PUBLIC_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "peer needs a public key");
		return -EINVAL;
	}
	/* Unknown flags and versions: the in-tree module's error codes. */
	if (tb[WGPEER_A_FLAGS] && (nla_get_u32(tb[WGPEER_A_FLAGS]) & ~__WGPEER_F_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_FLAGS], "unknown peer flags");
		return -EOPNOTSUPP;
	}
	if (tb[WGPEER_A_PROTOCOL_VERSION] && nla_get_u32(tb[WGPEER_A_PROTOCOL_VERSION]) != 1) {
		NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_PROTOCOL_VERSION],
				    "only protocol version 1 is supported");
		return -EPFNOSUPPORT;
	}
	if (tb[WGPEER_A_ENDPOINT]) {
		ret = parse_endpoint(tb[WGPEER_A_ENDPOINT], &endpoint, extack);
		if (ret < 0)
			return ret;
	}
	if (tb[WGPEER_A_ALLOWEDIPS]) {
		nla_for_each_nested(ip, tb[WGPEER_A_ALLOWEDIPS], rem) {
			ret = parse_allowedip(ip, iptb, &family, extack);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int set_peer(struct wg_device *wg, struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[WGPEER_A_MAX + 1], *ip, *iptb[WGALLOWEDIP_A_MAX + 1];
	const u8 *public_key, *preshared_key = NULL;
	struct wg_pubkey_entry *entry;
	struct wg_peer *peer = NULL;
	u32 flags = 0;
	int ret, rem, family;

	ret = nla_parse_nested(tb, WGPEER_A_MAX, attr, wg_peer_policy, extack);
	if (ret < 0)
		return ret;
	public_key = nla_data(tb[WGPEER_A_PUBLIC_KEY]);
	if (tb[WGPEER_A_PRESHARED_KEY])
		preshared_key = nla_data(tb[WGPEER_A_PRESHARED_KEY]);
	if (tb[WGPEER_A_FLAGS])
		flags = nla_get_u32(tb[WGPEER_A_FLAGS]);

	/* Our own public key: skipped, so one config serves a whole mesh. */
	down_read(&wg->static_identity.lock);
	if (wg->static_identity.has_identity &&
	    !crypto_memneq(public_key, wg->static_identity.static_public, 32)) {
		up_read(&wg->static_identity.lock);
		return 0;
	}
	up_read(&wg->static_identity.lock);

	entry = wg_pubkey_hashtable_lookup(wg->peer_hashtable, public_key);
	if (entry)
		peer = entry->owner;	/* a reference, from the table's owner_get */

	if (flags & WGPEER_F_REMOVE_ME) {
		if (peer) {
			wg_peer_remove(peer);
			wg_peer_put(peer);
		}
		return 0;
	}
	if (!peer) {
		if (flags & WGPEER_F_UPDATE_ONLY)
			return 0;
		peer = wg_peer_create(wg, public_key, preshared_key);
		if (IS_ERR(peer)) {
			ret = PTR_ERR(peer);
			if (ret == -ENOSPC)
				NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_PUBLIC_KEY],
						    "too many peers on this device");
			else
				NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_PUBLIC_KEY],
						    "could not create the peer");
			return ret;
		}
		wg_peer_get(peer);
	} else if (preshared_key) {
		wg_noise_handshake_set_preshared_key(&peer->handshake, preshared_key);
	}

	if (tb[WGPEER_A_ENDPOINT]) {
		struct wg_endpoint endpoint;

		if (!parse_endpoint(tb[WGPEER_A_ENDPOINT], &endpoint, extack))
			wg_socket_set_peer_endpoint(peer, &endpoint);
	}

	if (flags & WGPEER_F_REPLACE_ALLOWEDIPS)
		wg_allowedips_remove_by_peer(&wg->peer_allowedips, peer);
	if (tb[WGPEER_A_ALLOWEDIPS]) {
		nla_for_each_nested(ip, tb[WGPEER_A_ALLOWEDIPS], rem) {
			u32 ipflags = 0;
			u8 cidr;

			ret = parse_allowedip(ip, iptb, &family, extack);
			if (ret < 0)
				goto out;
			cidr = nla_get_u8(iptb[WGALLOWEDIP_A_CIDR_MASK]);
			if (iptb[WGALLOWEDIP_A_FLAGS])
				ipflags = nla_get_u32(iptb[WGALLOWEDIP_A_FLAGS]);
			if (ipflags & WGALLOWEDIP_F_REMOVE_ME)
				ret = wg_allowedips_remove(&wg->peer_allowedips, family,
							   nla_data(iptb[WGALLOWEDIP_A_IPADDR]),
							   cidr, peer);
			else
				ret = wg_allowedips_insert(&wg->peer_allowedips, family,
							   nla_data(iptb[WGALLOWEDIP_A_IPADDR]),
							   cidr, peer);
			if (ret == -ENOENT)
				ret = 0;	/* removing what is not there */
			if (ret < 0) {
				NL_SET_ERR_MSG_ATTR(extack, ip, "could not apply this allowed IP");
				goto out;
			}
		}
	}

	if (tb[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]) {
		u16 interval = nla_get_u16(tb[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]);
		bool turned_on = interval && !peer->persistent_keepalive_interval;

		WRITE_ONCE(peer->persistent_keepalive_interval, interval);
		if (turned_on && netif_running(wg->dev))
			wg_packet_send_keepalive(peer);
	}
	if (netif_running(wg->dev))
		wg_packet_send_staged_packets(peer);
	ret = 0;
out:
	wg_peer_put(peer);
	return ret;
}

static void set_private_key(struct wg_device *wg, const u8 *private_key)
{
	u8 public_key[32];
	struct wg_pubkey_entry *entry;
	struct wg_peer *peer, *tmp;

	lockdep_assert_held(&wg->device_update_lock);
	if (!crypto_memneq(wg->static_identity.static_private, private_key, 32))
		return;	/* unchanged: keep the sessions */

	/* A peer with our new public key would be ourselves: remove it. */
	if (wg_curve25519_generate_public(public_key, private_key)) {
		entry = wg_pubkey_hashtable_lookup(wg->peer_hashtable, public_key);
		if (entry) {
			peer = entry->owner;
			wg_peer_remove(peer);
			wg_peer_put(peer);
		}
	}
	memzero_explicit(public_key, sizeof(public_key));

	wg_noise_set_static_identity_private_key(&wg->static_identity, private_key);
	list_for_each_entry_safe(peer, tmp, &wg->peer_list, peer_list) {
		wg_noise_precompute_static_static(&peer->handshake);
		/* Sessions under the old identity are void. */
		wg_noise_expire_current_peer_keypairs(&peer->keypairs);
	}
	wg_cookie_checker_rekey(&wg->cookie_checker);
}

static int wg_set_device(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs, *attr;
	struct netlink_ext_ack *extack = info->extack;
	struct wg_device *wg;
	u32 flags = 0;
	int ret, rem;

	wg = wg_lookup_device(genl_info_net(info), attrs, extack);
	if (IS_ERR(wg))
		return PTR_ERR(wg);

	/* Everything is checked before anything is applied. */
	if (attrs[WGDEVICE_A_FLAGS])
		flags = nla_get_u32(attrs[WGDEVICE_A_FLAGS]);
	if (flags & ~__WGDEVICE_F_ALL) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_FLAGS], "unknown device flags");
		ret = -EOPNOTSUPP;
		goto out_put;
	}
	if (attrs[WGDEVICE_A_PEERS]) {
		nla_for_each_nested(attr, attrs[WGDEVICE_A_PEERS], rem) {
			ret = validate_peer(attr, extack);
			if (ret < 0)
				goto out_put;
		}
	}

	rtnl_lock();
	mutex_lock(&wg->device_update_lock);

	if (attrs[WGDEVICE_A_LISTEN_PORT]) {
		u16 port = nla_get_u16(attrs[WGDEVICE_A_LISTEN_PORT]);

		if (port != wg->incoming_port || !netif_running(wg->dev)) {
			if (netif_running(wg->dev)) {
				ret = wg_device_open_sockets(wg, port);
				if (ret < 0) {
					if (ret == -EADDRINUSE)
						NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_LISTEN_PORT],
								    "listen port is in use");
					else
						NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_LISTEN_PORT],
								    "could not open a socket on this port");
					goto out_unlock;
				}
			} else {
				wg->incoming_port = port;
			}
		}
	}
	if (attrs[WGDEVICE_A_FWMARK]) {
		struct wg_peer *peer;

		wg->fwmark = nla_get_u32(attrs[WGDEVICE_A_FWMARK]);
		list_for_each_entry(peer, &wg->peer_list, peer_list)
			wg_socket_clear_peer_endpoint_src(peer);
	}
	if (flags & WGDEVICE_F_REPLACE_PEERS)
		wg_peer_remove_all(wg);
	if (attrs[WGDEVICE_A_PRIVATE_KEY])
		set_private_key(wg, nla_data(attrs[WGDEVICE_A_PRIVATE_KEY]));
	ret = 0;
	if (attrs[WGDEVICE_A_PEERS]) {
		nla_for_each_nested(attr, attrs[WGDEVICE_A_PEERS], rem) {
			ret = set_peer(wg, attr, extack);
			if (ret < 0)
				break;
		}
	}

out_unlock:
	/*
	 * A dump split across messages resumes by position; a dump that spans
	 * this change is flagged NLM_F_DUMP_INTR rather than silently giving
	 * a peer's allowed IPs from before and after it.
	 */
	wg_device_config_changed(wg);
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();
out_put:
	dev_put(wg->dev);
	return ret;
}

static const struct genl_ops wg_genl_ops[] = {
	{
		.cmd = WG_CMD_GET_DEVICE,
		.start = wg_get_device_start,
		.dumpit = wg_get_device_dump,
		.done = wg_netlink_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,
#ifdef WG_COMPAT_GENL_OP_POLICY
		.policy = wg_device_policy,
		.maxattr = WGDEVICE_A_MAX,
#endif
	}, {
		.cmd = WG_CMD_SET_DEVICE,
		.doit = wg_set_device,
		.flags = GENL_UNS_ADMIN_PERM,
#ifdef WG_COMPAT_GENL_OP_POLICY
		.policy = wg_device_policy,
		.maxattr = WGDEVICE_A_MAX,
#endif
	},
};

static struct genl_family wg_genl_family __ro_after_init = {
	.ops = wg_genl_ops,
	.n_ops = ARRAY_SIZE(wg_genl_ops),
#ifdef WG_COMPAT_GENL_RESV_START_OP
	.resv_start_op = WG_CMD_SET_DEVICE + 1,
#endif
	.name = WG_GENL_NAME,
	.version = WG_GENL_VERSION,
#ifndef WG_COMPAT_GENL_OP_POLICY
	.maxattr = WGDEVICE_A_MAX,
	.policy = wg_device_policy,
#endif
	.module = THIS_MODULE,
	.netnsok = true,
};

int __init wg_genetlink_init(void)
{
	return genl_register_family(&wg_genl_family);
}

void wg_genetlink_uninit(void)
{
	genl_unregister_family(&wg_genl_family);
}
