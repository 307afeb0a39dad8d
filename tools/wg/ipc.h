/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_IPC_H
#define WG_IPC_H

#include <libmnl/libmnl.h>

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

/* True if name is a userspace implementation's device (a UAPI socket). */
bool wg_ipc_is_userspace(const char *name);

/*
 * The generic netlink plumbing, shared with stats.c (which reads a second
 * family the same way). wg_ipc_genl_open resolves family once per process
 * into *cached; it returns -ENOENT when the kernel has no such family.
 */
struct wg_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;
	char *buf;	/* MNL_SOCKET_BUFFER_SIZE bytes, wiped on close */
};
int wg_ipc_genl_open(struct wg_nl *nl, const char *family, uint16_t *cached);
struct nlmsghdr *wg_ipc_genl_start(char *buf, uint16_t type, uint16_t flags,
				   uint8_t cmd, uint8_t version);
/* Sends one request and runs cb over every reply until done or ack; a dump
 * flagged NLM_F_DUMP_INTR gives -EINTR. */
int wg_ipc_nl_talk(struct wg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data);
void wg_ipc_nl_close(struct wg_nl *nl);

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
