/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The NEON Poly1305 block loop (poly1305-neon.c has the set-up, the last
 * step and the way back to radix 2^64), written from RFC 8439 and the
 * algorithm: four lanes of 26-bit limbs a register, 32x32->64 products
 * with umull/umlal by element.
 *
 * h holds five vectors of four 32-bit lanes, limb k of four independent
 * accumulators; lane j takes blocks j, j + 4, ... of its set. A step adds
 * four blocks (one ld4 of 64 bytes puts word i of block j in lane j of
 * register i: the transposition comes with the load) and multiplies every
 * lane by the same key power, r^4 or r^8, given as
 *	key = { r0, r1, r2, r3 | r4, 5r1, 5r2, 5r3 | 5r4, 5, 0, 0 }
 * so each product is an umlal by element.
 *
 * Why two sets (wg_poly1305_neon_x8): one step is 50 multiplies, which an
 * A72-class core issues on one pipe, then a chain of about ten dependent
 * carry operations before the next step can start; with a single set the
 * multiply pipe idles during that chain (llvm-mca: 1.39 cycles/byte).
 * Two sets of four lanes (blocks 8i..8i+3 and 8i+4..8i+7, both times
 * r^8) let one set's multiplies run during the other's carries. The
 * program order puts each set's narrowing tail after the other set's
 * multiplies, so on an out-of-order core those either-pipe operations do
 * not take issue slots from the multiplies (0.93 against 0.98).
 *
 * The carry, per set, after the products d0..d4 (64-bit, two registers a
 * limb: lanes 0-1 and 2-3): one chain d3 -> d4 -> d0 (times 5) -> d1 ->
 * d2 in 64 bits, each a single usra (shift right and accumulate), then
 * every limb narrowed to 32 bits and masked, and the d2 carry (c2, which
 * fits in 32 bits) through d3 into d4 in 32 bits, four lanes at a time.
 * No 64-bit mask is needed: a limb whose high part moved on is masked
 * after narrowing. Limbs leave below 2^26 (h4 below 2^26 + 2^6), enter the
 * next product below 2^27 with the message added, so every d stays below
 * 2^59, c4 = d4 >> 26 and c2 = d2 >> 26 below 2^32.
 *
 * The narrowing is uzp1 (low words of two registers in one instruction),
 * except limb 1, whose xtn/xtn2 pair spreads over both NEON pipes of an
 * A72 where uzp1 takes three cycles on one; the mix is what llvm-mca 14
 * found best there at the lowest instruction count (the in-order cores
 * issue about one NEON instruction a cycle, so the count is their cost).
 *
 * Registers: v0-v4 h of set A, v5-v9 h of set B, v10-v19 the products
 * (shared by the sets: renaming lets set B's multiplies start while set
 * A's carries still read them), v20-v23 the message words, v24-v26 the
 * key, v27 the pad bit (hibit << 24) in every lane, v28 c4, v30/v31 the
 * pending c2 of set A/B. v8-v15 are callee-saved (their low halves), so
 * d8-d15 are saved on the stack.
 *
 * Constant time: no branch or address depends on key or message.
 */
#ifdef __WG_USERSPACE
#define SYM_FUNC_START(name)	.globl name; .type name, %function; .balign 16; name:
#define SYM_FUNC_END(name)	.size name, . - name
#else
#include <linux/linkage.h>
#endif

	.text

/* h += the next 64 bytes of message, x1 advanced; the ld4 transposes */
.macro	msg	h0, h1, h2, h3, h4
	ld4	{v20.4s-v23.4s}, [x1], #64
	usra	\h1\().4s, v20.4s, #26		// bits 26..31 of word 0
	usra	\h2\().4s, v21.4s, #20		// 52..63
	usra	\h3\().4s, v22.4s, #14		// 78..95
	usra	\h4\().4s, v23.4s, #8		// 104..127
	shl	v20.4s, v20.4s, #6		// bits 0..25, then 32..51,
	shl	v21.4s, v21.4s, #12		// 64..77 and 96..103 by
	shl	v22.4s, v22.4s, #18		// shifting the rest of the
	shl	v23.4s, v23.4s, #24		// word out at the top
	usra	\h0\().4s, v20.4s, #6
	usra	\h1\().4s, v21.4s, #6
	usra	\h2\().4s, v22.4s, #6
	usra	\h3\().4s, v23.4s, #6
	add	\h4\().4s, \h4\().4s, v27.4s	// the 2^128 pad bit
.endm

/* d_k (v10+2k lanes 0-1, v11+2k lanes 2-3) = sum of h_j times key limb */
.macro	mulcol	op, op2, h, k0, k1, k2, k3, k4
	\op	v10.2d, \h\().2s, \k0
	\op2	v11.2d, \h\().4s, \k0
	\op	v12.2d, \h\().2s, \k1
	\op2	v13.2d, \h\().4s, \k1
	\op	v14.2d, \h\().2s, \k2
	\op2	v15.2d, \h\().4s, \k2
	\op	v16.2d, \h\().2s, \k3
	\op2	v17.2d, \h\().4s, \k3
	\op	v18.2d, \h\().2s, \k4
	\op2	v19.2d, \h\().4s, \k4
.endm

/*
 * d0 = h0 r0 + h1 5r4 + h2 5r3 + h3 5r2 + h4 5r1, ..., d4 = h0 r4 + ... +
 * h4 r0 (2^130 = 5 mod p), column by column in the order the limbs of h
 * become ready.
 */
.macro	mul	h0, h1, h2, h3, h4
	mulcol	umull, umull2, \h0, v24.s[0], v24.s[1], v24.s[2], v24.s[3], v25.s[0]
	mulcol	umlal, umlal2, \h1, v26.s[0], v24.s[0], v24.s[1], v24.s[2], v24.s[3]
	mulcol	umlal, umlal2, \h2, v25.s[3], v26.s[0], v24.s[0], v24.s[1], v24.s[2]
	mulcol	umlal, umlal2, \h3, v25.s[2], v25.s[3], v26.s[0], v24.s[0], v24.s[1]
	mulcol	umlal, umlal2, \h4, v25.s[1], v25.s[2], v25.s[3], v26.s[0], v24.s[0]
.endm

/*
 * The 64-bit part of the carry: d3 -> d4 -> d0 (times 5) -> d1 -> d2, the
 * limbs narrowed into h (unmasked) and c2 = d2 >> 26 left in \c2.
 */
.macro	carry1	h0, h1, h2, h3, h4, c2
	usra	v18.2d, v16.2d, #26
	usra	v19.2d, v17.2d, #26
	shrn	v28.2s, v18.2d, #26
	shrn2	v28.4s, v19.2d, #26
	uzp1	\h3\().4s, v16.4s, v17.4s
	umlal	v10.2d, v28.2s, v26.s[1]
	umlal2	v11.2d, v28.4s, v26.s[1]
	uzp1	\h4\().4s, v18.4s, v19.4s
	usra	v12.2d, v10.2d, #26
	usra	v13.2d, v11.2d, #26
	uzp1	\h0\().4s, v10.4s, v11.4s
	usra	v14.2d, v12.2d, #26
	usra	v15.2d, v13.2d, #26
	xtn	\h1\().2s, v12.2d
	xtn2	\h1\().4s, v13.2d
	shrn	\c2\().2s, v14.2d, #26
	shrn2	\c2\().4s, v15.2d, #26
	uzp1	\h2\().4s, v14.4s, v15.4s
.endm

/* The 32-bit part: the masks, and c2 through h3 into h4. */
.macro	carry2	h0, h1, h2, h3, h4, c2
	bic	\h3\().4s, #0xfc, lsl #24
	bic	\h4\().4s, #0xfc, lsl #24
	bic	\h0\().4s, #0xfc, lsl #24
	bic	\h1\().4s, #0xfc, lsl #24
	bic	\h2\().4s, #0xfc, lsl #24
	add	\h3\().4s, \h3\().4s, \c2\().4s
	usra	\h4\().4s, \h3\().4s, #26
	bic	\h3\().4s, #0xfc, lsl #24
.endm

.macro	enter
	stp	d8, d9, [sp, #-64]!
	stp	d10, d11, [sp, #16]
	stp	d12, d13, [sp, #32]
	stp	d14, d15, [sp, #48]
	ld1	{v24.4s-v26.4s}, [x3]
	dup	v27.4s, w4
.endm

.macro	leave
	ldp	d10, d11, [sp, #16]
	ldp	d12, d13, [sp, #32]
	ldp	d14, d15, [sp, #48]
	ldp	d8, d9, [sp], #64
.endm

/*
 * void wg_poly1305_neon_x4(u32 h[5][4], const u8 *in, size_t nsteps,
 *			    const u32 key[12], u32 pad)
 * nsteps >= 1 steps of 64 bytes: h = (h + m) key, lane by lane.
 */
SYM_FUNC_START(wg_poly1305_neon_x4)
	enter
	ld1	{v0.4s-v3.4s}, [x0]
	ldr	q4, [x0, #64]
1:
	msg	v0, v1, v2, v3, v4
	mul	v0, v1, v2, v3, v4
	carry1	v0, v1, v2, v3, v4, v30
	carry2	v0, v1, v2, v3, v4, v30
	subs	x2, x2, #1
	b.ne	1b
	st1	{v0.4s-v3.4s}, [x0]
	str	q4, [x0, #64]
	leave
	ret
SYM_FUNC_END(wg_poly1305_neon_x4)

/*
 * void wg_poly1305_neon_x8(u32 h[2][5][4], const u8 *in, size_t nsteps,
 *			    const u32 key[12], u32 pad)
 * nsteps >= 1 steps of 128 bytes: set A (h[0]) takes the first 64 bytes of
 * a step, set B (h[1]) the next 64; both h = (h + m) key.
 *
 * Software-pipelined by one half step: on entry to the loop set B has had
 * its 64-bit carry (carry1) but not its 32-bit one (carry2), with its c2
 * in v31; h as stored is fully carried, which is the same state with
 * c2 = 0 (the masks and the added zero change nothing).
 */
SYM_FUNC_START(wg_poly1305_neon_x8)
	enter
	ld1	{v0.4s-v3.4s}, [x0], #64
	ld1	{v4.4s-v7.4s}, [x0], #64
	ld1	{v8.4s-v9.4s}, [x0]
	sub	x0, x0, #128
	movi	v31.16b, #0
1:
	msg	v0, v1, v2, v3, v4
	mul	v0, v1, v2, v3, v4
	carry2	v5, v6, v7, v8, v9, v31
	msg	v5, v6, v7, v8, v9
	carry1	v0, v1, v2, v3, v4, v30
	mul	v5, v6, v7, v8, v9
	carry2	v0, v1, v2, v3, v4, v30
	carry1	v5, v6, v7, v8, v9, v31
	subs	x2, x2, #1
	b.ne	1b
	carry2	v5, v6, v7, v8, v9, v31
	st1	{v0.4s-v3.4s}, [x0], #64
	st1	{v4.4s-v7.4s}, [x0], #64
	st1	{v8.4s-v9.4s}, [x0]
	leave
	ret
SYM_FUNC_END(wg_poly1305_neon_x8)
