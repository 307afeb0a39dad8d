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
	d0 = ROT8(d0, rot8); d1 = ROT8(d1, rot8);			\
	d2 = ROT8(d2, rot8); d3 = ROT8(d3, rot8);			\
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

/*
 * Four blocks from counter state[12] on, XORed from src into dst; with
 * fifth (a constant after inlining, arm64 only), a fifth block at counter
 * + 4 in general registers beside them: the vector and integer pipes then
 * both work, on an out-of-order core and, issued side by side, on an
 * in-order one (crypto/README has the estimates).
 */
static __always_inline void chacha20_neon_batch(const u32 state[16],
						u8 *dst, const u8 *src,
						uint8x16_t rot8, bool fifth)
{
	static const u32 iota[4] = { 0, 1, 2, 3 };
	v4 x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14,
	   x15, ctr;
	u32 y0 = state[0], y1 = state[1], y2 = state[2], y3 = state[3],
	    y4 = state[4], y5 = state[5], y6 = state[6], y7 = state[7],
	    y8 = state[8], y9 = state[9], y10 = state[10], y11 = state[11],
	    y12 = state[12] + 4, y13 = state[13], y14 = state[14],
	    y15 = state[15];
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

	/* the scalar block's column and diagonal steps, or nothing */
#define COLUMN_STEP(n) do {						\
	if (fifth)							\
		SQ_STEP(n, y0, y4, y8, y12, y1, y5, y9, y13,		\
			y2, y6, y10, y14, y3, y7, y11, y15);		\
} while (0)
#define DIAGONAL_STEP(n) do {						\
	if (fifth)							\
		SQ_STEP(n, y0, y5, y10, y15, y1, y6, y11, y12,		\
			y2, y7, y8, y13, y3, y4, y9, y14);		\
} while (0)
	for (i = 0; i < 10; i++) {
		QR_X4(COLUMN_STEP, x0, x4, x8, x12, x1, x5, x9, x13,
		      x2, x6, x10, x14, x3, x7, x11, x15);
		QR_X4(DIAGONAL_STEP, x0, x5, x10, x15, x1, x6, x11, x12,
		      x2, x7, x8, x13, x3, x4, x9, x14);
	}
#undef COLUMN_STEP
#undef DIAGONAL_STEP

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
	chacha20_neon_batch(state, dst, src, rot8, true);
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
#endif
	while (nblocks >= 4) {
		chacha20_neon_batch(state, dst, src, rot8, false);
		state[12] += 4;
		nblocks -= 4;
		src += 4 * WG_CHACHA20_BLOCK_SIZE;
		dst += 4 * WG_CHACHA20_BLOCK_SIZE;
	}
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
#endif /* __CHECKER__ */
