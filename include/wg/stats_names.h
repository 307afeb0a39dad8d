/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The names of the "wireguard-stats" counters (<wg/stats_uapi.h>): the
 * enumerator's suffix in lower case. One list for every reader: `ethtool
 * -S` (src/ethtool.c), tools/wg and the guest tests' reader. A counter
 * without a name here (newer than the reader) is printed by number.
 */
#ifndef _WG_STATS_NAMES_H
#define _WG_STATS_NAMES_H

#include "stats_uapi.h"

static const char *const wg_stats_device_names[__WG_STATS_DEV_COUNT]
__attribute__((unused)) = {
	[WG_STATS_DEV_RX_DROPPED_BAD_LENGTH] = "rx_dropped_bad_length",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_TYPE] = "rx_dropped_unknown_type",
	[WG_STATS_DEV_RX_DROPPED_BAD_MAC1] = "rx_dropped_bad_mac1",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_INDEX] = "rx_dropped_unknown_index",
	[WG_STATS_DEV_RX_DROPPED_UNKNOWN_PEER] = "rx_dropped_unknown_peer",
	[WG_STATS_DEV_COOKIE_REPLIES_SENT] = "cookie_replies_sent",
	[WG_STATS_DEV_RX_DROPPED_RATE_LIMITED] = "rx_dropped_rate_limited",
	[WG_STATS_DEV_RX_DROPPED_QUEUE_FULL] = "rx_dropped_queue_full",
	[WG_STATS_DEV_TX_DROPPED_NO_PEER] = "tx_dropped_no_peer",
	[WG_STATS_DEV_TX_DROPPED_NO_ENDPOINT] = "tx_dropped_no_endpoint",
	[WG_STATS_DEV_TX_DROPPED_STAGING_OVERFLOW] = "tx_dropped_staging_overflow",
	[WG_STATS_DEV_UNDER_LOAD_MS] = "under_load_ms",
};

static const char *const wg_stats_peer_names[__WG_STATS_PEER_COUNT]
__attribute__((unused)) = {
	[WG_STATS_PEER_HANDSHAKE_INITIATIONS_SENT] = "handshake_initiations_sent",
	[WG_STATS_PEER_HANDSHAKE_RESPONSES_RECEIVED] = "handshake_responses_received",
	[WG_STATS_PEER_HANDSHAKES_COMPLETED] = "handshakes_completed",
	[WG_STATS_PEER_HANDSHAKE_GIVE_UPS] = "handshake_give_ups",
	[WG_STATS_PEER_HANDSHAKE_ATTEMPTS_UNANSWERED] = "handshake_attempts_unanswered",
	[WG_STATS_PEER_HANDSHAKE_REJECTED_STALE_TIMESTAMP] = "handshake_rejected_stale_timestamp",
	[WG_STATS_PEER_HANDSHAKE_REJECTED_FLOOD] = "handshake_rejected_flood",
	[WG_STATS_PEER_HANDSHAKE_REJECTED_DECRYPT] = "handshake_rejected_decrypt",
	[WG_STATS_PEER_DATA_DROPPED_REPLAY] = "data_dropped_replay",
	[WG_STATS_PEER_DATA_DROPPED_AUTH] = "data_dropped_auth",
	[WG_STATS_PEER_DATA_DROPPED_SOURCE] = "data_dropped_source",
	[WG_STATS_PEER_DATA_DROPPED_NO_KEYPAIR] = "data_dropped_no_keypair",
	[WG_STATS_PEER_DATA_DROPPED_MALFORMED] = "data_dropped_malformed",
	[WG_STATS_PEER_KEEPALIVES_SENT] = "keepalives_sent",
	[WG_STATS_PEER_KEEPALIVES_RECEIVED] = "keepalives_received",
	[WG_STATS_PEER_ENDPOINT_CHANGES] = "endpoint_changes",
	[WG_STATS_PEER_TX_DROPPED_NO_HANDSHAKE] = "tx_dropped_no_handshake",
};

#endif /* _WG_STATS_NAMES_H */
