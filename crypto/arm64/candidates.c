// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * arm64 NEON paths that were written, proven and measured, and lost to the
 * portable C on the llvm-mca models of Cortex-A53 and Cortex-A72 (figures
 * in crypto/README, reproduced by crypto/arm64/mca.sh):
 *  - BLAKE2s, one message in rows (blake2s-neon.c);
 *  - X25519, two field elements per vector in radix 2^25.5
 *    (curve25519-neon.c).
 * They are not in the module (crypto/Kbuild.include does not build them,
 * crypto/main.c does not list them). The unit tests still prove them under
 * qemu-aarch64 (tests/unit/crypto/test_candidates.c), so they can be timed
 * on real hardware and enabled if they win there: list the impls below in
 * main.c and the three files in Kbuild.include.
 *
 * This file is the glue (normal flags): feature test, byte conversions, the
 * ladder cut into bounded kernel_neon_begin/end sections, the fallback when
 * SIMD may not be used.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "arm64.h"
#include "../simd.h"

static bool candidate_usable(void)
{
	return wg_cpu_has_neon();
}

/* Compression only: the caller (crypto/blake2s.c) owns the SIMD section. */
const struct wg_blake2s_impl wg_blake2s_neon_impl = {
	.name = "neon",
	.simd = true,
	.usable = candidate_usable,
	.compress = wg_blake2s_neon_compress,
};

/* Ladder steps per kernel_neon_begin/end section. */
enum { CURVE25519_NEON_STEPS = 32 };

/* 32 bytes (bit 255 ignored) to ten limbs of 26, 25, 26, ... bits */
static void fe10_frombytes(u32 h[10], const u8 s[32])
{
	u64 w[4];
	int i;

	for (i = 0; i < 4; i++)
		w[i] = get_unaligned_le64(s + 8 * i);
	w[3] &= ~(1ULL << 63);
	/* limb 2i starts at bit 51 i, limb 2i + 1 at bit 51 i + 26 */
	for (i = 0; i < 10; i++) {
		const unsigned int start = 51 * (i / 2) + 26 * (i & 1);
		const unsigned int bits = (i & 1) ? 25 : 26;
		const unsigned int wi = start / 64, sh = start % 64;
		u64 v = w[wi] >> sh;

		if (sh + bits > 64)
			v |= w[wi + 1] << (64 - sh);
		h[i] = (u32)v & ((1U << bits) - 1);
	}
	memzero_explicit(w, sizeof(w));
}

static void fe10_carry(u32 h[10])
{
	u32 c;
	int i;

	for (i = 0; i < 10; i++) {
		const unsigned int bits = (i & 1) ? 25 : 26;

		c = h[i] >> bits;
		h[i] &= (1U << bits) - 1;
		if (i < 9)
			h[i + 1] += c;
		else
			h[0] += 19 * c;
	}
}

/* Carried limbs (below 2^27) to the canonical encoding, below p. */
static void fe10_tobytes(u8 s[32], const u32 f[10])
{
	u32 h[10], q;
	u64 acc = 0;
	int i, have = 0, n = 0;

	memcpy(h, f, sizeof(h));
	fe10_carry(h);
	fe10_carry(h);
	/* q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255 */
	q = (h[0] + 19) >> 26;
	for (i = 1; i < 10; i++)
		q = (h[i] + q) >> ((i & 1) ? 25 : 26);
	h[0] += 19 * q;
	for (i = 0; i < 9; i++) {
		const unsigned int bits = (i & 1) ? 25 : 26;

		h[i + 1] += h[i] >> bits;
		h[i] &= (1U << bits) - 1;
	}
	h[9] &= (1U << 25) - 1;	/* drops the 2^255 that q accounted for */
	for (i = 0; i < 10; i++) {
		acc |= (u64)h[i] << have;
		have += (i & 1) ? 25 : 26;
		while (have >= 8) {
			s[n++] = (u8)acc;
			acc >>= 8;
			have -= 8;
		}
	}
	s[31] = (u8)acc;	/* the last 7 bits */
	memzero_explicit(h, sizeof(h));
}

static void curve25519_neon_ladder(u8 out[32], const u8 scalar[32],
				   const u8 point[32])
{
	struct wg_curve25519_neon_st st;
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
		wg_curve25519_neon_ladder(&st, from,
					  max(from - CURVE25519_NEON_STEPS + 1,
					      0));
		wg_simd_end(&simd);
	}
	wg_simd_begin(&simd);
	wg_curve25519_neon_finish(&st);
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

static void curve25519_neon_base(u8 out[32], const u8 scalar[32])
{
	static const u8 nine[32] = { 9 };

	if (!may_use_simd()) {
		wg_curve25519_generic_impl.scalarmult_base(out, scalar);
		return;
	}
	curve25519_neon_ladder(out, scalar, nine);
}

const struct wg_curve25519_impl wg_curve25519_neon_impl = {
	.name = "neon",
	.simd = true,
	.usable = candidate_usable,
	.scalarmult = curve25519_neon,
	.scalarmult_base = curve25519_neon_base,
};
