/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Poly1305 arithmetic in radix 2^64 (struct wg_poly1305_st64): h = h0 +
 * h1 2^64 + h2 2^128 with h2 a few bits, r = r0 + r1 2^64. One copy for the
 * generic 64-bit path (poly1305.c) and for the vector paths that keep their
 * running h in that layout and work in 26-bit limbs (x86/poly1305-avx2.c,
 * arm64/poly1305-neon.c): the products, the folds, the final reduction and
 * the conversions to and from five 26-bit limbs.
 *
 * The clamp leaves r1 a multiple of 4, so h1 r1 2^128 = h1 (r1 / 4) 2^130
 * = h1 s1 with s1 = 5 r1 / 4 = r1 + (r1 >> 2) (mod p = 2^130 - 5): four
 * 64x64->128 products per multiplication. Needs a 128-bit integer type.
 * No branch or index depends on the values.
 */
#ifndef WG_CRYPTO_POLY1305_RADIX64_H
#define WG_CRYPTO_POLY1305_RADIX64_H

#include "internal.h"

typedef unsigned __int128 wg_u128;

#define WG_POLY1305_M26 0x3ffffffULL

/*
 * The two steps of a block, as macros on the caller's own variables: the
 * generic path's block loop ran 10-20% slower when they were inline
 * functions on an array (gcc 12, x86_64).
 */

/* h *= r (mod p), partially reduced: h2 ends at most a few bits. */
#define WG_POLY1305_R64_MUL(h0, h1, h2, r0, r1, s1) do {		\
	wg_u128 d0_, d1_;						\
									\
	d0_ = (wg_u128)(h0) * (r0) + (wg_u128)(h1) * (s1);		\
	d1_ = (wg_u128)(h0) * (r1) + (wg_u128)(h1) * (r0) +		\
	      (wg_u128)(h2) * (s1);					\
	(h2) *= (r0);	/* h2 < 8, r0 < 2^60: no overflow */		\
	(h0) = (u64)d0_;						\
	d1_ += (u64)(d0_ >> 64);					\
	(h1) = (u64)d1_;						\
	(h2) += (u64)(d1_ >> 64);					\
} while (0)

/* Folds the bits from 2^130 up back in (2^130 = 5 mod p): h2 < 5. */
#define WG_POLY1305_R64_FOLD(h0, h1, h2) do {				\
	u64 c_ = ((h2) >> 2) + ((h2) & ~3ULL);				\
	wg_u128 t_;							\
									\
	(h2) &= 3;							\
	t_ = (wg_u128)(h0) + c_;					\
	(h0) = (u64)t_;							\
	t_ = (wg_u128)(h1) + (u64)(t_ >> 64);				\
	(h1) = (u64)t_;							\
	(h2) += (u64)(t_ >> 64);					\
} while (0)

/*
 * h < 2^130 + 5 (after a fold) to h mod p: g = h + 5 reaches 2^130 exactly
 * when h >= p, and then h - p = g - 2^130. Selected with a mask.
 */
static __always_inline void wg_poly1305_r64_reduce(u64 h[3])
{
	u64 g0, g1, g2, mask;
	wg_u128 t;

	t = (wg_u128)h[0] + 5;
	g0 = (u64)t;
	t = (wg_u128)h[1] + (u64)(t >> 64);
	g1 = (u64)t;
	g2 = h[2] + (u64)(t >> 64);
	mask = 0 - (g2 >> 2);	/* all ones iff h >= p */
	h[0] = (h[0] & ~mask) | (g0 & mask);
	h[1] = (h[1] & ~mask) | (g1 & mask);
	h[2] = (h[2] & ~mask) | ((g2 & 3) & mask);
}

/* a = a r (mod p), fully reduced: the key powers of the vector paths. */
static inline void wg_poly1305_r64_mul_reduce(u64 a[3], const struct wg_poly1305_st64 *g)
{
	WG_POLY1305_R64_MUL(a[0], a[1], a[2], g->r0, g->r1, g->s1);
	WG_POLY1305_R64_FOLD(a[0], a[1], a[2]);
	wg_poly1305_r64_reduce(a);
}

/* a (below 2^130 + a little) as five 26-bit limbs, the top one wider. */
static inline void wg_poly1305_r64_to_26(u32 l[5], u64 a0, u64 a1, u64 a2)
{
	l[0] = (u32)(a0 & WG_POLY1305_M26);
	l[1] = (u32)((a0 >> 26) & WG_POLY1305_M26);
	l[2] = (u32)(((a0 >> 52) | (a1 << 12)) & WG_POLY1305_M26);
	l[3] = (u32)((a1 >> 14) & WG_POLY1305_M26);
	l[4] = (u32)((a1 >> 40) | (a2 << 24));
}

/*
 * Five 26-bit limb sums (the lanes of a vector path added up, each below
 * 2^64) carried and folded into the radix 2^64 state: h < 2^130 + a little,
 * as the generic path leaves it.
 */
static inline void wg_poly1305_r64_from_26(struct wg_poly1305_st64 *st, u64 t[5])
{
	wg_u128 acc;
	int k;

	for (k = 0; k < 4; k++) {
		t[k + 1] += t[k] >> 26;
		t[k] &= WG_POLY1305_M26;
	}
	t[0] += (t[4] >> 26) * 5;
	t[4] &= WG_POLY1305_M26;
	t[1] += t[0] >> 26;
	t[0] &= WG_POLY1305_M26;
	acc = (wg_u128)t[0] + ((wg_u128)t[1] << 26) + ((wg_u128)t[2] << 52) +
	      ((wg_u128)t[3] << 78);
	st->h0 = (u64)acc;
	acc = (acc >> 64) + ((wg_u128)t[4] << 40);
	st->h1 = (u64)acc;
	st->h2 = (u64)(acc >> 64);
}

#endif /* WG_CRYPTO_POLY1305_RADIX64_H */
