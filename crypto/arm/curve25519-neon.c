// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * X25519 on 32-bit arm NEON (ARMv7-A), after Bernstein and Schwabe, "NEON
 * crypto" (CHES 2012): field elements in radix 2^25.5 (ten limbs of 26, 25,
 * 26, ... bits, as crypto/curve25519.c's 32-bit code), two field elements
 * per vector: limb i of both in one D register (lane 0 and lane 1), so one
 * vmull.u32/vmlal.u32 does a 32x32->64 product for each. The Montgomery
 * ladder step (RFC 7748 section 5) pairs its independent operations:
 *
 *   (A | C) = (x2 | x3) + (z2 | z3)      (B | D) = (x2 | x3) - (z2 | z3)
 *   (AA | BB) = (A | B)^2                (CB | DA) = (C | D) (B | A)
 *   (X3 | Z3) = (DA + CB | DA - CB)^2    (x2 | z2) = (AA | E) (BB | AA + a24 E)
 *   (x3 | z3) = (X3 | Z3) (1 | x1)                       with E = AA - BB
 *
 * five two-way operations where the portable code does nine one-way ones.
 * (The fixed base is not done here: the portable code's table of
 * multiples of B on edwards25519 beats any ladder, see glue.c.)
 * Lanes move with vtrn/vrev64; the conditional swap of (x2, z2) with (x3,
 * z3) is a lane swap under a mask, so no branch or memory index depends on
 * the scalar. The final inversion (Fermat, 254 squarings and 11 products)
 * runs the same routines with both lanes equal.
 *
 * Bounds: products are carried to limbs below 2^26 / 2^25 (limbs 1 and 6
 * a little above); sums of two such limbs stay below 2^27, differences are
 * taken plus 2p (below 2^27.6), so 19 g_j fits 32 bits and a product
 * limb, at most 267 times the largest limb product, fits 64 bits.
 *
 * Only code that runs between kernel_neon_begin/end lives here (see
 * arm.h): the byte conversions and the sections are in glue.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "arm.h"

#ifdef __CHECKER__
/* sparse does not know the NEON builtins: it checks stand-ins */
void wg_curve25519_arm_neon_ladder(struct wg_curve25519_arm_st *st, int from,
				   int to)
{
	(void)st; (void)from; (void)to;
}

void wg_curve25519_arm_neon_finish(struct wg_curve25519_arm_st *st)
{
	(void)st;
}
#else

/* 32-bit arm kernels have no asm/neon-intrinsics.h (see Kbuild.include) */
#include <arm_neon.h>

typedef uint32x2_t d2;
typedef uint64x2_t v2;

/* 64-bit product limbs to carried 32-bit limbs, two chains side by side */
#define CARRY(a, b, bits) do {						\
	v2 c_ = vshrq_n_u64(a, bits);					\
	a = vandq_u64(a, m##bits);					\
	b = vaddq_u64(b, c_);						\
} while (0)

static __always_inline void fe2_reduce(d2 h[10], v2 d0, v2 d1, v2 d2_,
				       v2 d3, v2 d4, v2 d5, v2 d6, v2 d7,
				       v2 d8, v2 d9)
{
	const v2 m26 = vdupq_n_u64((1U << 26) - 1);
	const v2 m25 = vdupq_n_u64((1U << 25) - 1);
	v2 c;

	CARRY(d0, d1, 26); CARRY(d5, d6, 25);
	CARRY(d1, d2_, 25); CARRY(d6, d7, 26);
	CARRY(d2_, d3, 26); CARRY(d7, d8, 25);
	CARRY(d3, d4, 25); CARRY(d8, d9, 26);
	CARRY(d4, d5, 26);
	/* 2^255 = 19: c + 2c + 16c */
	c = vshrq_n_u64(d9, 25);
	d9 = vandq_u64(d9, m25);
	d0 = vaddq_u64(d0, vaddq_u64(vaddq_u64(c, vshlq_n_u64(c, 1)),
				     vshlq_n_u64(c, 4)));
	CARRY(d5, d6, 25); CARRY(d0, d1, 26);
	h[0] = vmovn_u64(d0);
	h[1] = vmovn_u64(d1);
	h[2] = vmovn_u64(d2_);
	h[3] = vmovn_u64(d3);
	h[4] = vmovn_u64(d4);
	h[5] = vmovn_u64(d5);
	h[6] = vmovn_u64(d6);
	h[7] = vmovn_u64(d7);
	h[8] = vmovn_u64(d8);
	h[9] = vmovn_u64(d9);
}

/*
 * h = f g, both lanes. f_i g_j lands at limb i + j, one bit up when i and j
 * are both odd (hence 2 f_i), past limb 9 with a factor 19 (19 g_j).
 * Generated from that rule, i-major so neighbouring instructions feed
 * different accumulators.
 */
static noinline void fe2_mul(d2 h[10], const d2 f[10], const d2 g[10])
{
	d2 f2[10], g19[10];
	v2 d0, d1, d2, d3, d4, d5, d6, d7, d8, d9;
	int i;

#pragma GCC unroll 10
	for (i = 1; i < 10; i += 2)
		f2[i] = vadd_u32(f[i], f[i]);
#pragma GCC unroll 10
	for (i = 1; i < 10; i++)
		g19[i] = vmul_n_u32(g[i], 19);
	d0 = vmull_u32(f[0], g[0]);
	d1 = vmull_u32(f[0], g[1]);
	d2 = vmull_u32(f[0], g[2]);
	d3 = vmull_u32(f[0], g[3]);
	d4 = vmull_u32(f[0], g[4]);
	d5 = vmull_u32(f[0], g[5]);
	d6 = vmull_u32(f[0], g[6]);
	d7 = vmull_u32(f[0], g[7]);
	d8 = vmull_u32(f[0], g[8]);
	d9 = vmull_u32(f[0], g[9]);
	d0 = vmlal_u32(d0, f2[1], g19[9]);
	d1 = vmlal_u32(d1, f[1], g[0]);
	d2 = vmlal_u32(d2, f2[1], g[1]);
	d3 = vmlal_u32(d3, f[1], g[2]);
	d4 = vmlal_u32(d4, f2[1], g[3]);
	d5 = vmlal_u32(d5, f[1], g[4]);
	d6 = vmlal_u32(d6, f2[1], g[5]);
	d7 = vmlal_u32(d7, f[1], g[6]);
	d8 = vmlal_u32(d8, f2[1], g[7]);
	d9 = vmlal_u32(d9, f[1], g[8]);
	d0 = vmlal_u32(d0, f[2], g19[8]);
	d1 = vmlal_u32(d1, f[2], g19[9]);
	d2 = vmlal_u32(d2, f[2], g[0]);
	d3 = vmlal_u32(d3, f[2], g[1]);
	d4 = vmlal_u32(d4, f[2], g[2]);
	d5 = vmlal_u32(d5, f[2], g[3]);
	d6 = vmlal_u32(d6, f[2], g[4]);
	d7 = vmlal_u32(d7, f[2], g[5]);
	d8 = vmlal_u32(d8, f[2], g[6]);
	d9 = vmlal_u32(d9, f[2], g[7]);
	d0 = vmlal_u32(d0, f2[3], g19[7]);
	d1 = vmlal_u32(d1, f[3], g19[8]);
	d2 = vmlal_u32(d2, f2[3], g19[9]);
	d3 = vmlal_u32(d3, f[3], g[0]);
	d4 = vmlal_u32(d4, f2[3], g[1]);
	d5 = vmlal_u32(d5, f[3], g[2]);
	d6 = vmlal_u32(d6, f2[3], g[3]);
	d7 = vmlal_u32(d7, f[3], g[4]);
	d8 = vmlal_u32(d8, f2[3], g[5]);
	d9 = vmlal_u32(d9, f[3], g[6]);
	d0 = vmlal_u32(d0, f[4], g19[6]);
	d1 = vmlal_u32(d1, f[4], g19[7]);
	d2 = vmlal_u32(d2, f[4], g19[8]);
	d3 = vmlal_u32(d3, f[4], g19[9]);
	d4 = vmlal_u32(d4, f[4], g[0]);
	d5 = vmlal_u32(d5, f[4], g[1]);
	d6 = vmlal_u32(d6, f[4], g[2]);
	d7 = vmlal_u32(d7, f[4], g[3]);
	d8 = vmlal_u32(d8, f[4], g[4]);
	d9 = vmlal_u32(d9, f[4], g[5]);
	d0 = vmlal_u32(d0, f2[5], g19[5]);
	d1 = vmlal_u32(d1, f[5], g19[6]);
	d2 = vmlal_u32(d2, f2[5], g19[7]);
	d3 = vmlal_u32(d3, f[5], g19[8]);
	d4 = vmlal_u32(d4, f2[5], g19[9]);
	d5 = vmlal_u32(d5, f[5], g[0]);
	d6 = vmlal_u32(d6, f2[5], g[1]);
	d7 = vmlal_u32(d7, f[5], g[2]);
	d8 = vmlal_u32(d8, f2[5], g[3]);
	d9 = vmlal_u32(d9, f[5], g[4]);
	d0 = vmlal_u32(d0, f[6], g19[4]);
	d1 = vmlal_u32(d1, f[6], g19[5]);
	d2 = vmlal_u32(d2, f[6], g19[6]);
	d3 = vmlal_u32(d3, f[6], g19[7]);
	d4 = vmlal_u32(d4, f[6], g19[8]);
	d5 = vmlal_u32(d5, f[6], g19[9]);
	d6 = vmlal_u32(d6, f[6], g[0]);
	d7 = vmlal_u32(d7, f[6], g[1]);
	d8 = vmlal_u32(d8, f[6], g[2]);
	d9 = vmlal_u32(d9, f[6], g[3]);
	d0 = vmlal_u32(d0, f2[7], g19[3]);
	d1 = vmlal_u32(d1, f[7], g19[4]);
	d2 = vmlal_u32(d2, f2[7], g19[5]);
	d3 = vmlal_u32(d3, f[7], g19[6]);
	d4 = vmlal_u32(d4, f2[7], g19[7]);
	d5 = vmlal_u32(d5, f[7], g19[8]);
	d6 = vmlal_u32(d6, f2[7], g19[9]);
	d7 = vmlal_u32(d7, f[7], g[0]);
	d8 = vmlal_u32(d8, f2[7], g[1]);
	d9 = vmlal_u32(d9, f[7], g[2]);
	d0 = vmlal_u32(d0, f[8], g19[2]);
	d1 = vmlal_u32(d1, f[8], g19[3]);
	d2 = vmlal_u32(d2, f[8], g19[4]);
	d3 = vmlal_u32(d3, f[8], g19[5]);
	d4 = vmlal_u32(d4, f[8], g19[6]);
	d5 = vmlal_u32(d5, f[8], g19[7]);
	d6 = vmlal_u32(d6, f[8], g19[8]);
	d7 = vmlal_u32(d7, f[8], g19[9]);
	d8 = vmlal_u32(d8, f[8], g[0]);
	d9 = vmlal_u32(d9, f[8], g[1]);
	d0 = vmlal_u32(d0, f2[9], g19[1]);
	d1 = vmlal_u32(d1, f[9], g19[2]);
	d2 = vmlal_u32(d2, f2[9], g19[3]);
	d3 = vmlal_u32(d3, f[9], g19[4]);
	d4 = vmlal_u32(d4, f2[9], g19[5]);
	d5 = vmlal_u32(d5, f[9], g19[6]);
	d6 = vmlal_u32(d6, f2[9], g19[7]);
	d7 = vmlal_u32(d7, f[9], g19[8]);
	d8 = vmlal_u32(d8, f2[9], g19[9]);
	d9 = vmlal_u32(d9, f[9], g[0]);
	fe2_reduce(h, d0, d1, d2, d3, d4, d5, d6, d7, d8, d9);
}

/*
 * h = f^2, both lanes: the 55 distinct products, times 2 off the diagonal,
 * 2 again for odd times odd, 19 past limb 9 (19 f_j for j >= 5).
 */
static noinline void fe2_sq(d2 h[10], const d2 f[10])
{
	d2 f2[10], f4[10], f19[10];
	v2 d0, d1, d2, d3, d4, d5, d6, d7, d8, d9;
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		f2[i] = vadd_u32(f[i], f[i]);
#pragma GCC unroll 10
	for (i = 1; i < 8; i += 2)
		f4[i] = vadd_u32(f2[i], f2[i]);
#pragma GCC unroll 10
	for (i = 5; i < 10; i++)
		f19[i] = vmul_n_u32(f[i], 19);
	d0 = vmull_u32(f[0], f[0]);
	d1 = vmull_u32(f2[0], f[1]);
	d2 = vmull_u32(f2[0], f[2]);
	d3 = vmull_u32(f2[0], f[3]);
	d4 = vmull_u32(f2[0], f[4]);
	d5 = vmull_u32(f2[0], f[5]);
	d6 = vmull_u32(f2[0], f[6]);
	d7 = vmull_u32(f2[0], f[7]);
	d8 = vmull_u32(f2[0], f[8]);
	d9 = vmull_u32(f2[0], f[9]);
	d0 = vmlal_u32(d0, f4[1], f19[9]);
	d1 = vmlal_u32(d1, f2[2], f19[9]);
	d2 = vmlal_u32(d2, f2[1], f[1]);
	d3 = vmlal_u32(d3, f2[1], f[2]);
	d4 = vmlal_u32(d4, f4[1], f[3]);
	d5 = vmlal_u32(d5, f2[1], f[4]);
	d6 = vmlal_u32(d6, f4[1], f[5]);
	d7 = vmlal_u32(d7, f2[1], f[6]);
	d8 = vmlal_u32(d8, f4[1], f[7]);
	d9 = vmlal_u32(d9, f2[1], f[8]);
	d0 = vmlal_u32(d0, f2[2], f19[8]);
	d1 = vmlal_u32(d1, f2[3], f19[8]);
	d2 = vmlal_u32(d2, f4[3], f19[9]);
	d3 = vmlal_u32(d3, f2[4], f19[9]);
	d4 = vmlal_u32(d4, f[2], f[2]);
	d5 = vmlal_u32(d5, f2[2], f[3]);
	d6 = vmlal_u32(d6, f2[2], f[4]);
	d7 = vmlal_u32(d7, f2[2], f[5]);
	d8 = vmlal_u32(d8, f2[2], f[6]);
	d9 = vmlal_u32(d9, f2[2], f[7]);
	d0 = vmlal_u32(d0, f4[3], f19[7]);
	d1 = vmlal_u32(d1, f2[4], f19[7]);
	d2 = vmlal_u32(d2, f2[4], f19[8]);
	d3 = vmlal_u32(d3, f2[5], f19[8]);
	d4 = vmlal_u32(d4, f4[5], f19[9]);
	d5 = vmlal_u32(d5, f2[6], f19[9]);
	d6 = vmlal_u32(d6, f2[3], f[3]);
	d7 = vmlal_u32(d7, f2[3], f[4]);
	d8 = vmlal_u32(d8, f4[3], f[5]);
	d9 = vmlal_u32(d9, f2[3], f[6]);
	d0 = vmlal_u32(d0, f2[4], f19[6]);
	d1 = vmlal_u32(d1, f2[5], f19[6]);
	d2 = vmlal_u32(d2, f4[5], f19[7]);
	d3 = vmlal_u32(d3, f2[6], f19[7]);
	d4 = vmlal_u32(d4, f2[6], f19[8]);
	d5 = vmlal_u32(d5, f2[7], f19[8]);
	d6 = vmlal_u32(d6, f4[7], f19[9]);
	d7 = vmlal_u32(d7, f2[8], f19[9]);
	d8 = vmlal_u32(d8, f[4], f[4]);
	d9 = vmlal_u32(d9, f2[4], f[5]);
	d0 = vmlal_u32(d0, f2[5], f19[5]);
	d2 = vmlal_u32(d2, f[6], f19[6]);
	d4 = vmlal_u32(d4, f2[7], f19[7]);
	d6 = vmlal_u32(d6, f[8], f19[8]);
	d8 = vmlal_u32(d8, f2[9], f19[9]);
	fe2_reduce(h, d0, d1, d2, d3, d4, d5, d6, d7, d8, d9);
}

static void fe2_sqn(d2 h[10], const d2 f[10], int n)
{
	fe2_sq(h, f);
	while (--n > 0)
		fe2_sq(h, h);
}

/* h = f m for a small m per lane (below 2^17: a24 = 121665), f below 2^27.6 */
static noinline void fe2_mul_small(d2 h[10], const d2 f[10], d2 m)
{
	fe2_reduce(h, vmull_u32(f[0], m), vmull_u32(f[1], m),
		   vmull_u32(f[2], m), vmull_u32(f[3], m),
		   vmull_u32(f[4], m), vmull_u32(f[5], m),
		   vmull_u32(f[6], m), vmull_u32(f[7], m),
		   vmull_u32(f[8], m), vmull_u32(f[9], m));
}

static __always_inline void fe2_add(d2 h[10], const d2 f[10], const d2 g[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		h[i] = vadd_u32(f[i], g[i]);
}

/* h = f - g + 2p: no lane goes negative for carried g */
static __always_inline void fe2_sub(d2 h[10], const d2 f[10], const d2 g[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		const u32 twop = i == 0 ? 0x7ffffdaU :
				 (i & 1) ? 0x3fffffeU : 0x7fffffeU;

		h[i] = vsub_u32(vadd_u32(f[i], vdup_n_u32(twop)), g[i]);
	}
}

/* (f0 | f1) -> (f1 | f0) */
static __always_inline void fe2_rev(d2 h[10], const d2 f[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		h[i] = vrev64_u32(f[i]);
}

/* lo = (f0 | g0), hi = (f1 | g1) */
static __always_inline void fe2_trn(d2 lo[10], d2 hi[10], const d2 f[10],
				    const d2 g[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		uint32x2x2_t t = vtrn_u32(f[i], g[i]);

		lo[i] = t.val[0];
		if (hi)
			hi[i] = t.val[1];
	}
}

/* swaps the lanes of every limb of x and z iff swap is 1, masked */
static __always_inline void fe2_cswap(d2 x[10], d2 z[10], u32 swap)
{
	const d2 mask = vdup_n_u32(0 - swap);
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++) {
		x[i] = veor_u32(x[i], vand_u32(veor_u32(x[i], vrev64_u32(x[i])),
					       mask));
		z[i] = veor_u32(z[i], vand_u32(veor_u32(z[i], vrev64_u32(z[i])),
					       mask));
	}
}

static __always_inline void fe2_load(d2 h[10], const u32 s[10][2])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		h[i] = vld1_u32(s[i]);
}

static __always_inline void fe2_store(u32 s[10][2], const d2 h[10])
{
	int i;

#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		vst1_u32(s[i], h[i]);
}

void wg_curve25519_arm_neon_ladder(struct wg_curve25519_arm_st *st, int from,
				   int to)
{
	/* eight elements reused through the step: 640 bytes of stack */
	struct {
		d2 x[10], z[10], x1[10], a[10], b[10], c[10], d[10], e[10];
	} l;
	u32 swap = st->swap, bit;
	int t;

	fe2_load(l.x, st->x);
	fe2_load(l.z, st->z);
	fe2_load(l.x1, st->x1);
	for (t = from; t >= to; t--) {
		/* the bit index is public, the bit is not */
		bit = (st->k[t >> 3] >> (t & 7)) & 1;
		fe2_cswap(l.x, l.z, swap ^ bit);
		swap = bit;

		fe2_add(l.a, l.x, l.z);			/* (A | C) */
		fe2_sub(l.b, l.x, l.z);			/* (B | D) */
		fe2_trn(l.a, l.b, l.a, l.b);		/* (A | B), (C | D) */
		fe2_rev(l.c, l.a);			/* (B | A) */
		fe2_sq(l.d, l.a);			/* (AA | BB) */
		fe2_mul(l.a, l.b, l.c);			/* (CB | DA) */
		fe2_rev(l.b, l.a);			/* (DA | CB) */
		fe2_add(l.c, l.b, l.a);			/* (DA + CB | .) */
		fe2_sub(l.a, l.b, l.a);			/* (DA - CB | .) */
		fe2_trn(l.c, NULL, l.c, l.a);
		fe2_sq(l.x, l.c);			/* (X3 | Z3) */
		fe2_rev(l.b, l.d);			/* (BB | AA) */
		fe2_sub(l.e, l.d, l.b);			/* (E | .) */
		fe2_mul_small(l.a, l.e, vdup_n_u32(121665));
		fe2_add(l.a, l.a, l.d);			/* (AA + a24 E | .) */
		fe2_trn(l.c, NULL, l.d, l.e);		/* (AA | E) */
		fe2_trn(l.e, NULL, l.b, l.a);		/* (BB | AA + a24 E) */
		fe2_mul(l.z, l.c, l.e);			/* (x2 | z2) */
		fe2_mul(l.c, l.x, l.x1);		/* (x3 | z3) */
		fe2_trn(l.x, l.z, l.z, l.c);		/* (x2 | x3), (z2 | z3) */
	}
	st->swap = swap;
	fe2_store(st->x, l.x);
	fe2_store(st->z, l.z);
	memzero_explicit(&l, sizeof(l));
}

void wg_curve25519_arm_neon_finish(struct wg_curve25519_arm_st *st)
{
	/* six elements reused along the chain: 480 bytes of stack */
	d2 x[10], z[10], t[10], z11[10], b[10], c[10];
	int i;

	fe2_load(x, st->x);
	fe2_load(z, st->z);
	fe2_cswap(x, z, st->swap);
	st->swap = 0;
	/* z2 in both lanes, then z2^(p - 2) = z2^(2^255 - 21) */
#pragma GCC unroll 10
	for (i = 0; i < 10; i++)
		z[i] = vdup_lane_u32(z[i], 0);
	fe2_sq(b, z);				/* 2 */
	fe2_sqn(t, b, 2);			/* 8 */
	fe2_mul(c, t, z);			/* 9 */
	fe2_mul(z11, c, b);			/* 11 */
	fe2_sq(t, z11);				/* 22 */
	fe2_mul(z, t, c);			/* z: 2^5 - 1 */
	fe2_sqn(t, z, 5);
	fe2_mul(b, t, z);			/* b: 2^10 - 1 */
	fe2_sqn(t, b, 10);
	fe2_mul(c, t, b);			/* c: 2^20 - 1 */
	fe2_sqn(t, c, 20);
	fe2_mul(t, t, c);			/* 2^40 - 1 */
	fe2_sqn(t, t, 10);
	fe2_mul(z, t, b);			/* z: 2^50 - 1 */
	fe2_sqn(t, z, 50);
	fe2_mul(b, t, z);			/* b: 2^100 - 1 */
	fe2_sqn(t, b, 100);
	fe2_mul(t, t, b);			/* 2^200 - 1 */
	fe2_sqn(t, t, 50);
	fe2_mul(t, t, z);			/* 2^250 - 1 */
	fe2_sqn(t, t, 5);			/* 2^255 - 2^5 */
	fe2_mul(t, t, z11);			/* 2^255 - 21 */
	fe2_mul(x, x, t);			/* lane 0: x2 / z2 */
	fe2_store(st->x, x);
	memzero_explicit(z, sizeof(z));
	memzero_explicit(t, sizeof(t));
	memzero_explicit(z11, sizeof(z11));
	memzero_explicit(b, sizeof(b));
	memzero_explicit(c, sizeof(c));
	memzero_explicit(x, sizeof(x));
}
#endif /* __CHECKER__ */
