/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_IPC_H
#define WG_IPC_H

#include "containers.h"

/*
 * Talking to a device: generic netlink family "wireguard" over libmnl for
 * kernel devices, or the cross-platform text protocol on
 * /var/run/wireguard/NAME.sock for userspace ones (wireguard-go), which the
 * stock tool also tries first. Functions return 0 or a negative errno.
 */
int wg_ipc_get_device(struct wg_device **dev, const char *name);
int wg_ipc_set_device(struct wg_device *dev);
/* NUL-separated names ending in an empty one; NULL on error. */
char *wg_ipc_list_devices(void);
/* The kernel's extended ack message for the last failure, or "". */
const char *wg_ipc_last_message(void);

/* set.c: turn "+a,-b" into a full list from the current peer (or NULL). */
void wg_set_resolve_incremental(struct wg_peer *peer,
				const struct wg_peer *cur);

/* Exposed for the fuzzer and tests: merge a GET_DEVICE reply payload. */
int wg_netlink_parse_device(const void *nlmsg, size_t len,
			    struct wg_device *dev);
/* An NLMSG_ERROR reply: returns its -errno (0 for an ack) and keeps the
 * extended ack text for wg_ipc_last_message(). */
int wg_netlink_parse_error(const void *msg, size_t len);
/* Builds the SET_DEVICE messages for dev into bufs of buflen bytes each,
 * calling emit for every finished message; used by ipc and by the
 * splitting tests. */
int wg_netlink_build_set(struct wg_device *dev, uint16_t family_id,
			 size_t buflen,
			 int (*emit)(void *ctx, const void *msg, size_t len),
			 void *ctx);

#endif
