// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20, 8 blocks per AVX2 batch. Only code that runs between
 * kernel_fpu_begin/end lives here (see x86.h). Kbuild compiles this file
 * alone with -mavx2 (crypto/Kbuild.include); userspace test builds compile
 * crypto/ in one command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("avx2")
#endif
#define WG_VEC_LANES 8
#include "../chacha20-vec.h"
#include "x86.h"

#ifndef __CHECKER__
/*
 * The 8-block batch, x86 flavour: the four quarter rounds of a half round
 * advance step by step together (each step four independent operations,
 * so the vector units stay busy without the compiler reordering across
 * whole quarter rounds), and the output is an 8x8 transpose in registers
 * (unpack 32, unpack 64, swap 128-bit halves) rather than through memory.
 */
#define QR_STEP(a, b, c, d, rot)					\
	a##0 += b##0; a##1 += b##1; a##2 += b##2; a##3 += b##3;	\
	d##0 ^= a##0; d##1 ^= a##1; d##2 ^= a##2; d##3 ^= a##3;	\
	d##0 = rot(d##0); d##1 = rot(d##1); d##2 = rot(d##2);		\
	d##3 = rot(d##3)

#define R16(v) ROTB(wg_v8, wg_v8b, v, ROT16_MASK8)
#define R8(v) ROTB(wg_v8, wg_v8b, v, ROT8_MASK8)
#define R12(v) ROTL(v, 12)
#define R7(v) ROTL(v, 7)

/* four quarter rounds on (a_i, b_i, c_i, d_i), i = 0..3, in lockstep */
#define QUAD(a, b, c, d) do {						\
	QR_STEP(a, b, c, d, R16);					\
	QR_STEP(c, d, a, b, R12);					\
	QR_STEP(a, b, c, d, R8);					\
	QR_STEP(c, d, a, b, R7);					\
} while (0)

/*
 * The QR_STEP on (c, d, a, b) reads: c += d; b ^= c; b = rot(b): the
 * second and fourth lines of the quarter round, with the roles swapped.
 */

static __always_inline void xor_out8(u8 *dst, const u8 *src, wg_v8 v0,
				     wg_v8 v1, wg_v8 v2, wg_v8 v3, wg_v8 v4,
				     wg_v8 v5, wg_v8 v6, wg_v8 v7)
{
	/* v_i: word w + i of blocks 0..7; out: 32 bytes of each block */
	const wg_v8 lo32 = { 0, 8, 1, 9, 4, 12, 5, 13 };
	const wg_v8 hi32 = { 2, 10, 3, 11, 6, 14, 7, 15 };
	const wg_v8 lo64 = { 0, 1, 8, 9, 4, 5, 12, 13 };
	const wg_v8 hi64 = { 2, 3, 10, 11, 6, 7, 14, 15 };
	const wg_v8 lo128 = { 0, 1, 2, 3, 8, 9, 10, 11 };
	const wg_v8 hi128 = { 4, 5, 6, 7, 12, 13, 14, 15 };
	wg_v8 t0, t1, t2, t3, t4, t5, t6, t7, u0, u1, u2, u3, u4, u5, u6, u7;
	wg_v8 o[8];
	int j;

	t0 = __builtin_shuffle(v0, v1, lo32);
	t1 = __builtin_shuffle(v0, v1, hi32);
	t2 = __builtin_shuffle(v2, v3, lo32);
	t3 = __builtin_shuffle(v2, v3, hi32);
	t4 = __builtin_shuffle(v4, v5, lo32);
	t5 = __builtin_shuffle(v4, v5, hi32);
	t6 = __builtin_shuffle(v6, v7, lo32);
	t7 = __builtin_shuffle(v6, v7, hi32);
	/* u0: words w..w+3 of block 0 | block 4; u1: 1 | 5; u2: 2 | 6 ... */
	u0 = __builtin_shuffle(t0, t2, lo64);
	u1 = __builtin_shuffle(t0, t2, hi64);
	u2 = __builtin_shuffle(t1, t3, lo64);
	u3 = __builtin_shuffle(t1, t3, hi64);
	u4 = __builtin_shuffle(t4, t6, lo64);
	u5 = __builtin_shuffle(t4, t6, hi64);
	u6 = __builtin_shuffle(t5, t7, lo64);
	u7 = __builtin_shuffle(t5, t7, hi64);
	o[0] = __builtin_shuffle(u0, u4, lo128);
	o[4] = __builtin_shuffle(u0, u4, hi128);
	o[1] = __builtin_shuffle(u1, u5, lo128);
	o[5] = __builtin_shuffle(u1, u5, hi128);
	o[2] = __builtin_shuffle(u2, u6, lo128);
	o[6] = __builtin_shuffle(u2, u6, hi128);
	o[3] = __builtin_shuffle(u3, u7, lo128);
	o[7] = __builtin_shuffle(u3, u7, hi128);
	for (j = 0; j < 8; j++) {
		wg_v8 in;

		memcpy(&in, src + 64 * j, 32);
		in ^= o[j];
		memcpy(dst + 64 * j, &in, 32);
	}
}

static __always_inline void batch8(const u32 state[16], u8 *dst,
				   const u8 *src)
{
	const wg_v8 iota = { 0, 1, 2, 3, 4, 5, 6, 7 };
	wg_v8 a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3;
	wg_v8 ctr = (wg_v8){ 0 } + state[12] + iota;
	int i;

	a0 = (wg_v8){ 0 } + state[0];
	a1 = (wg_v8){ 0 } + state[1];
	a2 = (wg_v8){ 0 } + state[2];
	a3 = (wg_v8){ 0 } + state[3];
	b0 = (wg_v8){ 0 } + state[4];
	b1 = (wg_v8){ 0 } + state[5];
	b2 = (wg_v8){ 0 } + state[6];
	b3 = (wg_v8){ 0 } + state[7];
	c0 = (wg_v8){ 0 } + state[8];
	c1 = (wg_v8){ 0 } + state[9];
	c2 = (wg_v8){ 0 } + state[10];
	c3 = (wg_v8){ 0 } + state[11];
	d0 = ctr;
	d1 = (wg_v8){ 0 } + state[13];
	d2 = (wg_v8){ 0 } + state[14];
	d3 = (wg_v8){ 0 } + state[15];
	for (i = 0; i < 10; i++) {
		wg_v8 t;

		/* columns: QR(0, 4, 8, 12) .. QR(3, 7, 11, 15) */
		QUAD(a, b, c, d);
		/* diagonals: QR(0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13),
		 * (3, 4, 9, 14): rename b, c, d by one, two, three */
		t = b0; b0 = b1; b1 = b2; b2 = b3; b3 = t;
		t = c0; c0 = c2; c2 = t; t = c1; c1 = c3; c3 = t;
		t = d3; d3 = d2; d2 = d1; d1 = d0; d0 = t;
		QUAD(a, b, c, d);
		t = b3; b3 = b2; b2 = b1; b1 = b0; b0 = t;
		t = c0; c0 = c2; c2 = t; t = c1; c1 = c3; c3 = t;
		t = d0; d0 = d1; d1 = d2; d2 = d3; d3 = t;
	}
	a0 += (wg_v8){ 0 } + state[0];
	a1 += (wg_v8){ 0 } + state[1];
	a2 += (wg_v8){ 0 } + state[2];
	a3 += (wg_v8){ 0 } + state[3];
	b0 += (wg_v8){ 0 } + state[4];
	b1 += (wg_v8){ 0 } + state[5];
	b2 += (wg_v8){ 0 } + state[6];
	b3 += (wg_v8){ 0 } + state[7];
	xor_out8(dst, src, a0, a1, a2, a3, b0, b1, b2, b3);
	c0 += (wg_v8){ 0 } + state[8];
	c1 += (wg_v8){ 0 } + state[9];
	c2 += (wg_v8){ 0 } + state[10];
	c3 += (wg_v8){ 0 } + state[11];
	d0 += ctr;
	d1 += (wg_v8){ 0 } + state[13];
	d2 += (wg_v8){ 0 } + state[14];
	d3 += (wg_v8){ 0 } + state[15];
	xor_out8(dst + 32, src + 32, c0, c1, c2, c3, d0, d1, d2, d3);
}

void wg_chacha20_avx2_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	while (nblocks >= 8) {
		batch8(state, dst, src);
		state[12] += 8;
		nblocks -= 8;
		src += 8 * 64;
		dst += 8 * 64;
	}
	/* the tail: 4-block batches and rows (chacha20-vec.h) */
	chacha20_vec_blocks(state, dst, src, nblocks);
}
#else
void wg_chacha20_avx2_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	chacha20_vec_blocks(state, dst, src, nblocks);
}
#endif
