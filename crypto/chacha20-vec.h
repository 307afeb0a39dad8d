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
typedef u32 wg_vn __attribute__((__vector_size__(4 * WG_VEC_LANES)));
typedef u8 wg_vnb __attribute__((__vector_size__(4 * WG_VEC_LANES)));

#if WG_VEC_LANES == 4
#define VN_IOTA ((wg_vn){ 0, 1, 2, 3 })
#define ROT16_MASK ((wg_vnb){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13 })
#define ROT8_MASK ((wg_vnb){ 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14 })
#elif WG_VEC_LANES == 8
#define VN_IOTA ((wg_vn){ 0, 1, 2, 3, 4, 5, 6, 7 })
#define ROT16_MASK ((wg_vnb){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, \
			      18, 19, 16, 17, 22, 23, 20, 21, 26, 27, 24, 25, 30, 31, 28, 29 })
#define ROT8_MASK ((wg_vnb){ 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, \
			     19, 16, 17, 18, 23, 20, 21, 22, 27, 24, 25, 26, 31, 28, 29, 30 })
#else
#error "WG_VEC_LANES must be 4 or 8"
#endif

/* Rotates by 16 and 8 are byte permutations (one pshufb); 12 and 7 shifts. */
#define ROTL16(v) ((wg_vn)__builtin_shuffle((wg_vnb)(v), ROT16_MASK))
#define ROTL8(v) ((wg_vn)__builtin_shuffle((wg_vnb)(v), ROT8_MASK))
#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

#define VQR(a, b, c, d) do {						\
	a += b; d ^= a; d = ROTL16(d);					\
	c += d; b ^= c; b = ROTL(b, 12);				\
	a += b; d ^= a; d = ROTL8(d);					\
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

/* Lanes 4k..4k+3 of v as a 4-lane vector. */
static __always_inline wg_v4 vn_quarter(wg_vn v, int k)
{
	wg_v4 r;

	memcpy(&r, (const u8 *)&v + 16 * k, sizeof(r));
	return r;
}

/* One batch: WG_VEC_LANES keystream blocks XORed from src into dst. */
static __always_inline void chacha20_vec_batch(const u32 state[16], u8 *dst,
					       const u8 *src)
{
	wg_vn x[16], s[16];
	int i, k;

	for (i = 0; i < 16; i++)
		s[i] = (wg_vn){ 0 } + state[i];
	s[12] += VN_IOTA;
	for (i = 0; i < 16; i++)
		x[i] = s[i];
	for (i = 0; i < 10; i++) {
		VQR(x[0], x[4], x[8], x[12]);
		VQR(x[1], x[5], x[9], x[13]);
		VQR(x[2], x[6], x[10], x[14]);
		VQR(x[3], x[7], x[11], x[15]);
		VQR(x[0], x[5], x[10], x[15]);
		VQR(x[1], x[6], x[11], x[12]);
		VQR(x[2], x[7], x[8], x[13]);
		VQR(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		x[i] += s[i];
	for (k = 0; k < WG_VEC_LANES / 4; k++) {
		for (i = 0; i < 16; i += 4)
			v4_xor_out(dst + 256 * k + 4 * i, src + 256 * k + 4 * i,
				   vn_quarter(x[i], k), vn_quarter(x[i + 1], k),
				   vn_quarter(x[i + 2], k),
				   vn_quarter(x[i + 3], k));
	}
}

static void chacha20_vec_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks)
{
	while (nblocks >= WG_VEC_LANES) {
		chacha20_vec_batch(state, dst, src);
		state[12] += WG_VEC_LANES;
		nblocks -= WG_VEC_LANES;
		src += WG_VEC_LANES * 64;
		dst += WG_VEC_LANES * 64;
	}
	if (nblocks) {
		/* a short batch through a bounce buffer: keystream only */
		u8 ks[WG_VEC_LANES * 64];
		size_t i;

		memset(ks, 0, sizeof(ks));
		chacha20_vec_batch(state, ks, ks);
		for (i = 0; i < nblocks * 64; i++)
			dst[i] = src[i] ^ ks[i];
		state[12] += (u32)nblocks;
		memzero_explicit(ks, sizeof(ks));
	}
}
#endif /* __CHECKER__ */
