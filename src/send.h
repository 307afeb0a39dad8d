/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_SEND_H
#define _WG_SEND_H

struct wg_peer;
struct work_struct;

/* Queues an initiation (rate-limited to one per REKEY_TIMEOUT unless a retry). */
void wg_packet_send_handshake_initiation(struct wg_peer *peer, bool is_retry);
void wg_packet_handshake_send_worker(struct work_struct *work);
void wg_packet_send_keepalive(struct wg_peer *peer);
/* Hands whatever is staged to encryption, or starts a handshake first. */
void wg_packet_send_staged_packets(struct wg_peer *peer);
void wg_packet_tx_send_worker(struct work_struct *work);
/* The encrypt queue's hooks (queueing.h). */
struct sk_buff;
void wg_packet_encrypt_one(struct sk_buff *skb);

#endif /* _WG_SEND_H */
