// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * X25519 ladder steps on arm64 NEON, with intrinsics, after the approach of
 * Bernstein and Schwabe, "NEON crypto" (CHES 2012): field elements in radix
 * 2^25.5 (ten limbs of 26 and 25 bits, as the portable 32-bit code), two
 * field elements per vector, one in each 32-bit lane, so a umull/umlal does
 * the limb product of two independent multiplications at once, into two
 * 64-bit lanes.
 *
 * The ladder state is X = (x2 | x3), Z = (z2 | z3): lane 0 the "2" point,
 * lane 1 the "3" point, so the conditional swap is a lane swap under a mask.
 * One step of RFC 7748 section 5, as four two-lane products and two
 * two-lane squarings:
 *   S = X + Z = (A | C),  T = X - Z = (B | D)
 *   (AA | BB) = (A | B)^2            (DA | CB) = (D | C) * (A | B)
 *   (x3 | z3') = (DA + CB | DA - CB)^2
 *   E = AA - BB
 *   (x2 | z2) = (AA | E) * (BB | AA + a24 E)
 *   (x3 | z3) = (x3 | z3') * (1 | x1)
 * The last product multiplies lane 0 by one: the step's odd multiplication
 * has no partner, and a full two-lane product costs the same as a single.
 *
 * Limb bounds: every input of a product or square is carried (limbs below
 * 2^26 plus a little), so f_i * 2 * 19 g_j < 2^58 and a sum of ten of them
 * fits 64 bits; sums and differences (with 4p added) are carried in 32-bit
 * lanes before they are multiplied.
 *
 * Constant time: the swap is a mask from the scalar bit, no branch or
 * memory index depends on the scalar or the point.
 *
 * Only code that runs between kernel_neon_begin/end lives here (see
 * arm64.h): the glue (candidates.c) converts to and from bytes and runs
 * the ladder in bounded sections, then the inversion in one more.
 *
 * Measured slower than the portable code on the llvm-mca models of
 * Cortex-A53 and Cortex-A72 (crypto/README), so not built into the module.
 */
#include <linux/string.h>
#include "arm64.h"

#ifdef __CHECKER__
/* sparse does not know the NEON builtins: it checks a stand-in */
void wg_curve25519_neon_ladder(struct wg_curve25519_neon_st *st, int from,
			       int to)
{
	(void)st;
	(void)from;
	(void)to;
}

void wg_curve25519_neon_finish(struct wg_curve25519_neon_st *st)
{
	(void)st;
}
#else

#ifdef __WG_USERSPACE
#include <arm_neon.h>
#else
#include <asm/neon-intrinsics.h>
#endif

/*
 * Every limb loop below is unrolled (the pragmas): GCC at -O2 would keep
 * them as loops over stack arrays, with the limbs in memory.
 */
typedef uint32x2_t l2;
typedef uint64x2_t w2;

#define M26 ((1U << 26) - 1)
#define M25 ((1U << 25) - 1)

/* 64-bit lane products to carried 32-bit limbs; 2^255 = 19 (mod p) */
static __always_inline void carry64(l2 h[10], w2 d[10])
{
	const w2 m26 = vdupq_n_u64(M26), m25 = vdupq_n_u64(M25);
	w2 c, e;

#define C64(i, j, bits, m) do {						\
	c = vshrq_n_u64(d[i], bits);					\
	d[i] = vandq_u64(d[i], m);					\
	d[j] = vaddq_u64(d[j], c);					\
} while (0)
	/* two chains side by side: 0..4 and 4..9, then the wrap */
	C64(0, 1, 26, m26); C64(4, 5, 26, m26);
	C64(1, 2, 25, m25); C64(5, 6, 25, m25);
	C64(2, 3, 26, m26); C64(6, 7, 26, m26);
	C64(3, 4, 25, m25); C64(7, 8, 25, m25);
	C64(4, 5, 26, m26); C64(8, 9, 26, m26);
	c = vshrq_n_u64(d[9], 25);
	d[9] = vandq_u64(d[9], m25);
	/* c * 19 = c * 16 + c * 2 + c (c may exceed 32 bits) */
	e = vaddq_u64(vshlq_n_u64(c, 4), vshlq_n_u64(c, 1));
	d[0] = vaddq_u64(d[0], vaddq_u64(e, c));
	C64(0, 1, 26, m26);
#undef C64
	h[0] = vmovn_u64(d[0]);
	h[1] = vmovn_u64(d[1]);
	h[2] = vmovn_u64(d[2]);
	h[3] = vmovn_u64(d[3]);
	h[4] = vmovn_u64(d[4]);
	h[5] = vmovn_u64(d[5]);
	h[6] = vmovn_u64(d[6]);
	h[7] = vmovn_u64(d[7]);
	h[8] = vmovn_u64(d[8]);
	h[9] = vmovn_u64(d[9]);
}

/* The same in the 32-bit lanes, for sums and differences (below 2^29). */
static __always_inline void carry32(l2 h[10])
{
	const l2 m26 = vdup_n_u32(M26), m25 = vdup_n_u32(M25);
	l2 c;

#define C32(i, j, bits, m) do {						\
	c = vshr_n_u32(h[i], bits);					\
	h[i] = vand_u32(h[i], m);					\
	h[j] = vadd_u32(h[j], c);					\
} while (0)
	C32(0, 1, 26, m26); C32(4, 5, 26, m26);
	C32(1, 2, 25, m25); C32(5, 6, 25, m25);
	C32(2, 3, 26, m26); C32(6, 7, 26, m26);
	C32(3, 4, 25, m25); C32(7, 8, 25, m25);
	C32(4, 5, 26, m26); C32(8, 9, 26, m26);
	c = vshr_n_u32(h[9], 25);
	h[9] = vand_u32(h[9], m25);
	h[0] = vmla_n_u32(h[0], c, 19);
	C32(0, 1, 26, m26);
#undef C32
}

static __always_inline void fe2_add(l2 h[10], const l2 f[10], const l2 g[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		h[i] = vadd_u32(f[i], g[i]);
	carry32(h);
}

/* f - g + 4p: no lane goes negative for carried g */
static __always_inline void fe2_sub(l2 h[10], const l2 f[10], const l2 g[10])
{
	const l2 p0 = vdup_n_u32(0xfffffb4U), pe = vdup_n_u32(0xffffffcU),
		 po = vdup_n_u32(0x7fffffcU);
	int i;

	h[0] = vsub_u32(vadd_u32(f[0], p0), g[0]);
#pragma GCC unroll 10
	for (i = 1; i < 10; i++)
		h[i] = vsub_u32(vadd_u32(f[i], (i & 1) ? po : pe), g[i]);
	carry32(h);
}

/*
 * h = f * g in both lanes. f_i g_j lands at bit ceil(25.5 i) + ceil(25.5 j):
 * one above limb i + j's start when both are odd (hence 2 f_odd), and past
 * limb 9 it wraps with a factor 19 (hence 19 g).
 */
static __always_inline void fe2_mul(l2 h[10], const l2 f[10], const l2 g[10])
{
	l2 f2[10], g19[10];
	w2 d[10];
	int i, j, k;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		f2[i] = (i & 1) ? vshl_n_u32(f[i], 1) : f[i];
		g19[i] = vmul_n_u32(g[i], 19);
	}
	/* row by row, so ten independent accumulators are in flight */
#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
#pragma GCC unroll 10
		for (j = 0; j < 10; j++) {
			const l2 a = ((i & j) & 1) ? f2[i] : f[i];

			k = i + j;
			if (k < 10) {
				if (i == 0)
					d[k] = vmull_u32(a, g[j]);
				else
					d[k] = vmlal_u32(d[k], a, g[j]);
			} else {
				/* i >= 1 here: d[k - 10] was started by i = 0 */
				d[k - 10] = vmlal_u32(d[k - 10], a, g19[j]);
			}
		}
	}
	carry64(h, d);
}

/*
 * h = f^2 in both lanes: the 55 distinct products, cross terms doubled, the
 * odd-odd ones doubled again (as in fe2_mul), wrapped ones times 19.
 */
static __always_inline void fe2_sq(l2 h[10], const l2 f[10])
{
	l2 f2[10], f4[10], f19[10];
	w2 d[10];
	bool started[10] = { false };
	int i, j, k;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		f2[i] = vshl_n_u32(f[i], 1);
		f4[i] = vshl_n_u32(f[i], 2);
		f19[i] = vmul_n_u32(f[i], 19);
	}
#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
#pragma GCC unroll 10
		for (j = i; j < 10; j++) {
			const bool odd = (i & j) & 1;
			/* multiplicity: 2 for i != j, times 2 if both odd */
			const l2 a = i != j ? (odd ? f4[i] : f2[i]) :
					      (odd ? f2[i] : f[i]);
			const l2 b = i + j < 10 ? f[j] : f19[j];

			k = i + j < 10 ? i + j : i + j - 10;
			if (!started[k]) {
				d[k] = vmull_u32(a, b);
				started[k] = true;
			} else {
				d[k] = vmlal_u32(d[k], a, b);
			}
		}
	}
	carry64(h, d);
}

/* h = f * n for a small constant n (a24 = 121665 < 2^17) */
static __always_inline void fe2_mul_small(l2 h[10], const l2 f[10], u32 n)
{
	w2 d[10];
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		d[i] = vmull_n_u32(f[i], n);
	carry64(h, d);
}

static __always_inline void fe2_load(l2 h[10], const u32 s[10][2])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		h[i] = vld1_u32(s[i]);
}

static __always_inline void fe2_store(u32 s[10][2], const l2 h[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		vst1_u32(s[i], h[i]);
}

/*
 * Ladder steps for scalar bits from down to to (from >= to), on the state
 * in st, which they update (x, z, swap).
 */
void wg_curve25519_neon_ladder(struct wg_curve25519_neon_st *st, int from,
			       int to)
{
	static const u32 lane0_bits[2] = { ~0U, 0 };
	const l2 lane0 = vld1_u32(lane0_bits);
	l2 x[10], z[10], x1[10], s[10], t[10], ab[10], dc[10], q1[10],
	   q2[10], q1s[10], q2s[10], u[10], v[10], w[10];
	u32 swap = st->swap, bit;
	int n, i;

	fe2_load(x, st->x);
	fe2_load(z, st->z);
	fe2_load(x1, st->x1);
	for (n = from; n >= to; n--) {
		l2 mask;

		bit = (st->k[n >> 3] >> (n & 7)) & 1;
		swap ^= bit;
		mask = vdup_n_u32(0 - swap);
		swap = bit;
#pragma GCC unroll 10
		for (i = 0; i < 10; i++) {
			x[i] = vbsl_u32(mask, vrev64_u32(x[i]), x[i]);
			z[i] = vbsl_u32(mask, vrev64_u32(z[i]), z[i]);
		}

		fe2_add(s, x, z);		/* (A | C) */
		fe2_sub(t, x, z);		/* (B | D) */
#pragma GCC unroll 10
		for (i = 0; i < 10; i++) {
			ab[i] = vzip1_u32(s[i], t[i]);	/* (A | B) */
			dc[i] = vzip2_u32(t[i], s[i]);	/* (D | C) */
		}
		fe2_sq(q1, ab);			/* (AA | BB) */
		fe2_mul(q2, dc, ab);		/* (DA | CB) */

#pragma GCC unroll 10
		for (i = 0; i < 10; i++)
			q2s[i] = vrev64_u32(q2[i]);	/* (CB | DA) */
		fe2_add(u, q2, q2s);		/* lane 0: DA + CB */
		fe2_sub(v, q2s, q2);		/* lane 1: DA - CB */
#pragma GCC unroll 10
		for (i = 0; i < 10; i++)
			u[i] = vbsl_u32(lane0, u[i], v[i]);
		fe2_sq(u, u);			/* (x3 | z3') */

#pragma GCC unroll 10
		for (i = 0; i < 10; i++)
			q1s[i] = vrev64_u32(q1[i]);	/* (BB | AA) */
		fe2_sub(v, q1s, q1);		/* lane 1: E = AA - BB */
		fe2_mul_small(w, v, 121665);	/* lane 1: a24 E */
		fe2_add(w, w, q1s);		/* lane 1: AA + a24 E */
#pragma GCC unroll 10
		for (i = 0; i < 10; i++) {
			v[i] = vbsl_u32(lane0, q1[i], v[i]);	/* (AA | E) */
			w[i] = vbsl_u32(lane0, q1s[i], w[i]);	/* (BB | ..) */
		}
		fe2_mul(v, v, w);		/* (x2 | z2) */
		fe2_mul(u, u, x1);		/* (x3 | z3) */
#pragma GCC unroll 10
		for (i = 0; i < 10; i++) {
			x[i] = vzip1_u32(v[i], u[i]);
			z[i] = vzip2_u32(v[i], u[i]);
		}
	}
	fe2_store(st->x, x);
	fe2_store(st->z, z);
	st->swap = swap;
}

/* Out of line for the inversion's chain (no need to inline it 265 times). */
static noinline void fe2_mul_ool(l2 h[10], const l2 f[10], const l2 g[10])
{
	fe2_mul(h, f, g);
}

static noinline void fe2_sqn(l2 h[10], const l2 f[10], int n)
{
	fe2_sq(h, f);
	while (--n > 0)
		fe2_sq(h, h);
}

/*
 * After the last step: the last swap (masked), then st->x lane 0 = x2 / z2
 * = x2 * z2^(p - 2), z2^(2^255 - 21) by the portable code's addition chain
 * (254 squarings, 11 products), both lanes computed, lane 0 used.
 */
void wg_curve25519_neon_finish(struct wg_curve25519_neon_st *st)
{
	l2 x[10], z[10], z2[10], z9[10], z11[10], z5[10], z10[10], z20[10],
	   z50[10], z100[10], t[10], mask;
	int i;

	fe2_load(x, st->x);
	fe2_load(z, st->z);
	mask = vdup_n_u32(0 - st->swap);
#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		x[i] = vbsl_u32(mask, vrev64_u32(x[i]), x[i]);
		z[i] = vbsl_u32(mask, vrev64_u32(z[i]), z[i]);
	}
	fe2_sqn(z2, z, 1);		/* 2 */
	fe2_sqn(t, z2, 2);		/* 8 */
	fe2_mul_ool(z9, t, z);		/* 9 */
	fe2_mul_ool(z11, z9, z2);	/* 11 */
	fe2_sqn(t, z11, 1);		/* 22 */
	fe2_mul_ool(z5, t, z9);		/* 2^5 - 1 */
	fe2_sqn(t, z5, 5);
	fe2_mul_ool(z10, t, z5);	/* 2^10 - 1 */
	fe2_sqn(t, z10, 10);
	fe2_mul_ool(z20, t, z10);	/* 2^20 - 1 */
	fe2_sqn(t, z20, 20);
	fe2_mul_ool(t, t, z20);		/* 2^40 - 1 */
	fe2_sqn(t, t, 10);
	fe2_mul_ool(z50, t, z10);	/* 2^50 - 1 */
	fe2_sqn(t, z50, 50);
	fe2_mul_ool(z100, t, z50);	/* 2^100 - 1 */
	fe2_sqn(t, z100, 100);
	fe2_mul_ool(t, t, z100);	/* 2^200 - 1 */
	fe2_sqn(t, t, 50);
	fe2_mul_ool(t, t, z50);		/* 2^250 - 1 */
	fe2_sqn(t, t, 5);		/* 2^255 - 2^5 */
	fe2_mul_ool(t, t, z11);		/* 2^255 - 21 */
	fe2_mul_ool(x, x, t);
	fe2_store(st->x, x);
	/* the stack copies: secrets (the spilled registers are not reached) */
	memzero_explicit(z, sizeof(z));
	memzero_explicit(z2, sizeof(z2));
	memzero_explicit(z9, sizeof(z9));
	memzero_explicit(z11, sizeof(z11));
	memzero_explicit(z5, sizeof(z5));
	memzero_explicit(z10, sizeof(z10));
	memzero_explicit(z20, sizeof(z20));
	memzero_explicit(z50, sizeof(z50));
	memzero_explicit(z100, sizeof(z100));
	memzero_explicit(t, sizeof(t));
	memzero_explicit(x, sizeof(x));
}
#endif /* __CHECKER__ */
