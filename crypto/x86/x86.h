/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * x86_64 paths. The files with SIMD code (compiled with -mssse3, -mavx2,
 * -mavx512f -mavx512vl)
 * hold only routines that run between kernel_fpu_begin/end: the compiler
 * may use vector registers anywhere in such a file. Everything called
 * outside those sections (feature tests, key set-up, the impl tables) lives
 * in glue.c, compiled with the kernel's normal flags.
 */
#ifndef _WG_CRYPTO_X86_H
#define _WG_CRYPTO_X86_H

#include "../internal.h"

void wg_chacha20_ssse3_blocks(u32 state[16], u8 *dst, const u8 *src,
			      size_t nblocks);
void wg_chacha20_avx2_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks);
void wg_chacha20_avx512_blocks(u32 state[16], u8 *dst, const u8 *src,
			       size_t nblocks);

struct wg_poly1305_avx2_st {
	struct wg_poly1305_st64 g;
	/* limb k of r^4, r^3, r^2, r^1: the lane multipliers of a last step */
	u32 rp[5][4];
	/* computed on the first long input: short messages never pay for them */
	bool have_powers;
};

void wg_poly1305_avx2_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit);

struct wg_blake2s_state;
void wg_blake2s_ssse3_compress(struct wg_blake2s_state *state,
			       const u8 *block, size_t nblocks, u32 inc);
void wg_blake2s_avx_compress(struct wg_blake2s_state *state, const u8 *block,
			     size_t nblocks, u32 inc);

#endif /* _WG_CRYPTO_X86_H */
