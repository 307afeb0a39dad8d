// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The 32-bit arm path table: feature tests outside any NEON section, so
 * this file is built with normal flags.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include <wgcrypto/curve25519.h>
#include "../arm64/arm64.h"
#include "arm.h"
#include "../simd.h"

static bool has_neon(void)
{
#ifdef __WG_USERSPACE
	return true;	/* the test build targets -mfpu=neon */
#else
	return !IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) && cpu_has_neon();
#endif
}

const struct wg_chacha20_impl wg_chacha20_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * llvm-mca, cycles per byte and double round (crypto/README): two
	 * blocks in rows beat the scalar code on the Cortex-A9 model (0.93
	 * against 1.28) and lose a little on the A57 (0.84 against 0.76),
	 * three win on both; from four blocks the assembly's passes of 4 + 1
	 * (0.47 and 0.34, chacha20-neon-core.S); one block stays scalar.
	 */
	.min_bytes = 128,
	.usable = has_neon,
	.xor_blocks = wg_chacha20_neon_blocks,
};

static void poly1305_arm_scalar_init(struct wg_poly1305_state *state,
				     const u8 key[16])
{
	struct wg_poly1305_arm32_st *st = (struct wg_poly1305_arm32_st *)state;
	int j;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	/* r &= 0x0ffffffc0ffffffc0ffffffc0fffffff */
	st->r[0] = get_unaligned_le32(key) & 0x0fffffff;
	for (j = 1; j < 4; j++) {
		st->r[j] = get_unaligned_le32(key + 4 * j) & 0x0ffffffc;
		st->s[j - 1] = st->r[j] + (st->r[j] >> 2);
	}
	memset(st->h, 0, sizeof(st->h));
}

/* (h mod p + s) mod 2^128; h below 2^130.4 < 2p, so one subtraction */
static void poly1305_arm_scalar_emit(struct wg_poly1305_state *state,
				     u8 mac[16], const u8 s[16])
{
	struct wg_poly1305_arm32_st *st = (struct wg_poly1305_arm32_st *)state;
	u32 g[5], mask;
	u64 c;
	int j;

	/* g = h + 5 - 2^130: h - p, negative (top bits set) iff h < p */
	c = 5;
	for (j = 0; j < 4; j++) {
		c += st->h[j];
		g[j] = (u32)c;
		c >>= 32;
	}
	g[4] = st->h[4] + (u32)c - 4;
	mask = (g[4] >> 31) - 1;	/* all ones iff h >= p */
	c = 0;
	for (j = 0; j < 4; j++) {
		c += (st->h[j] & ~mask) | (g[j] & mask);
		c += get_unaligned_le32(s + 4 * j);
		put_unaligned_le32((u32)c, mac + 4 * j);
		c >>= 32;
	}
	memzero_explicit(g, sizeof(g));
}

/*
 * Poly1305 in general registers (poly1305-scalar-core.S): llvm-mca
 * figures in crypto/README; no NEON, so no section to open and no
 * minimum length.
 */
const struct wg_poly1305_impl wg_poly1305_arm_scalar_impl = {
	.name = "arm-scalar",
	.usable = has_neon,
	.init = poly1305_arm_scalar_init,
	.blocks = wg_poly1305_arm_scalar_blocks,
	.emit = poly1305_arm_scalar_emit,
};

static void poly1305_neon_init(struct wg_poly1305_state *state,
			       const u8 key[16])
{
	struct wg_poly1305_arm_st *st = (struct wg_poly1305_arm_st *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	poly1305_arm_scalar_init(state, key);
	st->have_powers = 0;
}

const struct wg_poly1305_impl wg_poly1305_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * llvm-mca (tests/bench/crypto/arm.sh, crypto/README): the NEON loop
	 * 2.59 against the scalar assembly's 3.94 cycles per byte on the
	 * Cortex-A9 model (1.00 against 2.76 on the A57); the powers (every
	 * packet has its own key) and the last step cost about 390 cycles
	 * (A9), so NEON is ahead from 320 bytes (A9) or 192 (A57) before
	 * kernel_neon_begin/end, a few hundred cycles more on ARMv7: about
	 * 500 bytes on the A9. Below, and where NEON may not be used, the
	 * scalar assembly runs on the same state.
	 */
	.min_bytes = 512,
	.usable = has_neon,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_arm_neon_blocks,
	.emit = poly1305_arm_scalar_emit,
	.scalar_blocks = wg_poly1305_arm_scalar_blocks,
};

/*
 * Ladder steps per kernel_neon_begin/end section: about 100,000 cycles on
 * the Cortex-A9 model (3,045 a step), as long as the final inversion's
 * section; a 100 us bound on preemption at 1 GHz.
 */
enum { CURVE25519_NEON_STEPS = 32 };

/* limb i of radix 2^25.5 starts at bit ceil(25.5 i) and has 26 or 25 bits */
static unsigned int fe_start(int i)
{
	return 51 * (i / 2) + 26 * (i & 1);
}

static unsigned int fe_bits(int i)
{
	return (i & 1) ? 25 : 26;
}

/* 32 bytes, bit 255 ignored (RFC 7748 section 5), to ten limbs */
static void fe10_frombytes(u32 h[10], const u8 s[32])
{
	u32 w[9];
	int i;

	for (i = 0; i < 8; i++)
		w[i] = get_unaligned_le32(s + 4 * i);
	w[7] &= 0x7fffffff;
	w[8] = 0;
	for (i = 0; i < 10; i++) {
		const unsigned int at = fe_start(i), sh = at % 32;
		u32 v = w[at / 32] >> sh;

		if (sh)
			v |= w[at / 32 + 1] << (32 - sh);
		h[i] = v & ((1U << fe_bits(i)) - 1);
	}
	memzero_explicit(w, sizeof(w));
}

static void fe10_carry(u32 h[10])
{
	u32 c;
	int i;

	for (i = 0; i < 10; i++) {
		c = h[i] >> fe_bits(i);
		h[i] &= (1U << fe_bits(i)) - 1;
		if (i < 9)
			h[i + 1] += c;
		else
			h[0] += 19 * c;
	}
}

/* Carried limbs to the canonical encoding (fully reduced below p) */
static void fe10_tobytes(u8 s[32], const u32 f[10])
{
	u32 h[10], w[8], q;
	int i;

	memcpy(h, f, sizeof(h));
	fe10_carry(h);
	fe10_carry(h);
	/* q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255 */
	q = (h[0] + 19) >> 26;
	for (i = 1; i < 10; i++)
		q = (h[i] + q) >> fe_bits(i);
	h[0] += 19 * q;
	for (i = 0; i < 9; i++) {
		h[i + 1] += h[i] >> fe_bits(i);
		h[i] &= (1U << fe_bits(i)) - 1;
	}
	h[9] &= (1U << 25) - 1;	/* drops the 2^255 that q stood for */
	memset(w, 0, sizeof(w));
	for (i = 0; i < 10; i++) {
		const unsigned int at = fe_start(i), sh = at % 32;

		w[at / 32] |= h[i] << sh;
		if (sh + fe_bits(i) > 32)
			w[at / 32 + 1] |= h[i] >> (32 - sh);
	}
	for (i = 0; i < 8; i++)
		put_unaligned_le32(w[i], s + 4 * i);
	memzero_explicit(h, sizeof(h));
	memzero_explicit(w, sizeof(w));
}

static void curve25519_neon_ladder(u8 out[32], const u8 scalar[32],
				   const u8 point[32])
{
	struct wg_curve25519_arm_st st;
	u32 x1[10], x2[10];
	int i, from;
	struct wg_simd_state simd;

	memcpy(st.k, scalar, 32);
	wg_curve25519_clamp_secret(st.k);
	fe10_frombytes(x1, point);
	for (i = 0; i < 10; i++) {
		st.x[i][0] = i == 0;	/* x2 = 1 */
		st.x[i][1] = x1[i];	/* x3 = x1 */
		st.z[i][0] = 0;		/* z2 = 0 */
		st.z[i][1] = i == 0;	/* z3 = 1 */
		st.x1[i][0] = i == 0;
		st.x1[i][1] = x1[i];
	}
	st.swap = 0;
	for (from = 254; from >= 0; from -= CURVE25519_NEON_STEPS) {
		wg_simd_begin(&simd);
		wg_curve25519_arm_neon_ladder(&st, from,
					      max(from - CURVE25519_NEON_STEPS + 1,
						  0));
		wg_simd_end(&simd);
	}
	wg_simd_begin(&simd);
	wg_curve25519_arm_neon_finish(&st);
	wg_simd_end(&simd);
	for (i = 0; i < 10; i++)
		x2[i] = st.x[i][0];
	fe10_tobytes(out, x2);
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(x1, sizeof(x1));
	memzero_explicit(x2, sizeof(x2));
}

static void curve25519_neon(u8 out[32], const u8 scalar[32],
			    const u8 point[32])
{
	if (!may_use_simd()) {
		wg_curve25519_generic_impl.scalarmult(out, scalar, point);
		return;
	}
	curve25519_neon_ladder(out, scalar, point);
}

/*
 * The fixed base stays scalar: the portable code's signed radix-16 table
 * of multiples of B (64 additions, 4 doublings, crypto/curve25519.c) beats
 * the NEON ladder on both models (crypto/README).
 */
static void curve25519_neon_base(u8 out[32], const u8 scalar[32])
{
	wg_curve25519_generic_impl.scalarmult_base(out, scalar);
}

/*
 * llvm-mca (crypto/README): 850k against 1,317k cycles for a variable-base
 * X25519 on the Cortex-A9 model, 275k against 575k on the A57.
 */
const struct wg_curve25519_impl wg_curve25519_neon_impl = {
	.name = "neon",
	.simd = true,
	.usable = has_neon,
	.scalarmult = curve25519_neon,
	.scalarmult_base = curve25519_neon_base,
};
