/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_FORMAT_H
#define WG_FORMAT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "containers.h"

struct wg_stats;

/*
 * Every output of `show` and `showconf`, as pure functions of a device and
 * the current time, so unit tests drive them with canned devices.
 */
void wg_format_human(FILE *f, struct wg_device *dev, time_t now, bool color);
/* The same, printing private and preshared keys when show_keys. */
void wg_format_human_keys(FILE *f, struct wg_device *dev, time_t now,
			  bool color, bool show_keys);
void wg_format_dump(FILE *f, const struct wg_device *dev, bool with_ifname);
/* One `show IFACE FIELD`; false if the field is unknown. */
bool wg_format_field(FILE *f, const struct wg_device *dev, const char *field,
		     bool with_ifname);
void wg_format_showconf(FILE *f, const struct wg_device *dev);
/*
 * stats[i] holds devs[i]'s per-reason counters, or NULL where there are
 * none (the in-tree module, a userspace device); stats itself may be NULL.
 * JSON then says "counters": null, and metrics leave those families out.
 */
void wg_format_json(FILE *f, struct wg_device *const *devs,
		    struct wg_stats *const *stats, size_t n);
void wg_format_metrics(FILE *f, struct wg_device *const *devs,
		       struct wg_stats *const *stats, size_t n);

/* format_stats.c: `show INTERFACE counters`, and the counters' parts of
 * the JSON and metrics outputs. */
void wg_format_counters(FILE *f, struct wg_device *const *devs,
			struct wg_stats *const *stats, size_t n);
void wg_format_json_device_counters(FILE *f, const struct wg_stats *st);
void wg_format_json_peer_counters(FILE *f, struct wg_stats *st,
				  const uint8_t *key);
void wg_format_metrics_counters(FILE *f, struct wg_device *const *devs,
				struct wg_stats *const *stats, size_t n);
/* A Prometheus label value, escaped as the exposition format requires. */
void wg_format_label_value(FILE *f, const char *s);

/* Helpers the tests check on their own. */
void wg_format_endpoint(char *buf, size_t len, const struct wg_endpoint *ep);
void wg_format_duration(char *buf, size_t len, uint64_t seconds, bool color);
void wg_format_bytes(char *buf, size_t len, uint64_t bytes, bool color);
/* Orders peers by latest handshake, newest first, ties kept stable. */
void wg_sort_peers(struct wg_device *dev);

#endif
