// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20 on arm64 NEON, with intrinsics.
 *
 * Batches of four blocks in "lane" form (on arm64 with a fifth block in
 * general registers beside them): vector x[i] holds word i of four
 * consecutive blocks, so a round is plain vertical arithmetic and the four
 * quarter rounds of a column (or diagonal) round are independent. They are
 * written step by step side by side, so an in-order core (Cortex-A53) always
 * has four independent instructions to issue instead of waiting on one
 * dependency chain. Rotations: by 16 a halfword swap (rev32), by 8 a byte
 * table lookup (tbl), by 12 and 7 a shift plus shift-right-insert (shl,
 * sri): two instructions where a plain shift/shift/or needs three.
 *
 * The last 2 or 3 blocks use "row" form: one block in four vectors (the
 * state's rows), the diagonals lined up with ext; the blocks side by side,
 * again for the in-order cores. A last single block goes to the scalar code,
 * which is faster for one block.
 *
 * Only code that runs between kernel_neon_begin/end lives here (see
 * arm64.h): Kbuild builds this file with the FPU allowed. Little-endian only
 * (the glue refuses big-endian kernels).
 */
#include <linux/bitops.h>
#include <linux/string.h>
#include <wg/compat.h>
#include "arm64.h"

#ifdef __CHECKER__
/*
 * sparse does not know the NEON builtins: it checks this stand-in (the real
 * code has no address spaces or locks to check).
 */
void wg_chacha20_neon_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	wg_chacha20_generic_blocks(state, dst, src, nblocks);
}

#ifdef __aarch64__
static void xor_mac(u32 state[16], u8 *dst, const u8 *src, size_t nblocks,
		    struct wg_poly1305_st64 *mac, bool encrypt)
{
	if (!encrypt)
		wg_poly1305_arm64_blocks((struct wg_poly1305_state *)mac, src,
					 nblocks * 4, 1);
	wg_chacha20_generic_blocks(state, dst, src, nblocks);
	if (encrypt)
		wg_poly1305_arm64_blocks((struct wg_poly1305_state *)mac, dst,
					 nblocks * 4, 1);
}

void wg_chacha20poly1305_neon_xor_mac5(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt)
{
	xor_mac(state, dst, src, nblocks, mac, encrypt);
}

void wg_chacha20poly1305_neon_xor_mac4(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt)
{
	xor_mac(state, dst, src, nblocks, mac, encrypt);
}
#endif
#else

#if defined(__WG_USERSPACE) || defined(__arm__)
/*
 * 32-bit arm kernels have no asm/neon-intrinsics.h: Kbuild passes the
 * compiler's include folder (crypto/Kbuild.include)
 */
#include <arm_neon.h>
#else
#include <asm/neon-intrinsics.h>
#endif

typedef uint32x4_t v4;

#define ADD(a, b) vaddq_u32(a, b)
#define XOR(a, b) veorq_u32(a, b)
#define ROT16(v) vreinterpretq_u32_u16(vrev32q_u16(vreinterpretq_u16_u32(v)))
/* rotl(t, n): t << n, then the top n bits of t inserted at the bottom */
#define ROTN(t, n) vsriq_n_u32(vshlq_n_u32(t, n), t, 32 - (n))
#ifdef __aarch64__
#define ROT8(v, tbl) vreinterpretq_u32_u8(vqtbl1q_u8(vreinterpretq_u8_u32(v), tbl))
#else
/* 32-bit arm (crypto/arm/ builds this file too): no one-register tbl */
#define ROT8(v, tbl) ({ v4 r8_ = (v); (void)(tbl); ROTN(r8_, 8); })
#endif

/* byte i of the result is byte rot8_idx[i] of the word: rotl by 8 */
static const u8 rot8_idx[16] = {
	3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14
};

/*
 * Four quarter rounds side by side: (a_k, b_k, c_k, d_k) for k = 0..3 are
 * independent, so each step issues four times before its result is needed.
 * SCALAR(n), a macro the caller names, puts step n of the scalar block's
 * own four quarter rounds between the vector steps (or nothing), so vector
 * and integer instructions come in the order an in-order core can pair.
 */
#define QR_X4(SCALAR, a0, b0, c0, d0, a1, b1, c1, d1, a2, b2, c2, d2,	\
	      a3, b3, c3, d3) do {					\
	v4 t0, t1, t2, t3;						\
									\
	a0 = ADD(a0, b0); a1 = ADD(a1, b1);				\
	a2 = ADD(a2, b2); a3 = ADD(a3, b3);				\
	SCALAR(0);							\
	d0 = XOR(d0, a0); d1 = XOR(d1, a1);				\
	d2 = XOR(d2, a2); d3 = XOR(d3, a3);				\
	d0 = ROT16(d0); d1 = ROT16(d1);					\
	d2 = ROT16(d2); d3 = ROT16(d3);					\
	SCALAR(1);							\
	c0 = ADD(c0, d0); c1 = ADD(c1, d1);				\
	c2 = ADD(c2, d2); c3 = ADD(c3, d3);				\
	SCALAR(2);							\
	t0 = XOR(b0, c0); t1 = XOR(b1, c1);				\
	t2 = XOR(b2, c2); t3 = XOR(b3, c3);				\
	b0 = ROTN(t0, 12); b1 = ROTN(t1, 12);				\
	b2 = ROTN(t2, 12); b3 = ROTN(t3, 12);				\
	SCALAR(3);							\
	a0 = ADD(a0, b0); a1 = ADD(a1, b1);				\
	a2 = ADD(a2, b2); a3 = ADD(a3, b3);				\
	SCALAR(4);							\
	d0 = XOR(d0, a0); d1 = XOR(d1, a1);				\
	d2 = XOR(d2, a2); d3 = XOR(d3, a3);				\
	d0 = ROT8_X4(d0); d1 = ROT8_X4(d1);				\
	d2 = ROT8_X4(d2); d3 = ROT8_X4(d3);				\
	SCALAR(5);							\
	c0 = ADD(c0, d0); c1 = ADD(c1, d1);				\
	c2 = ADD(c2, d2); c3 = ADD(c3, d3);				\
	SCALAR(6);							\
	t0 = XOR(b0, c0); t1 = XOR(b1, c1);				\
	t2 = XOR(b2, c2); t3 = XOR(b3, c3);				\
	b0 = ROTN(t0, 7); b1 = ROTN(t1, 7);				\
	b2 = ROTN(t2, 7); b3 = ROTN(t3, 7);				\
	SCALAR(7);							\
} while (0)

/*
 * Step n of four scalar quarter rounds (a_k, b_k, c_k, d_k), k = 0..3, in
 * general registers: the eight steps of the vector one.
 */
#define SQ_STEP(n, a0, b0, c0, d0, a1, b1, c1, d1, a2, b2, c2, d2,	\
		a3, b3, c3, d3) do {					\
	switch (n) {							\
	case 0: case 4:							\
		a0 += b0; a1 += b1; a2 += b2; a3 += b3;			\
		break;							\
	case 1: case 5:							\
		d0 = rol32(d0 ^ a0, n == 1 ? 16 : 8);			\
		d1 = rol32(d1 ^ a1, n == 1 ? 16 : 8);			\
		d2 = rol32(d2 ^ a2, n == 1 ? 16 : 8);			\
		d3 = rol32(d3 ^ a3, n == 1 ? 16 : 8);			\
		break;							\
	case 2: case 6:							\
		c0 += d0; c1 += d1; c2 += d2; c3 += d3;			\
		break;							\
	default:							\
		b0 = rol32(b0 ^ c0, n == 3 ? 12 : 7);			\
		b1 = rol32(b1 ^ c1, n == 3 ? 12 : 7);			\
		b2 = rol32(b2 ^ c2, n == 3 ? 12 : 7);			\
		b3 = rol32(b3 ^ c3, n == 3 ? 12 : 7);			\
	}								\
} while (0)

/*
 * 16 bytes of keystream (four words, little-endian) XORed into place.
 * Caller memory has no alignment: bytes in and out (a u32 access there
 * would be undefined behaviour), words only in registers.
 */
static __always_inline void xor_out16(u8 *dst, const u8 *src, v4 ks)
{
	vst1q_u8(dst, veorq_u8(vld1q_u8(src), vreinterpretq_u8_u32(ks)));
}

/*
 * Words w..w+3 of four blocks (lane k = block k): transpose 4x4 so each
 * vector is 16 contiguous bytes of one block, and XOR those into place.
 */
static __always_inline void xor_out4(u8 *dst, const u8 *src, v4 a, v4 b,
				     v4 c, v4 d)
{
#ifndef __aarch64__
	const uint32x4x2_t p = vtrnq_u32(a, b), q = vtrnq_u32(c, d);
	const v4 w0 = vcombine_u32(vget_low_u32(p.val[0]), vget_low_u32(q.val[0]));
	const v4 w1 = vcombine_u32(vget_low_u32(p.val[1]), vget_low_u32(q.val[1]));
	const v4 w2 = vcombine_u32(vget_high_u32(p.val[0]),
				   vget_high_u32(q.val[0]));
	const v4 w3 = vcombine_u32(vget_high_u32(p.val[1]),
				   vget_high_u32(q.val[1]));

	xor_out16(dst, src, w0);
	xor_out16(dst + 64, src + 64, w1);
	xor_out16(dst + 128, src + 128, w2);
	xor_out16(dst + 192, src + 192, w3);
#else
	const uint64x2_t t0 = vreinterpretq_u64_u32(vtrn1q_u32(a, b));
	const uint64x2_t t1 = vreinterpretq_u64_u32(vtrn2q_u32(a, b));
	const uint64x2_t t2 = vreinterpretq_u64_u32(vtrn1q_u32(c, d));
	const uint64x2_t t3 = vreinterpretq_u64_u32(vtrn2q_u32(c, d));

	xor_out16(dst, src, vreinterpretq_u32_u64(vtrn1q_u64(t0, t2)));
	xor_out16(dst + 64, src + 64,
		  vreinterpretq_u32_u64(vtrn1q_u64(t1, t3)));
	xor_out16(dst + 128, src + 128,
		  vreinterpretq_u32_u64(vtrn2q_u64(t0, t2)));
	xor_out16(dst + 192, src + 192,
		  vreinterpretq_u32_u64(vtrn2q_u64(t1, t3)));
#endif
}

#ifdef __aarch64__
/*
 * One Poly1305 block (hibit 1) on the radix 2^64 state in general
 * registers: g += m, g *= r, folded, as the generic code computes it
 * (poly1305-radix64.h). Few registers, as the fifth ChaCha20 block around
 * it holds 16: the key is loaded from the state each time (r0, r1, s1 at
 * key[0..2], s1 into r1's register once r1 is done), each later 128-bit
 * product goes through one scratch register (mul, adds, umulh, adc: umulh
 * leaves the carry flag alone), and that register is g0's, free once g0's
 * two products are taken. 31 instructions, 6 scratch registers.
 */
#define POLY1305_STITCH_BLOCK(g0, g1, g2, m, k_) do {			\
	u64 a0_, a1_, b_, c_, r0_, r1_;					\
									\
	asm volatile(							\
		"ldp	%[a0], %[a1], [%[m]], #16\n\t"			\
		"ldp	%[r0], %[r1], [%[key]]\n\t"			\
		"adds	%[g0], %[g0], %[a0]\n\t"			\
		"adcs	%[g1], %[g1], %[a1]\n\t"			\
		"adc	%[g2], %[g2], xzr\n\t"				\
		"add	%[g2], %[g2], #1\n\t"				\
		/* d0 = g0 r0, d1 = g0 r1 */				\
		"mul	%[a0], %[g0], %[r0]\n\t"			\
		"umulh	%[a1], %[g0], %[r0]\n\t"			\
		"mul	%[b], %[g0], %[r1]\n\t"			\
		"umulh	%[c], %[g0], %[r1]\n\t"			\
		"ldr	%[r1], [%[key], #16]\n\t"			\
		/* d0 += g1 s1 */					\
		"mul	%[g0], %[g1], %[r1]\n\t"			\
		"adds	%[a0], %[a0], %[g0]\n\t"			\
		"umulh	%[g0], %[g1], %[r1]\n\t"			\
		"adc	%[a1], %[a1], %[g0]\n\t"			\
		/* d1 += g1 r0 + d0 hi + g2 s1, top += g2 r0 */		\
		"mul	%[g0], %[g1], %[r0]\n\t"			\
		"adds	%[b], %[b], %[g0]\n\t"				\
		"umulh	%[g0], %[g1], %[r0]\n\t"			\
		"adc	%[c], %[c], %[g0]\n\t"				\
		"adds	%[b], %[b], %[a1]\n\t"				\
		"cinc	%[c], %[c], hs\n\t"				\
		"mul	%[g0], %[g2], %[r1]\n\t"			\
		"adds	%[b], %[b], %[g0]\n\t"				\
		"mul	%[g0], %[g2], %[r0]\n\t"			\
		"adc	%[c], %[c], %[g0]\n\t"				\
		/* top = c: g = (a0, b, c & 3) + 5 (c >> 2) */		\
		"and	%[a1], %[c], #-4\n\t"				\
		"and	%[g2], %[c], #3\n\t"				\
		"add	%[a1], %[a1], %[c], lsr #2\n\t"			\
		"adds	%[g0], %[a0], %[a1]\n\t"			\
		"adcs	%[g1], %[b], xzr\n\t"				\
		"adc	%[g2], %[g2], xzr\n\t"				\
		: [g0] "+&r" (g0), [g1] "+&r" (g1), [g2] "+&r" (g2),	\
		  [m] "+&r" (m), [a0] "=&r" (a0_), [a1] "=&r" (a1_),	\
		  [b] "=&r" (b_), [c] "=&r" (c_), [r0] "=&r" (r0_),	\
		  [r1] "=&r" (r1_)					\
		: [key] "r" (k_)					\
		: "cc", "memory");					\
} while (0)
#endif

/*
 * Four blocks from counter state[12] on, XORed from src into dst; with
 * fifth (a constant after inlining, arm64 only), a fifth block at counter
 * + 4 in general registers beside them: the vector and integer pipes then
 * both work, on an out-of-order core and, issued side by side, on an
 * in-order one (crypto/README has the estimates).
 *
 * With stitch (arm64; a constant after inlining, as mac is not): Poly1305
 * blocks from *mac_in, one in each four-quarter-round step of the vector
 * blocks, on the state mac in general registers: 20 with fifth (320
 * bytes), else 16 (256 bytes, in the first eight double rounds): the
 * one-pass AEAD (wg_chacha20poly1305_neon_xor_mac5/4). They are all read
 * before this batch writes dst.
 */
static __always_inline void chacha20_neon_batch(const u32 state[16],
						u8 *dst, const u8 *src,
						uint8x16_t rot8, bool fifth,
						bool stitch,
						struct wg_poly1305_st64 *mac,
						const u8 **mac_in)
{
	static const u32 iota[4] = { 0, 1, 2, 3 };
	v4 x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14,
	   x15, ctr;
	u32 y0 = state[0], y1 = state[1], y2 = state[2], y3 = state[3],
	    y4 = state[4], y5 = state[5], y6 = state[6], y7 = state[7],
	    y8 = state[8], y9 = state[9], y10 = state[10], y11 = state[11],
	    y12 = state[12] + 4, y13 = state[13], y14 = state[14],
	    y15 = state[15];
#ifdef __aarch64__
	u64 g0 = 0, g1 = 0, g2 = 0;	/* the MAC's state, with stitch */
	const u8 *m = NULL;
#endif
	int i;

	x0 = vdupq_n_u32(state[0]);
	x1 = vdupq_n_u32(state[1]);
	x2 = vdupq_n_u32(state[2]);
	x3 = vdupq_n_u32(state[3]);
	x4 = vdupq_n_u32(state[4]);
	x5 = vdupq_n_u32(state[5]);
	x6 = vdupq_n_u32(state[6]);
	x7 = vdupq_n_u32(state[7]);
	x8 = vdupq_n_u32(state[8]);
	x9 = vdupq_n_u32(state[9]);
	x10 = vdupq_n_u32(state[10]);
	x11 = vdupq_n_u32(state[11]);
	ctr = ADD(vdupq_n_u32(state[12]), vld1q_u32(iota));
	x12 = ctr;
	x13 = vdupq_n_u32(state[13]);
	x14 = vdupq_n_u32(state[14]);
	x15 = vdupq_n_u32(state[15]);

#ifdef __aarch64__
	if (stitch) {
		g0 = mac->h0;
		g1 = mac->h1;
		g2 = mac->h2;
		m = *mac_in;
	}
/*
 * Rotations by 8: tbl, except in the 4 + 1 one-pass AEAD, meant for the
 * out-of-order cores, which are short of issue slots there (the A72 model
 * gives a tbl three micro-ops, shl and sri one each: 3.36 c/B against
 * 3.62). The four-block one (for in-order cores) keeps the fewer
 * instructions.
 */
#define ROT8_X4(v) (stitch && fifth ? ROTN(v, 8) : ROT8(v, rot8))
#define MAC_STEP(n) do {						\
	if (stitch && (n) == 0 && (fifth || i < 8))			\
		POLY1305_STITCH_BLOCK(g0, g1, g2, m, mac);		\
} while (0)
#else
	(void)stitch;
	(void)mac;
	(void)mac_in;
#define ROT8_X4(v) ROT8(v, rot8)
#define MAC_STEP(n) do { } while (0)
#endif
	/* the scalar block's column and diagonal steps, or nothing */
#define COLUMN_STEP(n) do {						\
	if (fifth)							\
		SQ_STEP(n, y0, y4, y8, y12, y1, y5, y9, y13,		\
			y2, y6, y10, y14, y3, y7, y11, y15);		\
	MAC_STEP(n);							\
} while (0)
#define DIAGONAL_STEP(n) do {						\
	if (fifth)							\
		SQ_STEP(n, y0, y5, y10, y15, y1, y6, y11, y12,		\
			y2, y7, y8, y13, y3, y4, y9, y14);		\
	MAC_STEP(n);							\
} while (0)
	for (i = 0; i < 10; i++) {
		QR_X4(COLUMN_STEP, x0, x4, x8, x12, x1, x5, x9, x13,
		      x2, x6, x10, x14, x3, x7, x11, x15);
		QR_X4(DIAGONAL_STEP, x0, x5, x10, x15, x1, x6, x11, x12,
		      x2, x7, x8, x13, x3, x4, x9, x14);
	}
#undef COLUMN_STEP
#undef DIAGONAL_STEP
#undef MAC_STEP
#undef ROT8_X4
#ifdef __aarch64__
	if (stitch) {
		mac->h0 = g0;
		mac->h1 = g1;
		mac->h2 = g2;
		*mac_in = m;
	}
#endif

	/* feed-forward: the state words, reloaded (few registers are left) */
	x0 = ADD(x0, vdupq_n_u32(state[0]));
	x1 = ADD(x1, vdupq_n_u32(state[1]));
	x2 = ADD(x2, vdupq_n_u32(state[2]));
	x3 = ADD(x3, vdupq_n_u32(state[3]));
	xor_out4(dst, src, x0, x1, x2, x3);
	x4 = ADD(x4, vdupq_n_u32(state[4]));
	x5 = ADD(x5, vdupq_n_u32(state[5]));
	x6 = ADD(x6, vdupq_n_u32(state[6]));
	x7 = ADD(x7, vdupq_n_u32(state[7]));
	xor_out4(dst + 16, src + 16, x4, x5, x6, x7);
	x8 = ADD(x8, vdupq_n_u32(state[8]));
	x9 = ADD(x9, vdupq_n_u32(state[9]));
	x10 = ADD(x10, vdupq_n_u32(state[10]));
	x11 = ADD(x11, vdupq_n_u32(state[11]));
	xor_out4(dst + 32, src + 32, x8, x9, x10, x11);
	x12 = ADD(x12, ctr);
	x13 = ADD(x13, vdupq_n_u32(state[13]));
	x14 = ADD(x14, vdupq_n_u32(state[14]));
	x15 = ADD(x15, vdupq_n_u32(state[15]));
	xor_out4(dst + 48, src + 48, x12, x13, x14, x15);
	if (fifth) {
		u32 ks[16] = {
			y0 + state[0], y1 + state[1], y2 + state[2],
			y3 + state[3], y4 + state[4], y5 + state[5],
			y6 + state[6], y7 + state[7], y8 + state[8],
			y9 + state[9], y10 + state[10], y11 + state[11],
			y12 + state[12] + 4, y13 + state[13],
			y14 + state[14], y15 + state[15]
		};

		/* caller memory: unaligned little-endian words */
		for (i = 0; i < 16; i++)
			put_unaligned_le32(get_unaligned_le32(src + 256 + 4 * i) ^
					   ks[i], dst + 256 + 4 * i);
		memzero_explicit(ks, sizeof(ks));
	}
}

/*
 * Row form, n = 1..3 blocks side by side (n is a constant after inlining):
 * block k in (a_k, b_k, c_k, d_k), rows of its state; the column round is
 * one vector quarter round, then b, c, d are rotated by 1, 2, 3 words so the
 * diagonals line up as columns, and back.
 */
#define ROW_QR(a, b, c, d) do {						\
	v4 t;								\
									\
	a = ADD(a, b); d = ROT16(XOR(d, a));				\
	c = ADD(c, d); t = XOR(b, c); b = ROTN(t, 12);			\
	a = ADD(a, b); d = ROT8(XOR(d, a), rot8);			\
	c = ADD(c, d); t = XOR(b, c); b = ROTN(t, 7);			\
} while (0)

static __always_inline void chacha20_neon_rows(const u32 state[16], u8 *dst,
					       const u8 *src, int n,
					       uint8x16_t rot8)
{
	static const u32 one[4] = { 1, 0, 0, 0 };
	const v4 s0 = vld1q_u32(state), s1 = vld1q_u32(state + 4),
		 s2 = vld1q_u32(state + 8), s3 = vld1q_u32(state + 12);
	const v4 inc = vld1q_u32(one);
	v4 a0, b0, c0, d0, a1, b1, c1, d1, a2, b2, c2, d2, e1, e2;
	int i;

	e1 = ADD(s3, inc);
	e2 = ADD(e1, inc);
	a0 = s0; b0 = s1; c0 = s2; d0 = s3;
	a1 = s0; b1 = s1; c1 = s2; d1 = e1;
	a2 = s0; b2 = s1; c2 = s2; d2 = e2;
	for (i = 0; i < 10; i++) {
		/* the quarter rounds interleave: the compiler keeps the order */
		ROW_QR(a0, b0, c0, d0);
		if (n > 1)
			ROW_QR(a1, b1, c1, d1);
		if (n > 2)
			ROW_QR(a2, b2, c2, d2);
		b0 = vextq_u32(b0, b0, 1);
		c0 = vextq_u32(c0, c0, 2);
		d0 = vextq_u32(d0, d0, 3);
		if (n > 1) {
			b1 = vextq_u32(b1, b1, 1);
			c1 = vextq_u32(c1, c1, 2);
			d1 = vextq_u32(d1, d1, 3);
		}
		if (n > 2) {
			b2 = vextq_u32(b2, b2, 1);
			c2 = vextq_u32(c2, c2, 2);
			d2 = vextq_u32(d2, d2, 3);
		}
		ROW_QR(a0, b0, c0, d0);
		if (n > 1)
			ROW_QR(a1, b1, c1, d1);
		if (n > 2)
			ROW_QR(a2, b2, c2, d2);
		b0 = vextq_u32(b0, b0, 3);
		c0 = vextq_u32(c0, c0, 2);
		d0 = vextq_u32(d0, d0, 1);
		if (n > 1) {
			b1 = vextq_u32(b1, b1, 3);
			c1 = vextq_u32(c1, c1, 2);
			d1 = vextq_u32(d1, d1, 1);
		}
		if (n > 2) {
			b2 = vextq_u32(b2, b2, 3);
			c2 = vextq_u32(c2, c2, 2);
			d2 = vextq_u32(d2, d2, 1);
		}
	}

#define ROW_OUT(p, a, b, c, d, s3x) do {				\
	xor_out16(dst + (p), src + (p), ADD(a, s0));			\
	xor_out16(dst + (p) + 16, src + (p) + 16, ADD(b, s1));		\
	xor_out16(dst + (p) + 32, src + (p) + 32, ADD(c, s2));		\
	xor_out16(dst + (p) + 48, src + (p) + 48, ADD(d, s3x));		\
} while (0)
	ROW_OUT(0, a0, b0, c0, d0, s3);
	if (n > 1)
		ROW_OUT(64, a1, b1, c1, d1, e1);
	if (n > 2)
		ROW_OUT(128, a2, b2, c2, d2, e2);
#undef ROW_OUT
}

#ifdef __aarch64__
/*
 * Inlined: out of line GCC schedules it worse (llvm-mca A72 model 3.88
 * c/B against 3.14), though inline it costs the four-block batch beside it
 * (now only the remainder of 4 blocks: 4.2 against 3.9 c/B on A72).
 */
static __always_inline void chacha20_neon_batch5(const u32 state[16],
						 u8 *dst, const u8 *src,
						 uint8x16_t rot8)
{
	chacha20_neon_batch(state, dst, src, rot8, true, false, NULL, NULL);
}

/*
 * 4 + 1 blocks and 20 Poly1305 blocks from *mac_in on mac, in one pass; or
 * 4 blocks and 16 Poly1305 blocks.
 */
static __always_inline void chacha20_neon_batch_mac(const u32 state[16],
						    u8 *dst, const u8 *src,
						    uint8x16_t rot8, bool fifth,
						    struct wg_poly1305_st64 *mac,
						    const u8 **mac_in)
{
	chacha20_neon_batch(state, dst, src, rot8, fifth, true, mac, mac_in);
}
#endif

void wg_chacha20_neon_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	const uint8x16_t rot8 = vld1q_u8(rot8_idx);

#ifdef __aarch64__
	while (nblocks >= 5) {
		chacha20_neon_batch5(state, dst, src, rot8);
		state[12] += 5;
		nblocks -= 5;
		src += 5 * WG_CHACHA20_BLOCK_SIZE;
		dst += 5 * WG_CHACHA20_BLOCK_SIZE;
	}
	while (nblocks >= 4) {
		chacha20_neon_batch(state, dst, src, rot8, false, false, NULL,
				    NULL);
		state[12] += 4;
		nblocks -= 4;
		src += 4 * WG_CHACHA20_BLOCK_SIZE;
		dst += 4 * WG_CHACHA20_BLOCK_SIZE;
	}
#else
	/*
	 * 32-bit arm: passes of four NEON blocks and a fifth in general
	 * registers, in assembly (crypto/arm/chacha20-neon-core.S): this
	 * file's four lanes need 17 vectors in 16 registers and spill. It
	 * takes 5 k or 5 k + 4 blocks (a last pass of four drops its fifth,
	 * which runs beside the others almost for free); 1-3 left over go to
	 * the rows below.
	 */
	if (nblocks >= 4) {
		size_t n = nblocks - nblocks % 5;

		if (nblocks % 5 == 4)
			n += 4;
		wg_chacha20_arm_neon_x5(state, dst, src, n);
		state[12] += n;
		nblocks -= n;
		src += n * WG_CHACHA20_BLOCK_SIZE;
		dst += n * WG_CHACHA20_BLOCK_SIZE;
	}
#endif
	switch (nblocks) {
	case 3:
		chacha20_neon_rows(state, dst, src, 3, rot8);
		break;
	case 2:
		chacha20_neon_rows(state, dst, src, 2, rot8);
		break;
	case 1:
		/*
		 * One block in rows is one long dependency chain: slower than
		 * the scalar code on both A53 and A72 (crypto/README).
		 */
		wg_chacha20_generic_blocks(state, dst, src, 1);
		return;
	}
	state[12] += nblocks;
}

#ifdef __aarch64__
/*
 * The one-pass ChaCha20-Poly1305 (arm64.h): passes of five blocks (four
 * in NEON lanes, one in general registers) with 20 Poly1305 blocks in
 * general registers too, or of four blocks with 16, over ciphertext
 * already there: decrypting, the pass's own input (read before it is
 * overwritten); encrypting, the previous pass's output, so the first pass
 * runs alone and the last pass's output, and any blocks after the last
 * whole pass, are MACed by the scalar Poly1305 after the XOR.
 */
static __always_inline void xor_mac(u32 state[16], u8 *dst, const u8 *src,
				    size_t nblocks,
				    struct wg_poly1305_st64 *mac, bool encrypt,
				    bool fifth)
{
	const uint8x16_t rot8 = vld1q_u8(rot8_idx);
	const size_t per = fifth ? 5 : 4;
	const size_t pass = per * WG_CHACHA20_BLOCK_SIZE;
	const u8 *m = encrypt ? dst : src;

	if (encrypt && nblocks >= per) {
		chacha20_neon_batch(state, dst, src, rot8, fifth, false, NULL,
				    NULL);
		state[12] += per;
		nblocks -= per;
		src += pass;
		dst += pass;
	}
	while (nblocks >= per) {
		chacha20_neon_batch_mac(state, dst, src, rot8, fifth, mac, &m);
		state[12] += per;
		nblocks -= per;
		src += pass;
		dst += pass;
	}
	if (!encrypt && nblocks) {
		wg_poly1305_arm64_blocks((struct wg_poly1305_state *)mac, m,
					 nblocks * 4, 1);
		m += nblocks * WG_CHACHA20_BLOCK_SIZE;
	}
	if (nblocks)
		wg_chacha20_neon_blocks(state, dst, src, nblocks);
	dst += nblocks * WG_CHACHA20_BLOCK_SIZE;
	if (encrypt && dst > m)
		wg_poly1305_arm64_blocks((struct wg_poly1305_state *)mac, m,
					 (dst - m) / WG_POLY1305_BLOCK_SIZE, 1);
}

void wg_chacha20poly1305_neon_xor_mac5(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt)
{
	xor_mac(state, dst, src, nblocks, mac, encrypt, true);
}

void wg_chacha20poly1305_neon_xor_mac4(u32 state[16], u8 *dst,
				       const u8 *src, size_t nblocks,
				       struct wg_poly1305_st64 *mac,
				       bool encrypt)
{
	xor_mac(state, dst, src, nblocks, mac, encrypt, false);
}
#endif
#endif /* __CHECKER__ */
