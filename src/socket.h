/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_SOCKET_H
#define _WG_SOCKET_H

#include <linux/skbuff.h>
#include "peer.h"

struct wg_device;

/* What the sockets hand every datagram they receive to (wg_receive()). */
typedef int (*wg_socket_receive_fn)(struct sock *sk, struct sk_buff *skb);

/* Opens the IPv4 and IPv6 UDP sockets on @port (0: a random one) in the
 * device's creating namespace, replacing any open ones. The device passes
 * @receive (wg_device_open_sockets()): sending needs no receive path here. */
int wg_socket_init(struct wg_device *wg, u16 port, wg_socket_receive_fn receive);
void wg_socket_uninit(struct wg_device *wg);

/* Sends a complete WireGuard message (consumes @skb) to @peer's endpoint. */
int wg_socket_send_skb_to_peer(struct wg_peer *peer, struct sk_buff *skb, u8 ds);
int wg_socket_send_buffer_to_peer(struct wg_peer *peer, void *data, size_t len, u8 ds);
/* Answers the sender of @in_skb (a cookie reply) with @data. */
int wg_socket_send_buffer_as_reply_to_skb(struct wg_device *wg, struct sk_buff *in_skb,
					  void *data, size_t len);

/* The source of a received datagram, and roaming to it. */
int wg_socket_endpoint_from_skb(struct wg_endpoint *endpoint, const struct sk_buff *skb);
bool wg_socket_set_peer_endpoint(struct wg_peer *peer, const struct wg_endpoint *endpoint);
void wg_socket_set_peer_endpoint_from_skb(struct wg_peer *peer, const struct sk_buff *skb);
void wg_socket_clear_peer_endpoint_src(struct wg_peer *peer);

#endif /* _WG_SOCKET_H */
