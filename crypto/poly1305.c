// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Poly1305 (RFC 8439 section 2.5), portable C, in one of two radixes:
 *  - radix 2^64 (two full limbs and a few bits) with 64x64->128 products,
 *    where the compiler has a 128-bit type (64-bit targets);
 *  - 5 limbs of 26 bits with 32x32->64 products everywhere else (and when
 *    WG_POLY1305_FORCE_32 is defined, so tests prove this path on x86_64).
 * Arithmetic is modulo p = 2^130 - 5, using 2^130 = 5 (mod p) to fold high
 * products back. No branch or index depends on key or message.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <wg/compat.h>
#include "internal.h"
#include "simd.h"

#if (defined(CONFIG_ARCH_SUPPORTS_INT128) || defined(__WG_USERSPACE)) && \
	defined(__SIZEOF_INT128__) && !defined(WG_POLY1305_FORCE_32)
#define WG_POLY1305_64 1
#endif

#ifdef WG_POLY1305_64

#include "poly1305-radix64.h"

/* Radix 2^64 (poly1305-radix64.h has the arithmetic and why it works). */
#define poly1305_st64 wg_poly1305_st64

static void poly1305_generic_init(struct wg_poly1305_state *state,
				  const u8 key[16])
{
	struct poly1305_st64 *st = (struct poly1305_st64 *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	/* r &= 0x0ffffffc0ffffffc0ffffffc0fffffff */
	st->r0 = get_unaligned_le64(key) & 0x0ffffffc0fffffffULL;
	st->r1 = get_unaligned_le64(key + 8) & 0x0ffffffc0ffffffcULL;
	st->s1 = st->r1 + (st->r1 >> 2);
	st->h0 = 0;
	st->h1 = 0;
	st->h2 = 0;
}

static void poly1305_generic_blocks(struct wg_poly1305_state *state,
				    const u8 *in, size_t nblocks, u32 hibit)
{
	struct poly1305_st64 *st = (struct poly1305_st64 *)state;
	const u64 r0 = st->r0, r1 = st->r1, s1 = st->s1;
	u64 h0 = st->h0, h1 = st->h1, h2 = st->h2;
	wg_u128 t;

	while (nblocks--) {
		/* h += m, with the 2^128 pad bit */
		t = (wg_u128)h0 + get_unaligned_le64(in);
		h0 = (u64)t;
		t = (wg_u128)h1 + get_unaligned_le64(in + 8) + (u64)(t >> 64);
		h1 = (u64)t;
		h2 += (u64)(t >> 64) + hibit;

		WG_POLY1305_R64_MUL(h0, h1, h2, r0, r1, s1);
		WG_POLY1305_R64_FOLD(h0, h1, h2);
		in += WG_POLY1305_BLOCK_SIZE;
	}
	st->h0 = h0;
	st->h1 = h1;
	st->h2 = h2;
}

static void poly1305_generic_emit(struct wg_poly1305_state *state, u8 mac[16],
				  const u8 s[16])
{
	struct poly1305_st64 *st = (struct poly1305_st64 *)state;
	u64 h[3] = { st->h0, st->h1, st->h2 };
	wg_u128 t;

	/* h < 2^130 + small: fold once more so h < 2^130 + 5, then mod p */
	WG_POLY1305_R64_FOLD(h[0], h[1], h[2]);
	wg_poly1305_r64_reduce(h);

	/* (h + s) mod 2^128 */
	t = (wg_u128)h[0] + get_unaligned_le64(s);
	put_unaligned_le64((u64)t, mac);
	h[1] += get_unaligned_le64(s + 8) + (u64)(t >> 64);
	put_unaligned_le64(h[1], mac + 8);
	memzero_explicit(h, sizeof(h));
}

#define POLY1305_GENERIC_NAME "generic-64"

#else /* 26-bit limbs */

#define M26 0x3ffffffU

struct poly1305_st32 {
	u32 r[5];
	u32 s[4];	/* 5 * r1..r4: the 2^130 = 5 (mod p) folding */
	u32 h[5];
};

static void poly1305_generic_init(struct wg_poly1305_state *state,
				  const u8 key[16])
{
	struct poly1305_st32 *st = (struct poly1305_st32 *)state;
	u32 t0 = get_unaligned_le32(key) & 0x0fffffff;
	u32 t1 = get_unaligned_le32(key + 4) & 0x0ffffffc;
	u32 t2 = get_unaligned_le32(key + 8) & 0x0ffffffc;
	u32 t3 = get_unaligned_le32(key + 12) & 0x0ffffffc;
	int i;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	st->r[0] = t0 & M26;
	st->r[1] = ((t0 >> 26) | (t1 << 6)) & M26;
	st->r[2] = ((t1 >> 20) | (t2 << 12)) & M26;
	st->r[3] = ((t2 >> 14) | (t3 << 18)) & M26;
	st->r[4] = t3 >> 8;
	for (i = 0; i < 4; i++)
		st->s[i] = st->r[i + 1] * 5;
	for (i = 0; i < 5; i++)
		st->h[i] = 0;
}

static void poly1305_generic_blocks(struct wg_poly1305_state *state,
				    const u8 *in, size_t nblocks, u32 hibit)
{
	struct poly1305_st32 *st = (struct poly1305_st32 *)state;
	const u32 r0 = st->r[0], r1 = st->r[1], r2 = st->r[2], r3 = st->r[3],
		  r4 = st->r[4];
	const u32 s1 = st->s[0], s2 = st->s[1], s3 = st->s[2], s4 = st->s[3];
	u32 h0 = st->h[0], h1 = st->h[1], h2 = st->h[2], h3 = st->h[3],
	    h4 = st->h[4];
	u64 d0, d1, d2, d3, d4;
	u32 c, t0, t1, t2, t3;

	while (nblocks--) {
		t0 = get_unaligned_le32(in);
		t1 = get_unaligned_le32(in + 4);
		t2 = get_unaligned_le32(in + 8);
		t3 = get_unaligned_le32(in + 12);
		h0 += t0 & M26;
		h1 += ((t0 >> 26) | (t1 << 6)) & M26;
		h2 += ((t1 >> 20) | (t2 << 12)) & M26;
		h3 += ((t2 >> 14) | (t3 << 18)) & M26;
		h4 += (t3 >> 8) | (hibit << 24);

		d0 = (u64)h0 * r0 + (u64)h1 * s4 + (u64)h2 * s3 +
		     (u64)h3 * s2 + (u64)h4 * s1;
		d1 = (u64)h0 * r1 + (u64)h1 * r0 + (u64)h2 * s4 +
		     (u64)h3 * s3 + (u64)h4 * s2;
		d2 = (u64)h0 * r2 + (u64)h1 * r1 + (u64)h2 * r0 +
		     (u64)h3 * s4 + (u64)h4 * s3;
		d3 = (u64)h0 * r3 + (u64)h1 * r2 + (u64)h2 * r1 +
		     (u64)h3 * r0 + (u64)h4 * s4;
		d4 = (u64)h0 * r4 + (u64)h1 * r3 + (u64)h2 * r2 +
		     (u64)h3 * r1 + (u64)h4 * r0;

		c = (u32)(d0 >> 26);
		h0 = (u32)d0 & M26;
		d1 += c;
		c = (u32)(d1 >> 26);
		h1 = (u32)d1 & M26;
		d2 += c;
		c = (u32)(d2 >> 26);
		h2 = (u32)d2 & M26;
		d3 += c;
		c = (u32)(d3 >> 26);
		h3 = (u32)d3 & M26;
		d4 += c;
		c = (u32)(d4 >> 26);
		h4 = (u32)d4 & M26;
		h0 += c * 5;
		c = h0 >> 26;
		h0 &= M26;
		h1 += c;
		in += WG_POLY1305_BLOCK_SIZE;
	}
	st->h[0] = h0;
	st->h[1] = h1;
	st->h[2] = h2;
	st->h[3] = h3;
	st->h[4] = h4;
}

static void poly1305_generic_emit(struct wg_poly1305_state *state, u8 mac[16],
				  const u8 s[16])
{
	struct poly1305_st32 *st = (struct poly1305_st32 *)state;
	u32 h[5], g[5], c, mask;
	u64 f;
	int i, k;

	memcpy(h, st->h, sizeof(h));
	/* fully carry: h < 2^130 */
	for (k = 0; k < 2; k++) {
		for (i = 1; i < 5; i++) {
			c = h[i] >> 26;
			h[i] &= M26;
			if (i < 4)
				h[i + 1] += c;
			else
				h[0] += c * 5;
		}
		c = h[0] >> 26;
		h[0] &= M26;
		h[1] += c;
	}
	c = h[1] >> 26;
	h[1] &= M26;
	h[2] += c;
	c = h[2] >> 26;
	h[2] &= M26;
	h[3] += c;
	c = h[3] >> 26;
	h[3] &= M26;
	h[4] += c;

	/* g = h + 5 - 2^130; keep it if that did not borrow, i.e. h >= p */
	c = 5;
	for (i = 0; i < 4; i++) {
		g[i] = h[i] + c;
		c = g[i] >> 26;
		g[i] &= M26;
	}
	g[4] = h[4] + c - (1U << 26);
	mask = (g[4] >> 31) - 1;	/* all ones if no borrow */
	for (i = 0; i < 5; i++)
		h[i] = (h[i] & ~mask) | (g[i] & mask);

	/* (h + s) mod 2^128, in 32-bit words */
	f = (u64)(h[0] | (h[1] << 26)) + get_unaligned_le32(s);
	put_unaligned_le32((u32)f, mac);
	f = (u64)((h[1] >> 6) | (h[2] << 20)) + get_unaligned_le32(s + 4) +
	    (f >> 32);
	put_unaligned_le32((u32)f, mac + 4);
	f = (u64)((h[2] >> 12) | (h[3] << 14)) + get_unaligned_le32(s + 8) +
	    (f >> 32);
	put_unaligned_le32((u32)f, mac + 8);
	f = (u64)((h[3] >> 18) | (h[4] << 8)) + get_unaligned_le32(s + 12) +
	    (f >> 32);
	put_unaligned_le32((u32)f, mac + 12);
	memzero_explicit(h, sizeof(h));
	memzero_explicit(g, sizeof(g));
}

#define POLY1305_GENERIC_NAME "generic-32"

#endif

static bool poly1305_generic_usable(void)
{
	return true;
}

const struct wg_poly1305_impl wg_poly1305_generic_impl = {
	.name = POLY1305_GENERIC_NAME,
	.usable = poly1305_generic_usable,
	.init = poly1305_generic_init,
	.blocks = poly1305_generic_blocks,
	.emit = poly1305_generic_emit,
};

/*
 * SIMD paths share the generic state layout (struct wg_poly1305_st64 on
 * 64-bit), so short inputs and SIMD-less contexts use the generic routine,
 * or the path's own scalar one on that state.
 */
static void poly1305_blocks(struct wg_poly1305_ctx *ctx, const u8 *in,
			    size_t nblocks, u32 hibit)
{
	const struct wg_poly1305_impl *impl = ctx->impl;

	if (!impl->simd) {
		impl->blocks(&ctx->st, in, nblocks, hibit);
		return;
	}
	if (nblocks * WG_POLY1305_BLOCK_SIZE < impl->min_bytes ||
	    !may_use_simd()) {
		if (impl->scalar_blocks)
			impl->scalar_blocks(&ctx->st, in, nblocks, hibit);
		else
			wg_poly1305_generic_impl.blocks(&ctx->st, in, nblocks,
							hibit);
		return;
	}
	while (nblocks) {
		struct wg_simd_state simd;
		size_t n = min_t(size_t, nblocks,
				 WG_SIMD_CHUNK / WG_POLY1305_BLOCK_SIZE);

		wg_simd_begin(&simd);
		impl->blocks(&ctx->st, in, n, hibit);
		wg_simd_end(&simd);
		nblocks -= n;
		in += n * WG_POLY1305_BLOCK_SIZE;
	}
}

void wg_poly1305_init(struct wg_poly1305_ctx *ctx,
		      const u8 key[WG_POLY1305_KEY_SIZE])
{
	ctx->impl = READ_ONCE(wg_poly1305_cur);
	ctx->impl->init(&ctx->st, key);
	memcpy(ctx->s, key + 16, 16);
	ctx->buflen = 0;
}

void wg_poly1305_update(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len)
{
	size_t n;

	if (ctx->buflen) {
		n = min_t(size_t, len, WG_POLY1305_BLOCK_SIZE - ctx->buflen);
		memcpy(ctx->buf + ctx->buflen, in, n);
		ctx->buflen += n;
		in += n;
		len -= n;
		if (ctx->buflen < WG_POLY1305_BLOCK_SIZE)
			return;
		poly1305_blocks(ctx, ctx->buf, 1, 1);
		ctx->buflen = 0;
	}
	if (len >= WG_POLY1305_BLOCK_SIZE) {
		n = len / WG_POLY1305_BLOCK_SIZE;
		poly1305_blocks(ctx, in, n, 1);
		in += n * WG_POLY1305_BLOCK_SIZE;
		len -= n * WG_POLY1305_BLOCK_SIZE;
	}
	if (len) {
		memcpy(ctx->buf, in, len);
		ctx->buflen = (unsigned int)len;
	}
}

void wg_poly1305_final(struct wg_poly1305_ctx *ctx,
		       u8 mac[WG_POLY1305_MAC_SIZE])
{
	if (ctx->buflen) {
		/* the last partial block: a 1 byte after it, no 2^128 bit */
		ctx->buf[ctx->buflen++] = 1;
		memset(ctx->buf + ctx->buflen, 0,
		       WG_POLY1305_BLOCK_SIZE - ctx->buflen);
		poly1305_blocks(ctx, ctx->buf, 1, 0);
	}
	ctx->impl->emit(&ctx->st, mac, ctx->s);
	memzero_explicit(ctx, sizeof(*ctx));
}
