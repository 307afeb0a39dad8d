// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * BLAKE2s compression (RFC 7693) on arm64 NEON, with intrinsics: one
 * message, the 4x4 working state in four vectors (its rows), so the four
 * G functions of a column step are one vector G; then rows 1, 2, 3 are
 * rotated by 1, 2, 3 words (ext) so the diagonals line up as columns, and
 * back after the diagonal step. The message words of a step are gathered
 * from the block's four vectors by one four-register tbl each, with byte
 * indexes precomputed from the schedule (sigma).
 *
 * Rotations (right): by 16 a halfword swap (rev32), by 8 a byte tbl, by 12
 * and 7 a shift plus shift-right-insert.
 *
 * Only code that runs between kernel_neon_begin/end lives here (see
 * arm64.h). Little-endian only (the glue refuses big-endian kernels).
 *
 * Measured slower than the portable code on the llvm-mca models of
 * Cortex-A53 and Cortex-A72 (crypto/README): one message is one chain of
 * dependent vector operations. Not built into the module.
 */
#include <wgcrypto/blake2s.h>
#include "arm64.h"

#ifdef __CHECKER__
/* sparse does not know the NEON builtins: it checks a stand-in */
void wg_blake2s_neon_compress(struct wg_blake2s_state *state,
			      const u8 *block, size_t nblocks, u32 inc)
{
	wg_blake2s_compress_generic(state, block, nblocks, inc);
}
#else

#ifdef __WG_USERSPACE
#include <arm_neon.h>
#else
#include <asm/neon-intrinsics.h>
#endif

typedef uint32x4_t v4;

static const u32 blake2s_iv4[8] __aligned(16) = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

/*
 * For round r, four index vectors: the first and second message words of
 * the column step's four G, then of the diagonal step's. Byte 4k + j of a
 * vector is 4 * sigma + j, a tbl index into the 64-byte block. Written out
 * from RFC 7693's sigma (section 2.7) by the rule
 *   col1[i] = s[2i], col2[i] = s[2i + 1], dia1[i] = s[8 + 2i],
 *   dia2[i] = s[9 + 2i].
 */
#define W(x) (4 * (x)), (4 * (x) + 1), (4 * (x) + 2), (4 * (x) + 3)
#define V4(a, b, c, d) { W(a), W(b), W(c), W(d) }
#define SIGMA(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12,	\
	      s13, s14, s15)						\
	V4(s0, s2, s4, s6), V4(s1, s3, s5, s7),				\
	V4(s8, s10, s12, s14), V4(s9, s11, s13, s15)

static const u8 msg_idx[10 * 4][16] __aligned(16) = {
	SIGMA(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
	SIGMA(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3),
	SIGMA(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4),
	SIGMA(7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8),
	SIGMA(9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13),
	SIGMA(2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9),
	SIGMA(12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11),
	SIGMA(13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10),
	SIGMA(6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5),
	SIGMA(10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0),
};

#undef SIGMA
#undef V4
#undef W

/* byte i of a word rotated right by 8 is byte i + 1 of it */
static const u8 ror8_idx[16] __aligned(16) = {
	1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12
};

#define ADD(a, b) vaddq_u32(a, b)
#define XOR(a, b) veorq_u32(a, b)
#define ROR16(v) vreinterpretq_u32_u16(vrev32q_u16(vreinterpretq_u16_u32(v)))
#define ROR8(v) vreinterpretq_u32_u8(vqtbl1q_u8(vreinterpretq_u8_u32(v), r8))
/* ror(t, n): t << (32 - n), the top 32 - n bits of t shifted in below */
#define RORN(t, n) vsriq_n_u32(vshlq_n_u32(t, 32 - (n)), t, n)
#define MSG(k) vreinterpretq_u32_u8(vqtbl4q_u8(mb, vld1q_u8(msg_idx[k])))

/* Four G side by side: a += b + m; d = ror(d ^ a, 16); ... (RFC 7693 3.1) */
#define G4(a, b, c, d, x, y) do {					\
	v4 t_;								\
									\
	a = ADD(ADD(a, x), b);						\
	d = ROR16(XOR(d, a));						\
	c = ADD(c, d);							\
	t_ = XOR(b, c);							\
	b = RORN(t_, 12);						\
	a = ADD(ADD(a, y), b);						\
	d = ROR8(XOR(d, a));						\
	c = ADD(c, d);							\
	t_ = XOR(b, c);							\
	b = RORN(t_, 7);						\
} while (0)

void wg_blake2s_neon_compress(struct wg_blake2s_state *state,
			      const u8 *block, size_t nblocks, u32 inc)
{
	const uint8x16_t r8 = vld1q_u8(ror8_idx);
	const v4 iv0 = vld1q_u32(blake2s_iv4), iv1 = vld1q_u32(blake2s_iv4 + 4);
	v4 h0 = vld1q_u32(state->h), h1 = vld1q_u32(state->h + 4);
	u32 tf[4];
	int r;

	while (nblocks--) {
		uint8x16x4_t mb;
		v4 a, b, c, d;

		/* 64-bit byte counter kept as two words */
		state->t[0] += inc;
		state->t[1] += (state->t[0] < inc);
		tf[0] = state->t[0];
		tf[1] = state->t[1];
		tf[2] = state->f[0];
		tf[3] = state->f[1];

		mb.val[0] = vld1q_u8(block);
		mb.val[1] = vld1q_u8(block + 16);
		mb.val[2] = vld1q_u8(block + 32);
		mb.val[3] = vld1q_u8(block + 48);
		a = h0;
		b = h1;
		c = iv0;
		d = XOR(iv1, vld1q_u32(tf));

		/* peeled, so each round's index loads are plain constants */
#pragma GCC unroll 10
		for (r = 0; r < 10; r++) {
			G4(a, b, c, d, MSG(4 * r), MSG(4 * r + 1));
			/* lane i of b, c, d: v[4 + (i + 1) % 4], ... */
			b = vextq_u32(b, b, 1);
			c = vextq_u32(c, c, 2);
			d = vextq_u32(d, d, 3);
			G4(a, b, c, d, MSG(4 * r + 2), MSG(4 * r + 3));
			b = vextq_u32(b, b, 3);
			c = vextq_u32(c, c, 2);
			d = vextq_u32(d, d, 1);
		}
		h0 = XOR(h0, XOR(a, c));
		h1 = XOR(h1, XOR(b, d));
		block += WG_BLAKE2S_BLOCK_SIZE;
	}
	vst1q_u32(state->h, h0);
	vst1q_u32(state->h + 4, h1);
	/*
	 * The vector registers still hold message and state words: in the
	 * kernel they are the kernel's own until the task's are restored on
	 * the way back to user mode (kernel_neon_begin saved those).
	 */
}
#endif /* __CHECKER__ */
