/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The NEON Poly1305 block loop for ARMv7-A (poly1305-neon.c has the key
 * powers, the last step and the way back to the generic state), written
 * from RFC 8439 and the algorithm: radix 2^26, four blocks a step, each
 * lane times r^4, 32x32->64 products with vmull/vmlal by scalar.
 *
 * h holds five Q registers H0..H4, limb k of four accumulators: the low D
 * half (set A) takes blocks 4i and 4i + 1, the high half (set B) blocks
 * 4i + 2 and 4i + 3; vld4.32 of 32 bytes puts word w of two blocks in one
 * D register, so a set's message comes transposed with its load.
 *
 * Why two sets a step apart by half: ARMv7 NEON multiplies two lanes an
 * instruction, so a step is 50 of them (the Cortex-A9 model issues one
 * every two cycles, the A57 one every cycle on one pipe), and the carry
 * after them is a chain of about ten dependent operations (30 cycles and
 * more). Set A's products run while set B's carry, mask and next message
 * fill the slots between them, then the other way round, so the multiply
 * pipe never waits for a carry chain and every other operation hides in
 * the multiplies' shadow.
 *
 * The carry of a set, from its products y0..y4 (64-bit, two lanes each):
 * y3 -> y4 -> y0 (c4 times 5, one vmlal by the scalar 5) -> y1 -> y2 in
 * 64 bits (vsra: shift right and accumulate), every limb narrowed to 32
 * bits unmasked (vmovn) into the set's half of H, then masked there, and
 * c2 = y2 >> 26 through h3 into h4 in 32 bits. Limbs leave a step below
 * 2^26 (h4 below 2^26 + 2^6), enter the products below 2^27 with the
 * message added, so every y stays below 2^58 and c4, c2 fit in 32 bits.
 *
 * Registers: d0-d4 the key { r0, r1 | r2, r3 | r4, 5r1 | 5r2, 5r3 |
 * 5r4, 5 } of r^4 (a scalar operand of a 32-bit vmlal must be in d0-d15),
 * d5 the pad bit (hibit << 24) in both lanes, q3-q7 H0-H4, q8/q9 the
 * message words and the c4/c2 temporaries, q10 q12 q13 q14 the products
 * y3 y0 y1 y2 of either set, q11 and q15 y4 of set A and of set B.
 *
 * Constant time: no branch or address depends on key or message.
 */
#ifdef __WG_USERSPACE
#define SYM_FUNC_START(name)	.globl name; .type name, %function; .balign 16; name:
#define SYM_FUNC_END(name)	.size name, . - name
#else
#include <linux/linkage.h>
#endif
/*
 * Unwind table entries (ARM EHABI) where the kernel walks stacks with
 * them (CONFIG_ARM_UNWIND): without, a stack trace through this function
 * (an interrupt, perf) stops with "unwind: Index not found".
 */
#if defined(__WG_USERSPACE) || defined(CONFIG_ARM_UNWIND)
#define WG_UNWIND(x...)		x
#else
#define WG_UNWIND(x...)
#endif

	.syntax	unified
	.fpu	neon
	.text
#ifdef __WG_USERSPACE
	/* no executable stack for the test programs */
	.section .note.GNU-stack, "", %progbits
	.text
#endif

/* The first part of set Y's carry: y3 -> y4, c4 (d16) out, y4 narrowed. */
.macro	carry_a	y4, h3, h4
	vsra.u64	\y4, q10, #26		/* y4 += y3 >> 26 */
	vmovn.i64	\h3, q10
	vshrn.i64	d16, \y4, #26		/* c4 */
	vmovn.i64	\h4, \y4
.endm

/*
 * Set Y's message: the next two blocks into its half of H, limbs split on
 * the way (word w of the block holds bits 32 w .. 32 w + 31): the top of
 * each word goes to the next limb by vsra, the rest by a shift up that
 * drops the bits above the limb and a vsra down.
 */
.macro	msg	h0, h1, h2, h3, h4
	vld4.32		{d16-d19}, [r1]!
	vsra.u32	\h1, d16, #26
	vsra.u32	\h2, d17, #20
	vsra.u32	\h3, d18, #14
	vsra.u32	\h4, d19, #8
	vshl.i32	d16, d16, #6
	vshl.i32	d17, d17, #12
	vshl.i32	d18, d18, #18
	vshl.i32	d19, d19, #24
	vsra.u32	\h0, d16, #6
	vsra.u32	\h1, d17, #6
	vsra.u32	\h2, d18, #6
	vsra.u32	\h3, d19, #6
	vadd.i32	\h4, \h4, d5		/* the 2^128 pad bit */
.endm

/*
 * Half a step: set X's products, from its half of H (hx0..hx4) into q10
 * (y3), \x4 (y4), q12 q13 q14 (y0 y1 y2), with set Y's carry (its
 * products in q10, \y4, q12 q13 q14 from the last half) and, if \m, its
 * next message in between. Program order lets each of X's products
 * overwrite a register only after Y's carry has read it. Row k is
 * sum_j h_j key_(k - j), key_(-n) = 5 r_(5 - n).
 */
.macro	half	m, x4, y4, hx0, hx1, hx2, hx3, hx4, hy0, hy1, hy2, hy3, hy4
	carry_a		\y4, \hy3, \hy4
	vmull.u32	q10, \hx0, d1[1]	/* y3: h0 r3 */
	vmull.u32	\x4, \hx0, d2[0]	/* y4: h0 r4 */
	vmlal.u32	q12, d16, d4[1]		/* Y: y0 += 5 c4 */
	vmlal.u32	q10, \hx1, d1[0]	/* h1 r2 */
	vmlal.u32	\x4, \hx1, d1[1]	/* h1 r3 */
	vsra.u64	q13, q12, #26		/* Y: y1 += y0 >> 26 */
	vmlal.u32	q10, \hx2, d0[1]	/* h2 r1 */
	vmovn.i64	\hy0, q12
	vmlal.u32	\x4, \hx2, d1[0]	/* h2 r2 */
	vsra.u64	q14, q13, #26		/* Y: y2 += y1 >> 26 */
	vmlal.u32	q10, \hx3, d0[0]	/* h3 r0 */
	vmovn.i64	\hy1, q13
	vmlal.u32	\x4, \hx3, d0[1]	/* h3 r1 */
	vshrn.i64	d17, q14, #26		/* Y: c2 */
	vmlal.u32	q10, \hx4, d4[0]	/* h4 5r4 */
	vmovn.i64	\hy2, q14
	vmlal.u32	\x4, \hx4, d0[0]	/* h4 r0 */

	vmull.u32	q12, \hx0, d0[0]	/* y0: h0 r0 */
	vbic.i32	\hy0, #0xfc000000	/* Y: the 32-bit part */
	vmull.u32	q13, \hx0, d0[1]	/* y1: h0 r1 */
	vbic.i32	\hy1, #0xfc000000
	vmull.u32	q14, \hx0, d1[0]	/* y2: h0 r2 */
	vbic.i32	\hy2, #0xfc000000
	vmlal.u32	q12, \hx1, d4[0]	/* h1 5r4 */
	vbic.i32	\hy3, #0xfc000000
	vmlal.u32	q13, \hx1, d0[0]	/* h1 r0 */
	vbic.i32	\hy4, #0xfc000000
	vmlal.u32	q14, \hx1, d0[1]	/* h1 r1 */
	vadd.i32	\hy3, \hy3, d17		/* Y: h3 += c2 */
	vmlal.u32	q12, \hx2, d3[1]	/* h2 5r3 */
	vsra.u32	\hy4, \hy3, #26
	vmlal.u32	q13, \hx2, d4[0]	/* h2 5r4 */
	vbic.i32	\hy3, #0xfc000000
	vmlal.u32	q14, \hx2, d0[0]	/* h2 r0 */
	.if \m
	vld4.32		{d16-d19}, [r1]!	/* Y's next two blocks */
	.endif
	vmlal.u32	q12, \hx3, d3[0]	/* h3 5r2 */
	.if \m
	vsra.u32	\hy1, d16, #26
	.endif
	vmlal.u32	q13, \hx3, d3[1]	/* h3 5r3 */
	.if \m
	vsra.u32	\hy2, d17, #20
	.endif
	vmlal.u32	q14, \hx3, d4[0]	/* h3 5r4 */
	.if \m
	vsra.u32	\hy3, d18, #14
	.endif
	vmlal.u32	q12, \hx4, d2[1]	/* h4 5r1 */
	.if \m
	vsra.u32	\hy4, d19, #8
	.endif
	vmlal.u32	q13, \hx4, d3[0]	/* h4 5r2 */
	.if \m
	vshl.i32	d16, d16, #6
	.endif
	vmlal.u32	q14, \hx4, d3[1]	/* h4 5r3 */
	.if \m
	vshl.i32	d17, d17, #12
	vshl.i32	d18, d18, #18
	vshl.i32	d19, d19, #24
	vsra.u32	\hy0, d16, #6
	vsra.u32	\hy1, d17, #6
	vsra.u32	\hy2, d18, #6
	vsra.u32	\hy3, d19, #6
	vadd.i32	\hy4, \hy4, d5		/* the 2^128 pad bit */
	.endif
.endm

#define HA	d6, d8, d10, d12, d14
#define HB	d7, d9, d11, d13, d15

/*
 * void wg_poly1305_arm_neon_x4(u32 h[5][4], const u8 *in, size_t nsteps,
 *				const u32 key[12])
 * nsteps >= 1 steps of 64 bytes: h = (h + m) r^4, lane by lane, lane j of
 * limb k in h[k][j] taking blocks 4i + j. key: r0..r4, 5r1..5r4 of r^4,
 * then 5, pad, pad (pad = hibit << 24).
 */
SYM_FUNC_START(wg_poly1305_arm_neon_x4)
	WG_UNWIND(.fnstart)
	vpush		{d8-d15}
	WG_UNWIND(.vsave {d8-d15})
	vld1.32		{d0-d3}, [r3]!
	vld1.32		{d4-d5}, [r3]
	vld1.32		{d6-d9}, [r0]!
	vld1.32		{d10-d13}, [r0]!
	vld1.32		{d14-d15}, [r0]
	sub		r0, r0, #64
	/*
	 * On entry to the loop set B's "products" are its h, widened: their
	 * carry changes nothing (limbs below 2^26 + 2^6, h4 at most), so the
	 * first half step is the same code as every other.
	 */
	vmovl.u32	q10, d13
	vmovl.u32	q15, d15
	vmovl.u32	q12, d7
	vmovl.u32	q13, d9
	vmovl.u32	q14, d11
	msg		HA
	b		2f
1:
	half		1, q11, q15, HA, HB
	half		1, q15, q11, HB, HA
2:
	subs		r2, r2, #1
	bne		1b
	/* the last step: no message after it */
	half		1, q11, q15, HA, HB
	half		0, q15, q11, HB, HA
	/* set B's carry, alone */
	carry_a		q15, d13, d15
	vmlal.u32	q12, d16, d4[1]
	vsra.u64	q13, q12, #26
	vmovn.i64	d7, q12
	vsra.u64	q14, q13, #26
	vmovn.i64	d9, q13
	vshrn.i64	d17, q14, #26
	vmovn.i64	d11, q14
	vbic.i32	d7, #0xfc000000
	vbic.i32	d9, #0xfc000000
	vbic.i32	d11, #0xfc000000
	vbic.i32	d13, #0xfc000000
	vbic.i32	d15, #0xfc000000
	vadd.i32	d13, d13, d17
	vsra.u32	d15, d13, #26
	vbic.i32	d13, #0xfc000000

	vst1.32		{d6-d9}, [r0]!
	vst1.32		{d10-d13}, [r0]!
	vst1.32		{d14-d15}, [r0]
	vpop		{d8-d15}
	bx		lr
	WG_UNWIND(.fnend)
SYM_FUNC_END(wg_poly1305_arm_neon_x4)
