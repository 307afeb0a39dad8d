// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "encoding.h"

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		perror("calloc");
		exit(1);
	}
	return p;
}

struct wg_device *wg_device_new(void)
{
	return xcalloc(sizeof(struct wg_device));
}

struct wg_peer *wg_peer_new(void)
{
	return xcalloc(sizeof(struct wg_peer));
}

void wg_peer_free(struct wg_peer *peer)
{
	struct wg_allowedip *a, *na;

	for (a = peer->first_allowedip; a; a = na) {
		na = a->next;
		free(a);
	}
	wg_memzero_explicit(peer, sizeof(*peer));
	free(peer);
}

struct wg_peer *wg_device_add_peer(struct wg_device *dev)
{
	struct wg_peer *peer = wg_peer_new();

	if (dev->last_peer)
		dev->last_peer->next = peer;
	else
		dev->first_peer = peer;
	dev->last_peer = peer;
	return peer;
}

struct wg_allowedip *wg_peer_add_allowedip(struct wg_peer *peer)
{
	struct wg_allowedip *a = xcalloc(sizeof(*a));

	if (peer->last_allowedip)
		peer->last_allowedip->next = a;
	else
		peer->first_allowedip = a;
	peer->last_allowedip = a;
	return a;
}

void wg_device_free(struct wg_device *dev)
{
	struct wg_peer *peer, *np;

	if (!dev)
		return;
	for (peer = dev->first_peer; peer; peer = np) {
		np = peer->next;
		wg_peer_free(peer);
	}
	wg_memzero_explicit(dev, sizeof(*dev));
	free(dev);
}

size_t wg_peer_count_allowedips(const struct wg_peer *peer)
{
	const struct wg_allowedip *a;
	size_t n = 0;

	for_each_allowedip(peer, a)
		++n;
	return n;
}

size_t wg_device_count_peers(const struct wg_device *dev)
{
	const struct wg_peer *p;
	size_t n = 0;

	for_each_peer(dev, p)
		++n;
	return n;
}
