// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20 with AVX-512F and AVX-512VL: 16 blocks a pass in zmm registers,
 * one block per 32-bit lane, every rotation a single vprold (AVX2 needs a
 * pshufb for 16 and 8 and two shifts and an OR for 12 and 7). What is left
 * after the 16-block passes runs as one more partial pass: 9 to 15 blocks
 * in zmm, 3 to 8 in ymm (vprold on ymm is AVX-512VL), 1 or 2 in row
 * vectors (chacha20-vec.h, whose rotations by 12 and 7 the compiler also
 * turns into vprold under -mavx512vl). A partial pass costs a whole one,
 * but no more than the smaller batches it replaces would, and a
 * 1420-byte packet's 22 blocks take two passes instead of four.
 *
 * Only code that runs between kernel_fpu_begin/end lives here (see x86.h).
 * Kbuild compiles this file alone with -mavx512f -mavx512vl
 * (crypto/Kbuild.include); userspace test builds compile crypto/ in one
 * command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("avx512f,avx512vl")
#endif
#define WG_VEC_LANES 4
#include "../chacha20-vec.h"
#include "x86.h"

#ifndef __CHECKER__
/*
 * The compiler's intrinsics. Its xmmintrin.h pulls in mm_malloc.h, which
 * needs libc's stdlib.h: there is no libc in the kernel and nothing here
 * wants _mm_malloc, so that header is marked as already seen.
 */
#define _MM_MALLOC_H_INCLUDED
#include <immintrin.h>

/*
 * One step of four quarter rounds in lockstep (as the AVX2 file does):
 * a_i += b_i; d_i ^= a_i; d_i <<<= n for i = 0..3, four independent
 * operations at each point, so the vector units stay busy. Called with
 * (c, d, b) it is the other half of the quarter round: c += d; b ^= c;
 * b <<<= n.
 */
#define STEP(ADD, XOR, ROL, a, b, d, n) do {				\
	a##0 = ADD(a##0, b##0); a##1 = ADD(a##1, b##1);			\
	a##2 = ADD(a##2, b##2); a##3 = ADD(a##3, b##3);			\
	d##0 = ROL(XOR(d##0, a##0), n); d##1 = ROL(XOR(d##1, a##1), n);	\
	d##2 = ROL(XOR(d##2, a##2), n); d##3 = ROL(XOR(d##3, a##3), n);	\
} while (0)

#define QUAD(ADD, XOR, ROL, a, b, c, d) do {				\
	STEP(ADD, XOR, ROL, a, b, d, 16);				\
	STEP(ADD, XOR, ROL, c, d, b, 12);				\
	STEP(ADD, XOR, ROL, a, b, d, 8);				\
	STEP(ADD, XOR, ROL, c, d, b, 7);				\
} while (0)

/*
 * Ten double rounds on the state a_i = x[i], b_i = x[4 + i], c_i =
 * x[8 + i], d_i = x[12 + i]. The diagonal round QR(0, 5, 10, 15),
 * QR(1, 6, 11, 12), QR(2, 7, 8, 13), QR(3, 4, 9, 14) is the column round
 * with b, c and d renamed by one, two and three places; the renaming is
 * free (the compiler only relabels registers).
 */
#define DOUBLE_ROUNDS(ADD, XOR, ROL) do {				\
	int i_;								\
									\
	for (i_ = 0; i_ < 10; i_++) {					\
		QUAD(ADD, XOR, ROL, a, b, c, d);			\
		t = b0; b0 = b1; b1 = b2; b2 = b3; b3 = t;		\
		t = c0; c0 = c2; c2 = t; t = c1; c1 = c3; c3 = t;	\
		t = d3; d3 = d2; d2 = d1; d1 = d0; d0 = t;		\
		QUAD(ADD, XOR, ROL, a, b, c, d);			\
		t = b3; b3 = b2; b2 = b1; b1 = b0; b0 = t;		\
		t = c0; c0 = c2; c2 = t; t = c1; c1 = c3; c3 = t;	\
		t = d0; d0 = d1; d1 = d2; d2 = d3; d3 = t;		\
	}								\
} while (0)

/* zmm: 16 blocks ---------------------------------------------------------- */

#define ZADD _mm512_add_epi32
#define ZXOR _mm512_xor_si512
#define ZROL _mm512_rol_epi32

/*
 * v0..v3: words 4g..4g+3 of blocks 0..15 (block 4L + e in element e of
 * 128-bit lane L). A 4x4 transpose inside each 128-bit lane: y_e then
 * holds, in lane L, the 16 bytes at 16g of block 4L + e.
 */
#define TRANSPOSE4(UNLO32, UNHI32, UNLO64, UNHI64, v0, v1, v2, v3, y) do { \
	t0 = UNLO32(v0, v1);	/* v0[0] v1[0] v0[1] v1[1] */		\
	t1 = UNHI32(v0, v1);	/* v0[2] v1[2] v0[3] v1[3] */		\
	t2 = UNLO32(v2, v3);						\
	t3 = UNHI32(v2, v3);						\
	y[0] = UNLO64(t0, t2);	/* v0[0] v1[0] v2[0] v3[0] */		\
	y[1] = UNHI64(t0, t2);						\
	y[2] = UNLO64(t1, t3);						\
	y[3] = UNHI64(t1, t3);						\
} while (0)

/* _mm512_loadu/storeu take void pointers and assume no alignment */
static __always_inline void z_xor_block(u8 *dst, const u8 *src, __m512i ks)
{
	_mm512_storeu_si512(dst, _mm512_xor_si512(_mm512_loadu_si512(src), ks));
}

/*
 * Blocks e, 4 + e, 8 + e, 12 + e (those below n) from y[0..3][e]. Written
 * out four times rather than looped, so y stays in registers: the kernel's
 * stack has no room for 1 KiB of spilled vectors.
 */
#define Z_OUT(e) do {							\
	__m512i p_ = _mm512_shuffle_i32x4(y[0][e], y[1][e], 0x44);	\
	__m512i q_ = _mm512_shuffle_i32x4(y[0][e], y[1][e], 0xee);	\
	__m512i r_ = _mm512_shuffle_i32x4(y[2][e], y[3][e], 0x44);	\
	__m512i s_ = _mm512_shuffle_i32x4(y[2][e], y[3][e], 0xee);	\
									\
	/* p_: lanes 0, 1 of y[0][e] then of y[1][e]; q_: lanes 2, 3 */	\
	if ((e) < n)							\
		z_xor_block(dst + 64 * (e), src + 64 * (e),		\
			    _mm512_shuffle_i32x4(p_, r_, 0x88));	\
	if (4 + (e) < n)						\
		z_xor_block(dst + 64 * (4 + (e)), src + 64 * (4 + (e)),	\
			    _mm512_shuffle_i32x4(p_, r_, 0xdd));	\
	if (8 + (e) < n)						\
		z_xor_block(dst + 64 * (8 + (e)), src + 64 * (8 + (e)),	\
			    _mm512_shuffle_i32x4(q_, s_, 0x88));	\
	if (12 + (e) < n)						\
		z_xor_block(dst + 64 * (12 + (e)), src + 64 * (12 + (e)), \
			    _mm512_shuffle_i32x4(q_, s_, 0xdd));	\
} while (0)

/*
 * The keystream of blocks state[12] .. state[12] + 15 XORed into the first
 * n (1..16) blocks of src; the counter is the caller's to advance.
 */
static __always_inline void batch16(const u32 state[16], u8 *dst,
				    const u8 *src, size_t n)
{
	const __m512i ctr = _mm512_add_epi32(_mm512_set1_epi32(state[12]),
		_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
	__m512i a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3;
	__m512i t, t0, t1, t2, t3, y[4][4];

	a0 = _mm512_set1_epi32(state[0]);
	a1 = _mm512_set1_epi32(state[1]);
	a2 = _mm512_set1_epi32(state[2]);
	a3 = _mm512_set1_epi32(state[3]);
	b0 = _mm512_set1_epi32(state[4]);
	b1 = _mm512_set1_epi32(state[5]);
	b2 = _mm512_set1_epi32(state[6]);
	b3 = _mm512_set1_epi32(state[7]);
	c0 = _mm512_set1_epi32(state[8]);
	c1 = _mm512_set1_epi32(state[9]);
	c2 = _mm512_set1_epi32(state[10]);
	c3 = _mm512_set1_epi32(state[11]);
	d0 = ctr;
	d1 = _mm512_set1_epi32(state[13]);
	d2 = _mm512_set1_epi32(state[14]);
	d3 = _mm512_set1_epi32(state[15]);
	DOUBLE_ROUNDS(ZADD, ZXOR, ZROL);
	/*
	 * The feed-forward reads the state words again (folded into the
	 * adds as broadcast operands): left to itself the compiler keeps the
	 * 16 broadcasts from before the rounds, which with the 16 working
	 * vectors do not fit in the registers, and spills them to the stack.
	 */
	OPTIMIZER_HIDE_VAR(state);
	a0 = ZADD(a0, _mm512_set1_epi32(state[0]));
	a1 = ZADD(a1, _mm512_set1_epi32(state[1]));
	a2 = ZADD(a2, _mm512_set1_epi32(state[2]));
	a3 = ZADD(a3, _mm512_set1_epi32(state[3]));
	b0 = ZADD(b0, _mm512_set1_epi32(state[4]));
	b1 = ZADD(b1, _mm512_set1_epi32(state[5]));
	b2 = ZADD(b2, _mm512_set1_epi32(state[6]));
	b3 = ZADD(b3, _mm512_set1_epi32(state[7]));
	c0 = ZADD(c0, _mm512_set1_epi32(state[8]));
	c1 = ZADD(c1, _mm512_set1_epi32(state[9]));
	c2 = ZADD(c2, _mm512_set1_epi32(state[10]));
	c3 = ZADD(c3, _mm512_set1_epi32(state[11]));
	d0 = ZADD(d0, ctr);
	d1 = ZADD(d1, _mm512_set1_epi32(state[13]));
	d2 = ZADD(d2, _mm512_set1_epi32(state[14]));
	d3 = ZADD(d3, _mm512_set1_epi32(state[15]));

	TRANSPOSE4(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32,
		   _mm512_unpacklo_epi64, _mm512_unpackhi_epi64,
		   a0, a1, a2, a3, y[0]);
	TRANSPOSE4(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32,
		   _mm512_unpacklo_epi64, _mm512_unpackhi_epi64,
		   b0, b1, b2, b3, y[1]);
	TRANSPOSE4(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32,
		   _mm512_unpacklo_epi64, _mm512_unpackhi_epi64,
		   c0, c1, c2, c3, y[2]);
	TRANSPOSE4(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32,
		   _mm512_unpacklo_epi64, _mm512_unpackhi_epi64,
		   d0, d1, d2, d3, y[3]);
	/*
	 * Block 4L + e is lane L of y[0][e], y[1][e], y[2][e], y[3][e]: a 4x4
	 * transpose of 128-bit lanes, two vshufi32x4 stages.
	 */
	Z_OUT(0);
	Z_OUT(1);
	Z_OUT(2);
	Z_OUT(3);
}

/* ymm: 8 blocks ----------------------------------------------------------- */

#define YADD _mm256_add_epi32
#define YXOR _mm256_xor_si256
#define YROL _mm256_rol_epi32

/* caller memory has no alignment: bytes in and out (vmovdqu) */
static __always_inline void y_xor_half(u8 *dst, const u8 *src, __m256i ks)
{
	__m256i v;

	memcpy(&v, src, sizeof(v));
	v = _mm256_xor_si256(v, ks);
	memcpy(dst, &v, sizeof(v));
}

/* blocks e and 4 + e (those below n) from y[0..3][e], as Z_OUT */
#define Y_OUT(e) do {							\
	if ((e) < n) {							\
		y_xor_half(dst + 64 * (e), src + 64 * (e),		\
			   _mm256_permute2x128_si256(y[0][e], y[1][e], 0x20)); \
		y_xor_half(dst + 64 * (e) + 32, src + 64 * (e) + 32,	\
			   _mm256_permute2x128_si256(y[2][e], y[3][e], 0x20)); \
	}								\
	if (4 + (e) < n) {						\
		y_xor_half(dst + 64 * (4 + (e)), src + 64 * (4 + (e)),	\
			   _mm256_permute2x128_si256(y[0][e], y[1][e], 0x31)); \
		y_xor_half(dst + 64 * (4 + (e)) + 32,			\
			   src + 64 * (4 + (e)) + 32,			\
			   _mm256_permute2x128_si256(y[2][e], y[3][e], 0x31)); \
	}								\
} while (0)

/* As batch16, 8 blocks and the first n (1..8) of them written. */
static __always_inline void batch8(const u32 state[16], u8 *dst,
				   const u8 *src, size_t n)
{
	const __m256i ctr = _mm256_add_epi32(_mm256_set1_epi32(state[12]),
		_mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
	__m256i a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3;
	__m256i t, t0, t1, t2, t3, y[4][4];

	a0 = _mm256_set1_epi32(state[0]);
	a1 = _mm256_set1_epi32(state[1]);
	a2 = _mm256_set1_epi32(state[2]);
	a3 = _mm256_set1_epi32(state[3]);
	b0 = _mm256_set1_epi32(state[4]);
	b1 = _mm256_set1_epi32(state[5]);
	b2 = _mm256_set1_epi32(state[6]);
	b3 = _mm256_set1_epi32(state[7]);
	c0 = _mm256_set1_epi32(state[8]);
	c1 = _mm256_set1_epi32(state[9]);
	c2 = _mm256_set1_epi32(state[10]);
	c3 = _mm256_set1_epi32(state[11]);
	d0 = ctr;
	d1 = _mm256_set1_epi32(state[13]);
	d2 = _mm256_set1_epi32(state[14]);
	d3 = _mm256_set1_epi32(state[15]);
	DOUBLE_ROUNDS(YADD, YXOR, YROL);
	/*
	 * The feed-forward reads the state words again (folded into the
	 * adds as broadcast operands): left to itself the compiler keeps the
	 * 16 broadcasts from before the rounds, which with the 16 working
	 * vectors do not fit in the registers, and spills them to the stack.
	 */
	OPTIMIZER_HIDE_VAR(state);
	a0 = YADD(a0, _mm256_set1_epi32(state[0]));
	a1 = YADD(a1, _mm256_set1_epi32(state[1]));
	a2 = YADD(a2, _mm256_set1_epi32(state[2]));
	a3 = YADD(a3, _mm256_set1_epi32(state[3]));
	b0 = YADD(b0, _mm256_set1_epi32(state[4]));
	b1 = YADD(b1, _mm256_set1_epi32(state[5]));
	b2 = YADD(b2, _mm256_set1_epi32(state[6]));
	b3 = YADD(b3, _mm256_set1_epi32(state[7]));
	c0 = YADD(c0, _mm256_set1_epi32(state[8]));
	c1 = YADD(c1, _mm256_set1_epi32(state[9]));
	c2 = YADD(c2, _mm256_set1_epi32(state[10]));
	c3 = YADD(c3, _mm256_set1_epi32(state[11]));
	d0 = YADD(d0, ctr);
	d1 = YADD(d1, _mm256_set1_epi32(state[13]));
	d2 = YADD(d2, _mm256_set1_epi32(state[14]));
	d3 = YADD(d3, _mm256_set1_epi32(state[15]));

	TRANSPOSE4(_mm256_unpacklo_epi32, _mm256_unpackhi_epi32,
		   _mm256_unpacklo_epi64, _mm256_unpackhi_epi64,
		   a0, a1, a2, a3, y[0]);
	TRANSPOSE4(_mm256_unpacklo_epi32, _mm256_unpackhi_epi32,
		   _mm256_unpacklo_epi64, _mm256_unpackhi_epi64,
		   b0, b1, b2, b3, y[1]);
	TRANSPOSE4(_mm256_unpacklo_epi32, _mm256_unpackhi_epi32,
		   _mm256_unpacklo_epi64, _mm256_unpackhi_epi64,
		   c0, c1, c2, c3, y[2]);
	TRANSPOSE4(_mm256_unpacklo_epi32, _mm256_unpackhi_epi32,
		   _mm256_unpacklo_epi64, _mm256_unpackhi_epi64,
		   d0, d1, d2, d3, y[3]);
	/*
	 * Block 4L + e: lane L of y[0][e], y[1][e] (its first 32 bytes), of
	 * y[2][e], y[3][e] (the last 32).
	 */
	Y_OUT(0);
	Y_OUT(1);
	Y_OUT(2);
	Y_OUT(3);
}

/* The last pass, n blocks (1..15): see the top of the file. */
static noinline void chacha20_avx512_tail(u32 state[16], u8 *dst,
					  const u8 *src, size_t n)
{
	if (n > 8)
		batch16(state, dst, src, n);
	else if (n > 2)
		batch8(state, dst, src, n);
	else
		chacha20_vec_blocks(state, dst, src, n);
	if (n > 2)
		state[12] += n;
}

void wg_chacha20_avx512_blocks(u32 state[16], u8 *dst, const u8 *src,
			       size_t nblocks)
{
	while (nblocks >= 16) {
		batch16(state, dst, src, 16);
		state[12] += 16;
		nblocks -= 16;
		src += 16 * 64;
		dst += 16 * 64;
	}
	if (nblocks)
		chacha20_avx512_tail(state, dst, src, nblocks);
}
#else
void wg_chacha20_avx512_blocks(u32 state[16], u8 *dst, const u8 *src,
			       size_t nblocks)
{
	chacha20_vec_blocks(state, dst, src, nblocks);
}
#endif
