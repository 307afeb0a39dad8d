/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_STATS_H
#define WG_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers.h"
#include "../../include/wg/stats_uapi.h"

/*
 * The per-reason counters of one device, read from our module's
 * "wireguard-stats" generic netlink family (include/wg/stats_uapi.h), which
 * the in-tree module does not have. A counter set keeps every number the
 * kernel sent, known to this tool or not, in number order (which is the
 * enum order), so a newer module's counters are printed as counter_<N>,
 * never dropped.
 */
struct wg_stats_counter {
	uint16_t id;
	uint64_t value;
};

struct wg_stats_set {
	struct wg_stats_counter *c;
	size_t n, cap;
};

struct wg_peer_stats {
	uint8_t public_key[WG_KEY_LEN];
	struct wg_stats_set counters;
	bool has_last_failed;
	int64_t last_failed_sec, last_failed_nsec;	/* zero: never */
};

struct wg_stats {
	uint32_t ifindex;
	bool has_device;
	struct wg_stats_set device;
	struct wg_peer_stats *peers;	/* in the order of the dump */
	size_t npeers, cap;
	size_t *by_key;			/* peer indexes sorted by key, lazily */
};

struct wg_stats *wg_stats_new(void);
void wg_stats_free(struct wg_stats *st);

/*
 * Reads the counters of the kernel device name: 0, 1 when the loaded
 * module has no "wireguard-stats" family (the in-tree module: nothing to
 * read), or a negative errno. A dump that overlapped a configuration
 * change is read again, a few times.
 */
int wg_stats_get(struct wg_stats **out, const char *name);
/* Merges a dump's reply messages into st (for the tests and the fuzzer). */
int wg_stats_parse(const void *buf, size_t len, struct wg_stats *st);

/* The counters of the peer with this public key, or NULL. */
const struct wg_peer_stats *wg_stats_find_peer(struct wg_stats *st,
					       const uint8_t *key);
bool wg_stats_set_get(const struct wg_stats_set *s, uint16_t id,
		      uint64_t *value);

/*
 * A counter's name: its enumerator's suffix in lower case
 * (WG_STATS_DEV_RX_DROPPED_BAD_LENGTH: rx_dropped_bad_length), or
 * counter_<N> for a number this tool does not know. buf is used only for
 * the latter.
 */
enum { WG_STATS_NAME_LEN = 32 };
const char *wg_stats_device_name(uint16_t id, char buf[WG_STATS_NAME_LEN]);
const char *wg_stats_peer_name(uint16_t id, char buf[WG_STATS_NAME_LEN]);

#endif
