// SPDX-License-Identifier: GPL-2.0
/* set: one change described on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "encoding.h"
#include "ipc.h"
#include "subcommands.h"

static bool same_prefix(const struct wg_allowedip *a,
			const struct wg_allowedip *b)
{
	const uint8_t *x = (const uint8_t *)&a->ip6, *y = (const uint8_t *)&b->ip6;
	unsigned int bits = a->cidr, i;

	if (a->family != b->family || a->cidr != b->cidr)
		return false;
	for (i = 0; bits >= 8; ++i, bits -= 8)
		if (x[i] != y[i])
			return false;
	return !bits || !((x[i] ^ y[i]) & (uint8_t)(0xff << (8 - bits)));
}

static bool list_has(const struct wg_peer *peer, const struct wg_allowedip *a)
{
	const struct wg_allowedip *b;

	for_each_allowedip(peer, b)
		if (same_prefix(a, b))
			return true;
	return false;
}

/*
 * "+a,-b" as a full replacement list computed from what the device has
 * now: kernels before the per-IP remove flag ignore that flag and would
 * add "-b" instead, so the edit is done here, where it works everywhere.
 */
void wg_set_resolve_incremental(struct wg_peer *peer, const struct wg_peer *cur)
{
	struct wg_peer edit = { 0 };
	struct wg_allowedip *a, *next, *n;

	if (cur)
		for_each_allowedip(cur, a) {
			bool removed = false;
			const struct wg_allowedip *e;

			for_each_allowedip(peer, e)
				if ((e->flags & WGALLOWEDIP_REMOVE_ME) &&
				    same_prefix(a, e))
					removed = true;
			if (removed || list_has(&edit, a))
				continue;
			n = wg_peer_add_allowedip(&edit);
			*n = *a;
			n->next = NULL;
			n->flags = 0;
		}
	for_each_allowedip(peer, a) {
		if ((a->flags & WGALLOWEDIP_REMOVE_ME) || list_has(&edit, a))
			continue;
		n = wg_peer_add_allowedip(&edit);
		*n = *a;
		n->next = NULL;
	}
	for (a = peer->first_allowedip; a; a = next) {
		next = a->next;
		free(a);
	}
	peer->first_allowedip = edit.first_allowedip;
	peer->last_allowedip = edit.last_allowedip;
	peer->flags &= ~WGPEER_INCREMENTAL_IPS;
	peer->flags |= WGPEER_REPLACE_ALLOWEDIPS;
}

static int resolve_incremental(struct wg_device *dev)
{
	struct wg_device *cur = NULL;
	struct wg_peer *p, *c;
	int ret;

	for_each_peer(dev, p)
		if (p->flags & WGPEER_INCREMENTAL_IPS)
			break;
	if (!p)
		return 0;
	ret = wg_ipc_get_device(&cur, dev->name);
	if (ret)
		return ret;
	for_each_peer(dev, p) {
		if (!(p->flags & WGPEER_INCREMENTAL_IPS))
			continue;
		for_each_peer(cur, c)
			if (wg_key_equal(c->public_key, p->public_key))
				break;
		wg_set_resolve_incremental(p, c);
	}
	wg_device_free(cur);
	return 0;
}

int wg_set_main(int argc, char *argv[])
{
	struct wg_device *dev;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(stderr,
			"Usage: %s %s <interface> [listen-port <port>] [fwmark <mark>] [private-key <file path>] [peer <base64 public key> [remove] [preshared-key <file path>] [endpoint <ip>:<port>] [persistent-keepalive <interval seconds>] [allowed-ips <ip1>/<cidr1>[,<ip2>/<cidr2>]...] ]...\n",
			wg_prog_name, argv[0]);
		return 1;
	}
	dev = wg_config_from_args(argc - 2, argv + 2, NULL);
	if (!dev)
		return 1;
	snprintf(dev->name, sizeof(dev->name), "%s", argv[1]);
	ret = resolve_incremental(dev);
	if (ret) {
		wg_print_ipc_error("access", ret);
		wg_device_free(dev);
		return 1;
	}
	ret = wg_ipc_set_device(dev);
	wg_device_free(dev);
	if (ret) {
		wg_print_ipc_error("modify", ret);
		return 1;
	}
	return 0;
}
