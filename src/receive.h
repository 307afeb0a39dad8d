/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_RECEIVE_H
#define _WG_RECEIVE_H

struct sock;
struct sk_buff;
struct work_struct;

/* encap_rcv of the device's UDP sockets (softirq). */
int wg_receive(struct sock *sk, struct sk_buff *skb);
/* Consumes the queued handshake messages (process context). */
void wg_packet_handshake_receive_worker(struct work_struct *work);
void wg_packet_rx_deliver_worker(struct work_struct *work);
/* The decrypt queue's hooks (queueing.h). */
struct wg_peer;
void wg_packet_decrypt_one(struct sk_buff *skb);

#endif /* _WG_RECEIVE_H */
