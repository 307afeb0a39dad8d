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
#ifndef __aarch64__
/*
 * 32-bit arm builds chacha20-neon.c too (crypto/arm/): its passes of
 * five blocks are crypto/arm/chacha20-neon-core.S, nblocks = 5 k or
 * 5 k + 4 (at least 4), counters from state[12] on; the caller advances
 * state[12].
 */
void wg_chacha20_arm_neon_x5(const u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks);
#endif
/*
 * The one-pass AEAD's bulk (chacha20-neon.c): XORs nblocks of keystream
 * like wg_chacha20_neon_blocks and runs Poly1305 (full blocks, hibit 1)
 * over the ciphertext of those blocks on mac, the radix 2^64 state at the
 * start of every arm64 Poly1305 state: dst after the XOR when encrypting,
 * src when decrypting. Between kernel_neon_begin/end. xor_mac5: passes of
 * 4 + 1 ChaCha20 blocks (the fifth in general registers) with 20
 * Poly1305 blocks; xor_mac4: 4 blocks with 16 (glue.c says which is used).
 */
void wg_chacha20poly1305_neon_xor_mac5(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt);
void wg_chacha20poly1305_neon_xor_mac4(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt);

struct wg_poly1305_neon_st {
	struct wg_poly1305_st64 g;
	/* limb k of r^4, r^3, r^2, r^1: the lane multipliers of a last step */
	u32 rp[5][4];
	/* the limbs of r^8, the block loop's multiplier */
	u32 r8[5];
	/* computed on the first long input: short messages never pay for them */
	bool have_powers;
};

void wg_poly1305_neon_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit);
/*
 * The block loop (poly1305-neon-core.S): h[.][k][j] is limb k of lane j,
 * key = { r0, r1, r2, r3, r4, 5r1, 5r2, 5r3, 5r4, 5, 0, 0 } of the power
 * every lane is multiplied by, pad = hibit << 24; nsteps >= 1 steps of 64
 * (x4: one set) or 128 bytes (x8: two sets, h[0] then h[1]).
 */
void wg_poly1305_neon_x4(u32 h[5][4], const u8 *in, size_t nsteps,
			 const u32 key[12], u32 pad);
void wg_poly1305_neon_x8(u32 h[2][5][4], const u8 *in, size_t nsteps,
			 const u32 key[12], u32 pad);
/* general registers only (poly1305-scalar.c), on struct wg_poly1305_st64 */
void wg_poly1305_arm64_blocks(struct wg_poly1305_state *state, const u8 *in,
			      size_t nblocks, u32 hibit);

/*
 * X25519 ladder state, two field elements per vector (radix 2^25.5 limbs,
 * lane 0 the "2" point, lane 1 the "3" point): see curve25519-neon.c.
 */
struct wg_curve25519_neon_st {
	u32 x[10][2];	/* (x2 | x3) */
	u32 z[10][2];	/* (z2 | z3) */
	u32 x1[10][2];	/* (1 | x1): the step's last product */
	u8 k[32];	/* the clamped scalar */
	u32 swap;	/* the pending conditional swap */
} __aligned(16);

/* Ladder steps for scalar bits from down to to (254 >= from >= to >= 0). */
void wg_curve25519_neon_ladder(struct wg_curve25519_neon_st *st, int from,
			       int to);
/* The last swap, then st->x lane 0 = x2 / z2 (carried limbs). */
void wg_curve25519_neon_finish(struct wg_curve25519_neon_st *st);

struct wg_blake2s_state;
void wg_blake2s_neon_compress(struct wg_blake2s_state *state,
			      const u8 *block, size_t nblocks, u32 inc);

/*
 * Measured and not selected (candidates.c says why): not built into the
 * module, proven by the unit tests.
 */
extern const struct wg_blake2s_impl wg_blake2s_neon_impl;
extern const struct wg_curve25519_impl wg_curve25519_neon_impl;

#endif /* _WG_CRYPTO_ARM64_H */
