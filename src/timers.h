/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WG_TIMERS_H
#define _WG_TIMERS_H

struct wg_peer;
struct work_struct;

void wg_timers_init(struct wg_peer *peer);
void wg_timers_stop(struct wg_peer *peer);

/* Events the send and receive paths report; each arms or stops timers. */
bool wg_timers_data_sent(struct wg_peer *peer);
void wg_timers_data_not_sent(struct wg_peer *peer);
void wg_timers_data_received(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_sent(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_received(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_traversal(struct wg_peer *peer);
void wg_timers_handshake_initiated(struct wg_peer *peer);
void wg_timers_handshake_complete(struct wg_peer *peer);
void wg_timers_session_derived(struct wg_peer *peer);

void wg_timers_clear_keys_worker(struct work_struct *work);

#endif /* _WG_TIMERS_H */
