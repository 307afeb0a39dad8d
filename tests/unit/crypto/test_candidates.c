// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The arm64 NEON candidates that the module does not select (they lost to
 * the portable C on the llvm-mca models, crypto/arm64/candidates.c): NEON
 * BLAKE2s and NEON X25519, proven under qemu-aarch64 against the portable
 * paths, so they stay correct for a timing on real hardware:
 *  - the load-time selftests with each made current (RFC 7693 vectors,
 *    keyed 16/32-byte output, HMAC; RFC 7748 vectors, the 1 and 1,000
 *    iteration results, low-order points, the zero secret);
 *  - BLAKE2s: the raw compression for 1..40 blocks (counter across the
 *    32-bit carry, final flag), unkeyed and keyed hashes of every length
 *    0..2048 against the generic path, random incremental splits;
 *  - X25519: random scalars and points (bit 255 set, values at and above
 *    p), fixed base, DH agreement, against the generic path;
 *  - the same with may_use_simd() false (the fallback).
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "../../../crypto/arm64/arm64.h"
#include "common.h"
#include <asm/simd.h>

enum { MAXLEN = 2048 };

static unsigned char msg[MAXLEN + 64];

static void blake2s_raw(void)
{
	static unsigned char blocks[40 * 64 + 16];
	struct wg_blake2s_state a, b;
	size_t n, off;
	int i;

	for (n = 1; n <= 40; n++) {
		off = rng_below(16);
		rng_fill(blocks + off, n * 64);
		memset(&a, 0, sizeof(a));
		for (i = 0; i < 8; i++)
			a.h[i] = (u32)rng64();
		/* the counter's low word about to carry into the high one */
		a.t[0] = n % 3 ? (u32)rng64() : 0xffffffffU - (u32)rng_below(200);
		a.t[1] = (u32)rng64();
		a.f[0] = n & 1 ? 0xffffffffU : 0;
		b = a;
		wg_blake2s_compress_generic(&a, blocks + off, n, 64);
		wg_blake2s_neon_impl.compress(&b, blocks + off, n, 64);
		CHECK(!memcmp(&a, &b, sizeof(a)),
		      "blake2s neon raw: %zu blocks, t0 %#x", n, b.t[0]);
	}
	/* a short last block: inc below 64 */
	memset(&a, 0, sizeof(a));
	b = a;
	wg_blake2s_compress_generic(&a, blocks, 1, 17);
	wg_blake2s_neon_impl.compress(&b, blocks, 1, 17);
	CHECK(!memcmp(&a, &b, sizeof(a)), "blake2s neon raw: inc 17");
}

static void blake2s_hash(unsigned char *out, const unsigned char *key,
			 size_t keylen, size_t outlen, size_t len, bool pieces)
{
	struct wg_blake2s_state st;
	size_t off = 0, k;

	if (keylen)
		wg_blake2s_init_key(&st, outlen, key, keylen);
	else
		wg_blake2s_init(&st, outlen);
	while (off < len) {
		k = pieces ? rng_below(200) : len - off;
		if (k > len - off)
			k = len - off;
		wg_blake2s_update(&st, msg + off, k);
		off += k;
	}
	wg_blake2s_final(&st, out);
}

static void blake2s_lengths(void)
{
	unsigned char key[32], a[32], b[32];
	size_t len, keylen, outlen;

	for (len = 0; len <= MAXLEN; len++) {
		/* unkeyed 32, keyed 32/32, keyed 16-byte MAC, in turn */
		keylen = len % 3 == 0 ? 0 : len % 3 == 1 ? 32 : 16;
		outlen = len % 3 == 2 ? 16 : 32;
		rng_fill(key, sizeof(key));
		rng_fill(msg, len);
		wg_blake2s_cur = &wg_blake2s_generic_impl;
		blake2s_hash(a, key, keylen, outlen, len, false);
		wg_blake2s_cur = &wg_blake2s_neon_impl;
		blake2s_hash(b, key, keylen, outlen, len, len % 2);
		CHECK(!memcmp(a, b, outlen),
		      "blake2s neon: len %zu key %zu out %zu", len, keylen,
		      outlen);
	}
}

static void x25519_random(void)
{
	unsigned char k[32], u[32], a[32], b[32], pa[32], pb[32];
	int i;
	bool ra, rb;

	for (i = 0; i < 120; i++) {
		rng_fill(k, 32);
		rng_fill(u, 32);
		switch (i % 6) {
		case 1:	/* p <= u < 2^255: not reduced */
			memset(u, 0xff, 32);
			u[31] = 0x7f;
			u[0] = 0xed + (unsigned char)rng_below(0x13);
			break;
		case 2:	/* all ones, bit 255 set */
			memset(u, 0xff, 32);
			break;
		case 3:	/* small */
			memset(u + 1, 0, 31);
			break;
		}
		wg_curve25519_generic_impl.scalarmult(a, k, u);
		wg_curve25519_neon_impl.scalarmult(b, k, u);
		CHECK(!memcmp(a, b, 32), "x25519 neon != generic, case %d",
		      i);
		wg_curve25519_generic_impl.scalarmult_base(a, k);
		wg_curve25519_neon_impl.scalarmult_base(b, k);
		CHECK(!memcmp(a, b, 32), "x25519 neon base != generic, %d", i);
	}
	/* DH agreement on the public API with the candidate current */
	wg_curve25519_cur = &wg_curve25519_neon_impl;
	for (i = 0; i < 10; i++) {
		wg_curve25519_generate_secret(k);
		wg_curve25519_generate_secret(u);
		CHECK(wg_curve25519_generate_public(pa, k) &&
		      wg_curve25519_generate_public(pb, u), "x25519 public");
		ra = wg_curve25519(a, k, pb);
		rb = wg_curve25519(b, u, pa);
		CHECK(ra && rb && !memcmp(a, b, 32), "x25519 neon DH");
	}
}

int main(void)
{
	int rc, pass;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed_from_env();
	rc = wg_crypto_init();
	printf("paths: %s\n", wg_crypto_paths());
	CHECK(rc == 0, "selftests failed: %d", rc);
	CHECK(wg_blake2s_neon_impl.usable() &&
	      wg_curve25519_neon_impl.usable(), "NEON candidates unusable");

	for (pass = 0; pass < 2; pass++) {
		wg_shim_simd_usable = pass == 0;
		printf("  candidates%s: blake2s=neon curve25519=neon\n",
		       pass ? ", SIMD refused" : "");
		wg_blake2s_cur = &wg_blake2s_neon_impl;
		CHECK(wg_blake2s_selftest(), "blake2s neon selftest");
		wg_curve25519_cur = &wg_curve25519_neon_impl;
		/* RFC 7748: 1 and 1,000 iterations (the default here) */
		wg_selftest_x25519_iterations = pass ? 1 : 1000;
		CHECK(wg_curve25519_selftest(), "x25519 neon selftest");
		blake2s_raw();
		blake2s_lengths();
		x25519_random();
	}
	wg_shim_simd_usable = true;
	CHECK(wg_shim_warn_count == 0, "a WARN fired");
	return test_report("arm64 NEON candidates vs generic");
}
