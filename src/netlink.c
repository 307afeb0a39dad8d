// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "wireguard" v1: the exact contract of
 * include/uapi/linux/wireguard.h.
 *
 * At this stage the module has no keys, peers or sockets, so GET reports a
 * device with nothing configured, and a SET that asks for any change is
 * refused with -EOPNOTSUPP and an extended-ack message saying so, naming the
 * attribute. The policies below are already the final ones, so malformed
 * requests are rejected by the netlink core exactly as they will be later.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "../include/uapi/linux/wireguard.h"
#include "device.h"
#include "netlink.h"
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
	[WGPEER_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __WGPEER_F_ALL),
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
	[WGDEVICE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __WGDEVICE_F_ALL),
	[WGDEVICE_A_LISTEN_PORT] = { .type = NLA_U16 },
	[WGDEVICE_A_FWMARK] = { .type = NLA_U32 },
	[WGDEVICE_A_PEERS] = NLA_POLICY_NESTED_ARRAY(wg_peer_policy),
};

/*
 * The device a request names, by index or by name (exactly one), in the
 * requester's namespace, with a reference held. ERR_PTR on failure, with
 * the reason in extack.
 */
static struct wg_device *wg_lookup_device(struct net *net, struct nlattr **attrs,
					  struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;
	struct wg_device *wg;

	if (attrs[WGDEVICE_A_IFINDEX] && attrs[WGDEVICE_A_IFNAME]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_IFNAME],
				    "give either an interface index or a name, not both");
		return ERR_PTR(-EINVAL);
	}
	if (attrs[WGDEVICE_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[WGDEVICE_A_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_IFINDEX],
					    "no interface with this index");
			return ERR_PTR(-ENODEV);
		}
	} else if (attrs[WGDEVICE_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(attrs[WGDEVICE_A_IFNAME]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_IFNAME],
					    "no interface with this name");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG(extack, "an interface index or name is required");
		return ERR_PTR(-EINVAL);
	}

	wg = wg_device_from_netdev(dev);
	if (!wg) {
		NL_SET_ERR_MSG(extack, "not a WireGuard interface");
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return wg;
}

static int wg_get_device_start(struct netlink_callback *cb)
{
	struct wg_device *wg;

	wg = wg_lookup_device(sock_net(cb->skb->sk), wg_compat_dump_attrs(cb),
			      cb->extack);
	if (IS_ERR(wg))
		return PTR_ERR(wg);
	cb->args[0] = (long)wg;
	return 0;
}

static int wg_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct wg_device *wg = (struct wg_device *)cb->args[0];
	struct nlattr *peers;
	void *hdr;

	/* Everything fits one message until peers exist: args[1] marks done. */
	if (cb->args[1])
		return 0;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &wg_genl_family, NLM_F_MULTI, WG_CMD_GET_DEVICE);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	rtnl_lock();
	mutex_lock(&wg->device_update_lock);
	if (nla_put_u32(skb, WGDEVICE_A_IFINDEX, wg->dev->ifindex) ||
	    nla_put_string(skb, WGDEVICE_A_IFNAME, wg->dev->name) ||
	    nla_put_u16(skb, WGDEVICE_A_LISTEN_PORT, 0) ||
	    nla_put_u32(skb, WGDEVICE_A_FWMARK, 0))
		goto out_cancel;
	peers = nla_nest_start(skb, WGDEVICE_A_PEERS);
	if (!peers)
		goto out_cancel;
	nla_nest_end(skb, peers);
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();

	genlmsg_end(skb, hdr);
	cb->args[1] = 1;
	return skb->len;

out_cancel:
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int wg_get_device_done(struct netlink_callback *cb)
{
	struct wg_device *wg = (struct wg_device *)cb->args[0];

	if (wg)
		dev_put(wg->dev);
	return 0;
}

/* Attributes that would change the configuration, which is not built yet. */
static const int wg_unimplemented_device_attrs[] = {
	WGDEVICE_A_PRIVATE_KEY, WGDEVICE_A_LISTEN_PORT, WGDEVICE_A_FWMARK,
	WGDEVICE_A_PEERS,
};

static int wg_set_device(struct sk_buff *skb, struct genl_info *info)
{
	struct wg_device *wg;
	unsigned int i;
	int ret = 0;

	wg = wg_lookup_device(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(wg))
		return PTR_ERR(wg);

	for (i = 0; i < ARRAY_SIZE(wg_unimplemented_device_attrs); ++i) {
		struct nlattr *attr = info->attrs[wg_unimplemented_device_attrs[i]];

		if (attr) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "configuring keys, port, fwmark and peers is not implemented yet");
			ret = -EOPNOTSUPP;
			break;
		}
	}
	dev_put(wg->dev);
	return ret;
}

static const struct genl_ops wg_genl_ops[] = {
	{
		.cmd = WG_CMD_GET_DEVICE,
		.start = wg_get_device_start,
		.dumpit = wg_get_device_dump,
		.done = wg_get_device_done,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = WG_CMD_SET_DEVICE,
		.doit = wg_set_device,
		.flags = GENL_UNS_ADMIN_PERM,
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
	.maxattr = WGDEVICE_A_MAX,
	.module = THIS_MODULE,
	.policy = wg_device_policy,
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
