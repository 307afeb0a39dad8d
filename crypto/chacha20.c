// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20 and HChaCha20 (RFC 8439, draft-irtf-cfrg-xchacha), portable C,
 * and the dispatcher that hands bulk work to a SIMD path when one is chosen.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include <wg/compat.h>
#include "internal.h"
#include "simd.h"

/* "expand 32-byte k" */
static const u32 chacha20_consts[4] = {
	0x61707865, 0x3320646e, 0x79622d32, 0x6b206574
};

#define QR(a, b, c, d) do {					\
	a += b; d = rol32(d ^ a, 16);				\
	c += d; b = rol32(b ^ c, 12);				\
	a += b; d = rol32(d ^ a, 8);				\
	c += d; b = rol32(b ^ c, 7);				\
} while (0)

/* 20 rounds (10 double rounds) over x in place, no feed-forward. */
static __always_inline void chacha20_permute(u32 x[16])
{
	int i;

	for (i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
}

static void chacha20_init_key(u32 state[16], const u8 key[32])
{
	int i;

	for (i = 0; i < 4; i++)
		state[i] = chacha20_consts[i];
	for (i = 0; i < 8; i++)
		state[4 + i] = get_unaligned_le32(key + 4 * i);
}

void wg_chacha20_init(u32 state[16], const u8 key[WG_CHACHA20_KEY_SIZE],
		      u32 counter, const u8 nonce[12])
{
	chacha20_init_key(state, key);
	state[12] = counter;
	state[13] = get_unaligned_le32(nonce);
	state[14] = get_unaligned_le32(nonce + 4);
	state[15] = get_unaligned_le32(nonce + 8);
}

void wg_chacha20_init64(u32 state[16], const u8 key[WG_CHACHA20_KEY_SIZE],
			u64 nonce64)
{
	chacha20_init_key(state, key);
	state[12] = 0;
	state[13] = 0;
	state[14] = (u32)nonce64;
	state[15] = (u32)(nonce64 >> 32);
}

void wg_chacha20_block(u32 state[16], u8 out[WG_CHACHA20_BLOCK_SIZE])
{
	u32 x[16];
	int i;

	memcpy(x, state, sizeof(x));
	chacha20_permute(x);
	for (i = 0; i < 16; i++)
		put_unaligned_le32(x[i] + state[i], out + 4 * i);
	state[12]++;
	memzero_explicit(x, sizeof(x));
}

void wg_chacha20_generic_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks)
{
	u32 x[16];
	int i;

	while (nblocks--) {
		memcpy(x, state, sizeof(x));
		chacha20_permute(x);
		for (i = 0; i < 16; i++)
			put_unaligned_le32(get_unaligned_le32(src + 4 * i) ^
					   (x[i] + state[i]), dst + 4 * i);
		state[12]++;
		src += WG_CHACHA20_BLOCK_SIZE;
		dst += WG_CHACHA20_BLOCK_SIZE;
	}
	memzero_explicit(x, sizeof(x));
}

void wg_hchacha20(u32 out[8], const u8 nonce[WG_HCHACHA20_NONCE_SIZE],
		  const u8 key[WG_HCHACHA20_KEY_SIZE])
{
	u32 x[16];
	int i;

	chacha20_init_key(x, key);
	for (i = 0; i < 4; i++)
		x[12 + i] = get_unaligned_le32(nonce + 4 * i);
	chacha20_permute(x);
	memcpy(out, x, 4 * sizeof(u32));
	memcpy(out + 4, x + 12, 4 * sizeof(u32));
	memzero_explicit(x, sizeof(x));
}

static bool chacha20_generic_usable(void)
{
	return true;
}

const struct wg_chacha20_impl wg_chacha20_generic_impl = {
	.name = "generic",
	.usable = chacha20_generic_usable,
	.xor_blocks = wg_chacha20_generic_blocks,
};

static void chacha20_blocks(u32 state[16], u8 *dst, const u8 *src,
			    size_t nblocks)
{
	const struct wg_chacha20_impl *impl = READ_ONCE(wg_chacha20_cur);

	if (!impl->simd) {
		impl->xor_blocks(state, dst, src, nblocks);
		return;
	}
	if (nblocks * WG_CHACHA20_BLOCK_SIZE < impl->min_bytes ||
	    !may_use_simd()) {
		wg_chacha20_generic_blocks(state, dst, src, nblocks);
		return;
	}
	/* Bounded sections: preemption is off between begin and end. */
	while (nblocks) {
		struct wg_simd_state simd;
		size_t n = min_t(size_t, nblocks,
				 WG_SIMD_CHUNK / WG_CHACHA20_BLOCK_SIZE);

		wg_simd_begin(&simd);
		impl->xor_blocks(state, dst, src, n);
		wg_simd_end(&simd);
		nblocks -= n;
		src += n * WG_CHACHA20_BLOCK_SIZE;
		dst += n * WG_CHACHA20_BLOCK_SIZE;
	}
}

void wg_chacha20_xor(u32 state[16], u8 *dst, const u8 *src, size_t len)
{
	size_t full = len / WG_CHACHA20_BLOCK_SIZE;
	size_t tail = len % WG_CHACHA20_BLOCK_SIZE;

	if (full)
		chacha20_blocks(state, dst, src, full);
	if (tail) {
		u8 ks[WG_CHACHA20_BLOCK_SIZE];
		size_t i;

		src += full * WG_CHACHA20_BLOCK_SIZE;
		dst += full * WG_CHACHA20_BLOCK_SIZE;
		wg_chacha20_block(state, ks);
		for (i = 0; i < tail; i++)
			dst[i] = src[i] ^ ks[i];
		memzero_explicit(ks, sizeof(ks));
	}
}
