/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Poly1305 blocks on ARMv7-A general registers, radix 2^32, written from
 * RFC 8439 and the algorithm (general registers only: no NEON section).
 *
 * h = h0 + h1 2^32 + h2 2^64 + h3 2^96 + h4 2^128 (h4 small), r = r0 ..
 * r3 clamped: the top four bits of every word and the low two bits of
 * r1..r3 are clear, so s_j = r_j + (r_j >> 2) = 5 r_j / 4 exactly and a
 * product at word 4 + t folds to word t as h_i s_j (2^128 = 5/4 mod p):
 *	d0 = h0 r0 + h1 s3 + h2 s2 + h3 s1
 *	d1 = h0 r1 + h1 r0 + h2 s3 + h3 s2 + h4 s1
 *	d2 = h0 r2 + h1 r1 + h2 r0 + h3 s3 + h4 s2
 *	d3 = h0 r3 + h1 r2 + h2 r1 + h3 r0 + h4 s3
 *	d4 = h4 r0 (+ the carry out of d3)
 * Each column is at most five products below 2^61 (r_j < 2^28, s_j <
 * 2^28.4, h4 < 8): it fits a 64-bit umull/umlal sum, so the columns are
 * independent chains and the carries between them come after, with
 * adds/adc. Then h = d mod 2^130 + 5 (d >> 130), the multiple of four in
 * d4 times 5/4 added back, which leaves h4 <= 4 (below 8 with the next
 * block added).
 *
 * Why two columns at a time: the A9 multiplier takes three cycles an
 * instruction and an accumulate chain five a step, so two chains keep it
 * busy; four would need eight accumulator registers, and the key, the
 * pointers and h leave six. The key words are read from a copy on the
 * stack (loads issue beside the multiplies), so no register holds a
 * pointer to the state in the loop.
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
	.text
#ifdef __WG_USERSPACE
	/* no executable stack for the test programs */
	.section .note.GNU-stack, "", %progbits
	.text
#endif

/* the frame: the key (r0..r3, s1..s3), the end of the input, the state, the pad */
#define R(j)		(4 * (j))
#define S(j)		(12 + 4 * (j))
#define F_END		28
#define F_STATE		32
#define F_HIBIT		36
#define F_FRAME		40

/* the state (struct wg_poly1305_arm32_st): r0..r3, s1..s3, h0..h4 */
#define ST_S		16
#define ST_H		28

h0	.req	r3
h1	.req	r4
h2	.req	r5
h3	.req	r6
h4	.req	r7

/*
 * void wg_poly1305_arm_scalar_blocks(struct wg_poly1305_state *state,
 *				      const u8 *in, size_t nblocks, u32 hibit)
 */
SYM_FUNC_START(wg_poly1305_arm_scalar_blocks)
	WG_UNWIND(.fnstart)
	cmp		r2, #0
	it		eq
	bxeq		lr
	push		{r4-r11, lr}
	WG_UNWIND(.save {r4-r11, lr})
	sub		sp, sp, #F_FRAME
	WG_UNWIND(.pad #F_FRAME)
	str		r0, [sp, #F_STATE]
	str		r3, [sp, #F_HIBIT]
	add		r2, r1, r2, lsl #4
	str		r2, [sp, #F_END]
	ldm		r0!, {r4-r10}		/* r0..r3, s1..s3 */
	stm		sp, {r4-r10}
	ldm		r0, {h0-h4}

	/*
	 * The loop is rotated: it starts from the last block's unreduced
	 * product w0..w4 (r8 r10 r9 lr r2), adds the next block to w0..w3
	 * while w4 is still being summed, then folds w4 in. On entry w = h.
	 */
	mov		r8, h0
	mov		r10, h1
	mov		r9, h2
	mov		lr, h3
	mov		r2, h4
1:	/* t = w + m (the message has no alignment: ARMv7 ldr allows that) */
	ldr		r0, [r1]
	ldr		h1, [r1, #4]
	ldr		h2, [r1, #8]
	ldr		h3, [r1, #12]
	adds		h0, r8, r0
	adcs		h1, r10, h1
	ldr		r0, [sp, #F_HIBIT]
	adcs		h2, r9, h2
	adcs		h3, lr, h3
	adc		h4, r0, #0
	add		r1, r1, #16
	/* h = t + w4 mod 4 * 2^128 + 5 (w4 >> 2) */
	bic		r0, r2, #3
	add		r0, r0, r2, lsr #2
	and		r2, r2, #3
	add		h4, h4, r2		/* h4 <= 2 + 3 + 1 < 8 */
	adds		h0, h0, r0
	adcs		h1, h1, #0
	adcs		h2, h2, #0
	adcs		h3, h3, #0
	adc		h4, h4, #0

	/*
	 * d0 in r8:r9, d1 in r10:r11. The h4 terms are below 2^32 (h4 < 8):
	 * 32-bit mul and adds/adc, cheaper on the multiplier than umlal.
	 */
	ldr		r0, [sp, #R(0)]
	ldr		r2, [sp, #R(1)]
	umull		r8, r9, h0, r0
	umull		r10, r11, h0, r2
	umlal		r10, r11, h1, r0
	ldr		r0, [sp, #S(3)]
	ldr		r2, [sp, #S(2)]
	umlal		r8, r9, h1, r0
	umlal		r10, r11, h2, r0
	umlal		r8, r9, h2, r2
	umlal		r10, r11, h3, r2
	ldr		r0, [sp, #S(1)]
	umlal		r8, r9, h3, r0
	mul		r2, h4, r0		/* h4 s1 */
	adds		r10, r10, r9		/* w0 = r8, w1 = r10, carry r11 */
	adc		r11, r11, #0
	adds		r10, r10, r2
	adc		r11, r11, #0

	/* d2 in r9:r12, d3 in lr:r2 */
	ldr		r0, [sp, #R(2)]
	ldr		r2, [sp, #R(3)]
	umull		r9, r12, h0, r0
	umull		lr, r2, h0, r2
	ldr		r0, [sp, #R(1)]
	umlal		r9, r12, h1, r0
	umlal		lr, r2, h2, r0
	ldr		r0, [sp, #R(2)]
	umlal		lr, r2, h1, r0
	ldr		r0, [sp, #R(0)]
	umlal		r9, r12, h2, r0
	umlal		lr, r2, h3, r0
	adds		r9, r9, r11		/* d2 += the carry */
	adc		r12, r12, #0
	ldr		r11, [sp, #S(2)]
	mul		r11, h4, r11		/* h4 s2 */
	adds		r9, r9, r11
	adc		r12, r12, #0
	ldr		r11, [sp, #S(3)]
	umlal		r9, r12, h3, r11	/* w2 = r9 */
	mul		r11, h4, r11		/* h4 s3 */
	adds		lr, lr, r11
	adc		r2, r2, #0
	mul		r0, h4, r0		/* h4 r0, for w4 */
	adds		lr, lr, r12		/* w3 */
	adc		r2, r2, r0		/* w4 */

	ldr		r0, [sp, #F_END]
	cmp		r1, r0
	bne		1b

	/* h = w mod 2^130 + 5 (w >> 130) */
	bic		r0, r2, #3
	and		h4, r2, #3
	add		r0, r0, r2, lsr #2
	adds		h0, r8, r0
	adcs		h1, r10, #0
	adcs		h2, r9, #0
	adcs		h3, lr, #0
	adc		h4, h4, #0

	ldr		r0, [sp, #F_STATE]
	add		r0, r0, #ST_H
	stm		r0, {h0-h4}
	/* the key copy */
	mov		r0, #0
	mov		r1, #0
	mov		r2, #0
	mov		r8, #0
	stm		sp, {r0-r2, r8}
	add		r0, sp, #16
	stm		r0, {r1, r2, r8}
	add		sp, sp, #F_FRAME
	pop		{r4-r11, pc}
	WG_UNWIND(.fnend)
SYM_FUNC_END(wg_poly1305_arm_scalar_blocks)
