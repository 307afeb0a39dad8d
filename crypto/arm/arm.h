/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * 32-bit arm (ARMv7-A + NEON) paths. As on arm64 (../arm64/arm64.h): the
 * NEON files, built with -mfpu=neon, hold only routines that run between
 * kernel_neon_begin/end; feature tests and the impl tables live in glue.c,
 * built normally.
 */
#ifndef _WG_CRYPTO_ARM_H
#define _WG_CRYPTO_ARM_H

#include "../internal.h"

/*
 * Poly1305: the generic 32-bit state (radix 2^26, crypto/poly1305.c, the
 * one every 32-bit arm kernel uses) at the start, so short inputs and
 * contexts where NEON may not be used run the generic routine on the same
 * state; the lane multipliers after it.
 */
struct wg_poly1305_arm_st {
	u32 r[5];
	u32 s[4];	/* 5 r1 .. 5 r4 */
	u32 h[5];
	/* limb k of r^4, r^3, r^2, r^1: the lane multipliers of a last step */
	u32 rp[5][4];
	/* computed on the first long input: short messages never pay for them */
	u32 have_powers;
};

void wg_poly1305_arm_neon_blocks(struct wg_poly1305_state *state,
				 const u8 *in, size_t nblocks, u32 hibit);

#endif /* _WG_CRYPTO_ARM_H */
