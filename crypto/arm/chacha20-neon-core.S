/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ChaCha20 on ARMv7-A NEON, five blocks a pass: four in NEON lanes and a
 * fifth in general registers beside them. Written from RFC 8439 and ARM's
 * architecture manual; it replaces, on 32-bit arm, the four-lane batch of
 * ../arm64/chacha20-neon.c built for ARMv7, which needs 17 live vectors in
 * a 16-register file (GCC spilled about 68 of its 320 instructions a
 * double round).
 *
 * NEON blocks, lane form: vector x_i holds word i of four consecutive
 * blocks (lane j = block j, counter + j), so a column or diagonal round is
 * four quarter rounds in plain vertical arithmetic, issued step by step
 * side by side: NEON results take three cycles or more, and four
 * independent chains keep an in-order NEON pipe busy. Rotations: by 16 a
 * halfword swap (vrev32.16); by 12, 8 and 7 the XOR into a scratch
 * register, then a shift left into the word and a shift right and insert
 * (vshl, vsri): three instructions with the XOR. Two scratch registers
 * (q14, q15) and fourteen words leave x10 and x11 on the stack: they are
 * the c words of two quarter rounds in both the column and the diagonal
 * round, needed only by c += d, so each c += d step loads both (into the
 * scratch registers), adds, stores both, and their quarter rounds XOR
 * b with the scratch copy before the two registers go back to scratch
 * work. 64 NEON instructions a round, four of them memory accesses.
 *
 * The fifth block (counter + 4) runs in r0-r12 and lr, one word a
 * register, its quarter rounds in pairs between the vector steps, so the
 * integer pipes work while NEON does: on the Cortex-A9 and A57 models the
 * pass costs little more than the four NEON blocks alone. Its rotations
 * cost nothing: ARM's second operand goes through the barrel shifter, so
 * b and d are kept unrotated and each use reads them rotated. With b kept
 * as b <<< 25 and d as d <<< 24 between quarter rounds (b = b' >>> 25):
 *	a += b >>> 25;	d = a ^ d >>> 24;	(d now owes <<< 16)
 *	c += d >>> 16;	b = c ^ b >>> 25;	(b owes <<< 12)
 *	a += b >>> 20;	d = a ^ d >>> 16;	(d owes <<< 8)
 *	c += d >>> 24;	b = c ^ b >>> 20;	(b owes <<< 7)
 * eight instructions a quarter round. Fourteen registers for sixteen
 * words: two live on the stack, chosen so that the running pair of
 * quarter rounds never needs them (y9 and y10 share r9, y12 and y15 lr):
 *	columns 0, 1	y10, y15 on the stack
 *	columns 2, 3	y9, y12 on the stack
 *	diagonals 0, 2	y9, y12 on the stack
 *	diagonals 1, 3	y10, y15 on the stack
 * Everything else the pass needs (pointers, counts) lives on the stack.
 *
 * Stack frame (sp 8-byte aligned, as the kernel keeps it: the NEON
 * accesses say :64): 0 x10, 16 x11, 32 the fifth block's sixteen words
 * (its spill slots and, at the end, its keystream), 96 the double round
 * count, 100 state, 104 dst, 108 src, 112 blocks left, 116 the counter of
 * this pass's first block.
 *
 * Constant time: no branch or address depends on key, nonce or data.
 * Little-endian only (the glue refuses big-endian kernels).
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

#define X10		0
#define Y(i)		(32 + 4 * (i))
#define COUNT		96
#define STATE		100
#define DST		104
#define SRC		108
#define LEFT		112
#define CTR		116
#define FRAME		128

/* step \n (0-7) of two scalar quarter rounds, in the stored forms above */
.macro	s2	n, a0, b0, c0, d0, a1, b1, c1, d1
	.if \n == 0
	add		\a0, \a0, \b0, ror #25
	add		\a1, \a1, \b1, ror #25
	.elseif \n == 1
	eor		\d0, \a0, \d0, ror #24
	eor		\d1, \a1, \d1, ror #24
	.elseif \n == 2
	add		\c0, \c0, \d0, ror #16
	add		\c1, \c1, \d1, ror #16
	.elseif \n == 3
	eor		\b0, \c0, \b0, ror #25
	eor		\b1, \c1, \b1, ror #25
	.elseif \n == 4
	add		\a0, \a0, \b0, ror #20
	add		\a1, \a1, \b1, ror #20
	.elseif \n == 5
	eor		\d0, \a0, \d0, ror #16
	eor		\d1, \a1, \d1, ror #16
	.elseif \n == 6
	add		\c0, \c0, \d0, ror #24
	add		\c1, \c1, \d1, ror #24
	.else
	eor		\b0, \c0, \b0, ror #20
	eor		\b1, \c1, \b1, ror #20
	.endif
.endm

/* the fifth block's pairs: y0..y15 in r0-r8, r9 (y9|y10), r11, lr (y12|y15), r10 (y13), r12 (y14) */
.macro	sA	n		/* columns 0, 1 */
	s2	\n, r0, r4, r8, lr,  r1, r5, r9, r10
.endm
.macro	sB	n		/* columns 2, 3 */
	s2	\n, r2, r6, r9, r12,  r3, r7, r11, lr
.endm
.macro	sC	n		/* diagonals 0, 2 */
	s2	\n, r0, r5, r9, lr,  r2, r7, r8, r10
.endm
.macro	sD	n		/* diagonals 1, 3 */
	s2	\n, r1, r6, r11, lr,  r3, r4, r9, r12
.endm

/*
 * Columns to columns 2, 3: y9, y12 out, y10, y15 in; the double round
 * count is decremented here, in the moment r9 is free, and its flags
 * reach the loop's branch (nothing between sets them).
 */
.macro	swapAB
	str		r9, [sp, #Y(9)]
	str		lr, [sp, #Y(12)]
	ldr		r9, [sp, #COUNT]
	subs		r9, r9, #1
	str		r9, [sp, #COUNT]
	ldr		r9, [sp, #Y(10)]
	ldr		lr, [sp, #Y(15)]
.endm
.macro	swapCD
	str		r9, [sp, #Y(10)]
	str		lr, [sp, #Y(15)]
	ldr		r9, [sp, #Y(9)]
	ldr		lr, [sp, #Y(12)]
.endm

/*
 * One round of the four NEON blocks, quarter rounds (a_k, b_k, c_k, d_k)
 * side by side; c2 and c3 are x10 and x11 on the stack. The scalar pairs
 * \p then \q (macros taking a step number), with \swap between them, are
 * spread over it about one integer instruction to two NEON ones.
 */
.macro	round	a0, b0, c0, d0, a1, b1, c1, d1, a2, b2, d2, a3, b3, d3, p, swap, q
	vadd.i32	\a0, \a0, \b0
	vadd.i32	\a1, \a1, \b1
	\p		0
	vadd.i32	\a2, \a2, \b2
	vadd.i32	\a3, \a3, \b3
	veor		\d0, \d0, \a0
	veor		\d1, \d1, \a1
	\p		1
	veor		\d2, \d2, \a2
	veor		\d3, \d3, \a3
	vrev32.16	\d0, \d0
	vrev32.16	\d1, \d1
	\p		2
	vrev32.16	\d2, \d2
	vrev32.16	\d3, \d3

	/* c += d; b ^= c; b <<<= 12 */
	vld1.32		{d28-d31}, [sp :64]
	vadd.i32	\c0, \c0, \d0
	vadd.i32	\c1, \c1, \d1
	\p		3
	vadd.i32	q14, q14, \d2
	vadd.i32	q15, q15, \d3
	vst1.32		{d28-d31}, [sp :64]
	veor		q14, \b2, q14
	veor		q15, \b3, q15
	\p		4
	vshl.i32	\b2, q14, #12
	vshl.i32	\b3, q15, #12
	vsri.32		\b2, q14, #20
	vsri.32		\b3, q15, #20
	\p		5
	veor		q14, \b0, \c0
	veor		q15, \b1, \c1
	vshl.i32	\b0, q14, #12
	vshl.i32	\b1, q15, #12
	\p		6
	vsri.32		\b0, q14, #20
	vsri.32		\b1, q15, #20

	/* a += b; d ^= a; d <<<= 8 */
	vadd.i32	\a0, \a0, \b0
	vadd.i32	\a1, \a1, \b1
	\p		7
	vadd.i32	\a2, \a2, \b2
	vadd.i32	\a3, \a3, \b3
	\swap
	veor		q14, \d0, \a0
	veor		q15, \d1, \a1
	vshl.i32	\d0, q14, #8
	\q		0
	vshl.i32	\d1, q15, #8
	vsri.32		\d0, q14, #24
	vsri.32		\d1, q15, #24
	\q		1
	veor		q14, \d2, \a2
	veor		q15, \d3, \a3
	vshl.i32	\d2, q14, #8
	vshl.i32	\d3, q15, #8
	\q		2
	vsri.32		\d2, q14, #24
	vsri.32		\d3, q15, #24

	/* c += d; b ^= c; b <<<= 7 */
	vld1.32		{d28-d31}, [sp :64]
	vadd.i32	\c0, \c0, \d0
	vadd.i32	\c1, \c1, \d1
	\q		3
	vadd.i32	q14, q14, \d2
	vadd.i32	q15, q15, \d3
	vst1.32		{d28-d31}, [sp :64]
	veor		q14, \b2, q14
	veor		q15, \b3, q15
	\q		4
	vshl.i32	\b2, q14, #7
	vshl.i32	\b3, q15, #7
	vsri.32		\b2, q14, #25
	vsri.32		\b3, q15, #25
	\q		5
	veor		q14, \b0, \c0
	veor		q15, \b1, \c1
	vshl.i32	\b0, q14, #7
	vshl.i32	\b1, q15, #7
	\q		6
	vsri.32		\b0, q14, #25
	vsri.32		\b1, q15, #25
	\q		7
.endm

/*
 * Words 4g..4g+3 of the four NEON blocks in \w0..\w3 (lane j = block j):
 * the transposition makes \wj the 16 bytes at 64 j + 16 g of the output,
 * then the state's row g (q15) is added and the input XORed in. Caller
 * memory has no alignment: bytes in and out (vld1.8/vst1.8). Only q15 is
 * sure to be free, so the input goes into whichever register the previous
 * XOR freed. \w0h.. name the D halves the vswp exchange. r0 state, r1
 * dst, r2 src, r3 the 64-byte stride.
 */
.macro	out4	g, w0, w1, w2, w3, w0h, w1h, w2l, w3l
	vtrn.32		\w0, \w1
	vtrn.32		\w2, \w3
	vswp		\w0h, \w2l
	vswp		\w1h, \w3l
	add		r4, r0, #16 * \g
	vld1.32		{d30-d31}, [r4]
	.if \g == 3
	vmov.32		d30[0], r7		/* x12 has its counters */
	.endif
	add		r4, r2, #16 * \g
	add		r5, r1, #16 * \g
	vadd.i32	\w0, \w0, q15
	vadd.i32	\w1, \w1, q15
	vadd.i32	\w2, \w2, q15
	vadd.i32	\w3, \w3, q15
	vld1.8		{q15}, [r4], r3
	veor		q15, q15, \w0
	vld1.8		{\w0}, [r4], r3
	vst1.8		{q15}, [r5], r3
	veor		\w0, \w0, \w1
	vld1.8		{\w1}, [r4], r3
	vst1.8		{\w0}, [r5], r3
	veor		\w1, \w1, \w2
	vld1.8		{\w2}, [r4]
	vst1.8		{\w1}, [r5], r3
	veor		\w2, \w2, \w3
	vst1.8		{\w2}, [r5]
.endm

/*
 * void wg_chacha20_arm_neon_x5(const u32 state[16], u8 *dst, const u8 *src,
 *				size_t nblocks)
 * nblocks = 5 k or 5 k + 4 (at least 4) blocks, counters from state[12]
 * on (32-bit, wrapping as the generic code's); the caller advances
 * state[12] by nblocks. A last pass of four blocks computes the fifth and
 * drops it. dst may equal src.
 */
SYM_FUNC_START(wg_chacha20_arm_neon_x5)
	WG_UNWIND(.fnstart)
	/* r3 too: ten registers keep sp 8-byte aligned */
	push		{r3-r11, lr}
	WG_UNWIND(.save {r3-r11, lr})
	vpush		{d8-d15}
	WG_UNWIND(.vsave {d8-d15})
	sub		sp, sp, #FRAME
	WG_UNWIND(.pad #FRAME)
	str		r0, [sp, #STATE]
	str		r3, [sp, #LEFT]
	ldr		r4, [r0, #48]
	str		r4, [sp, #CTR]

.Lpass:
	str		r1, [sp, #DST]
	str		r2, [sp, #SRC]
	mov		r3, #10
	str		r3, [sp, #COUNT]
	/* NEON: every word in all four lanes; x12 the four counters */
	ldr		r4, [sp, #CTR]
	add		r5, r4, #1
	add		r6, r4, #2
	add		r7, r4, #3
	add		r8, r0, #40
	vld1.32		{d28[], d29[]}, [r8]!	/* x10, x11: the stack */
	vld1.32		{d30[], d31[]}, [r8]
	vst1.32		{d28-d31}, [sp :64]
	mov		r8, r0
	vld1.32		{d0[], d1[]}, [r8]!
	vld1.32		{d2[], d3[]}, [r8]!
	vld1.32		{d4[], d5[]}, [r8]!
	vld1.32		{d6[], d7[]}, [r8]!
	vld1.32		{d8[], d9[]}, [r8]!
	vld1.32		{d10[], d11[]}, [r8]!
	vld1.32		{d12[], d13[]}, [r8]!
	vld1.32		{d14[], d15[]}, [r8]!
	vld1.32		{d16[], d17[]}, [r8]!
	vld1.32		{d18[], d19[]}, [r8]!
	add		r8, r8, #12		/* x10, x11 on the stack, x12 */
	vmov		d20, r4, r5
	vmov		d21, r6, r7
	vld1.32		{d22[], d23[]}, [r8]!
	vld1.32		{d24[], d25[]}, [r8]!
	vld1.32		{d26[], d27[]}, [r8]

	/*
	 * The fifth block, counter + 4, b words kept as b <<< 25 and d words
	 * as d <<< 24 (see the top); y10 and y15 to their slots.
	 */
	add		r12, r4, #4
	ror		lr, r12, #8		/* y12 */
	ldr		r12, [r0, #40]
	str		r12, [sp, #Y(10)]
	ldr		r12, [r0, #60]
	ror		r12, r12, #8
	str		r12, [sp, #Y(15)]
	ldr		r12, [r0, #56]
	ror		r12, r12, #8		/* y14 */
	ldr		r11, [r0, #44]
	ldr		r10, [r0, #52]
	ror		r10, r10, #8		/* y13 */
	ldm		r0, {r0-r9}
	ror		r4, r4, #7
	ror		r5, r5, #7
	ror		r6, r6, #7
	ror		r7, r7, #7

.Ldround:
	round	q0, q4, q8, q10,  q1, q5, q9, q11,  q2, q6, q12,  q3, q7, q13, \
		sA, swapAB, sB
	round	q2, q7, q8, q11,  q3, q4, q9, q12,  q0, q5, q13,  q1, q6, q10, \
		sC, swapCD, sD
	bne		.Ldround

	/* the fifth block's words, rotations paid, to its slots */
	ror		r4, r4, #25
	ror		r5, r5, #25
	ror		r6, r6, #25
	ror		r7, r7, #25
	ror		lr, lr, #24
	ror		r10, r10, #24
	ror		r12, r12, #24
	str		r0, [sp, #Y(0)]
	str		r1, [sp, #Y(1)]
	str		r2, [sp, #Y(2)]
	str		r3, [sp, #Y(3)]
	str		r4, [sp, #Y(4)]
	str		r5, [sp, #Y(5)]
	str		r6, [sp, #Y(6)]
	str		r7, [sp, #Y(7)]
	str		r8, [sp, #Y(8)]
	str		r9, [sp, #Y(9)]
	str		r11, [sp, #Y(11)]
	str		lr, [sp, #Y(12)]
	str		r10, [sp, #Y(13)]
	str		r12, [sp, #Y(14)]
	ldr		r12, [sp, #Y(15)]
	ror		r12, r12, #24
	str		r12, [sp, #Y(15)]

	/*
	 * The feed-forward: x12 gets its lanes' counters here, so row 3
	 * below adds 0 for word 12; the other words get their row after
	 * the transposition, the same for all four blocks.
	 */
	ldr		r0, [sp, #STATE]
	ldr		r1, [sp, #DST]
	ldr		r2, [sp, #SRC]
	mov		r3, #64
	ldr		r4, [sp, #CTR]
	add		r5, r4, #1
	add		r6, r4, #2
	add		r7, r4, #3
	vmov		d30, r4, r5
	vmov		d31, r6, r7
	vadd.i32	q10, q10, q15
	mov		r7, #0
	out4	0, q0, q1, q2, q3, d1, d3, d4, d6
	out4	1, q4, q5, q6, q7, d9, d11, d12, d14
	vld1.32		{d0-d3}, [sp :64]	/* x10, x11 */
	out4	2, q8, q9, q0, q1, d17, d19, d0, d2
	out4	3, q10, q11, q12, q13, d21, d23, d24, d26

	/* the fifth block, unless this pass has four */
	ldr		r6, [sp, #LEFT]
	cmp		r6, #5
	blo		.Ldone
	ldr		r4, [sp, #CTR]
	add		r8, sp, #Y(0)
	vld1.32		{d0-d3}, [r8 :64]!
	vld1.32		{d4-d7}, [r8 :64]
	vld1.32		{d16-d19}, [r0]!
	vld1.32		{d20-d23}, [r0]
	sub		r0, r0, #32
	add		r4, r4, #4
	vmov.32		d22[0], r4		/* counter + 4 */
	add		r8, r2, #256
	vld1.8		{d24-d27}, [r8]!
	vld1.8		{d28-d31}, [r8]
	vadd.i32	q0, q0, q8
	vadd.i32	q1, q1, q9
	vadd.i32	q2, q2, q10
	vadd.i32	q3, q3, q11
	veor		q0, q0, q12
	veor		q1, q1, q13
	veor		q2, q2, q14
	veor		q3, q3, q15
	add		r8, r1, #256
	vst1.8		{d0-d3}, [r8]!
	vst1.8		{d4-d7}, [r8]

	add		r4, r4, #1		/* counter + 5 */
	str		r4, [sp, #CTR]
	add		r1, r1, #320
	add		r2, r2, #320
	subs		r6, r6, #5
	str		r6, [sp, #LEFT]
	bne		.Lpass

.Ldone:
	/* the fifth block's words and x10, x11 are keystream material */
	vmov.i32	q0, #0
	vmov.i32	q1, #0
	add		r8, sp, #Y(0)
	vst1.32		{d0-d3}, [sp :64]
	vst1.32		{d0-d3}, [r8 :64]!
	vst1.32		{d0-d3}, [r8 :64]
	add		sp, sp, #FRAME
	vpop		{d8-d15}
	pop		{r3-r11, pc}
	WG_UNWIND(.fnend)
SYM_FUNC_END(wg_chacha20_arm_neon_x5)
