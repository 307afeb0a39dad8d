/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The fixed-base X25519 path, k * B on edwards25519, once for every field
 * arithmetic that wants it: a template header, so each X25519 file keeps
 * its own limbs, inlining and instruction choice while the group law, the
 * constant-time table select and the scalar recoding exist in one copy (a
 * fix lands in every path at once).
 *
 * edwards25519 is birationally equivalent to curve25519 (RFC 7748 section
 * 4.1), and there points add without the ladder's x-only restriction, so a
 * table of multiples of B replaces the ladder's 255 doublings. k = sum e_i
 * 16^i with signed digits e_i in [-8, 8]; with T[k][j - 1] = j 16^(2k) B
 * (wg_curve25519_base_table),
 *   k B = 16 * sum_k e_(2k+1) T[k] + sum_k e_(2k) T[k]:
 * 64 mixed additions (7 products each), 4 doublings and one inversion,
 * against the ladder's 255 steps of 10 products. Then u = (1 + y) / (1 - y).
 * Formulas: Hisil, Wong, Carter, Dawson, "Twisted Edwards curves revisited"
 * (2008), a = -1, extended coordinates (X : Y : Z : T), x = X / Z,
 * y = Y / Z, x y = T / Z.
 *
 * The including file defines first (as functions or macros):
 *  ge_fe			its field element type, an array of limbs,
 *				least significant first, so that the value
 *				1 is { 1, 0, ... } and 0 all zeros
 *  ge_fe_add(h, f, g)		h = f + g and h = f - g, with results that
 *  ge_fe_sub(h, f, g)		all operations here accept again, however
 *				many sums and differences are chained
 *  ge_fe_from_table(h, w)	h = a table value, w[0] + w[1] 2^64 +
 *				w[2] 2^128 + w[3] 2^192, below p; secret,
 *				as it is the selected entry
 * and has these, under these names (h may alias an input throughout):
 *  fe_mul(h, f, g), fe_sq(h, f), fe_invert(h, f)
 *  fe_cswap(f, g, b)		swaps f and g iff b is 1, without a branch
 *  fe_tobytes(s, f)		the canonical 32-byte encoding
 * It gets x25519_base_edwards(out, scalar) for its wg_curve25519_impl's
 * ->scalarmult_base.
 */
#ifndef _WG_EDWARDS25519_BASE_H
#define _WG_EDWARDS25519_BASE_H

#include <linux/string.h>
#include <wgcrypto/curve25519.h>
#include "internal.h"

struct ge_ext {
	ge_fe x, y, z, t;
};

/* an affine point as (y + x, y - x, 2 d x y) */
struct ge_pre {
	ge_fe ypx, ymx, xy2d;
};

/* -f is computed as 0 - f, in whichever limbs ge_fe_sub accepts */
static const ge_fe ge_fe_zero;

/*
 * The temporaries of one group operation, named as in the paper's
 * formulas; one struct so that one call wipes them all (they are secret).
 */
struct ge_scratch {
	ge_fe a, b, c, d, e, f, g, h;
};

/*
 * r = p + q; r may be p. The group operations are noinline so that their
 * temporaries, and the products inlined among them, take stack one frame
 * at a time instead of all adding up in the caller's (kernel stack).
 */
static noinline void ge_add_pre(struct ge_ext *r, const struct ge_ext *p,
				const struct ge_pre *q)
{
	struct ge_scratch v;

	ge_fe_sub(v.a, p->y, p->x);
	fe_mul(v.a, v.a, q->ymx);	/* (Y - X)(y - x) */
	ge_fe_add(v.b, p->y, p->x);
	fe_mul(v.b, v.b, q->ypx);	/* (Y + X)(y + x) */
	fe_mul(v.c, p->t, q->xy2d);	/* 2 d T x y */
	ge_fe_add(v.d, p->z, p->z);	/* 2 Z */
	ge_fe_sub(v.e, v.b, v.a);
	ge_fe_sub(v.f, v.d, v.c);
	ge_fe_add(v.g, v.d, v.c);
	ge_fe_add(v.h, v.b, v.a);
	fe_mul(r->x, v.e, v.f);
	fe_mul(r->y, v.g, v.h);
	fe_mul(r->t, v.e, v.h);
	fe_mul(r->z, v.f, v.g);
	memzero_explicit(&v, sizeof(v));
}

/* r = 2 p; r may be p */
static noinline void ge_dbl(struct ge_ext *r, const struct ge_ext *p)
{
	struct ge_scratch v;	/* no d: D = a A = -A is folded into G, H */

	fe_sq(v.a, p->x);		/* A = X^2 */
	fe_sq(v.b, p->y);		/* B = Y^2 */
	fe_sq(v.c, p->z);
	ge_fe_add(v.c, v.c, v.c);	/* C = 2 Z^2 */
	ge_fe_add(v.e, p->x, p->y);
	fe_sq(v.e, v.e);
	ge_fe_sub(v.e, v.e, v.a);
	ge_fe_sub(v.e, v.e, v.b);	/* E = (X + Y)^2 - A - B */
	ge_fe_sub(v.g, v.b, v.a);	/* G = -A + B */
	ge_fe_sub(v.f, v.g, v.c);	/* F = G - C */
	ge_fe_add(v.h, v.a, v.b);
	ge_fe_sub(v.h, ge_fe_zero, v.h);	/* H = -A - B */
	fe_mul(r->x, v.e, v.f);
	fe_mul(r->y, v.g, v.h);
	fe_mul(r->t, v.e, v.h);
	fe_mul(r->z, v.f, v.g);
	memzero_explicit(&v, sizeof(v));
}

/*
 * t = e T[k] for a secret digit e in [-8, 8], reading all eight entries
 * with masks: no memory index and no branch depends on e. 0 gives the
 * identity (1, 1, 0); a negative digit negates x: y + x and y - x swap,
 * 2 d x y changes sign.
 */
static noinline void ge_select(struct ge_pre *t, int k, s8 e)
{
	const u64 neg = (u64)(u8)e >> 7;
	const u64 abs = (u64)(u8)((e ^ -(s8)neg) + (s8)neg);
	u64 w[12], mask;	/* an entry's y + x, y - x, 2 d x y words */
	ge_fe minus;
	int i, j;

	BUILD_BUG_ON(sizeof(w) != sizeof(wg_curve25519_base_table[0][0]));
	memset(w, 0, sizeof(w));
	w[0] = 1;	/* y + x = 1 */
	w[4] = 1;	/* y - x = 1 */
	for (j = 1; j <= 8; j++) {
		const u64 *entry = &wg_curve25519_base_table[k][j - 1][0][0];

		/* all ones iff abs == j: (abs ^ j) - 1 wraps only from 0 */
		mask = 0 - (((abs ^ (u64)j) - 1) >> 63);
		for (i = 0; i < 12; i++)
			w[i] ^= (w[i] ^ entry[i]) & mask;
	}
	ge_fe_from_table(t->ypx, w);
	ge_fe_from_table(t->ymx, w + 4);
	ge_fe_from_table(t->xy2d, w + 8);
	fe_cswap(t->ypx, t->ymx, neg);
	ge_fe_sub(minus, ge_fe_zero, t->xy2d);
	fe_cswap(t->xy2d, minus, neg);
	memzero_explicit(w, sizeof(w));
	memzero_explicit(minus, sizeof(minus));
}

/* the identity (0 : 1 : 1 : 0) */
static void ge_set_identity(struct ge_ext *p)
{
	memset(p, 0, sizeof(*p));
	p->y[0] = 1;
	p->z[0] = 1;
}

/*
 * Radix 16, then digits moved into [-8, 7] (the top one <= 8, as k is
 * clamped below 2^255); arithmetic only, no branch on the secret digits.
 */
static void ge_scalar_digits(s8 e[64], const u8 k[32])
{
	int i, carry;

	for (i = 0; i < 32; i++) {
		e[2 * i] = k[i] & 15;
		e[2 * i + 1] = k[i] >> 4;
	}
	carry = 0;
	for (i = 0; i < 63; i++) {
		e[i] += carry;
		carry = (e[i] + 8) >> 4;
		e[i] -= carry << 4;
	}
	e[63] += carry;
}

/* every secret of a run in one place, wiped with one call */
struct ge_base_state {
	struct ge_ext p;
	struct ge_pre t;
	ge_fe u, v;
	u8 k[32];
	s8 e[64];
};

/* out = clamp(scalar) * 9 on curve25519 */
static void x25519_base_edwards(u8 out[32], const u8 scalar[32])
{
	struct ge_base_state s;
	int i;

	memcpy(s.k, scalar, 32);
	wg_curve25519_clamp_secret(s.k);
	ge_scalar_digits(s.e, s.k);

	ge_set_identity(&s.p);
	for (i = 1; i < 64; i += 2) {
		ge_select(&s.t, i / 2, s.e[i]);
		ge_add_pre(&s.p, &s.p, &s.t);
	}
	for (i = 0; i < 4; i++)
		ge_dbl(&s.p, &s.p);
	for (i = 0; i < 64; i += 2) {
		ge_select(&s.t, i / 2, s.e[i]);
		ge_add_pre(&s.p, &s.p, &s.t);
	}

	/* u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y) */
	ge_fe_add(s.u, s.p.z, s.p.y);
	ge_fe_sub(s.v, s.p.z, s.p.y);
	fe_invert(s.v, s.v);
	fe_mul(s.u, s.u, s.v);
	fe_tobytes(out, s.u);
	memzero_explicit(&s, sizeof(s));
}

#endif /* _WG_EDWARDS25519_BASE_H */
