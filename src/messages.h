/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire format and the protocol's constants, as ../shared/protocol.md
 * states them. Everything the core reads from the network is first checked
 * here by wg_message_type(): size and type together, before anything else.
 */
#ifndef _WG_MESSAGES_H
#define _WG_MESSAGES_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <asm/byteorder.h>

/* The protocol's strings, without terminators where they are hashed. */
#define WG_NOISE_CONSTRUCTION "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s"
#define WG_NOISE_IDENTIFIER "WireGuard v1 zx2c4 Jason@zx2c4.com"
#define WG_COOKIE_LABEL_MAC1 "mac1----"
#define WG_COOKIE_LABEL_COOKIE "cookie--"

enum wg_noise_lengths {
	WG_NOISE_PUBLIC_KEY_LEN = 32,
	WG_NOISE_SYMMETRIC_KEY_LEN = 32,
	WG_NOISE_TIMESTAMP_LEN = 12,
	WG_NOISE_AUTHTAG_LEN = 16,
	WG_NOISE_HASH_LEN = 32
};

#define wg_noise_encrypted_len(plain_len) ((plain_len) + WG_NOISE_AUTHTAG_LEN)

enum wg_cookie_values {
	WG_COOKIE_SECRET_MAX_AGE = 2 * 60,	/* seconds, R is rotated */
	WG_COOKIE_SECRET_LATENCY = 5,		/* seconds of margin for the sender */
	WG_COOKIE_NONCE_LEN = 24,
	WG_COOKIE_LEN = 16
};

enum wg_counter_values {
	WG_COUNTER_BITS_TOTAL = 8192,
	WG_COUNTER_REDUNDANT_BITS = BITS_PER_LONG,
	WG_COUNTER_WINDOW_SIZE = WG_COUNTER_BITS_TOTAL - WG_COUNTER_REDUNDANT_BITS
};

/* Seconds unless the name says otherwise. */
enum wg_limits {
	WG_REKEY_TIMEOUT = 5,
	WG_REKEY_TIMEOUT_JITTER_MAX_MS = 1000 / 3,
	WG_REKEY_AFTER_TIME = 120,
	WG_REKEY_ATTEMPT_TIME = 90,
	WG_REJECT_AFTER_TIME = 180,
	WG_KEEPALIVE_TIMEOUT = 10,
	WG_MAX_TIMER_HANDSHAKES = WG_REKEY_ATTEMPT_TIME / WG_REKEY_TIMEOUT,
	WG_INITIATIONS_PER_SECOND = 50,
	WG_MAX_PEERS_PER_DEVICE = 1U << 20,
	WG_MAX_QUEUED_INCOMING_HANDSHAKES = 4096,
	WG_UNDER_LOAD_QUEUE_LEN = WG_MAX_QUEUED_INCOMING_HANDSHAKES / 8,
	WG_UNDER_LOAD_AFTER_TIME = 1,
	/*
	 * turned away a second, under load, that keep the device under load:
	 * a flood (a peer retries every 5 s, and with a cookie once answered)
	 */
	WG_UNDER_LOAD_TURNED_AWAY = 16
};

#define WG_REKEY_AFTER_MESSAGES (1ULL << 60)
/* 2^64 - 2^13 - 1: the counter never gets near enough to wrap the window. */
#define WG_REJECT_AFTER_MESSAGES (U64_MAX - WG_COUNTER_BITS_TOTAL)

enum wg_message_type {
	WG_MESSAGE_INVALID = 0,
	WG_MESSAGE_HANDSHAKE_INITIATION = 1,
	WG_MESSAGE_HANDSHAKE_RESPONSE = 2,
	WG_MESSAGE_HANDSHAKE_COOKIE = 3,
	WG_MESSAGE_DATA = 4
};

struct wg_message_header {
	/* A little-endian u32 whose three upper bytes must be zero. */
	__le32 type;
};

struct wg_message_macs {
	u8 mac1[WG_COOKIE_LEN];
	u8 mac2[WG_COOKIE_LEN];
};

struct wg_message_handshake_initiation {
	struct wg_message_header header;
	__le32 sender_index;
	u8 unencrypted_ephemeral[WG_NOISE_PUBLIC_KEY_LEN];
	u8 encrypted_static[wg_noise_encrypted_len(WG_NOISE_PUBLIC_KEY_LEN)];
	u8 encrypted_timestamp[wg_noise_encrypted_len(WG_NOISE_TIMESTAMP_LEN)];
	struct wg_message_macs macs;
};

struct wg_message_handshake_response {
	struct wg_message_header header;
	__le32 sender_index;
	__le32 receiver_index;
	u8 unencrypted_ephemeral[WG_NOISE_PUBLIC_KEY_LEN];
	u8 encrypted_nothing[wg_noise_encrypted_len(0)];
	struct wg_message_macs macs;
};

struct wg_message_handshake_cookie {
	struct wg_message_header header;
	__le32 receiver_index;
	u8 nonce[WG_COOKIE_NONCE_LEN];
	u8 encrypted_cookie[wg_noise_encrypted_len(WG_COOKIE_LEN)];
};

struct wg_message_data {
	struct wg_message_header header;
	__le32 key_idx;
	__le64 counter;
	u8 encrypted_data[];
};

#define wg_message_data_len(plain_len) \
	(wg_noise_encrypted_len(plain_len) + sizeof(struct wg_message_data))

enum wg_message_alignments {
	WG_MESSAGE_PADDING_MULTIPLE = 16,
	WG_MESSAGE_MINIMUM_LENGTH = wg_message_data_len(0)
};

/* A transport message of @len bytes carries no packet: a keepalive. */
#define wg_message_data_is_keepalive(len) ((len) == wg_message_data_len(0))

/*
 * Only byte arrays and __le32/__le64 above: no padding may creep in, or the
 * structs would stop being the wire format.
 */
static_assert(sizeof(struct wg_message_handshake_initiation) == 148, "initiation size");
static_assert(sizeof(struct wg_message_handshake_response) == 92, "response size");
static_assert(sizeof(struct wg_message_handshake_cookie) == 64, "cookie size");
static_assert(sizeof(struct wg_message_data) == 16, "data header size");

/*
 * Classifies a received datagram: its type if the type word is valid and the
 * length is right for that type (exact for handshake messages, at least a
 * keepalive for data), WG_MESSAGE_INVALID otherwise.
 */
static inline enum wg_message_type wg_message_type(const void *data, size_t len)
{
	const u8 *b = data;
	u32 type;

	if (len < sizeof(struct wg_message_header))
		return WG_MESSAGE_INVALID;
	/* Byte by byte: any alignment will do for this first look. */
	type = b[0] | (b[1] << 8) | ((u32)b[2] << 16) | ((u32)b[3] << 24);
	switch (type) {
	case WG_MESSAGE_HANDSHAKE_INITIATION:
		if (len == sizeof(struct wg_message_handshake_initiation))
			return WG_MESSAGE_HANDSHAKE_INITIATION;
		break;
	case WG_MESSAGE_HANDSHAKE_RESPONSE:
		if (len == sizeof(struct wg_message_handshake_response))
			return WG_MESSAGE_HANDSHAKE_RESPONSE;
		break;
	case WG_MESSAGE_HANDSHAKE_COOKIE:
		if (len == sizeof(struct wg_message_handshake_cookie))
			return WG_MESSAGE_HANDSHAKE_COOKIE;
		break;
	case WG_MESSAGE_DATA:
		if (len >= WG_MESSAGE_MINIMUM_LENGTH)
			return WG_MESSAGE_DATA;
		break;
	}
	return WG_MESSAGE_INVALID;
}

/*
 * How many bytes of plaintext to encrypt for a packet of @len bytes sent on
 * a path of @mtu: padded with zeros to a multiple of 16, so that lengths
 * show less of the content, but never past @mtu, so that a packet the stack
 * sized for the path still fits it once encrypted. A packet longer than
 * @mtu (the stack should not make one) is padded as if it were its last
 * @mtu-sized piece: by its length modulo @mtu. An @mtu of 0 gives no limit
 * to pad against, so no padding.
 */
static inline unsigned int wg_message_padded_len(unsigned int len,
						 unsigned int mtu)
{
	unsigned int last, padded;

	if (!mtu)
		return len;
	last = len > mtu ? len % mtu : len;
	padded = ALIGN(last, (unsigned int)WG_MESSAGE_PADDING_MULTIPLE);
	if (padded > mtu)
		padded = mtu;
	return len + (padded - last);
}

#endif /* _WG_MESSAGES_H */
