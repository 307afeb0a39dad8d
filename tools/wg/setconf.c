// SPDX-License-Identifier: GPL-2.0
/*
 * setconf, addconf and syncconf: a configuration file applied three ways.
 * setconf replaces everything; addconf only adds and changes; syncconf
 * removes the peers the file no longer names and sends only the peers and
 * device values that differ, so unchanged peers are not touched at all.
 * Like the stock tool, a preshared key or keepalive the file omits is left
 * as the device has it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "encoding.h"
#include "ipc.h"
#include "subcommands.h"

static struct wg_peer *find_peer(struct wg_device *dev, const uint8_t *key)
{
	struct wg_peer *p;

	for_each_peer(dev, p)
		if (wg_key_equal(p->public_key, key))
			return p;
	return NULL;
}

static void mask_ip(struct wg_allowedip *out, const struct wg_allowedip *a)
{
	uint8_t *b = (uint8_t *)&out->ip6;
	unsigned int bytes = a->family == AF_INET ? 4 : 16, i;

	*out = *a;
	for (i = 0; i < bytes; ++i) {
		unsigned int keep = a->cidr >= (i + 1) * 8 ? 8 :
				    a->cidr > i * 8 ? a->cidr - i * 8 : 0;

		b[i] &= keep ? (uint8_t)(0xff << (8 - keep)) : 0;
	}
}

static bool has_ip(const struct wg_peer *peer, const struct wg_allowedip *want)
{
	const struct wg_allowedip *a;
	struct wg_allowedip m1, m2;

	mask_ip(&m1, want);
	for_each_allowedip(peer, a) {
		mask_ip(&m2, a);
		if (a->family == want->family && a->cidr == want->cidr &&
		    !memcmp(&m1.ip6, &m2.ip6, a->family == AF_INET ? 4 : 16))
			return true;
	}
	return false;
}

static bool same_ips(const struct wg_peer *a, const struct wg_peer *b)
{
	const struct wg_allowedip *ip;

	/* Both directions: duplicates in a file must not hide a missing IP. */
	for_each_allowedip(a, ip)
		if (!has_ip(b, ip))
			return false;
	for_each_allowedip(b, ip)
		if (!has_ip(a, ip))
			return false;
	return true;
}

static bool same_endpoint(const struct wg_endpoint *a,
			  const struct wg_endpoint *b)
{
	if (a->addr.sa_family != b->addr.sa_family)
		return false;
	if (a->addr.sa_family == AF_INET)
		return a->addr4.sin_port == b->addr4.sin_port &&
		       a->addr4.sin_addr.s_addr == b->addr4.sin_addr.s_addr;
	if (a->addr.sa_family == AF_INET6)
		return a->addr6.sin6_port == b->addr6.sin6_port &&
		       !memcmp(&a->addr6.sin6_addr, &b->addr6.sin6_addr, 16);
	return true;
}

/* Drops from want what cur already has, and removes peers it lacks. */
static void reduce_to_difference(struct wg_device *want, struct wg_device *cur)
{
	struct wg_peer *p, **link, *old, *removals = NULL, **rtail = &removals;

	want->flags &= ~WGDEV_REPLACE_PEERS;
	if (wg_key_equal(want->private_key, cur->private_key))
		want->flags &= ~WGDEV_HAS_PRIVATE_KEY;
	if (want->listen_port == cur->listen_port)
		want->flags &= ~WGDEV_HAS_LISTEN_PORT;
	if (want->fwmark == cur->fwmark)
		want->flags &= ~WGDEV_HAS_FWMARK;

	/* Peers the file no longer names go, before the list shrinks. */
	for_each_peer(cur, old) {
		if (find_peer(want, old->public_key))
			continue;
		p = wg_peer_new();
		memcpy(p->public_key, old->public_key, WG_KEY_LEN);
		p->flags = WGPEER_HAS_PUBLIC_KEY | WGPEER_REMOVE_ME;
		*rtail = p;
		rtail = &p->next;
	}

	for (link = &want->first_peer; (p = *link);) {
		old = find_peer(cur, p->public_key);
		if (old) {
			/* What the file leaves out is left as it is, as the
			 * stock tool does, so the two stay interchangeable. */
			bool same_psk = !(p->flags & WGPEER_HAS_PRESHARED_KEY) ||
					wg_key_equal(p->preshared_key,
						     old->preshared_key);
			bool same_ka = !(p->flags & WGPEER_HAS_KEEPALIVE) ||
				       p->keepalive == old->keepalive;
			bool same_ep = p->endpoint.addr.sa_family == AF_UNSPEC ||
				       same_endpoint(&p->endpoint,
						     &old->endpoint);

			if (same_psk && same_ka && same_ep && same_ips(p, old)) {
				*link = p->next;
				wg_peer_free(p);
				continue;
			}
		}
		link = &p->next;
	}
	*link = removals;
	want->last_peer = NULL;
	for_each_peer(want, p)
		want->last_peer = p;
}

int wg_setconf_main(int argc, char *argv[])
{
	struct wg_device *dev, *cur = NULL;
	bool sync = !strcmp(argv[0], "syncconf");
	bool set = !strcmp(argv[0], "setconf");
	FILE *f;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "Usage: %s %s <interface> <configuration filename>\n",
			wg_prog_name, argv[0]);
		return 1;
	}
	f = fopen(argv[2], "r");
	if (!f) {
		perror("fopen");
		return 1;
	}
	dev = wg_config_read_file(f, set || sync);
	fclose(f);
	if (!dev)
		return 1;
	snprintf(dev->name, sizeof(dev->name), "%s", argv[1]);
	if (sync) {
		ret = wg_ipc_get_device(&cur, argv[1]);
		if (ret) {
			wg_print_ipc_error("access", ret);
			wg_device_free(dev);
			return 1;
		}
		/* keep the peers the file names but cur has not */
		reduce_to_difference(dev, cur);
		wg_device_free(cur);
	}
	ret = wg_ipc_set_device(dev);
	wg_device_free(dev);
	if (ret) {
		wg_print_ipc_error("modify", ret);
		return 1;
	}
	return 0;
}
