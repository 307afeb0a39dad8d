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
 * Poly1305 in general registers, radix 2^32 (poly1305-scalar-core.S):
 * the state at the start of struct wg_poly1305_state; r clamped, s_j =
 * r_j + (r_j >> 2) = 5 r_j / 4, h4 a few bits.
 */
struct wg_poly1305_arm32_st {
	u32 r[4];
	u32 s[3];	/* s1..s3 */
	u32 h[5];
};

/*
 * The NEON path's state: the radix 2^32 one above at the start, so short
 * inputs and contexts where NEON may not be used run the scalar assembly
 * on it (its ->scalar_blocks); NEON works in radix 2^26 and converts h on
 * the way in and out. The lane multipliers after it.
 */
struct wg_poly1305_arm_st {
	struct wg_poly1305_arm32_st w;
	/* r and 5 r in 26-bit limbs, for the powers */
	u32 r[5];
	u32 s[4];	/* 5 r1 .. 5 r4 */
	/* limb k of r^4, r^3, r^2, r^1: the lane multipliers of a last step */
	u32 rp[5][4];
	/* computed on the first long input: short messages never pay for them */
	u32 have_powers;
};

void wg_poly1305_arm_scalar_blocks(struct wg_poly1305_state *state,
				   const u8 *in, size_t nblocks, u32 hibit);

void wg_poly1305_arm_neon_blocks(struct wg_poly1305_state *state,
				 const u8 *in, size_t nblocks, u32 hibit);
/*
 * The block loop (poly1305-neon-core.S): nsteps >= 1 steps of 64 bytes,
 * h[k][j] limb k of lane j (blocks 4i + j), each lane times r^4; key:
 * r0..r4, 5 r1..5 r4 of r^4, then 5, hibit << 24 twice.
 */
void wg_poly1305_arm_neon_x4(u32 h[5][4], const u8 *in, size_t nsteps,
			     const u32 key[12]);

/*
 * X25519 ladder state between NEON sections (see curve25519-neon.c): two
 * field elements per vector in radix 2^25.5, limb i of both side by side.
 */
struct wg_curve25519_arm_st {
	u32 x[10][2];	/* (x2 | x3) */
	u32 z[10][2];	/* (z2 | z3) */
	u32 x1[10][2];	/* (1 | x1): the multiplier of the step's last product */
	u8 k[32];	/* the clamped scalar */
	u32 swap;	/* the swap still owed after the last step done */
} __aligned(8);

/* Ladder steps for the scalar bits from down to to (254 >= from >= to >= 0). */
void wg_curve25519_arm_neon_ladder(struct wg_curve25519_arm_st *st, int from,
				   int to);
/* The owed swap, then lane 0 of st->x = x2 / z2 (carried limbs). */
void wg_curve25519_arm_neon_finish(struct wg_curve25519_arm_st *st);

#endif /* _WG_CRYPTO_ARM_H */
