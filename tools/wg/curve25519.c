// SPDX-License-Identifier: GPL-2.0
/*
 * X25519 written from RFC 7748 section 5: the Montgomery ladder with a
 * conditional swap, field elements as five 51-bit limbs multiplied in
 * 128 bits. Nothing branches on or indexes by secret bits. Only the tool's
 * `pubkey` needs it, so it is written for clarity, not speed.
 */
#include <string.h>

#include "curve25519.h"
#include "encoding.h"

typedef uint64_t fe[5];
typedef unsigned __int128 u128;

static const uint64_t MASK51 = (1ULL << 51) - 1;

static uint64_t load64(const uint8_t *s)
{
	uint64_t r = 0;
	int i;

	for (i = 7; i >= 0; --i)
		r = r << 8 | s[i];
	return r;
}

static void fe_frombytes(fe h, const uint8_t s[32])
{
	h[0] = load64(s) & MASK51;
	h[1] = (load64(s + 6) >> 3) & MASK51;
	h[2] = (load64(s + 12) >> 6) & MASK51;
	h[3] = (load64(s + 19) >> 1) & MASK51;
	h[4] = (load64(s + 24) >> 12) & MASK51;	/* drops bit 255 */
}

/* Bring every limb back under 2^51 (plus a little in limb 0). */
static void fe_carry(fe h)
{
	uint64_t c;
	int i;

	for (i = 0; i < 4; ++i) {
		c = h[i] >> 51;
		h[i] &= MASK51;
		h[i + 1] += c;
	}
	c = h[4] >> 51;
	h[4] &= MASK51;
	h[0] += c * 19;	/* 2^255 = 19 mod p */
	c = h[0] >> 51;
	h[0] &= MASK51;
	h[1] += c;
}

static void fe_add(fe h, const fe f, const fe g)
{
	int i;

	for (i = 0; i < 5; ++i)
		h[i] = f[i] + g[i];
	fe_carry(h);
}

/* f - g computed as f + 4p - g so no limb goes negative. */
static void fe_sub(fe h, const fe f, const fe g)
{
	static const uint64_t four_p[5] = {
		0x1FFFFFFFFFFFB4ULL, 0x1FFFFFFFFFFFFCULL, 0x1FFFFFFFFFFFFCULL,
		0x1FFFFFFFFFFFFCULL, 0x1FFFFFFFFFFFFCULL
	};
	int i;

	for (i = 0; i < 5; ++i)
		h[i] = f[i] + four_p[i] - g[i];
	fe_carry(h);
}

static void fe_mul(fe h, const fe f, const fe g)
{
	u128 t[5];
	uint64_t g19[5];
	uint64_t c;
	int i;

	for (i = 0; i < 5; ++i)
		g19[i] = g[i] * 19;
	/* Products landing at limb 5 and above wrap around times 19. */
	t[0] = (u128)f[0] * g[0] + (u128)f[1] * g19[4] + (u128)f[2] * g19[3] +
	       (u128)f[3] * g19[2] + (u128)f[4] * g19[1];
	t[1] = (u128)f[0] * g[1] + (u128)f[1] * g[0] + (u128)f[2] * g19[4] +
	       (u128)f[3] * g19[3] + (u128)f[4] * g19[2];
	t[2] = (u128)f[0] * g[2] + (u128)f[1] * g[1] + (u128)f[2] * g[0] +
	       (u128)f[3] * g19[4] + (u128)f[4] * g19[3];
	t[3] = (u128)f[0] * g[3] + (u128)f[1] * g[2] + (u128)f[2] * g[1] +
	       (u128)f[3] * g[0] + (u128)f[4] * g19[4];
	t[4] = (u128)f[0] * g[4] + (u128)f[1] * g[3] + (u128)f[2] * g[2] +
	       (u128)f[3] * g[1] + (u128)f[4] * g[0];
	for (i = 0; i < 4; ++i) {
		t[i + 1] += t[i] >> 51;
		t[i] &= MASK51;
	}
	c = (uint64_t)(t[4] >> 51);
	t[4] &= MASK51;
	for (i = 0; i < 5; ++i)
		h[i] = (uint64_t)t[i];
	h[0] += c * 19;
	fe_carry(h);
}

static void fe_sq(fe h, const fe f)
{
	fe_mul(h, f, f);
}

static void fe_mul_small(fe h, const fe f, uint64_t n)
{
	u128 t;
	uint64_t c = 0;
	int i;

	for (i = 0; i < 5; ++i) {
		t = (u128)f[i] * n + c;
		h[i] = (uint64_t)t & MASK51;
		c = (uint64_t)(t >> 51);
	}
	h[0] += c * 19;
	fe_carry(h);
}

/* z^(p-2) = z^-1; p - 2 = 2^255 - 21 and its bits are public. */
static void fe_invert(fe out, const fe z)
{
	fe r = { 1, 0, 0, 0, 0 };
	int i;

	for (i = 254; i >= 0; --i) {
		fe_sq(r, r);
		/* 2^255 - 21: bits 254..5 set, low five bits 01011 */
		if (i >= 5 || ((0x0b >> i) & 1))
			fe_mul(r, r, z);
	}
	memcpy(out, r, sizeof(fe));
}

static void fe_cswap(fe a, fe b, uint64_t swap)
{
	uint64_t mask = 0 - swap, x;
	int i;

	for (i = 0; i < 5; ++i) {
		x = mask & (a[i] ^ b[i]);
		a[i] ^= x;
		b[i] ^= x;
	}
}

static void fe_tobytes(uint8_t s[32], const fe f)
{
	fe h, t;
	uint64_t mask;
	int i;

	memcpy(h, f, sizeof(fe));
	fe_carry(h);
	fe_carry(h);
	/* h < 2p here; if h + 19 reaches 2^255 then h >= p: take h - p. */
	memcpy(t, h, sizeof(fe));
	t[0] += 19;
	for (i = 0; i < 4; ++i) {
		t[i + 1] += t[i] >> 51;
		t[i] &= MASK51;
	}
	mask = 0 - (t[4] >> 51);
	t[4] &= MASK51;
	for (i = 0; i < 5; ++i)
		h[i] = (h[i] & ~mask) | (t[i] & mask);
	memset(s, 0, 32);
	for (i = 0; i < 255; ++i) {
		int limb = i / 51, bit = i % 51;

		s[i / 8] |= (uint8_t)(((h[limb] >> bit) & 1) << (i % 8));
	}
	wg_memzero_explicit(h, sizeof(h));
	wg_memzero_explicit(t, sizeof(t));
}

void wg_curve25519_clamp(uint8_t key[32])
{
	key[0] &= 248;
	key[31] &= 127;
	key[31] |= 64;
}

void wg_curve25519(uint8_t out[32], const uint8_t scalar[32],
		   const uint8_t point[32])
{
	uint8_t k[32];
	fe x1, x2 = { 1 }, z2 = { 0 }, x3, z3 = { 1 };
	fe a, aa, b, bb, e, c, d, da, cb, t;
	uint64_t swap = 0, bit;
	int i;

	memcpy(k, scalar, 32);
	wg_curve25519_clamp(k);
	fe_frombytes(x1, point);
	memcpy(x3, x1, sizeof(fe));
	for (i = 254; i >= 0; --i) {
		bit = (k[i / 8] >> (i % 8)) & 1;
		swap ^= bit;
		fe_cswap(x2, x3, swap);
		fe_cswap(z2, z3, swap);
		swap = bit;
		fe_add(a, x2, z2);
		fe_sq(aa, a);
		fe_sub(b, x2, z2);
		fe_sq(bb, b);
		fe_sub(e, aa, bb);
		fe_add(c, x3, z3);
		fe_sub(d, x3, z3);
		fe_mul(da, d, a);
		fe_mul(cb, c, b);
		fe_add(t, da, cb);
		fe_sq(x3, t);
		fe_sub(t, da, cb);
		fe_sq(t, t);
		fe_mul(z3, x1, t);
		fe_mul(x2, aa, bb);
		fe_mul_small(t, e, 121665);	/* a24 = (486662 - 2) / 4 */
		fe_add(t, aa, t);
		fe_mul(z2, e, t);
	}
	fe_cswap(x2, x3, swap);
	fe_cswap(z2, z3, swap);
	fe_invert(z2, z2);
	fe_mul(x2, x2, z2);
	fe_tobytes(out, x2);

	wg_memzero_explicit(k, sizeof(k));
	wg_memzero_explicit(x2, sizeof(fe));
	wg_memzero_explicit(z2, sizeof(fe));
	wg_memzero_explicit(x3, sizeof(fe));
	wg_memzero_explicit(z3, sizeof(fe));
	wg_memzero_explicit(a, sizeof(fe));
	wg_memzero_explicit(aa, sizeof(fe));
	wg_memzero_explicit(b, sizeof(fe));
	wg_memzero_explicit(bb, sizeof(fe));
	wg_memzero_explicit(e, sizeof(fe));
	wg_memzero_explicit(c, sizeof(fe));
	wg_memzero_explicit(d, sizeof(fe));
	wg_memzero_explicit(da, sizeof(fe));
	wg_memzero_explicit(cb, sizeof(fe));
	wg_memzero_explicit(t, sizeof(fe));
}

void wg_curve25519_public(uint8_t pub[32], const uint8_t priv[32])
{
	static const uint8_t basepoint[32] = { 9 };

	wg_curve25519(pub, priv, basepoint);
}
