// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "wireguard-stats": the fleet counters of a
 * device and of each of its peers, read only (<wg/stats_uapi.h>). A family
 * of our own, so the "wireguard" family stays exactly upstream's.
 *
 * One dump: a first message with the device's counters, then one message
 * per peer, as many netlink buffers as that takes. The peer list is read
 * under device_update_lock; a dump resumes by position, and one that
 * spans a configuration change is flagged NLM_F_DUMP_INTR by the core
 * (the generation in cb->seq), so a reader knows to read it again.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "device.h"
#include "netlink.h"
#include "peer.h"
#include <wg/compat.h>

static struct genl_family wg_stats_genl_family;

static const struct nla_policy wg_stats_policy[WG_STATS_A_MAX + 1] = {
	[WG_STATS_A_IFINDEX] = { .type = NLA_U32 },
	[WG_STATS_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

struct stats_dump_ctx {
	struct wg_device *wg;
	unsigned long peers_done;
	bool device_done;
};

static int put_counters(struct sk_buff *skb, int type, const atomic64_t *c, int n)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; ++i) {
		u64 v = atomic64_read(&c[i]);

		/*
		 * Plain 8-byte payloads, 4-byte aligned, never a pad attribute:
		 * inside the nest every type is a counter's number, and a pad
		 * (which 32-bit arm would need for alignment) would read as one.
		 */
		if (nla_put(skb, i, sizeof(v), &v)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static void *put_header(struct sk_buff *skb, struct netlink_callback *cb,
			struct wg_device *wg)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				&wg_stats_genl_family, NLM_F_MULTI, WG_STATS_CMD_GET);

	if (!hdr)
		return NULL;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, WG_STATS_A_IFINDEX, wg->dev->ifindex)) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

static int put_peer(struct sk_buff *skb, struct netlink_callback *cb, struct wg_peer *peer)
{
	s64 ns = atomic64_read(&peer->counters.last_failed_handshake_ns);
	struct __kernel_timespec failed = {};
	void *hdr = put_header(skb, cb, peer->device);

	if (!hdr)
		return -EMSGSIZE;
	if (ns) {
		struct timespec64 ts = ns_to_timespec64(ns);

		failed.tv_sec = ts.tv_sec;
		failed.tv_nsec = ts.tv_nsec;
	}
	if (nla_put(skb, WG_STATS_A_PEER_PUBLIC_KEY, WG_NOISE_PUBLIC_KEY_LEN,
		    peer->handshake.remote_static) ||
	    put_counters(skb, WG_STATS_A_PEER_COUNTERS, peer->counters.c,
			 __WG_STATS_PEER_COUNT) ||
	    nla_put(skb, WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE, sizeof(failed), &failed)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int wg_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct stats_dump_ctx *ctx = (struct stats_dump_ctx *)cb->args[0];
	struct wg_device *wg = ctx->wg;
	unsigned long pos = 0;
	struct wg_peer *peer;
	int ret = 0;
	void *hdr;

	mutex_lock(&wg->device_update_lock);
	cb->seq = wg->config_generation;
	if (!ctx->device_done) {
		hdr = put_header(skb, cb, wg);
		if (!hdr ||
		    put_counters(skb, WG_STATS_A_DEVICE_COUNTERS, wg->counters.c,
				 __WG_STATS_DEV_COUNT)) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			ret = -EMSGSIZE;
			goto out;
		}
		genlmsg_end(skb, hdr);
		ctx->device_done = true;
	}
	/*
	 * By position: a changed list is caught by the generation above, and
	 * walking the list again costs little beside thousands of messages.
	 */
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		if (pos++ < ctx->peers_done)
			continue;
		if (put_peer(skb, cb, peer))
			break;
		++ctx->peers_done;
	}
	ret = skb->len;
out:
	mutex_unlock(&wg->device_update_lock);
	return ret;
}

static int wg_stats_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = wg_compat_dump_attrs(cb);

	/* the shared start stores the device in the context's first member */
	BUILD_BUG_ON(offsetof(struct stats_dump_ctx, wg) != 0);
	return wg_netlink_dump_start(cb, attrs[WG_STATS_A_IFINDEX], attrs[WG_STATS_A_IFNAME],
				     sizeof(struct stats_dump_ctx));
}

static const struct genl_ops wg_stats_genl_ops[] = {
	{
		.cmd = WG_STATS_CMD_GET,
		.start = wg_stats_dump_start,
		.dumpit = wg_stats_dump,
		.done = wg_netlink_dump_done,
		/* as the wireguard family's GET: the counters tell about peers */
		.flags = GENL_UNS_ADMIN_PERM,
#ifdef WG_COMPAT_GENL_OP_POLICY
		.policy = wg_stats_policy,
		.maxattr = WG_STATS_A_MAX,
#endif
	},
};

static struct genl_family wg_stats_genl_family __ro_after_init = {
	.ops = wg_stats_genl_ops,
	.n_ops = ARRAY_SIZE(wg_stats_genl_ops),
#ifdef WG_COMPAT_GENL_RESV_START_OP
	.resv_start_op = WG_STATS_CMD_GET + 1,
#endif
	.name = WG_STATS_GENL_NAME,
	.version = WG_STATS_GENL_VERSION,
#ifndef WG_COMPAT_GENL_OP_POLICY
	.maxattr = WG_STATS_A_MAX,
	.policy = wg_stats_policy,
#endif
	.module = THIS_MODULE,
	.netnsok = true,
};

int __init wg_stats_genetlink_init(void)
{
	return genl_register_family(&wg_stats_genl_family);
}

void wg_stats_genetlink_uninit(void)
{
	genl_unregister_family(&wg_stats_genl_family);
}
