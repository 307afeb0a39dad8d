/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * BLAKE2s compression (RFC 7693) on one message, the 4x4 state held as four
 * row vectors: a = v0..v3, b = v4..v7, c = v8..v11, d = v12..v15. The four
 * G of a column step run as one vector G; rotating the rows by lanes puts
 * the diagonals in columns for the second step (see B2V_ROUND), and the
 * opposite rotation puts them back. GCC vector extensions, so the same
 * source builds in the kernel (no intrinsics headers there) and in
 * userspace; the including file sets the ISA (SSSE3 or AVX) and the name.
 *
 * Included only by files whose code runs between kernel_fpu_begin/end.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include <wgcrypto/blake2s.h>

#ifdef __CHECKER__
/*
 * sparse knows neither vector types nor __builtin_shuffle: it checks this
 * stand-in instead (as chacha20-vec.h does).
 */
void wg_blake2s_compress_generic(struct wg_blake2s_state *state,
				 const u8 *block, size_t nblocks, u32 inc);
static void b2v_compress(struct wg_blake2s_state *state, const u8 *block,
			 size_t nblocks, u32 inc)
{
	wg_blake2s_compress_generic(state, block, nblocks, inc);
}
#else

typedef u32 b2_v4 __attribute__((__vector_size__(16)));
typedef u8 b2_v16b __attribute__((__vector_size__(16)));
typedef int b2_v4i __attribute__((__vector_size__(16)));
typedef char b2_v16c __attribute__((__vector_size__(16)));

static const u32 b2v_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

/* RFC 7693 section 2.7 */
static const u8 b2v_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

/* rotations by 16 and 8 are byte shuffles (pshufb); 12 and 7 are shifts */
static __always_inline b2_v4 b2v_ror16(b2_v4 x)
{
	return (b2_v4)__builtin_shuffle((b2_v16b)x,
		(b2_v16b){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13 });
}

static __always_inline b2_v4 b2v_ror8(b2_v4 x)
{
	return (b2_v4)__builtin_shuffle((b2_v16b)x,
		(b2_v16b){ 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12 });
}

#define B2V_ROT(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* lane i of the result is m[sigma[r][off + 2 i]] */
#define B2V_MSG(r, off) ((b2_v4){ m[b2v_sigma[r][(off)]],		\
				  m[b2v_sigma[r][(off) + 2]],		\
				  m[b2v_sigma[r][(off) + 4]],		\
				  m[b2v_sigma[r][(off) + 6]] })

/*
 * a + m first: a is ready long before b, so only one addition waits for b
 * on the critical path.
 */
#define B2V_G(mx, my) do {						\
	a = (a + (mx)) + b;						\
	d = b2v_ror16(d ^ a);						\
	c += d;								\
	b = B2V_ROT(b ^ c, 12);						\
	a = (a + (my)) + b;						\
	d = b2v_ror8(d ^ a);						\
	c += d;								\
	b = B2V_ROT(b ^ c, 7);						\
} while (0)

/*
 * The diagonal step rotates a, c and d rather than b, c and d: b comes out
 * of G last, so rotating it would lengthen the critical path. Lane j then
 * holds (a[j - 1], b[j], c[j + 1], d[j + 2]), the diagonal G number
 * 4 + (j - 1 mod 4), whose message words the lane order (3, 0, 1, 2)
 * (offsets 14, 8, 10, 12) picks.
 */
#define B2V_MSGD(r, off) ((b2_v4){ m[b2v_sigma[r][(off) + 6]],		\
				   m[b2v_sigma[r][(off)]],		\
				   m[b2v_sigma[r][(off) + 2]],		\
				   m[b2v_sigma[r][(off) + 4]] })

#define B2V_ROUND(r) do {						\
	B2V_G(B2V_MSG(r, 0), B2V_MSG(r, 1));				\
	a = __builtin_shuffle(a, (b2_v4){ 3, 0, 1, 2 });		\
	c = __builtin_shuffle(c, (b2_v4){ 1, 2, 3, 0 });		\
	d = __builtin_shuffle(d, (b2_v4){ 2, 3, 0, 1 });		\
	B2V_G(B2V_MSGD(r, 8), B2V_MSGD(r, 9));				\
	a = __builtin_shuffle(a, (b2_v4){ 1, 2, 3, 0 });		\
	c = __builtin_shuffle(c, (b2_v4){ 3, 0, 1, 2 });		\
	d = __builtin_shuffle(d, (b2_v4){ 2, 3, 0, 1 });		\
} while (0)

static __always_inline void b2v_compress(struct wg_blake2s_state *state,
					 const u8 *block, size_t nblocks,
					 u32 inc)
{
	const b2_v4 iv_lo = { b2v_iv[0], b2v_iv[1], b2v_iv[2], b2v_iv[3] };
	const b2_v4 iv_hi = { b2v_iv[4], b2v_iv[5], b2v_iv[6], b2v_iv[7] };
	b2_v4 h0, h1, a, b, c, d;
	u32 m[16];
	int i;

	memcpy(&h0, &state->h[0], 16);
	memcpy(&h1, &state->h[4], 16);
	while (nblocks--) {
		state->t[0] += inc;
		state->t[1] += (state->t[0] < inc);
		for (i = 0; i < 16; i++)
			m[i] = get_unaligned_le32(block + 4 * i);
		a = h0;
		b = h1;
		c = iv_lo;
		d = iv_hi ^ (b2_v4){ state->t[0], state->t[1], state->f[0],
				     state->f[1] };
		B2V_ROUND(0);
		B2V_ROUND(1);
		B2V_ROUND(2);
		B2V_ROUND(3);
		B2V_ROUND(4);
		B2V_ROUND(5);
		B2V_ROUND(6);
		B2V_ROUND(7);
		B2V_ROUND(8);
		B2V_ROUND(9);
		h0 ^= a ^ c;
		h1 ^= b ^ d;
		block += WG_BLAKE2S_BLOCK_SIZE;
	}
	memcpy(&state->h[0], &h0, 16);
	memcpy(&state->h[4], &h1, 16);
	memzero_explicit(m, sizeof(m));
}
#endif /* __CHECKER__ */
