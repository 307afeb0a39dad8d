// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305 on arm64 NEON: four blocks per step in radix 2^26, the four
 * lanes in two registers of two 64-bit lanes (A: blocks 4i, 4i+1; B: blocks
 * 4i+2, 4i+3), products with umull/umlal (32x32->64 per lane).
 *
 * Lane j accumulates blocks 4i + j: H_j = (H_j + m_{4i+j}) * r^4, and in the
 * last step of a call H_j = (H_j + m) * r^(4 - j), so the lanes' sum is what
 * the serial Horner rule gives. The sum goes back into the generic 64-bit
 * state, so calls can mix this path and the generic one (short inputs).
 *
 * The two register sets are independent, and the carries run two at a time
 * (d0->d1 with d3->d4, then d1->d2 with d4->d0, ...): an in-order A53
 * always has a second chain to issue while one waits on a multiply.
 *
 * Only code that runs between kernel_neon_begin/end lives here (see
 * arm64.h): the key powers are computed lazily inside the blocks routine.
 */
#include <linux/string.h>
#include "arm64.h"
#include "../poly1305-radix64.h"

#ifdef __CHECKER__
/* sparse does not know the NEON builtins: it checks a stand-in */
void wg_poly1305_neon_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit)
{
	wg_poly1305_generic_impl.blocks(state, in, nblocks, hibit);
}
#else

#ifdef __WG_USERSPACE
#include <arm_neon.h>
#else
#include <asm/neon-intrinsics.h>
#endif

#define M26 WG_POLY1305_M26

static void poly1305_neon_powers(struct wg_poly1305_neon_st *st)
{
	u64 a[3] = { st->g.r0, st->g.r1, 0 };
	u32 l[5];
	int j, k;

	/* lane 3 gets r, lane 2 r^2, ..., lane 0 r^4 */
	for (j = 3; j >= 0; j--) {
		wg_poly1305_r64_to_26(l, a[0], a[1], a[2]);
		for (k = 0; k < 5; k++)
			st->rp[k][j] = l[k];
		if (j)
			wg_poly1305_r64_mul_reduce(a, &st->g);
	}
	st->have_powers = true;
	memzero_explicit(a, sizeof(a));
	memzero_explicit(l, sizeof(l));
}

typedef uint64x2_t v2;

/* d_k of one register set: h (narrowed to 32 bits) times r, s = 5r */
#define MULS(d0, d1, d2, d3, d4, h, r, s) do {				\
	d0 = vmull_u32(h[0], r[0]);					\
	d1 = vmull_u32(h[0], r[1]);					\
	d2 = vmull_u32(h[0], r[2]);					\
	d3 = vmull_u32(h[0], r[3]);					\
	d4 = vmull_u32(h[0], r[4]);					\
	d0 = vmlal_u32(d0, h[1], s[4]);					\
	d1 = vmlal_u32(d1, h[1], r[0]);					\
	d2 = vmlal_u32(d2, h[1], r[1]);					\
	d3 = vmlal_u32(d3, h[1], r[2]);					\
	d4 = vmlal_u32(d4, h[1], r[3]);					\
	d0 = vmlal_u32(d0, h[2], s[3]);					\
	d1 = vmlal_u32(d1, h[2], s[4]);					\
	d2 = vmlal_u32(d2, h[2], r[0]);					\
	d3 = vmlal_u32(d3, h[2], r[1]);					\
	d4 = vmlal_u32(d4, h[2], r[2]);					\
	d0 = vmlal_u32(d0, h[3], s[2]);					\
	d1 = vmlal_u32(d1, h[3], s[3]);					\
	d2 = vmlal_u32(d2, h[3], s[4]);					\
	d3 = vmlal_u32(d3, h[3], r[0]);					\
	d4 = vmlal_u32(d4, h[3], r[1]);					\
	d0 = vmlal_u32(d0, h[4], s[1]);					\
	d1 = vmlal_u32(d1, h[4], s[2]);					\
	d2 = vmlal_u32(d2, h[4], s[3]);					\
	d3 = vmlal_u32(d3, h[4], s[4]);					\
	d4 = vmlal_u32(d4, h[4], r[0]);					\
} while (0)

/* one carry step: c = d >> 26, d &= M26, e += c (times five if wrap) */
#define CARRY(d, e) do {						\
	v2 c_ = vshrq_n_u64(d, 26);					\
	d = vandq_u64(d, m26);						\
	e = vaddq_u64(e, c_);						\
} while (0)
#define CARRY5(d, e) do {						\
	v2 c_ = vshrq_n_u64(d, 26);					\
	d = vandq_u64(d, m26);						\
	e = vaddq_u64(e, vaddq_u64(c_, vshlq_n_u64(c_, 2)));		\
} while (0)

/*
 * 32 bytes (two blocks) into the five limbs of two lanes. The message has
 * no alignment, so it is loaded as bytes (a u64 access there would be
 * undefined behaviour), and trn pairs the blocks' low and high halves.
 */
#define SPLIT(l, p) do {						\
	const v2 m0_ = vreinterpretq_u64_u8(vld1q_u8(p));		\
	const v2 m1_ = vreinterpretq_u64_u8(vld1q_u8((p) + 16));	\
	v2 lo_ = vtrn1q_u64(m0_, m1_), hi_ = vtrn2q_u64(m0_, m1_);	\
									\
	l[0] = vandq_u64(lo_, m26);					\
	l[1] = vandq_u64(vshrq_n_u64(lo_, 26), m26);			\
	l[2] = vandq_u64(vorrq_u64(vshrq_n_u64(lo_, 52),		\
				   vshlq_n_u64(hi_, 12)), m26);		\
	l[3] = vandq_u64(vshrq_n_u64(hi_, 14), m26);			\
	l[4] = vorrq_u64(vshrq_n_u64(hi_, 40), pad);			\
} while (0)

/*
 * One step: four blocks into the lanes, times (ra | rb) lane-wise, carried.
 * The two register sets are independent, and the carries run two at a
 * time, so an in-order core always has a second chain to issue.
 */
#define STEP(ra_, sa_, rb_, sb_) do {					\
	SPLIT(la, in);							\
	SPLIT(lb, in + 32);						\
	/* written out: as a loop GCC keeps the limbs in stack arrays */ \
	na[0] = vmovn_u64(vaddq_u64(ha[0], la[0]));			\
	nb[0] = vmovn_u64(vaddq_u64(hb[0], lb[0]));			\
	na[1] = vmovn_u64(vaddq_u64(ha[1], la[1]));			\
	nb[1] = vmovn_u64(vaddq_u64(hb[1], lb[1]));			\
	na[2] = vmovn_u64(vaddq_u64(ha[2], la[2]));			\
	nb[2] = vmovn_u64(vaddq_u64(hb[2], lb[2]));			\
	na[3] = vmovn_u64(vaddq_u64(ha[3], la[3]));			\
	nb[3] = vmovn_u64(vaddq_u64(hb[3], lb[3]));			\
	na[4] = vmovn_u64(vaddq_u64(ha[4], la[4]));			\
	nb[4] = vmovn_u64(vaddq_u64(hb[4], lb[4]));			\
	MULS(a0, a1, a2, a3, a4, na, ra_, sa_);				\
	MULS(b0, b1, b2, b3, b4, nb, rb_, sb_);				\
	CARRY(a0, a1); CARRY(b0, b1);					\
	CARRY(a3, a4); CARRY(b3, b4);					\
	CARRY(a1, a2); CARRY(b1, b2);					\
	CARRY5(a4, a0); CARRY5(b4, b0);					\
	CARRY(a2, a3); CARRY(b2, b3);					\
	CARRY(a0, a1); CARRY(b0, b1);					\
	CARRY(a3, a4); CARRY(b3, b4);					\
	ha[0] = a0; ha[1] = a1; ha[2] = a2; ha[3] = a3; ha[4] = a4;	\
	hb[0] = b0; hb[1] = b1; hb[2] = b2; hb[3] = b3; hb[4] = b4;	\
} while (0)

void wg_poly1305_neon_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit)
{
	struct wg_poly1305_neon_st *st = (struct wg_poly1305_neon_st *)state;
	const v2 m26 = vdupq_n_u64(M26);
	const v2 pad = vdupq_n_u64((u64)hibit << 24);
	uint32x2_t r4[5], s4[5], ra[5], sa[5], rb[5], sb[5], na[5], nb[5];
	v2 ha[5], hb[5], la[5], lb[5];
	v2 a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
	size_t groups = nblocks / 4;
	u64 t[5];
	u32 l[5];
	int k;

	if (!groups) {
		wg_poly1305_arm64_blocks(state, in, nblocks, hibit);
		return;
	}
	if (!st->have_powers)
		poly1305_neon_powers(st);
	for (k = 0; k < 5; k++) {
		r4[k] = vdup_n_u32(st->rp[k][0]);
		s4[k] = vdup_n_u32(st->rp[k][0] * 5);
	}

	/* the running h enters lane 0 */
	wg_poly1305_r64_to_26(l, st->g.h0, st->g.h1, st->g.h2);
	for (k = 0; k < 5; k++)
		ha[k] = vsetq_lane_u64(l[k], vdupq_n_u64(0), 0);
	for (k = 0; k < 5; k++)
		hb[k] = vdupq_n_u64(0);

	/*
	 * Every step but the last multiplies all lanes by r^4, kept in
	 * registers; the last one, after the loop, by r^4, r^3 | r^2, r^1.
	 */
	while (--groups) {
		STEP(r4, s4, r4, s4);
		in += 4 * WG_POLY1305_BLOCK_SIZE;
	}
	for (k = 0; k < 5; k++) {
		ra[k] = vld1_u32(&st->rp[k][0]);
		rb[k] = vld1_u32(&st->rp[k][2]);
		sa[k] = vmul_n_u32(ra[k], 5);
		sb[k] = vmul_n_u32(rb[k], 5);
	}
	STEP(ra, sa, rb, sb);
	in += 4 * WG_POLY1305_BLOCK_SIZE;

	/* sum the lanes, back to radix 2^64 (h < 2^130 + a little) */
	for (k = 0; k < 5; k++)
		t[k] = vaddvq_u64(vaddq_u64(ha[k], hb[k]));
	wg_poly1305_r64_from_26(&st->g, t);

	if (nblocks % 4)
		wg_poly1305_arm64_blocks(state, in, nblocks % 4, hibit);
}
#endif /* __CHECKER__ */
