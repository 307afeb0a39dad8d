// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * BLAKE2s (RFC 7693) and HMAC-BLAKE2s (RFC 2104), portable C.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <wg/compat.h>
#include <wgcrypto/blake2s.h>
#include "internal.h"
#include "simd.h"

/* The SHA-256 initial values, as RFC 7693 section 2.6 specifies. */
static const u32 blake2s_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

/* Message word schedule, RFC 7693 section 2.7. */
static const u8 blake2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

#define G(r, i, a, b, c, d) do {					\
	a += b + m[blake2s_sigma[r][2 * (i)]];				\
	d = ror32(d ^ a, 16);						\
	c += d;								\
	b = ror32(b ^ c, 12);						\
	a += b + m[blake2s_sigma[r][2 * (i) + 1]];			\
	d = ror32(d ^ a, 8);						\
	c += d;								\
	b = ror32(b ^ c, 7);						\
} while (0)

#define ROUND(r) do {							\
	G(r, 0, v[0], v[4], v[8], v[12]);				\
	G(r, 1, v[1], v[5], v[9], v[13]);				\
	G(r, 2, v[2], v[6], v[10], v[14]);				\
	G(r, 3, v[3], v[7], v[11], v[15]);				\
	G(r, 4, v[0], v[5], v[10], v[15]);				\
	G(r, 5, v[1], v[6], v[11], v[12]);				\
	G(r, 6, v[2], v[7], v[8], v[13]);				\
	G(r, 7, v[3], v[4], v[9], v[14]);				\
} while (0)

void wg_blake2s_compress_generic(struct wg_blake2s_state *state,
				 const u8 *block, size_t nblocks, u32 inc)
{
	u32 m[16], v[16];
	int i;

	while (nblocks--) {
		/* 64-bit byte counter kept as two words */
		state->t[0] += inc;
		state->t[1] += (state->t[0] < inc);
		for (i = 0; i < 16; i++)
			m[i] = get_unaligned_le32(block + 4 * i);
		for (i = 0; i < 8; i++)
			v[i] = state->h[i];
		v[8] = blake2s_iv[0];
		v[9] = blake2s_iv[1];
		v[10] = blake2s_iv[2];
		v[11] = blake2s_iv[3];
		v[12] = blake2s_iv[4] ^ state->t[0];
		v[13] = blake2s_iv[5] ^ state->t[1];
		v[14] = blake2s_iv[6] ^ state->f[0];
		v[15] = blake2s_iv[7] ^ state->f[1];
		ROUND(0);
		ROUND(1);
		ROUND(2);
		ROUND(3);
		ROUND(4);
		ROUND(5);
		ROUND(6);
		ROUND(7);
		ROUND(8);
		ROUND(9);
		for (i = 0; i < 8; i++)
			state->h[i] ^= v[i] ^ v[i + 8];
		block += WG_BLAKE2S_BLOCK_SIZE;
	}
	memzero_explicit(m, sizeof(m));
	memzero_explicit(v, sizeof(v));
}

static bool blake2s_generic_usable(void)
{
	return true;
}

const struct wg_blake2s_impl wg_blake2s_generic_impl = {
	.name = "generic",
	.usable = blake2s_generic_usable,
	.compress = wg_blake2s_compress_generic,
};

static void blake2s_compress(struct wg_blake2s_state *state, const u8 *block,
			     size_t nblocks, u32 inc)
{
	const struct wg_blake2s_impl *impl = READ_ONCE(wg_blake2s_cur);

	if (!impl->simd) {
		impl->compress(state, block, nblocks, inc);
		return;
	}
	if (nblocks * WG_BLAKE2S_BLOCK_SIZE < impl->min_bytes ||
	    !may_use_simd()) {
		wg_blake2s_compress_generic(state, block, nblocks, inc);
		return;
	}
	/* Bounded sections: preemption is off between begin and end. */
	while (nblocks) {
		struct wg_simd_state simd;
		size_t n = min_t(size_t, nblocks,
				 WG_SIMD_CHUNK / WG_BLAKE2S_BLOCK_SIZE);

		wg_simd_begin(&simd);
		impl->compress(state, block, n, inc);
		wg_simd_end(&simd);
		nblocks -= n;
		block += n * WG_BLAKE2S_BLOCK_SIZE;
	}
}

static void blake2s_init_param(struct wg_blake2s_state *state, size_t outlen,
			       size_t keylen)
{
	int i;

	for (i = 0; i < 8; i++)
		state->h[i] = blake2s_iv[i];
	/* parameter block word 0: digest length, key length, fanout 1, depth 1 */
	state->h[0] ^= 0x01010000 ^ ((u32)keylen << 8) ^ (u32)outlen;
	state->t[0] = 0;
	state->t[1] = 0;
	state->f[0] = 0;
	state->f[1] = 0;
	state->buflen = 0;
	state->outlen = (unsigned int)outlen;
}

void wg_blake2s_init(struct wg_blake2s_state *state, size_t outlen)
{
	WARN_ON(!outlen || outlen > WG_BLAKE2S_HASH_SIZE);
	blake2s_init_param(state, outlen, 0);
}

void wg_blake2s_init_key(struct wg_blake2s_state *state, size_t outlen,
			 const void *key, size_t keylen)
{
	WARN_ON(!outlen || outlen > WG_BLAKE2S_HASH_SIZE || !key || !keylen ||
		keylen > WG_BLAKE2S_KEY_SIZE);
	blake2s_init_param(state, outlen, keylen);
	/* the key, zero padded, is the first block */
	memset(state->buf, 0, sizeof(state->buf));
	memcpy(state->buf, key, keylen);
	state->buflen = WG_BLAKE2S_BLOCK_SIZE;
}

void wg_blake2s_update(struct wg_blake2s_state *state, const u8 *in,
		       size_t inlen)
{
	const size_t fill = WG_BLAKE2S_BLOCK_SIZE - state->buflen;

	if (unlikely(!inlen))
		return;
	/*
	 * The last block must be compressed by final() with the final flag,
	 * so a block is compressed only when more input follows it.
	 */
	if (inlen > fill) {
		memcpy(state->buf + state->buflen, in, fill);
		blake2s_compress(state, state->buf, 1, WG_BLAKE2S_BLOCK_SIZE);
		state->buflen = 0;
		in += fill;
		inlen -= fill;
		if (inlen > WG_BLAKE2S_BLOCK_SIZE) {
			const size_t nblocks =
				DIV_ROUND_UP(inlen, WG_BLAKE2S_BLOCK_SIZE) - 1;

			blake2s_compress(state, in, nblocks,
					 WG_BLAKE2S_BLOCK_SIZE);
			in += nblocks * WG_BLAKE2S_BLOCK_SIZE;
			inlen -= nblocks * WG_BLAKE2S_BLOCK_SIZE;
		}
	}
	memcpy(state->buf + state->buflen, in, inlen);
	state->buflen += (unsigned int)inlen;
}

void wg_blake2s_final(struct wg_blake2s_state *state, u8 *out)
{
	u8 full[WG_BLAKE2S_HASH_SIZE];
	int i;

	state->f[0] = (u32)-1;
	memset(state->buf + state->buflen, 0,
	       WG_BLAKE2S_BLOCK_SIZE - state->buflen);
	blake2s_compress(state, state->buf, 1, state->buflen);
	for (i = 0; i < 8; i++)
		put_unaligned_le32(state->h[i], full + 4 * i);
	memcpy(out, full, state->outlen);
	memzero_explicit(full, sizeof(full));
	memzero_explicit(state, sizeof(*state));
}

void wg_blake2s(u8 *out, const u8 *in, const u8 *key, size_t outlen,
		size_t inlen, size_t keylen)
{
	struct wg_blake2s_state state;

	if (keylen)
		wg_blake2s_init_key(&state, outlen, key, keylen);
	else
		wg_blake2s_init(&state, outlen);
	wg_blake2s_update(&state, in, inlen);
	wg_blake2s_final(&state, out);
}

void wg_blake2s256_hmac(u8 *out, const u8 *in, const u8 *key, size_t inlen,
			size_t keylen)
{
	struct wg_blake2s_state state;
	u8 x_key[WG_BLAKE2S_BLOCK_SIZE] __aligned(4) = { 0 };
	u8 i_hash[WG_BLAKE2S_HASH_SIZE] __aligned(4);
	int i;

	/* keys longer than a block are hashed first (RFC 2104) */
	if (keylen > WG_BLAKE2S_BLOCK_SIZE) {
		wg_blake2s_init(&state, WG_BLAKE2S_HASH_SIZE);
		wg_blake2s_update(&state, key, keylen);
		wg_blake2s_final(&state, x_key);
	} else if (keylen) {
		memcpy(x_key, key, keylen);
	}

	for (i = 0; i < WG_BLAKE2S_BLOCK_SIZE; i++)
		x_key[i] ^= 0x36;
	wg_blake2s_init(&state, WG_BLAKE2S_HASH_SIZE);
	wg_blake2s_update(&state, x_key, WG_BLAKE2S_BLOCK_SIZE);
	wg_blake2s_update(&state, in, inlen);
	wg_blake2s_final(&state, i_hash);

	for (i = 0; i < WG_BLAKE2S_BLOCK_SIZE; i++)
		x_key[i] ^= 0x5c ^ 0x36;
	wg_blake2s_init(&state, WG_BLAKE2S_HASH_SIZE);
	wg_blake2s_update(&state, x_key, WG_BLAKE2S_BLOCK_SIZE);
	wg_blake2s_update(&state, i_hash, WG_BLAKE2S_HASH_SIZE);
	wg_blake2s_final(&state, i_hash);

	memcpy(out, i_hash, WG_BLAKE2S_HASH_SIZE);
	memzero_explicit(x_key, sizeof(x_key));
	memzero_explicit(i_hash, sizeof(i_hash));
}
