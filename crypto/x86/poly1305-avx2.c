// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305, four blocks per step with AVX2, radix 2^26 in 64-bit lanes.
 *
 * Lane j accumulates blocks 4i + j: H_j = (H_j + m_{4i+j}) * r^4, and in
 * the last step of a call H_j = (H_j + m) * r^(4 - j), so the lanes' sum is
 * exactly what the serial Horner rule gives. The sum goes back into the
 * generic 64-bit state, so calls can mix this path and the generic one.
 *
 * Only code that runs between kernel_fpu_begin/end lives here (see x86.h):
 * the key powers are computed lazily inside the blocks routine for that
 * reason. Kbuild compiles this file alone with -mavx2 (Kbuild.include); the
 * userspace build uses the pragma. The 32x32->64 multiply is the compiler's
 * own builtin behind _mm256_mul_epu32: no intrinsics header is needed.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("avx2")
#endif
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include "x86.h"
#include "../poly1305-radix64.h"

#define poly1305_avx2_st wg_poly1305_avx2_st

#define M26 WG_POLY1305_M26

static void poly1305_avx2_powers(struct poly1305_avx2_st *st)
{
	u64 a[3];
	u32 l[5];
	int j, k;

	a[0] = st->g.r0;
	a[1] = st->g.r1;
	a[2] = 0;
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

#ifdef __CHECKER__
/* sparse has no vector types: it checks a stand-in (see chacha20-vec.h) */
void wg_poly1305_avx2_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit)
{
	wg_poly1305_generic_impl.blocks(state, in, nblocks, hibit);
}
#else

typedef u64 v4u64 __attribute__((__vector_size__(32)));
typedef int v8si __attribute__((__vector_size__(32)));

/* the low 32 bits of each lane multiplied, 64-bit results (vpmuludq) */
#define MUL(a, b) ((v4u64)__builtin_ia32_pmuludq256((v8si)(a), (v8si)(b)))

void wg_poly1305_avx2_blocks(struct wg_poly1305_state *state, const u8 *in,
			     size_t nblocks, u32 hibit)
{
	struct poly1305_avx2_st *st = (struct poly1305_avx2_st *)state;
	const v4u64 m26 = (v4u64){ 0 } + M26;
	const v4u64 pad = (v4u64){ 0 } + ((u64)hibit << 24);
	v4u64 r[5], s[5], rl[5], sl[5];
	v4u64 h0, h1, h2, h3, h4, d0, d1, d2, d3, d4, c, a, b, lo, hi;
	size_t groups = nblocks / 4;
	u64 t[5], lane[4];
	u32 l[5];
	int k;

	if (!groups) {
		wg_poly1305_generic_impl.blocks(state, in, nblocks, hibit);
		return;
	}
	if (!st->have_powers)
		poly1305_avx2_powers(st);
	for (k = 0; k < 5; k++) {
		rl[k] = (v4u64){ st->rp[k][0], st->rp[k][1], st->rp[k][2],
				 st->rp[k][3] };
		r[k] = (v4u64){ 0 } + st->rp[k][0];	/* r^4 in every lane */
		sl[k] = rl[k] * 5;
		s[k] = r[k] * 5;
	}

	/* the running h enters lane 0 */
	wg_poly1305_r64_to_26(l, st->g.h0, st->g.h1, st->g.h2);
	h0 = (v4u64){ l[0] };
	h1 = (v4u64){ l[1] };
	h2 = (v4u64){ l[2] };
	h3 = (v4u64){ l[3] };
	h4 = (v4u64){ l[4] };

	while (groups--) {
		const v4u64 *pr = groups ? r : rl, *ps = groups ? s : sl;

		/* blocks j = 0..3 into lanes: lo and hi 64-bit halves */
		memcpy(&a, in, 32);
		memcpy(&b, in + 32, 32);
		lo = __builtin_shuffle(a, b, (v4u64){ 0, 2, 4, 6 });
		hi = __builtin_shuffle(a, b, (v4u64){ 1, 3, 5, 7 });
		h0 += lo & m26;
		h1 += (lo >> 26) & m26;
		h2 += ((lo >> 52) | (hi << 12)) & m26;
		h3 += (hi >> 14) & m26;
		h4 += (hi >> 40) | pad;

		/* h *= r^k per lane; 2^130 = 5 folds the high products */
		d0 = MUL(h0, pr[0]) + MUL(h1, ps[4]) + MUL(h2, ps[3]) +
		     MUL(h3, ps[2]) + MUL(h4, ps[1]);
		d1 = MUL(h0, pr[1]) + MUL(h1, pr[0]) + MUL(h2, ps[4]) +
		     MUL(h3, ps[3]) + MUL(h4, ps[2]);
		d2 = MUL(h0, pr[2]) + MUL(h1, pr[1]) + MUL(h2, pr[0]) +
		     MUL(h3, ps[4]) + MUL(h4, ps[3]);
		d3 = MUL(h0, pr[3]) + MUL(h1, pr[2]) + MUL(h2, pr[1]) +
		     MUL(h3, pr[0]) + MUL(h4, ps[4]);
		d4 = MUL(h0, pr[4]) + MUL(h1, pr[3]) + MUL(h2, pr[2]) +
		     MUL(h3, pr[1]) + MUL(h4, pr[0]);

		/*
		 * Carries in two chains side by side (0 -> 1 -> 2 -> 3 and
		 * 3 -> 4 -> 0 -> 1), four steps deep instead of seven: this
		 * chain is what the next group waits for. h1 and h4 may keep
		 * a bit above 26, which the products allow (5 terms below
		 * 2^27 * 2^29).
		 */
		c = d0 >> 26; d0 &= m26; d1 += c;
		b = d3 >> 26; d3 &= m26; d4 += b;
		c = d1 >> 26; h1 = d1 & m26; d2 += c;
		b = d4 >> 26; h4 = d4 & m26; d0 += b + (b << 2);
		c = d2 >> 26; h2 = d2 & m26; d3 += c;
		b = d0 >> 26; h0 = d0 & m26; h1 += b;
		c = d3 >> 26; h3 = d3 & m26; h4 += c;
		in += 64;
	}

	/* sum the lanes, back to radix 2^64 (h < 2^130 + a little) */
	memcpy(lane, &h0, 32);
	t[0] = lane[0] + lane[1] + lane[2] + lane[3];
	memcpy(lane, &h1, 32);
	t[1] = lane[0] + lane[1] + lane[2] + lane[3];
	memcpy(lane, &h2, 32);
	t[2] = lane[0] + lane[1] + lane[2] + lane[3];
	memcpy(lane, &h3, 32);
	t[3] = lane[0] + lane[1] + lane[2] + lane[3];
	memcpy(lane, &h4, 32);
	t[4] = lane[0] + lane[1] + lane[2] + lane[3];
	wg_poly1305_r64_from_26(&st->g, t);

	if (nblocks % 4)
		wg_poly1305_generic_impl.blocks(state, in, nblocks % 4, hibit);
}
#endif /* __CHECKER__ */
