// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry: registers the link kind "wireguard" and the generic netlink
 * family "wireguard" v1, in that order, and tears them down in reverse, so
 * that no netlink request can reach a device type that is not registered.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "../include/uapi/linux/wireguard.h"
#include <wgcrypto/wgcrypto.h>

#include "device.h"
#include "allowedips.h"
#include "cookie.h"
#include "noise.h"
#include "replay.h"
#include "netlink.h"
#include "version.h"

static int __init wg_mod_init(void)
{
	int ret;

	/* Every crypto path is proven on its vectors before it carries a byte. */
	ret = wg_crypto_init();
	if (ret < 0) {
		pr_err("crypto selftest failed (%d): not loading\n", ret);
		return ret;
	}
	wg_noise_init();
	ret = wg_allowedips_slab_init();
	if (ret < 0)
		return ret;
	/* And so is the protocol core: window, trie, handshake, cookies. */
	if (!wg_replay_selftest() || !wg_allowedips_selftest() ||
	    !wg_noise_selftest() || !wg_cookie_selftest()) {
		pr_err("protocol core selftest failed: not loading\n");
		ret = -ENOTRECOVERABLE;
		goto out_uninit_slab;
	}

	ret = wg_device_init();
	if (ret < 0)
		goto out_uninit_slab;

	ret = wg_genetlink_init();
	if (ret < 0)
		goto out_uninit_device;
	ret = wg_stats_genetlink_init();
	if (ret < 0)
		goto out_uninit_genetlink;

	pr_info("WireGuard (out-of-tree) %s loaded; core and crypto selftests passed: %s\n",
		WG_MODULE_VERSION, wg_crypto_paths());
	return 0;

out_uninit_genetlink:
	wg_genetlink_uninit();
out_uninit_device:
	wg_device_uninit();
out_uninit_slab:
	wg_allowedips_slab_uninit();
	return ret;
}

static void __exit wg_mod_exit(void)
{
	wg_stats_genetlink_uninit();
	wg_genetlink_uninit();
	wg_device_uninit();
	wg_allowedips_slab_uninit();
}

module_init(wg_mod_init);
module_exit(wg_mod_exit);
MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("WireGuard secure network tunnel (out-of-tree drop-in)");
MODULE_VERSION(WG_MODULE_VERSION);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
MODULE_ALIAS_GENL_FAMILY(WG_GENL_NAME);
