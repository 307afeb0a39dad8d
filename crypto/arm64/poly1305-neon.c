// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305 on arm64 NEON, radix 2^26: the set-up and the last step of a
 * call around the block loop of poly1305-neon-core.S (hand-written: see
 * there for the lanes, the two sets of four and the carries).
 *
 * The loop keeps eight accumulators (two sets of four lanes), each times
 * r^8 a step; a call ends with set A's last four blocks times r^4, set B
 * added into it lane by lane, and the last four blocks with lane j times
 * r^(4 - j), so the lanes' sum is what the serial Horner rule gives:
 * sum_j (A_j r^4 + B_j) r^(4 - j) = sum_j A_j r^(8 - j) + B_j r^(4 - j).
 * The sum goes back into the generic 64-bit state, so calls can mix this
 * path and the scalar one (short inputs).
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
	/* a = r^4: four more products give the loop's r^8 */
	for (j = 0; j < 4; j++)
		wg_poly1305_r64_mul_reduce(a, &st->g);
	wg_poly1305_r64_to_26(st->r8, a[0], a[1], a[2]);
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
 * The last step of a call: four blocks into the lanes, times (ra | rb)
 * lane-wise, carried. Once a call, so left to the compiler; the two
 * register sets are independent and the carries run two at a time.
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

/* the loop's key layout (poly1305-neon-core.S) for limbs l of a power */
static void poly1305_neon_key(u32 key[12], const u32 l[5])
{
	int k;

	for (k = 0; k < 5; k++)
		key[k] = l[k];
	for (k = 1; k < 5; k++)
		key[4 + k] = 5 * l[k];
	key[9] = 5;
	key[10] = 0;
	key[11] = 0;
}

void wg_poly1305_neon_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit)
{
	struct wg_poly1305_neon_st *st = (struct wg_poly1305_neon_st *)state;
	const v2 m26 = vdupq_n_u64(M26);
	const v2 pad = vdupq_n_u64((u64)hibit << 24);
	u32 h[2][5][4] __aligned(16), key4[12], key8[12], l[5];
	uint32x2_t ra[5], sa[5], rb[5], sb[5], na[5], nb[5];
	v2 ha[5], hb[5], la[5], lb[5];
	v2 a0, a1, a2, a3, a4, b0, b1, b2, b3, b4;
	size_t groups = nblocks / 4, n;
	u64 t[5];
	int k;

	if (!groups) {
		wg_poly1305_arm64_blocks(state, in, nblocks, hibit);
		return;
	}
	if (!st->have_powers)
		poly1305_neon_powers(st);

	/* the running h enters lane 0 of set A */
	memset(h, 0, sizeof(h));
	wg_poly1305_r64_to_26(l, st->g.h0, st->g.h1, st->g.h2);
	for (k = 0; k < 5; k++)
		h[0][k][0] = l[k];

	if (groups >= 2) {
		for (k = 0; k < 5; k++)
			l[k] = st->rp[k][0];
		poly1305_neon_key(key4, l);
		/* an odd group first, times r^4: the rest pair up */
		if (groups % 2) {
			wg_poly1305_neon_x4(h[0], in, 1, key4, hibit << 24);
			in += 4 * WG_POLY1305_BLOCK_SIZE;
			groups--;
		}
		n = groups / 2 - 1;
		if (n) {
			poly1305_neon_key(key8, st->r8);
			wg_poly1305_neon_x8(h, in, n, key8, hibit << 24);
			in += n * 8 * WG_POLY1305_BLOCK_SIZE;
		}
		/* set A's last group times r^4, then set B joins it */
		wg_poly1305_neon_x4(h[0], in, 1, key4, hibit << 24);
		in += 4 * WG_POLY1305_BLOCK_SIZE;
		for (k = 0; k < 5; k++)
			vst1q_u32(h[0][k], vaddq_u32(vld1q_u32(h[0][k]),
						     vld1q_u32(h[1][k])));
	}

	/* the last group: lane j times r^(4 - j) */
	for (k = 0; k < 5; k++) {
		uint32x4_t x = vld1q_u32(h[0][k]);

		ha[k] = vmovl_u32(vget_low_u32(x));
		hb[k] = vmovl_high_u32(x);
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
	memzero_explicit(h, sizeof(h));
	memzero_explicit(l, sizeof(l));
	memzero_explicit(key4, sizeof(key4));
	memzero_explicit(key8, sizeof(key8));
}
#endif /* __CHECKER__ */
