/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * arm64 paths. As on x86 (see ../x86/x86.h): the NEON files, built with the
 * FPU enabled, hold only routines that run between kernel_neon_begin/end;
 * feature tests and the impl tables live in glue.c, built normally.
 */
#ifndef _WG_CRYPTO_ARM64_H
#define _WG_CRYPTO_ARM64_H

#include "../internal.h"

void wg_chacha20_neon_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks);

struct wg_poly1305_neon_st {
	struct wg_poly1305_st64 g;
	/* limb k of r^4, r^3, r^2, r^1: the lane multipliers of a last step */
	u32 rp[5][4];
	/* computed on the first long input: short messages never pay for them */
	bool have_powers;
};

void wg_poly1305_neon_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit);

#endif /* _WG_CRYPTO_ARM64_H */
