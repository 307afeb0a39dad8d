// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305 blocks on arm64 general registers: the radix 2^64 arithmetic of
 * ../poly1305-radix64.h (h = h0 + h1 2^64 + h2 2^128, the clamp making
 * h1 r1 2^128 = h1 s1 mod p), with the carries scheduled by hand. GCC
 * builds the portable loop's 128-bit sums from cset/cinc chains; here every
 * sum is an adds/adc pair, which llvm-mca puts at 39-40 cycles a block on
 * Cortex-A53/A55 against 46, and 20 on A72 against 27 (crypto/README).
 *
 * The loop is rotated: it keeps g = h + m (the next block already added)
 * and computes g = g r + m' per block, so the message addition rides along
 * with the fold's carries instead of adding three more dependent steps
 * between one block's fold and the next block's products; the last block's
 * product has no message after it. The four sums of the products are
 * ordered so the short h2 products, whose input is ready last, enter last.
 *
 * General registers only: no kernel_neon_begin/end, any context. Constant
 * time: no branch or address depends on key or message.
 */
#include "arm64.h"

/*
 * One product g r with the partial sums in place: d0 (lo, hi) = g0 r0 +
 * g1 s1; d1 (lo) and top: d1 + d0 hi + g2 s1 + g2 r0 2^64, where top is the
 * 2^128 coefficient (a few more bits than 2).
 */
#define POLY1305_ARM64_PRODUCT						\
	"mul	%[p0], %[g0], %[r0]\n\t"				\
	"umulh	%[p1], %[g0], %[r0]\n\t"				\
	"mul	%[p4], %[g0], %[r1]\n\t"				\
	"umulh	%[p5], %[g0], %[r1]\n\t"				\
	"mul	%[p2], %[g1], %[s1]\n\t"				\
	"umulh	%[p3], %[g1], %[s1]\n\t"				\
	"mul	%[p6], %[g1], %[r0]\n\t"				\
	"umulh	%[p7], %[g1], %[r0]\n\t"				\
	"mul	%[p8], %[g2], %[s1]\n\t"				\
	"mul	%[p9], %[g2], %[r0]\n\t"				\
	/* d0 = g0 r0 + g1 s1 */					\
	"adds	%[p0], %[p0], %[p2]\n\t"				\
	"adc	%[p1], %[p1], %[p3]\n\t"				\
	/* d1 = g0 r1 + g1 r0 + d0 hi + g2 s1, top += g2 r0 */		\
	"adds	%[p4], %[p4], %[p6]\n\t"				\
	"adc	%[p5], %[p5], %[p7]\n\t"				\
	"adds	%[p4], %[p4], %[p1]\n\t"				\
	"cinc	%[p5], %[p5], hs\n\t"					\
	"adds	%[p4], %[p4], %[p8]\n\t"				\
	"adc	%[p5], %[p5], %[p9]\n\t"

/*
 * g = (p0, p4, g2) + 5 (top >> 2), top = p5, g2 = top & 3 plus any carry
 * already in: 2^130 = 5 mod p, and 5 (top >> 2) = (top & ~3) + (top >> 2).
 * Split in two so the loop can put its message addition in between
 * (the first half sets no flags). g2 ends below 8.
 */
#define POLY1305_ARM64_FOLD_TOP						\
	"and	%[p2], %[p5], #-4\n\t"					\
	"and	%[g2], %[p5], #3\n\t"
#define POLY1305_ARM64_FOLD_ADD						\
	"add	%[p2], %[p2], %[p5], lsr #2\n\t"			\
	"adds	%[g0], %[p0], %[p2]\n\t"				\
	"adcs	%[g1], %[p4], xzr\n\t"					\
	"adc	%[g2], %[g2], xzr\n\t"

void wg_poly1305_arm64_blocks(struct wg_poly1305_state *state, const u8 *in,
			      size_t nblocks, u32 hibit)
{
	struct wg_poly1305_st64 *st = (struct wg_poly1305_st64 *)state;
	u64 g0 = st->h0, g1 = st->h1, g2 = st->h2, pad = hibit;
	u64 p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, m0, m1;

	if (!nblocks)
		return;
	asm volatile(
		/* g = h + m_0 */
		"ldp	%[m0], %[m1], [%[in]], #16\n\t"
		"adds	%[g0], %[g0], %[m0]\n\t"
		"adcs	%[g1], %[g1], %[m1]\n\t"
		"adc	%[g2], %[g2], %[pad]\n\t"
		"sub	%[n], %[n], #1\n\t"
		"cbz	%[n], 2f\n"
		/*
		 * g = g r + m_i: m loaded first (an in-order core issues the
		 * load beside the products), the sums, m added, then folded
		 */
		"1:\n\t"
		"ldp	%[m0], %[m1], [%[in]], #16\n\t"
		POLY1305_ARM64_PRODUCT
		"adds	%[p0], %[p0], %[m0]\n\t"
		"adcs	%[p4], %[p4], %[m1]\n\t"
		POLY1305_ARM64_FOLD_TOP
		"adc	%[g2], %[g2], %[pad]\n\t"
		POLY1305_ARM64_FOLD_ADD
		"sub	%[n], %[n], #1\n\t"
		"cbnz	%[n], 1b\n"
		/* the last block: h = g r */
		"2:\n\t"
		POLY1305_ARM64_PRODUCT
		POLY1305_ARM64_FOLD_TOP
		POLY1305_ARM64_FOLD_ADD
		: [g0] "+&r" (g0), [g1] "+&r" (g1), [g2] "+&r" (g2),
		  [in] "+&r" (in), [n] "+&r" (nblocks),
		  [p0] "=&r" (p0), [p1] "=&r" (p1), [p2] "=&r" (p2),
		  [p3] "=&r" (p3), [p4] "=&r" (p4), [p5] "=&r" (p5),
		  [p6] "=&r" (p6), [p7] "=&r" (p7), [p8] "=&r" (p8),
		  [p9] "=&r" (p9), [m0] "=&r" (m0), [m1] "=&r" (m1)
		: [r0] "r" (st->r0), [r1] "r" (st->r1), [s1] "r" (st->s1),
		  [pad] "r" (pad)
		: "cc", "memory");
	st->h0 = g0;
	st->h1 = g1;
	st->h2 = g2;
}
