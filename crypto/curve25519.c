// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * X25519 (RFC 7748), portable C, constant time: a Montgomery ladder over
 * the x-coordinate with a masked conditional swap, a fixed addition chain
 * for the inversion, no branch or memory index depending on a secret.
 *
 * Field elements mod p = 2^255 - 19 in one of two radixes:
 *  - 5 limbs of 51 bits, 64x64->128 products, where the compiler has a
 *    128-bit type (64-bit targets);
 *  - 10 limbs alternating 26 and 25 bits (radix 2^25.5), 32x32->64
 *    products, everywhere else (and when WG_CURVE25519_FORCE_32 is defined,
 *    so tests prove this path on x86_64).
 * Both fold products above 2^255 back with 2^255 = 19 (mod p).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/random.h>
#include <crypto/algapi.h>
#include <wg/compat.h>
#include <wgcrypto/curve25519.h>
#include "internal.h"
#include "curve25519-base-table.h"

#if (defined(CONFIG_ARCH_SUPPORTS_INT128) || defined(__WG_USERSPACE)) && \
	defined(__SIZEOF_INT128__) && !defined(WG_CURVE25519_FORCE_32)
#define WG_CURVE25519_64 1
#endif

#ifdef WG_CURVE25519_64

typedef unsigned __int128 wg_u128;
#define M51 ((u64)0x7ffffffffffffULL)
#define FE_LIMBS 5

typedef u64 fe[FE_LIMBS];

static void fe_frombytes(fe h, const u8 s[32])
{
	u64 w0 = get_unaligned_le64(s), w1 = get_unaligned_le64(s + 8);
	u64 w2 = get_unaligned_le64(s + 16), w3 = get_unaligned_le64(s + 24);

	/* bit 255 is ignored (RFC 7748 section 5) */
	h[0] = w0 & M51;
	h[1] = ((w0 >> 51) | (w1 << 13)) & M51;
	h[2] = ((w1 >> 38) | (w2 << 26)) & M51;
	h[3] = ((w2 >> 25) | (w3 << 39)) & M51;
	h[4] = (w3 >> 12) & M51;
}

static __always_inline void fe_carry(fe h)
{
	u64 c;

	c = h[0] >> 51; h[0] &= M51; h[1] += c;
	c = h[1] >> 51; h[1] &= M51; h[2] += c;
	c = h[2] >> 51; h[2] &= M51; h[3] += c;
	c = h[3] >> 51; h[3] &= M51; h[4] += c;
	c = h[4] >> 51; h[4] &= M51; h[0] += c * 19;
	c = h[0] >> 51; h[0] &= M51; h[1] += c;
}

/* Canonical encoding: fully reduced below p. */
static void fe_tobytes(u8 s[32], const fe f)
{
	u64 h[5], q;
	int i;

	for (i = 0; i < 5; i++)
		h[i] = f[i];
	fe_carry(h);
	fe_carry(h);
	/* q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255 */
	q = (h[0] + 19) >> 51;
	q = (h[1] + q) >> 51;
	q = (h[2] + q) >> 51;
	q = (h[3] + q) >> 51;
	q = (h[4] + q) >> 51;
	h[0] += 19 * q;
	for (i = 0; i < 4; i++) {
		h[i + 1] += h[i] >> 51;
		h[i] &= M51;
	}
	h[4] &= M51;	/* drops the 2^255 that q accounted for */
	put_unaligned_le64(h[0] | (h[1] << 51), s);
	put_unaligned_le64((h[1] >> 13) | (h[2] << 38), s + 8);
	put_unaligned_le64((h[2] >> 26) | (h[3] << 25), s + 16);
	put_unaligned_le64((h[3] >> 39) | (h[4] << 12), s + 24);
}

static __always_inline void fe_add(fe h, const fe f, const fe g)
{
	int i;

	for (i = 0; i < 5; i++)
		h[i] = f[i] + g[i];
}

/*
 * f - g + 4p, so no limb goes negative for g limbs below 2^53; not carried:
 * in the ladder every input is a product (limbs below 2^52), so outputs
 * stay below 2^54, which fe_mul and fe_sq accept.
 */
static __always_inline void fe_sub(fe h, const fe f, const fe g)
{
	h[0] = f[0] + 0x1fffffffffffb4ULL - g[0];
	h[1] = f[1] + 0x1ffffffffffffcULL - g[1];
	h[2] = f[2] + 0x1ffffffffffffcULL - g[2];
	h[3] = f[3] + 0x1ffffffffffffcULL - g[3];
	h[4] = f[4] + 0x1ffffffffffffcULL - g[4];
}

static __always_inline void fe_reduce128(fe h, wg_u128 d0, wg_u128 d1, wg_u128 d2,
					 wg_u128 d3, wg_u128 d4)
{
	u64 c;

	c = (u64)(d0 >> 51); h[0] = (u64)d0 & M51; d1 += c;
	c = (u64)(d1 >> 51); h[1] = (u64)d1 & M51; d2 += c;
	c = (u64)(d2 >> 51); h[2] = (u64)d2 & M51; d3 += c;
	c = (u64)(d3 >> 51); h[3] = (u64)d3 & M51; d4 += c;
	c = (u64)(d4 >> 51); h[4] = (u64)d4 & M51;
	h[0] += c * 19;
	c = h[0] >> 51; h[0] &= M51; h[1] += c;
}

static __always_inline void fe_mul(fe h, const fe f, const fe g)
{
	const u64 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	const u64 g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
	const u64 g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19,
		  g4_19 = g4 * 19;
	wg_u128 d0, d1, d2, d3, d4;

	d0 = (wg_u128)f0 * g0 + (wg_u128)f1 * g4_19 + (wg_u128)f2 * g3_19 +
	     (wg_u128)f3 * g2_19 + (wg_u128)f4 * g1_19;
	d1 = (wg_u128)f0 * g1 + (wg_u128)f1 * g0 + (wg_u128)f2 * g4_19 +
	     (wg_u128)f3 * g3_19 + (wg_u128)f4 * g2_19;
	d2 = (wg_u128)f0 * g2 + (wg_u128)f1 * g1 + (wg_u128)f2 * g0 +
	     (wg_u128)f3 * g4_19 + (wg_u128)f4 * g3_19;
	d3 = (wg_u128)f0 * g3 + (wg_u128)f1 * g2 + (wg_u128)f2 * g1 +
	     (wg_u128)f3 * g0 + (wg_u128)f4 * g4_19;
	d4 = (wg_u128)f0 * g4 + (wg_u128)f1 * g3 + (wg_u128)f2 * g2 +
	     (wg_u128)f3 * g1 + (wg_u128)f4 * g0;
	fe_reduce128(h, d0, d1, d2, d3, d4);
}

static __always_inline void fe_sq(fe h, const fe f)
{
	const u64 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	const u64 f0_2 = f0 * 2, f1_2 = f1 * 2;
	const u64 f3_19 = f3 * 19, f4_19 = f4 * 19;
	wg_u128 d0, d1, d2, d3, d4;

	d0 = (wg_u128)f0 * f0 + (wg_u128)(f1_2) * f4_19 + (wg_u128)(f2 * 2) * f3_19;
	d1 = (wg_u128)f0_2 * f1 + (wg_u128)(f2 * 2) * f4_19 + (wg_u128)f3 * f3_19;
	d2 = (wg_u128)f0_2 * f2 + (wg_u128)f1 * f1 + (wg_u128)(f3 * 2) * f4_19;
	d3 = (wg_u128)f0_2 * f3 + (wg_u128)f1_2 * f2 + (wg_u128)f4 * f4_19;
	d4 = (wg_u128)f0_2 * f4 + (wg_u128)f1_2 * f3 + (wg_u128)f2 * f2;
	fe_reduce128(h, d0, d1, d2, d3, d4);
}

/* h = f * n for a small constant n (121665, 9) */
static void fe_mul_small(fe h, const fe f, u32 n)
{
	fe_reduce128(h, (wg_u128)f[0] * n, (wg_u128)f[1] * n, (wg_u128)f[2] * n,
		     (wg_u128)f[3] * n, (wg_u128)f[4] * n);
}

#define CURVE25519_GENERIC_NAME "generic-64"

#else /* 10 limbs, radix 2^25.5 */

#define FE_LIMBS 10
typedef u32 fe[FE_LIMBS];

/* limb i holds bits [ceil(25.5 i), ceil(25.5 (i + 1))): 26 bits if i even */
static const u8 fe_bits[10] = { 26, 25, 26, 25, 26, 25, 26, 25, 26, 25 };

static void fe_frombytes(fe h, const u8 s[32])
{
	u64 acc = 0;
	int i, have = 0, byte = 0;

	/* bit 255 is ignored (RFC 7748 section 5); public-length loop */
	for (i = 0; i < 10; i++) {
		while (have < fe_bits[i]) {
			acc |= (u64)(byte < 32 ? s[byte] : 0) << have;
			byte++;
			have += 8;
		}
		h[i] = (u32)acc & ((1U << fe_bits[i]) - 1);
		acc >>= fe_bits[i];
		have -= fe_bits[i];
	}
}

#define M26 ((1U << 26) - 1)
#define M25 ((1U << 25) - 1)

/* Products to limbs: 26 bits for even limbs, 25 for odd; 2^255 = 19. */
static __always_inline void fe_carry64(fe h, u64 d[10])
{
	u64 c;
	int i;

	for (i = 0; i < 10; i += 2) {
		c = d[i] >> 26;
		d[i] &= M26;
		d[i + 1] += c;
		c = d[i + 1] >> 25;
		d[i + 1] &= M25;
		if (i < 8)
			d[i + 2] += c;
		else
			d[0] += c * 19;
	}
	c = d[0] >> 26;
	d[0] &= M26;
	d[1] += c;
	for (i = 0; i < 10; i++)
		h[i] = (u32)d[i];
}

/* The same in 32 bits, for sums and differences (limbs below 2^30). */
static __always_inline void fe_carry(fe h)
{
	u32 c;
	int i;

	for (i = 0; i < 10; i += 2) {
		c = h[i] >> 26;
		h[i] &= M26;
		h[i + 1] += c;
		c = h[i + 1] >> 25;
		h[i + 1] &= M25;
		if (i < 8)
			h[i + 2] += c;
		else
			h[0] += c * 19;
	}
	c = h[0] >> 26;
	h[0] &= M26;
	h[1] += c;
}

static void fe_tobytes(u8 s[32], const fe f)
{
	u32 h[10], q;
	u64 acc = 0;
	int i, have = 0, byte = 0;

	for (i = 0; i < 10; i++)
		h[i] = f[i];
	fe_carry(h);
	fe_carry(h);
	/* q = 1 iff h >= p, i.e. iff h + 19 reaches 2^255 */
	q = (h[0] + 19) >> 26;
	for (i = 1; i < 10; i++)
		q = (h[i] + q) >> fe_bits[i];
	h[0] += 19 * q;
	for (i = 0; i < 9; i++) {
		h[i + 1] += h[i] >> fe_bits[i];
		h[i] &= (1U << fe_bits[i]) - 1;
	}
	h[9] &= (1U << 25) - 1;
	for (i = 0; i < 10; i++) {
		acc |= (u64)h[i] << have;
		have += fe_bits[i];
		while (have >= 8) {
			s[byte++] = (u8)acc;
			acc >>= 8;
			have -= 8;
		}
	}
	s[31] = (u8)acc;	/* the last 7 bits */
	memzero_explicit(h, sizeof(h));
}

static __always_inline void fe_add(fe h, const fe f, const fe g)
{
	int i;

	for (i = 0; i < 10; i++)
		h[i] = f[i] + g[i];
	fe_carry(h);
}

/* f - g + 4p, carried: limbs stay well inside 32 bits for reduced inputs */
static __always_inline void fe_sub(fe h, const fe f, const fe g)
{
	int i;

	for (i = 0; i < 10; i++)
		h[i] = f[i] - g[i] + ((i & 1) ? 0x7fffffcU :
				      (i ? 0xffffffcU : 0xfffffb4U));
	fe_carry(h);
}

/*
 * f_i g_j lands at bit ceil(25.5 i) + ceil(25.5 j): one above limb i + j's
 * start when both are odd, hence the doubled f_odd; past limb 9 it wraps
 * with a factor 19. Unrolled (generated from that rule) so 32-bit compilers
 * keep the 100 multiply-accumulates in registers.
 */
static void fe_mul(fe h, const fe f, const fe g)
{
	const u32 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4],
		  f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
	const u32 g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4],
		  g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
	const u32 f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7,
		  f9_2 = 2 * f9;
	const u32 g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3,
		  g4_19 = 19 * g4, g5_19 = 19 * g5, g6_19 = 19 * g6,
		  g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
	u64 d[10];

	d[0] = (u64)f0 * g0 + (u64)f1_2 * g9_19 + (u64)f2 * g8_19 +
	       (u64)f3_2 * g7_19 + (u64)f4 * g6_19 + (u64)f5_2 * g5_19 +
	       (u64)f6 * g4_19 + (u64)f7_2 * g3_19 + (u64)f8 * g2_19 +
	       (u64)f9_2 * g1_19;
	d[1] = (u64)f0 * g1 + (u64)f1 * g0 + (u64)f2 * g9_19 + (u64)f3 * g8_19 +
	       (u64)f4 * g7_19 + (u64)f5 * g6_19 + (u64)f6 * g5_19 +
	       (u64)f7 * g4_19 + (u64)f8 * g3_19 + (u64)f9 * g2_19;
	d[2] = (u64)f0 * g2 + (u64)f1_2 * g1 + (u64)f2 * g0 + (u64)f3_2 * g9_19 +
	       (u64)f4 * g8_19 + (u64)f5_2 * g7_19 + (u64)f6 * g6_19 +
	       (u64)f7_2 * g5_19 + (u64)f8 * g4_19 + (u64)f9_2 * g3_19;
	d[3] = (u64)f0 * g3 + (u64)f1 * g2 + (u64)f2 * g1 + (u64)f3 * g0 +
	       (u64)f4 * g9_19 + (u64)f5 * g8_19 + (u64)f6 * g7_19 +
	       (u64)f7 * g6_19 + (u64)f8 * g5_19 + (u64)f9 * g4_19;
	d[4] = (u64)f0 * g4 + (u64)f1_2 * g3 + (u64)f2 * g2 + (u64)f3_2 * g1 +
	       (u64)f4 * g0 + (u64)f5_2 * g9_19 + (u64)f6 * g8_19 +
	       (u64)f7_2 * g7_19 + (u64)f8 * g6_19 + (u64)f9_2 * g5_19;
	d[5] = (u64)f0 * g5 + (u64)f1 * g4 + (u64)f2 * g3 + (u64)f3 * g2 +
	       (u64)f4 * g1 + (u64)f5 * g0 + (u64)f6 * g9_19 + (u64)f7 * g8_19 +
	       (u64)f8 * g7_19 + (u64)f9 * g6_19;
	d[6] = (u64)f0 * g6 + (u64)f1_2 * g5 + (u64)f2 * g4 + (u64)f3_2 * g3 +
	       (u64)f4 * g2 + (u64)f5_2 * g1 + (u64)f6 * g0 + (u64)f7_2 * g9_19 +
	       (u64)f8 * g8_19 + (u64)f9_2 * g7_19;
	d[7] = (u64)f0 * g7 + (u64)f1 * g6 + (u64)f2 * g5 + (u64)f3 * g4 +
	       (u64)f4 * g3 + (u64)f5 * g2 + (u64)f6 * g1 + (u64)f7 * g0 +
	       (u64)f8 * g9_19 + (u64)f9 * g8_19;
	d[8] = (u64)f0 * g8 + (u64)f1_2 * g7 + (u64)f2 * g6 + (u64)f3_2 * g5 +
	       (u64)f4 * g4 + (u64)f5_2 * g3 + (u64)f6 * g2 + (u64)f7_2 * g1 +
	       (u64)f8 * g0 + (u64)f9_2 * g9_19;
	d[9] = (u64)f0 * g9 + (u64)f1 * g8 + (u64)f2 * g7 + (u64)f3 * g6 +
	       (u64)f4 * g5 + (u64)f5 * g4 + (u64)f6 * g3 + (u64)f7 * g2 +
	       (u64)f8 * g1 + (u64)f9 * g0;
	fe_carry64(h, d);
}

static void fe_sq(fe h, const fe f)
{
	const u32 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4],
		  f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
	const u32 f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3,
		  f4_2 = 2 * f4, f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7,
		  f8_2 = 2 * f8, f1_4 = 4 * f1, f3_4 = 4 * f3, f5_4 = 4 * f5,
		  f7_4 = 4 * f7, f6_19 = 19 * f6, f7_19 = 19 * f7,
		  f8_19 = 19 * f8, f9_19 = 19 * f9, f5_38 = 38 * f5,
		  f7_38 = 38 * f7, f9_38 = 38 * f9;
	u64 d[10];

	d[0] = (u64)f0 * f0 + (u64)f1_4 * f9_19 + (u64)f2_2 * f8_19 +
	       (u64)f3_4 * f7_19 + (u64)f4_2 * f6_19 + (u64)f5 * f5_38;
	d[1] = (u64)f0_2 * f1 + (u64)f2_2 * f9_19 + (u64)f3_2 * f8_19 +
	       (u64)f4_2 * f7_19 + (u64)f5_2 * f6_19;
	d[2] = (u64)f0_2 * f2 + (u64)f1 * f1_2 + (u64)f3_4 * f9_19 +
	       (u64)f4_2 * f8_19 + (u64)f5_4 * f7_19 + (u64)f6 * f6_19;
	d[3] = (u64)f0_2 * f3 + (u64)f1_2 * f2 + (u64)f4_2 * f9_19 +
	       (u64)f5_2 * f8_19 + (u64)f6_2 * f7_19;
	d[4] = (u64)f0_2 * f4 + (u64)f1_4 * f3 + (u64)f2 * f2 +
	       (u64)f5_4 * f9_19 + (u64)f6_2 * f8_19 + (u64)f7 * f7_38;
	d[5] = (u64)f0_2 * f5 + (u64)f1_2 * f4 + (u64)f2_2 * f3 +
	       (u64)f6_2 * f9_19 + (u64)f7_2 * f8_19;
	d[6] = (u64)f0_2 * f6 + (u64)f1_4 * f5 + (u64)f2_2 * f4 + (u64)f3 * f3_2 +
	       (u64)f7_4 * f9_19 + (u64)f8 * f8_19;
	d[7] = (u64)f0_2 * f7 + (u64)f1_2 * f6 + (u64)f2_2 * f5 + (u64)f3_2 * f4 +
	       (u64)f8_2 * f9_19;
	d[8] = (u64)f0_2 * f8 + (u64)f1_4 * f7 + (u64)f2_2 * f6 + (u64)f3_4 * f5 +
	       (u64)f4 * f4 + (u64)f9 * f9_38;
	d[9] = (u64)f0_2 * f9 + (u64)f1_2 * f8 + (u64)f2_2 * f7 + (u64)f3_2 * f6 +
	       (u64)f4_2 * f5;
	fe_carry64(h, d);
}


static void fe_mul_small(fe h, const fe f, u32 n)
{
	u64 d[10];
	int i;

	for (i = 0; i < 10; i++)
		d[i] = (u64)f[i] * n;
	fe_carry64(h, d);
}

#define CURVE25519_GENERIC_NAME "generic-32"

#endif

static void fe_0(fe h)
{
	memset(h, 0, sizeof(fe));
}

static void fe_1(fe h)
{
	memset(h, 0, sizeof(fe));
	h[0] = 1;
}

static void fe_copy(fe h, const fe f)
{
	memcpy(h, f, sizeof(fe));
}

/* Swaps f and g iff b is 1, without a branch. */
static __always_inline void fe_cswap(fe f, fe g, unsigned int b)
{
	__typeof__(f[0]) mask = 0 - (__typeof__(f[0]))b, x;
	int i;

	for (i = 0; i < FE_LIMBS; i++) {
		x = (f[i] ^ g[i]) & mask;
		f[i] ^= x;
		g[i] ^= x;
	}
}

static void fe_sqn(fe h, const fe f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

/* z^(p - 2) = z^(2^255 - 21): an addition chain of 254 squarings, 11 muls. */
static noinline void fe_invert(fe out, const fe z)
{
	fe z2, z9, z11, z5_0, z10_0, z20_0, z50_0, z100_0, t;

	fe_sq(z2, z);			/* 2 */
	fe_sqn(t, z2, 2);		/* 8 */
	fe_mul(z9, t, z);		/* 9 */
	fe_mul(z11, z9, z2);		/* 11 */
	fe_sq(t, z11);			/* 22 */
	fe_mul(z5_0, t, z9);		/* 2^5 - 1 */
	fe_sqn(t, z5_0, 5);
	fe_mul(z10_0, t, z5_0);		/* 2^10 - 1 */
	fe_sqn(t, z10_0, 10);
	fe_mul(z20_0, t, z10_0);	/* 2^20 - 1 */
	fe_sqn(t, z20_0, 20);
	fe_mul(t, t, z20_0);		/* 2^40 - 1 */
	fe_sqn(t, t, 10);
	fe_mul(z50_0, t, z10_0);	/* 2^50 - 1 */
	fe_sqn(t, z50_0, 50);
	fe_mul(z100_0, t, z50_0);	/* 2^100 - 1 */
	fe_sqn(t, z100_0, 100);
	fe_mul(t, t, z100_0);		/* 2^200 - 1 */
	fe_sqn(t, t, 50);
	fe_mul(t, t, z50_0);		/* 2^250 - 1 */
	fe_sqn(t, t, 5);		/* 2^255 - 2^5 */
	fe_mul(out, t, z11);		/* 2^255 - 21 */

	memzero_explicit(z2, sizeof(fe));
	memzero_explicit(z9, sizeof(fe));
	memzero_explicit(z11, sizeof(fe));
	memzero_explicit(z5_0, sizeof(fe));
	memzero_explicit(z10_0, sizeof(fe));
	memzero_explicit(z20_0, sizeof(fe));
	memzero_explicit(z50_0, sizeof(fe));
	memzero_explicit(z100_0, sizeof(fe));
	memzero_explicit(t, sizeof(fe));
}

struct ladder {
	fe x1, x2, z2, x3, z3, a, b, c, d, e, aa, bb, da, cb;
	u8 k[32];
};

/* RFC 7748 section 5 ladder */
static void ladder(u8 out[32], const u8 scalar[32], const u8 point[32])
{
	struct ladder l;
	unsigned int swap = 0, bit;
	int t;

	memcpy(l.k, scalar, 32);
	wg_curve25519_clamp_secret(l.k);
	fe_frombytes(l.x1, point);
	fe_1(l.x2);
	fe_0(l.z2);
	fe_copy(l.x3, l.x1);
	fe_1(l.z3);

	for (t = 254; t >= 0; t--) {
		bit = (l.k[t >> 3] >> (t & 7)) & 1;
		swap ^= bit;
		fe_cswap(l.x2, l.x3, swap);
		fe_cswap(l.z2, l.z3, swap);
		swap = bit;

		fe_add(l.a, l.x2, l.z2);
		fe_sq(l.aa, l.a);
		fe_sub(l.b, l.x2, l.z2);
		fe_sq(l.bb, l.b);
		fe_sub(l.e, l.aa, l.bb);
		fe_add(l.c, l.x3, l.z3);
		fe_sub(l.d, l.x3, l.z3);
		fe_mul(l.da, l.d, l.a);
		fe_mul(l.cb, l.c, l.b);
		fe_add(l.x3, l.da, l.cb);
		fe_sq(l.x3, l.x3);
		fe_sub(l.z3, l.da, l.cb);
		fe_sq(l.z3, l.z3);
		fe_mul(l.z3, l.z3, l.x1);
		fe_mul(l.x2, l.aa, l.bb);
		/* z2 = E * (AA + a24 * E), a24 = 121665 */
		fe_mul_small(l.a, l.e, 121665);
		fe_add(l.a, l.a, l.aa);
		fe_mul(l.z2, l.e, l.a);
	}
	fe_cswap(l.x2, l.x3, swap);
	fe_cswap(l.z2, l.z3, swap);

	fe_invert(l.z2, l.z2);
	fe_mul(l.x2, l.x2, l.z2);
	fe_tobytes(out, l.x2);
	memzero_explicit(&l, sizeof(l));
}

static void curve25519_generic(u8 out[32], const u8 scalar[32],
			       const u8 point[32])
{
	ladder(out, scalar, point);
}

/*
 * The fixed-base path, k * B on edwards25519 (edwards25519-base.h), on these
 * limbs. Its sums and differences are carried at once: the 64-bit fe_sub
 * wants its subtrahend's limbs below 2^53 and fe_mul its inputs' below 2^54,
 * which the group law's chains of them would exceed.
 */
typedef fe ge_fe;

static __always_inline void ge_fe_add(fe h, const fe f, const fe g)
{
	fe_add(h, f, g);
	fe_carry(h);
}

static __always_inline void ge_fe_sub(fe h, const fe f, const fe g)
{
	fe_sub(h, f, g);
	fe_carry(h);
}

/* The table holds 64-bit limbs: back to bytes, then to these limbs. */
static void ge_fe_from_table(fe h, const u64 w[4])
{
	u8 bytes[32];
	int i;

	for (i = 0; i < 4; i++)
		put_unaligned_le64(w[i], bytes + 8 * i);
	/* (the entries are below p, so fe_frombytes drops no bit 255) */
	fe_frombytes(h, bytes);
	memzero_explicit(bytes, sizeof(bytes));
}

#include "edwards25519-base.h"

static bool curve25519_generic_usable(void)
{
	return true;
}

const struct wg_curve25519_impl wg_curve25519_generic_impl = {
	.name = CURVE25519_GENERIC_NAME,
	.usable = curve25519_generic_usable,
	.scalarmult = curve25519_generic,
	.scalarmult_base = x25519_base_edwards,
};

void wg_curve25519_clamp_secret(u8 secret[WG_CURVE25519_KEY_SIZE])
{
	secret[0] &= 248;
	secret[31] = (secret[31] & 127) | 64;
}

void wg_curve25519_generate_secret(u8 secret[WG_CURVE25519_KEY_SIZE])
{
	get_random_bytes(secret, WG_CURVE25519_KEY_SIZE);
	wg_curve25519_clamp_secret(secret);
}

static const u8 zero32[WG_CURVE25519_KEY_SIZE];

bool wg_curve25519(u8 out[WG_CURVE25519_KEY_SIZE],
		   const u8 secret[WG_CURVE25519_KEY_SIZE],
		   const u8 basepoint[WG_CURVE25519_KEY_SIZE])
{
	READ_ONCE(wg_curve25519_cur)->scalarmult(out, secret, basepoint);
	/* all zeros: a low-order point, the DH result carries no secret */
	return crypto_memneq(out, zero32, WG_CURVE25519_KEY_SIZE);
}

bool wg_curve25519_generate_public(u8 pub[WG_CURVE25519_KEY_SIZE],
				   const u8 secret[WG_CURVE25519_KEY_SIZE])
{
	/*
	 * An all-zero secret is refused (an unset key, not a chosen one); the
	 * check is folded in without a branch on the secret.
	 */
	READ_ONCE(wg_curve25519_cur)->scalarmult_base(pub, secret);
	return (crypto_memneq(secret, zero32, WG_CURVE25519_KEY_SIZE) != 0) &
	       (crypto_memneq(pub, zero32, WG_CURVE25519_KEY_SIZE) != 0);
}
