/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tool's model of a WireGuard device: what `show` prints, what the
 * config parser and `set` build, and what ipc sends or fills in. It is
 * plain data so every printer and parser can be unit-tested without a
 * kernel.
 */
#ifndef WG_CONTAINERS_H
#define WG_CONTAINERS_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

enum { WG_KEY_LEN = 32 };

/* The kernel's flag bits (protocol.md) sit in the low byte; the HAS_ bits
 * are ours and say which optional fields a set request carries. */
enum wg_device_flags {
	WGDEV_REPLACE_PEERS = 1U << 0,
	WGDEV_HAS_PRIVATE_KEY = 1U << 8,
	WGDEV_HAS_PUBLIC_KEY = 1U << 9,
	WGDEV_HAS_LISTEN_PORT = 1U << 10,
	WGDEV_HAS_FWMARK = 1U << 11,
};

enum wg_peer_flags {
	WGPEER_REMOVE_ME = 1U << 0,
	WGPEER_REPLACE_ALLOWEDIPS = 1U << 1,
	WGPEER_UPDATE_ONLY = 1U << 2,
	WGPEER_HAS_PUBLIC_KEY = 1U << 8,
	WGPEER_HAS_PRESHARED_KEY = 1U << 9,
	WGPEER_HAS_KEEPALIVE = 1U << 10,
	/* `set allowed-ips +a,-b`: edit the peer's list, do not replace it */
	WGPEER_INCREMENTAL_IPS = 1U << 11,
};

enum wg_allowedip_flags {
	WGALLOWEDIP_REMOVE_ME = 1U << 0,
};

struct wg_allowedip {
	uint16_t family;
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	};
	uint8_t cidr;
	uint32_t flags;
	struct wg_allowedip *next;
};

struct wg_endpoint {
	union {
		struct sockaddr addr;
		struct sockaddr_in addr4;
		struct sockaddr_in6 addr6;
	};
};

struct wg_peer {
	uint32_t flags;
	uint8_t public_key[WG_KEY_LEN];
	uint8_t preshared_key[WG_KEY_LEN];
	struct wg_endpoint endpoint;
	int64_t last_handshake_sec;
	int64_t last_handshake_nsec;
	uint64_t rx_bytes, tx_bytes;
	uint16_t keepalive;
	struct wg_allowedip *first_allowedip, *last_allowedip;
	struct wg_peer *next;
};

struct wg_device {
	char name[IFNAMSIZ];
	uint32_t ifindex;
	uint32_t flags;
	uint8_t public_key[WG_KEY_LEN];
	uint8_t private_key[WG_KEY_LEN];
	uint32_t fwmark;
	uint16_t listen_port;
	struct wg_peer *first_peer, *last_peer;
};

#define for_each_peer(dev, p) for ((p) = (dev)->first_peer; (p); (p) = (p)->next)
#define for_each_allowedip(peer, a) \
	for ((a) = (peer)->first_allowedip; (a); (a) = (a)->next)

struct wg_device *wg_device_new(void);
struct wg_peer *wg_peer_new(void);
/* Frees one peer and its allowed IPs, wiping its keys. */
void wg_peer_free(struct wg_peer *peer);
struct wg_peer *wg_device_add_peer(struct wg_device *dev);
struct wg_allowedip *wg_peer_add_allowedip(struct wg_peer *peer);
/* Frees the device, its peers and allowed IPs, wiping every key first. */
void wg_device_free(struct wg_device *dev);
size_t wg_peer_count_allowedips(const struct wg_peer *peer);
size_t wg_device_count_peers(const struct wg_device *dev);

#endif
