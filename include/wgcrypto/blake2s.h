/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * BLAKE2s (RFC 7693): unkeyed and keyed, any output length 1..32, one-shot
 * and incremental; and HMAC (RFC 2104) over BLAKE2s-256, block size 64.
 *
 * Prefixed wg_ so nothing clashes with the kernel's own blake2s_*.
 */
#ifndef _WGCRYPTO_BLAKE2S_H
#define _WGCRYPTO_BLAKE2S_H

#include <linux/types.h>

enum wg_blake2s_lengths {
	WG_BLAKE2S_BLOCK_SIZE = 64,
	WG_BLAKE2S_HASH_SIZE = 32,
	WG_BLAKE2S_KEY_SIZE = 32,
};

struct wg_blake2s_state {
	u32 h[8];
	u32 t[2];
	u32 f[2];
	u8 buf[WG_BLAKE2S_BLOCK_SIZE];
	unsigned int buflen;
	unsigned int outlen;
};

/* outlen: 1..32 */
void wg_blake2s_init(struct wg_blake2s_state *state, size_t outlen);
/* outlen: 1..32, keylen: 1..32 */
void wg_blake2s_init_key(struct wg_blake2s_state *state, size_t outlen,
			 const void *key, size_t keylen);
void wg_blake2s_update(struct wg_blake2s_state *state, const u8 *in,
		       size_t inlen);
/* Writes state->outlen bytes and wipes the state. */
void wg_blake2s_final(struct wg_blake2s_state *state, u8 *out);

/* key may be NULL when keylen is 0 */
void wg_blake2s(u8 *out, const u8 *in, const u8 *key, size_t outlen,
		size_t inlen, size_t keylen);

/* HMAC-BLAKE2s-256: out gets 32 bytes; any key length. */
void wg_blake2s256_hmac(u8 *out, const u8 *in, const u8 *key, size_t inlen,
			size_t keylen);

#endif /* _WGCRYPTO_BLAKE2S_H */
