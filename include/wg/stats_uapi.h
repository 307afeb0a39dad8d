/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The "wireguard-stats" generic netlink family: fleet-monitoring counters,
 * read only, in a family of our own. The "wireguard" family's attribute
 * numbers belong to upstream (a number taken there today may be upstream's
 * tomorrow), so nothing here touches it; the stock `wg` never sees this.
 * Shared by the module and tools/wg (kernel UAPI types only).
 *
 * One command, WG_STATS_CMD_GET, dump only (NLM_F_DUMP), given the device
 * by WG_STATS_A_IFINDEX or WG_STATS_A_IFNAME. The first message carries the
 * device's counters (WG_STATS_A_DEVICE_COUNTERS); then one message per
 * peer (WG_STATS_A_PEER_PUBLIC_KEY, WG_STATS_A_PEER_COUNTERS and
 * WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE), so a dump of any number of peers
 * spreads over as many netlink buffers as it needs. Every message carries
 * WG_STATS_A_IFINDEX. A dump that overlaps a configuration change is
 * flagged NLM_F_DUMP_INTR: read it again.
 *
 * Counter sets are nested attributes whose type is the counter's number
 * below and whose payload is a u64, 4-byte aligned only (read it with
 * memcpy); no pad attribute appears inside a nest. Numbers are never reused or renumbered;
 * new counters get new numbers and raise WG_STATS_GENL_VERSION, so a tool
 * prints the counters it does not know by number.
 */
#ifndef _WG_STATS_UAPI_H
#define _WG_STATS_UAPI_H

#include <linux/types.h>

#define WG_STATS_GENL_NAME "wireguard-stats"
#define WG_STATS_GENL_VERSION 1

enum wg_stats_cmd {
	WG_STATS_CMD_GET,
	__WG_STATS_CMD_MAX
};
#define WG_STATS_CMD_MAX (__WG_STATS_CMD_MAX - 1)

enum wg_stats_attr {
	WG_STATS_A_UNSPEC,
	WG_STATS_A_IFINDEX,		/* u32 */
	WG_STATS_A_IFNAME,		/* string */
	WG_STATS_A_DEVICE_COUNTERS,	/* nested: enum wg_stats_device */
	WG_STATS_A_PEER_PUBLIC_KEY,	/* 32 bytes */
	WG_STATS_A_PEER_COUNTERS,	/* nested: enum wg_stats_peer */
	/* struct __kernel_timespec, wall clock; zero: never */
	WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE,
	WG_STATS_A_PAD,
	__WG_STATS_A_MAX
};
#define WG_STATS_A_MAX (__WG_STATS_A_MAX - 1)

/* Per peer. */
enum wg_stats_peer {
	WG_STATS_PEER_HANDSHAKE_INITIATIONS_SENT,
	WG_STATS_PEER_HANDSHAKE_RESPONSES_RECEIVED,
	/* a session derived: as initiator on a response, as responder on an initiation */
	WG_STATS_PEER_HANDSHAKES_COMPLETED,
	/* the retry limit reached with no handshake: staged packets dropped */
	WG_STATS_PEER_HANDSHAKE_GIVE_UPS,
	/* an initiation of ours that got no response within the retry time */
	WG_STATS_PEER_HANDSHAKE_ATTEMPTS_UNANSWERED,
	/* initiation with a timestamp not newer than the last accepted one */
	WG_STATS_PEER_HANDSHAKE_REJECTED_STALE_TIMESTAMP,
	/* initiation sooner than the minimum interval after the last one */
	WG_STATS_PEER_HANDSHAKE_REJECTED_FLOOD,
	/* the peer's static key known but the timestamp (initiation) or the
	 * empty payload (response) failed authentication */
	WG_STATS_PEER_HANDSHAKE_REJECTED_DECRYPT,
	WG_STATS_PEER_DATA_DROPPED_REPLAY,
	WG_STATS_PEER_DATA_DROPPED_AUTH,
	WG_STATS_PEER_DATA_DROPPED_SOURCE,
	/* the keypair was expired or exhausted when the packet came */
	WG_STATS_PEER_DATA_DROPPED_NO_KEYPAIR,
	/* decrypted but not an IPv4/IPv6 packet of consistent length */
	WG_STATS_PEER_DATA_DROPPED_MALFORMED,
	WG_STATS_PEER_KEEPALIVES_SENT,
	WG_STATS_PEER_KEEPALIVES_RECEIVED,
	WG_STATS_PEER_ENDPOINT_CHANGES,
	/* packets that waited for a handshake that never came */
	WG_STATS_PEER_TX_DROPPED_NO_HANDSHAKE,
	__WG_STATS_PEER_COUNT
};

/* Per device (also `ethtool -S`, in this order). */
enum wg_stats_device {
	/* too short, or the wrong length for its type */
	WG_STATS_DEV_RX_DROPPED_BAD_LENGTH,
	WG_STATS_DEV_RX_DROPPED_UNKNOWN_TYPE,
	WG_STATS_DEV_RX_DROPPED_BAD_MAC1,
	/* data, response or cookie reply for a receiver index we do not have */
	WG_STATS_DEV_RX_DROPPED_UNKNOWN_INDEX,
	/* initiation whose static key did not decrypt or is no peer's */
	WG_STATS_DEV_RX_DROPPED_UNKNOWN_PEER,
	/* under load: handshake message answered with a cookie reply */
	WG_STATS_DEV_COOKIE_REPLIES_SENT,
	/* under load: over its source's rate, or without a valid mac2 */
	WG_STATS_DEV_RX_DROPPED_RATE_LIMITED,
	/* the handshake queue, or a peer's receive queue, was full */
	WG_STATS_DEV_RX_DROPPED_QUEUE_FULL,
	WG_STATS_DEV_TX_DROPPED_NO_PEER,
	WG_STATS_DEV_TX_DROPPED_NO_ENDPOINT,
	/* a peer's staging queue was full: the oldest packet made room */
	WG_STATS_DEV_TX_DROPPED_STAGING_OVERFLOW,
	/* milliseconds the device spent under load */
	WG_STATS_DEV_UNDER_LOAD_MS,
	__WG_STATS_DEV_COUNT
};

#endif /* _WG_STATS_UAPI_H */
