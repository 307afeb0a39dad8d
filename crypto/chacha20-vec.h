/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ChaCha20 over WG_VEC_LANES blocks at once, written with GCC's portable
 * vector extensions: lane b of x[i] is word i of block b. Included by a
 * per-ISA file (crypto/x86/chacha20-ssse3.c: 4 lanes, -mssse3; -avx2.c: 8
 * lanes, -mavx2) that is compiled with that ISA enabled, so the compiler maps
 * the vectors onto the SIMD registers; NEON files can reuse it with 4 lanes.
 * Little-endian targets only (the byte shuffles and loads assume it).
 *
 * Called only through the dispatcher, between wg_simd_begin/end.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#ifndef WG_VEC_LANES
#error "define WG_VEC_LANES (4 or 8) before including chacha20-vec.h"
#endif

#ifdef __CHECKER__
/*
 * sparse knows neither vector types nor __builtin_shuffle: it checks this
 * stand-in instead (the real code has no address spaces or locks to check).
 */
void wg_chacha20_generic_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks);
static void chacha20_vec_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks)
{
	wg_chacha20_generic_blocks(state, dst, src, nblocks);
}
#else

typedef u32 wg_v4 __attribute__((__vector_size__(16)));
typedef u8 wg_v4b __attribute__((__vector_size__(16)));
#if WG_VEC_LANES == 8
typedef u32 wg_v8 __attribute__((__vector_size__(32)));
typedef u8 wg_v8b __attribute__((__vector_size__(32)));
#elif WG_VEC_LANES != 4
#error "WG_VEC_LANES must be 4 or 8"
#endif

#define ROT16_MASK4 ((wg_v4b){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13 })
#define ROT8_MASK4 ((wg_v4b){ 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14 })
#define ROT16_MASK8 ((wg_v8b){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, \
			       18, 19, 16, 17, 22, 23, 20, 21, 26, 27, 24, 25, 30, 31, 28, 29 })
#define ROT8_MASK8 ((wg_v8b){ 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, \
			      19, 16, 17, 18, 23, 20, 21, 22, 27, 24, 25, 26, 31, 28, 29, 30 })

/* Rotates by 16 and 8 are byte permutations (one pshufb); 12 and 7 shifts. */
#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define ROTB(vt, vbt, v, mask) ((vt)__builtin_shuffle((vbt)(v), mask))

#define VQR(vt, vbt, rot16, rot8, a, b, c, d) do {			\
	a += b; d ^= a; d = ROTB(vt, vbt, d, rot16);			\
	c += d; b ^= c; b = ROTL(b, 12);				\
	a += b; d ^= a; d = ROTB(vt, vbt, d, rot8);			\
	c += d; b ^= c; b = ROTL(b, 7);					\
} while (0)

static __always_inline wg_v4 v4_load(const u8 *p)
{
	wg_v4 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static __always_inline void v4_store(u8 *p, wg_v4 v)
{
	memcpy(p, &v, sizeof(v));
}

/*
 * Four 4-lane vectors holding words w..w+3 of blocks 0..3: transpose so each
 * becomes 16 contiguous bytes of one block, and XOR those into place.
 */
static __always_inline void v4_xor_out(u8 *dst, const u8 *src, wg_v4 a,
				       wg_v4 b, wg_v4 c, wg_v4 d)
{
	const wg_v4 t0 = __builtin_shuffle(a, b, (wg_v4){ 0, 4, 1, 5 });
	const wg_v4 t1 = __builtin_shuffle(c, d, (wg_v4){ 0, 4, 1, 5 });
	const wg_v4 t2 = __builtin_shuffle(a, b, (wg_v4){ 2, 6, 3, 7 });
	const wg_v4 t3 = __builtin_shuffle(c, d, (wg_v4){ 2, 6, 3, 7 });

	v4_store(dst + 0, v4_load(src + 0) ^
		 __builtin_shuffle(t0, t1, (wg_v4){ 0, 1, 4, 5 }));
	v4_store(dst + 64, v4_load(src + 64) ^
		 __builtin_shuffle(t0, t1, (wg_v4){ 2, 3, 6, 7 }));
	v4_store(dst + 128, v4_load(src + 128) ^
		 __builtin_shuffle(t2, t3, (wg_v4){ 0, 1, 4, 5 }));
	v4_store(dst + 192, v4_load(src + 192) ^
		 __builtin_shuffle(t2, t3, (wg_v4){ 2, 3, 6, 7 }));
}

/*
 * One batch: LANES keystream blocks XORed from src into dst. A macro-made
 * pair, so the 8-lane file also has a 4-lane batch for its tails.
 */
#define DEFINE_BATCH(name, vt, vbt, lanes, iota, rot16, rot8)		\
static __always_inline void name(const u32 state[16], u8 *dst,		\
				 const u8 *src)				\
{									\
	vt x[16], s[16];						\
	int i, k;							\
									\
	for (i = 0; i < 16; i++)					\
		s[i] = (vt){ 0 } + state[i];				\
	s[12] += iota;							\
	for (i = 0; i < 16; i++)					\
		x[i] = s[i];						\
	for (i = 0; i < 10; i++) {					\
		VQR(vt, vbt, rot16, rot8, x[0], x[4], x[8], x[12]);	\
		VQR(vt, vbt, rot16, rot8, x[1], x[5], x[9], x[13]);	\
		VQR(vt, vbt, rot16, rot8, x[2], x[6], x[10], x[14]);	\
		VQR(vt, vbt, rot16, rot8, x[3], x[7], x[11], x[15]);	\
		VQR(vt, vbt, rot16, rot8, x[0], x[5], x[10], x[15]);	\
		VQR(vt, vbt, rot16, rot8, x[1], x[6], x[11], x[12]);	\
		VQR(vt, vbt, rot16, rot8, x[2], x[7], x[8], x[13]);	\
		VQR(vt, vbt, rot16, rot8, x[3], x[4], x[9], x[14]);	\
	}								\
	for (i = 0; i < 16; i++)					\
		x[i] += s[i];						\
	for (k = 0; k < (lanes) / 4; k++) {				\
		for (i = 0; i < 16; i += 4) {				\
			wg_v4 q[4];					\
									\
			memcpy(q, (const u8 *)&x[i] + 16 * k, 16);	\
			memcpy(q + 1, (const u8 *)&x[i + 1] + 16 * k, 16); \
			memcpy(q + 2, (const u8 *)&x[i + 2] + 16 * k, 16); \
			memcpy(q + 3, (const u8 *)&x[i + 3] + 16 * k, 16); \
			v4_xor_out(dst + 256 * k + 4 * i,		\
				   src + 256 * k + 4 * i,		\
				   q[0], q[1], q[2], q[3]);		\
		}							\
	}								\
}

DEFINE_BATCH(chacha20_batch4, wg_v4, wg_v4b, 4, ((wg_v4){ 0, 1, 2, 3 }),
	     ROT16_MASK4, ROT8_MASK4)
#if WG_VEC_LANES == 8
DEFINE_BATCH(chacha20_batch8, wg_v8, wg_v8b, 8,
	     ((wg_v8){ 0, 1, 2, 3, 4, 5, 6, 7 }), ROT16_MASK8, ROT8_MASK8)
#endif

/*
 * n (1 or 2) blocks, each in four row vectors (the state's rows, not lanes
 * of blocks): a column round, then the rows rotated so the diagonals line
 * up as columns. Two independent blocks hide each other's latency. For the
 * 1 to 3 blocks left after the batches, and short messages.
 */
#define ROWS_DIAG(b, c, d) do {						\
	b = __builtin_shuffle(b, (wg_v4){ 1, 2, 3, 0 });		\
	c = __builtin_shuffle(c, (wg_v4){ 2, 3, 0, 1 });		\
	d = __builtin_shuffle(d, (wg_v4){ 3, 0, 1, 2 });		\
} while (0)
#define ROWS_UNDIAG(b, c, d) do {					\
	b = __builtin_shuffle(b, (wg_v4){ 3, 0, 1, 2 });		\
	c = __builtin_shuffle(c, (wg_v4){ 2, 3, 0, 1 });		\
	d = __builtin_shuffle(d, (wg_v4){ 1, 2, 3, 0 });		\
} while (0)
#define QR4(a, b, c, d) VQR(wg_v4, wg_v4b, ROT16_MASK4, ROT8_MASK4, a, b, c, d)

static __always_inline void chacha20_vec_rows(const u32 state[16], u8 *dst,
					      const u8 *src, int n)
{
	wg_v4 a, b, c, d, a0, b0, c0, d0, e, f, g, h, d1;
	const wg_v4 one = { 1, 0, 0, 0 };
	int i;

	memcpy(&a0, state, 16);
	memcpy(&b0, state + 4, 16);
	memcpy(&c0, state + 8, 16);
	memcpy(&d0, state + 12, 16);
	d1 = d0 + one;	/* the second block's counter */
	a = a0; b = b0; c = c0; d = d0;
	e = a0; f = b0; g = c0; h = d1;
	for (i = 0; i < 10; i++) {
		QR4(a, b, c, d);
		if (n == 2)
			QR4(e, f, g, h);
		ROWS_DIAG(b, c, d);
		if (n == 2)
			ROWS_DIAG(f, g, h);
		QR4(a, b, c, d);
		if (n == 2)
			QR4(e, f, g, h);
		ROWS_UNDIAG(b, c, d);
		if (n == 2)
			ROWS_UNDIAG(f, g, h);
	}
	v4_store(dst, v4_load(src) ^ (a + a0));
	v4_store(dst + 16, v4_load(src + 16) ^ (b + b0));
	v4_store(dst + 32, v4_load(src + 32) ^ (c + c0));
	v4_store(dst + 48, v4_load(src + 48) ^ (d + d0));
	if (n == 2) {
		v4_store(dst + 64, v4_load(src + 64) ^ (e + a0));
		v4_store(dst + 80, v4_load(src + 80) ^ (f + b0));
		v4_store(dst + 96, v4_load(src + 96) ^ (g + c0));
		v4_store(dst + 112, v4_load(src + 112) ^ (h + d1));
	}
}

static void chacha20_vec_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks)
{
#if WG_VEC_LANES == 8
	while (nblocks >= 8) {
		chacha20_batch8(state, dst, src);
		state[12] += 8;
		nblocks -= 8;
		src += 8 * 64;
		dst += 8 * 64;
	}
#endif
	while (nblocks >= 4) {
		chacha20_batch4(state, dst, src);
		state[12] += 4;
		nblocks -= 4;
		src += 4 * 64;
		dst += 4 * 64;
	}
	if (nblocks >= 2) {
		chacha20_vec_rows(state, dst, src, 2);
		state[12] += 2;
		nblocks -= 2;
		src += 2 * 64;
		dst += 2 * 64;
	}
	if (nblocks) {
		chacha20_vec_rows(state, dst, src, 1);
		state[12]++;
	}
}
#endif /* __CHECKER__ */
