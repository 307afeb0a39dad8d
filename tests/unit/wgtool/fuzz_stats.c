// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the "wireguard-stats" dump parser (what a kernel, or anything
 * pretending to be one, sends back) and every output of what it parsed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_device *dev = wg_device_new();
	struct wg_stats *st = wg_stats_new();
	/* netlink messages are 4-byte aligned in real buffers */
	void *buf = malloc(size ? size : 1);
	FILE *f = fopen("/dev/null", "w");
	size_t i;

	memcpy(buf, data, size);
	wg_stats_parse(buf, size, st);
	strcpy(dev->name, "wg0");
	/* the device knows the dump's first peers, and one it does not */
	for (i = 0; i < st->npeers && i < 4; ++i)
		memcpy(wg_device_add_peer(dev)->public_key,
		       st->peers[i].public_key, WG_KEY_LEN);
	wg_device_add_peer(dev);
	if (f) {
		wg_format_counters(f, &dev, &st, 1);
		wg_format_json(f, &dev, &st, 1);
		wg_format_metrics(f, &dev, &st, 1);
		fclose(f);
	}
	wg_stats_free(st);
	wg_device_free(dev);
	free(buf);
	return 0;
}
