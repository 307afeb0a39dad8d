/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The generic netlink contract of the "wireguard" family, version 1.
 *
 * This is a specification, byte for byte the interface of Linux's in-tree
 * WireGuard module, so that the stock `wg`, `wg-quick`, systemd-networkd and
 * NetworkManager drive this module unchanged. Numbers here never change.
 *
 * Commands
 * --------
 * WG_CMD_GET_DEVICE (0), dump only (NLM_F_DUMP required):
 *   The request names a device by WGDEVICE_A_IFINDEX or WGDEVICE_A_IFNAME
 *   (exactly one). The reply is a series of messages, each carrying:
 *     WGDEVICE_A_IFINDEX         NLA_U32
 *     WGDEVICE_A_IFNAME          NLA_NUL_STRING, less than IFNAMSIZ
 *     WGDEVICE_A_PRIVATE_KEY     NLA_EXACT_LEN 32, only if one is set
 *     WGDEVICE_A_PUBLIC_KEY      NLA_EXACT_LEN 32, only if one is set
 *     WGDEVICE_A_LISTEN_PORT     NLA_U16
 *     WGDEVICE_A_FWMARK          NLA_U32
 *     WGDEVICE_A_PEERS           NLA_NESTED, an array (index attributes
 *                                0, 1, 2, ...) of nests, each holding:
 *       WGPEER_A_PUBLIC_KEY      NLA_EXACT_LEN 32
 *       WGPEER_A_PRESHARED_KEY   NLA_EXACT_LEN 32, all zeros if none
 *       WGPEER_A_ENDPOINT        struct sockaddr_in or struct sockaddr_in6
 *       WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL  NLA_U16, seconds, 0 = off
 *       WGPEER_A_LAST_HANDSHAKE_TIME  struct __kernel_timespec (wall clock)
 *       WGPEER_A_RX_BYTES        NLA_U64
 *       WGPEER_A_TX_BYTES        NLA_U64
 *       WGPEER_A_ALLOWEDIPS      NLA_NESTED, an array of nests, each holding:
 *         WGALLOWEDIP_A_FAMILY   NLA_U16, AF_INET or AF_INET6
 *         WGALLOWEDIP_A_IPADDR   struct in_addr or struct in6_addr
 *         WGALLOWEDIP_A_CIDR_MASK NLA_U8
 *       WGPEER_A_PROTOCOL_VERSION NLA_U32, always 1
 *   When everything does not fit one message, the dump continues in the
 *   next. Device attributes other than IFINDEX and IFNAME may be omitted
 *   from continuation messages. A peer may be split across messages: the
 *   continuation repeats WGPEER_A_PUBLIC_KEY and carries more allowed IPs.
 *   A reader merges consecutive peers with the same public key.
 *
 * WG_CMD_SET_DEVICE (1):
 *   Names a device by WGDEVICE_A_IFINDEX or WGDEVICE_A_IFNAME, then any of:
 *     WGDEVICE_A_FLAGS           NLA_U32, 0 or WGDEVICE_F_REPLACE_PEERS:
 *                                remove every peer not in this message first
 *     WGDEVICE_A_PRIVATE_KEY     32 bytes; all zeros clears the key. A peer
 *                                whose public key equals the new public key
 *                                is removed.
 *     WGDEVICE_A_LISTEN_PORT     NLA_U16, 0 picks a random port
 *     WGDEVICE_A_FWMARK          NLA_U32, 0 clears
 *     WGDEVICE_A_PEERS           array of nests, each holding:
 *       WGPEER_A_PUBLIC_KEY      32 bytes, required. A peer with the
 *                                device's own public key is skipped silently.
 *       WGPEER_A_FLAGS           NLA_U32, any of WGPEER_F_REMOVE_ME,
 *                                WGPEER_F_REPLACE_ALLOWEDIPS,
 *                                WGPEER_F_UPDATE_ONLY (only change an
 *                                existing peer, never create one)
 *       WGPEER_A_PRESHARED_KEY   32 bytes; all zeros clears it
 *       WGPEER_A_ENDPOINT        struct sockaddr_in or struct sockaddr_in6
 *       WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL  NLA_U16, 0 disables
 *       WGPEER_A_ALLOWEDIPS      array of nests, each holding:
 *         WGALLOWEDIP_A_FAMILY, WGALLOWEDIP_A_IPADDR, WGALLOWEDIP_A_CIDR_MASK
 *         WGALLOWEDIP_A_FLAGS    NLA_U32, 0 or WGALLOWEDIP_F_REMOVE_ME
 *                                (remove just this entry from the peer)
 *       WGPEER_A_PROTOCOL_VERSION NLA_U32, 1 if given
 *   A configuration too large for one message may be split across several
 *   SET requests: later ones simply add peers or allowed IPs. An unknown
 *   flag bit is rejected with -EOPNOTSUPP, never ignored.
 *
 * Both commands need CAP_NET_ADMIN in the network namespace of the device.
 * Errors carry an extended-ack message naming the attribute at fault.
 */
#ifndef _WG_UAPI_WIREGUARD_H
#define _WG_UAPI_WIREGUARD_H

#define WG_GENL_NAME "wireguard"
#define WG_GENL_VERSION 1

#define WG_KEY_LEN 32

enum wg_cmd {
	WG_CMD_GET_DEVICE,
	WG_CMD_SET_DEVICE,
	__WG_CMD_MAX
};
#define WG_CMD_MAX (__WG_CMD_MAX - 1)

enum wgdevice_flag {
	WGDEVICE_F_REPLACE_PEERS = 1U << 0,
	__WGDEVICE_F_ALL = WGDEVICE_F_REPLACE_PEERS
};
enum wgdevice_attribute {
	WGDEVICE_A_UNSPEC,
	WGDEVICE_A_IFINDEX,
	WGDEVICE_A_IFNAME,
	WGDEVICE_A_PRIVATE_KEY,
	WGDEVICE_A_PUBLIC_KEY,
	WGDEVICE_A_FLAGS,
	WGDEVICE_A_LISTEN_PORT,
	WGDEVICE_A_FWMARK,
	WGDEVICE_A_PEERS,
	__WGDEVICE_A_LAST
};
#define WGDEVICE_A_MAX (__WGDEVICE_A_LAST - 1)

enum wgpeer_flag {
	WGPEER_F_REMOVE_ME = 1U << 0,
	WGPEER_F_REPLACE_ALLOWEDIPS = 1U << 1,
	WGPEER_F_UPDATE_ONLY = 1U << 2,
	__WGPEER_F_ALL = WGPEER_F_REMOVE_ME | WGPEER_F_REPLACE_ALLOWEDIPS |
			 WGPEER_F_UPDATE_ONLY
};
enum wgpeer_attribute {
	WGPEER_A_UNSPEC,
	WGPEER_A_PUBLIC_KEY,
	WGPEER_A_PRESHARED_KEY,
	WGPEER_A_FLAGS,
	WGPEER_A_ENDPOINT,
	WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
	WGPEER_A_LAST_HANDSHAKE_TIME,
	WGPEER_A_RX_BYTES,
	WGPEER_A_TX_BYTES,
	WGPEER_A_ALLOWEDIPS,
	WGPEER_A_PROTOCOL_VERSION,
	__WGPEER_A_LAST
};
#define WGPEER_A_MAX (__WGPEER_A_LAST - 1)

enum wgallowedip_flag {
	WGALLOWEDIP_F_REMOVE_ME = 1U << 0,
	__WGALLOWEDIP_F_ALL = WGALLOWEDIP_F_REMOVE_ME
};
enum wgallowedip_attribute {
	WGALLOWEDIP_A_UNSPEC,
	WGALLOWEDIP_A_FAMILY,
	WGALLOWEDIP_A_IPADDR,
	WGALLOWEDIP_A_CIDR_MASK,
	WGALLOWEDIP_A_FLAGS,
	__WGALLOWEDIP_A_LAST
};
#define WGALLOWEDIP_A_MAX (__WGALLOWEDIP_A_LAST - 1)

#endif /* _WG_UAPI_WIREGUARD_H */
