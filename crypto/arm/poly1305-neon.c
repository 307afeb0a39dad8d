// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305 on 32-bit arm NEON (ARMv7-A): four blocks per step in radix
 * 2^26, as on arm64 (../arm64/poly1305-neon.c says why four lanes), but
 * with what ARMv7 has: products with vmull.u32/vmlal.u32 (two 32x32->64
 * lanes per instruction), h kept narrowed to 32-bit lanes in D registers
 * between steps, and all 32-bit scalar arithmetic outside the vectors.
 *
 * Lane j accumulates blocks 4i + j: H_j = (H_j + m_{4i+j}) r^4, and in the
 * last step of a call H_j = (H_j + m) r^(4 - j), so the lanes' sum is what
 * the serial Horner rule gives. Set A holds lanes 0, 2 and set B lanes 1, 3
 * (the order the loads give, see load_transposed()): two independent chains
 * for the in-order cores. During the loop every
 * lane multiplies by the same r^4, so its nine limbs (r0..r4, 5 r1..5 r4)
 * sit in five D registers and the products take them by lane index
 * (vmlal.u32 q, d, d[x]), which leaves registers for both chains.
 *
 * Four blocks are loaded as bytes and transposed (vector k = word k of
 * each block), and split into limbs with shifts and shift-left-insert
 * (vsli), 12 instructions for 64 bytes.
 *
 * The lanes' sum goes back into the generic 32-bit state (see arm.h), so
 * calls can mix this path and the generic one (short inputs, no NEON).
 * Only code that runs between kernel_neon_begin/end lives here: the key
 * powers are computed lazily inside the blocks routine.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "arm.h"

#ifdef __CHECKER__
/* sparse does not know the NEON builtins: it checks a stand-in */
void wg_poly1305_arm_neon_blocks(struct wg_poly1305_state *state,
				 const u8 *in, size_t nblocks, u32 hibit)
{
	wg_poly1305_arm_scalar_blocks(state, in, nblocks, hibit);
}
#else

/* 32-bit arm kernels have no asm/neon-intrinsics.h (see Kbuild.include) */
#include <arm_neon.h>

#define M26 0x3ffffffU

/* a = a r (mod p), limbs carried below 2^26 (a1 a little above): powers */
static void mul_r(u32 a[5], const struct wg_poly1305_arm_st *st)
{
	const u32 *r = st->r, *s = st->s;
	u64 d0, d1, d2, d3, d4;
	u32 c;

	d0 = (u64)a[0] * r[0] + (u64)a[1] * s[3] + (u64)a[2] * s[2] +
	     (u64)a[3] * s[1] + (u64)a[4] * s[0];
	d1 = (u64)a[0] * r[1] + (u64)a[1] * r[0] + (u64)a[2] * s[3] +
	     (u64)a[3] * s[2] + (u64)a[4] * s[1];
	d2 = (u64)a[0] * r[2] + (u64)a[1] * r[1] + (u64)a[2] * r[0] +
	     (u64)a[3] * s[3] + (u64)a[4] * s[2];
	d3 = (u64)a[0] * r[3] + (u64)a[1] * r[2] + (u64)a[2] * r[1] +
	     (u64)a[3] * r[0] + (u64)a[4] * s[3];
	d4 = (u64)a[0] * r[4] + (u64)a[1] * r[3] + (u64)a[2] * r[2] +
	     (u64)a[3] * r[1] + (u64)a[4] * r[0];
	d1 += d0 >> 26;
	a[0] = (u32)d0 & M26;
	d2 += d1 >> 26;
	a[1] = (u32)d1 & M26;
	d3 += d2 >> 26;
	a[2] = (u32)d2 & M26;
	d4 += d3 >> 26;
	a[3] = (u32)d3 & M26;
	c = (u32)(d4 >> 26);
	a[4] = (u32)d4 & M26;
	a[0] += c * 5;
	c = a[0] >> 26;
	a[0] &= M26;
	a[1] += c;
}

/* 130 bits in radix 2^32 (w[4] small) to five 26-bit limbs */
static void to_limbs(u32 l[5], const u32 w[5])
{
	l[0] = w[0] & M26;
	l[1] = (w[0] >> 26 | w[1] << 6) & M26;
	l[2] = (w[1] >> 20 | w[2] << 12) & M26;
	l[3] = (w[2] >> 14 | w[3] << 18) & M26;
	l[4] = w[3] >> 8 | w[4] << 24;
}

static void poly1305_neon_powers(struct wg_poly1305_arm_st *st)
{
	const u32 rw[5] = { st->w.r[0], st->w.r[1], st->w.r[2], st->w.r[3], 0 };
	u32 a[5];
	int j, k;

	to_limbs(st->r, rw);
	for (k = 1; k < 5; k++)
		st->s[k - 1] = st->r[k] * 5;
	for (k = 0; k < 5; k++)
		a[k] = st->r[k];
	/* lane 3 gets r, lane 2 r^2, ..., lane 0 r^4 */
	for (j = 3; j >= 0; j--) {
		for (k = 0; k < 5; k++)
			st->rp[k][j] = a[k];
		if (j)
			mul_r(a, st);
	}
	st->have_powers = 1;
	memzero_explicit(a, sizeof(a));
}

typedef uint64x2_t v2;
typedef uint32x2_t d2;

/* the same with a multiplier per lane (the last step) */
#define MULS_VEC(d0, d1, d2, d3, d4, h, r, s) do {			\
	d0 = vmull_u32(h[0], r[0]);					\
	d1 = vmull_u32(h[0], r[1]);					\
	d2 = vmull_u32(h[0], r[2]);					\
	d3 = vmull_u32(h[0], r[3]);					\
	d4 = vmull_u32(h[0], r[4]);					\
	d0 = vmlal_u32(d0, h[1], s[4]);					\
	d1 = vmlal_u32(d1, h[1], r[0]);					\
	d2 = vmlal_u32(d2, h[1], r[1]);					\
	d3 = vmlal_u32(d3, h[1], r[2]);					\
	d4 = vmlal_u32(d4, h[1], r[3]);					\
	d0 = vmlal_u32(d0, h[2], s[3]);					\
	d1 = vmlal_u32(d1, h[2], s[4]);					\
	d2 = vmlal_u32(d2, h[2], r[0]);					\
	d3 = vmlal_u32(d3, h[2], r[1]);					\
	d4 = vmlal_u32(d4, h[2], r[2]);					\
	d0 = vmlal_u32(d0, h[3], s[2]);					\
	d1 = vmlal_u32(d1, h[3], s[3]);					\
	d2 = vmlal_u32(d2, h[3], s[4]);					\
	d3 = vmlal_u32(d3, h[3], r[0]);					\
	d4 = vmlal_u32(d4, h[3], r[1]);					\
	d0 = vmlal_u32(d0, h[4], s[1]);					\
	d1 = vmlal_u32(d1, h[4], s[2]);					\
	d2 = vmlal_u32(d2, h[4], s[3]);					\
	d3 = vmlal_u32(d3, h[4], s[4]);					\
	d4 = vmlal_u32(d4, h[4], r[0]);					\
} while (0)

/* one carry step: c = d >> 26, d &= M26, e += c (times five if wrap) */
#define CARRY(d, e) do {						\
	v2 c_ = vshrq_n_u64(d, 26);					\
	d = vandq_u64(d, m26);						\
	e = vaddq_u64(e, c_);						\
} while (0)
#define CARRY5(d, e) do {						\
	v2 c_ = vshrq_n_u64(d, 26);					\
	d = vandq_u64(d, m26);						\
	e = vaddq_u64(e, vaddq_u64(c_, vshlq_n_u64(c_, 2)));		\
} while (0)

/*
 * Products to h: two carry chains per set (d0->d1 with d3->d4, ...), the
 * sets side by side; limbs end below 2^26 (d1 and d4 a little above), so
 * they narrow to 32 bits. A product limb is below 2^59: m and h limbs
 * below 2^27, multipliers below 5 * 2^26, five terms.
 */
#define REDUCE() do {							\
	CARRY(a0, a1); CARRY(b0, b1);					\
	CARRY(a3, a4); CARRY(b3, b4);					\
	CARRY(a1, a2); CARRY(b1, b2);					\
	CARRY5(a4, a0); CARRY5(b4, b0);					\
	CARRY(a2, a3); CARRY(b2, b3);					\
	CARRY(a0, a1); CARRY(b0, b1);					\
	CARRY(a3, a4); CARRY(b3, b4);					\
} while (0)

/*
 * Four blocks in, vector k = word k of blocks 0, 2, 1, 3 (in that lane
 * order). The message has no alignment, so it is loaded as bytes (a u32
 * access there would be undefined behaviour; a vld4.32 would need one):
 * the 8-byte halves of blocks 0 and 1 (2 and 3) load straight into the two
 * D halves of one Q register, so one vtrn.32 a pair ends the transpose.
 */
static __always_inline uint32x4x4_t load_transposed(const u8 *p)
{
	const uint32x4_t lo01 = vreinterpretq_u32_u8(vcombine_u8(vld1_u8(p),
								 vld1_u8(p + 16)));
	const uint32x4_t lo23 = vreinterpretq_u32_u8(vcombine_u8(vld1_u8(p + 32),
								 vld1_u8(p + 48)));
	const uint32x4_t hi01 = vreinterpretq_u32_u8(vcombine_u8(vld1_u8(p + 8),
								 vld1_u8(p + 24)));
	const uint32x4_t hi23 = vreinterpretq_u32_u8(vcombine_u8(vld1_u8(p + 40),
								 vld1_u8(p + 56)));
	const uint32x4x2_t lo = vtrnq_u32(lo01, lo23), hi = vtrnq_u32(hi01, hi23);
	uint32x4x4_t w;

	w.val[0] = lo.val[0];
	w.val[1] = lo.val[1];
	w.val[2] = hi.val[0];
	w.val[3] = hi.val[1];
	return w;
}

/* four blocks into limbs: la (blocks 0, 2) and lb (blocks 1, 3) */
#define SPLIT(la, lb, p) do {						\
	uint32x4x4_t w_ = load_transposed(p);				\
	uint32x4_t l_;							\
									\
	l_ = vandq_u32(w_.val[0], m26w);				\
	la[0] = vget_low_u32(l_); lb[0] = vget_high_u32(l_);		\
	l_ = vandq_u32(vsliq_n_u32(vshrq_n_u32(w_.val[0], 26),		\
				   w_.val[1], 6), m26w);		\
	la[1] = vget_low_u32(l_); lb[1] = vget_high_u32(l_);		\
	l_ = vandq_u32(vsliq_n_u32(vshrq_n_u32(w_.val[1], 20),		\
				   w_.val[2], 12), m26w);		\
	la[2] = vget_low_u32(l_); lb[2] = vget_high_u32(l_);		\
	l_ = vandq_u32(vsliq_n_u32(vshrq_n_u32(w_.val[2], 14),		\
				   w_.val[3], 18), m26w);		\
	la[3] = vget_low_u32(l_); lb[3] = vget_high_u32(l_);		\
	l_ = vorrq_u32(vshrq_n_u32(w_.val[3], 8), pad);			\
	la[4] = vget_low_u32(l_); lb[4] = vget_high_u32(l_);		\
} while (0)

void wg_poly1305_arm_neon_blocks(struct wg_poly1305_state *state,
				 const u8 *in, size_t nblocks, u32 hibit)
{
	struct wg_poly1305_arm_st *st = (struct wg_poly1305_arm_st *)state;
	const v2 m26 = vdupq_n_u64(M26);
	const uint32x4_t m26w = vdupq_n_u32(M26);
	const uint32x4_t pad = vdupq_n_u32(hibit << 24);
	d2 ha[5], hb[5], la[5], lb[5], ra[5], sa[5], rb[5], sb[5];
	u32 h4[5][4] __aligned(8), key[12];
	v2 a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
	size_t groups = nblocks / 4;
	u64 t[5];
	u32 c;
	int k;

	if (!groups) {
		wg_poly1305_arm_scalar_blocks(state, in, nblocks, hibit);
		return;
	}
	if (!st->have_powers)
		poly1305_neon_powers(st);

	/* the running h enters lane 0, in 26-bit limbs (h4 <= 4: l4 < 2^27) */
	memset(h4, 0, sizeof(h4));
	to_limbs(key, st->w.h);
	for (k = 0; k < 5; k++)
		h4[k][0] = key[k];

	/*
	 * Every step but the last, all lanes times r^4: the assembly loop
	 * (poly1305-neon-core.S), lane j taking blocks 4i + j.
	 */
	if (groups > 1) {
		for (k = 0; k < 5; k++)
			key[k] = st->rp[k][0];
		for (k = 1; k < 5; k++)
			key[4 + k] = 5 * st->rp[k][0];
		key[9] = 5;
		key[10] = key[11] = hibit << 24;
		wg_poly1305_arm_neon_x4(h4, in, groups - 1, key);
		in += (groups - 1) * 4 * WG_POLY1305_BLOCK_SIZE;
		memzero_explicit(key, sizeof(key));
	}
	/* to the last step's lane order (see load_transposed()) */
	for (k = 0; k < 5; k++) {
		const uint32x2x2_t h_ = vld2_u32(h4[k]);

		ha[k] = h_.val[0];
		hb[k] = h_.val[1];
	}
	memzero_explicit(h4, sizeof(h4));

	/* last step: lanes 0, 2 times r^4, r^2; lanes 1, 3 times r^3, r^1 */
	for (k = 0; k < 5; k++) {
		const uint32x2x2_t r_ = vld2_u32(&st->rp[k][0]);

		ra[k] = r_.val[0];
		rb[k] = r_.val[1];
		sa[k] = vmul_n_u32(ra[k], 5);
		sb[k] = vmul_n_u32(rb[k], 5);
	}
	SPLIT(la, lb, in);
	for (k = 0; k < 5; k++) {
		la[k] = vadd_u32(ha[k], la[k]);
		lb[k] = vadd_u32(hb[k], lb[k]);
	}
	MULS_VEC(a0, a1, a2, a3, a4, la, ra, sa);
	MULS_VEC(b0, b1, b2, b3, b4, lb, rb, sb);
	REDUCE();
	in += 4 * WG_POLY1305_BLOCK_SIZE;

	/* sum the lanes (each limb below 2^29) and carry into the state */
	a0 = vaddq_u64(a0, b0);
	a1 = vaddq_u64(a1, b1);
	a2 = vaddq_u64(a2, b2);
	a3 = vaddq_u64(a3, b3);
	a4 = vaddq_u64(a4, b4);
	t[0] = vgetq_lane_u64(a0, 0) + vgetq_lane_u64(a0, 1);
	t[1] = vgetq_lane_u64(a1, 0) + vgetq_lane_u64(a1, 1);
	t[2] = vgetq_lane_u64(a2, 0) + vgetq_lane_u64(a2, 1);
	t[3] = vgetq_lane_u64(a3, 0) + vgetq_lane_u64(a3, 1);
	t[4] = vgetq_lane_u64(a4, 0) + vgetq_lane_u64(a4, 1);
	for (k = 0; k < 4; k++) {
		t[k + 1] += t[k] >> 26;
		t[k] &= M26;
	}
	c = (u32)(t[4] >> 26);
	t[4] &= M26;
	t[0] += (u64)c * 5;
	t[1] += t[0] >> 26;
	t[0] &= M26;
	/* back to radix 2^32: h below 2^130 + 2^33, so h4 <= 4 */
	t[0] += t[1] << 26;
	st->w.h[0] = (u32)t[0];
	t[2] = (t[2] << 20) + (t[0] >> 32);
	st->w.h[1] = (u32)t[2];
	t[3] = (t[3] << 14) + (t[2] >> 32);
	st->w.h[2] = (u32)t[3];
	t[4] = (t[4] << 8) + (t[3] >> 32);
	st->w.h[3] = (u32)t[4];
	st->w.h[4] = (u32)(t[4] >> 32);
	memzero_explicit(t, sizeof(t));

	if (nblocks % 4)
		wg_poly1305_arm_scalar_blocks(state, in, nblocks % 4, hibit);
}
#endif /* __CHECKER__ */
