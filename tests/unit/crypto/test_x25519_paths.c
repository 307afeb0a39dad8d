// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Every usable X25519 path against the generic one, with no reference
 * library, so it builds for any target (the 32-bit arm NEON ladder runs it
 * under qemu-arm):
 *  - the library's vectors with each path current: RFC 7748 5.2 and 6.1,
 *    the iterated result after 1 and 1,000 rounds, the low-order points
 *    (an all-zero result) rejected, the all-zero secret refused;
 *  - random scalars times random points, and points at the edges of the
 *    encoding (bit 255 set, u >= p, small u, all ones), same bytes as the
 *    generic path; fixed base against variable base; DH agreement;
 *  - the same with may_use_simd() false (the generic fallback).
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "common.h"
#include <asm/simd.h>

static const char *generic;

static void force(const char *name)
{
	if (!wg_crypto_force("curve25519", name)) {
		fprintf(stderr, "cannot force curve25519=%s\n", name);
		exit(1);
	}
}

/* p - 1, p, p + 1, 2^255 - 1: the non-canonical and edge encodings */
static void edge_point(unsigned char u[32], int which)
{
	memset(u, 0xff, 32);
	u[31] = 0x7f;
	switch (which) {
	case 0: u[0] = 0xec; break;		/* p - 1 */
	case 1: u[0] = 0xed; break;		/* p: equals 0 */
	case 2: u[0] = 0xee; break;		/* p + 1: equals 1 */
	case 3: break;				/* 2^255 - 1 */
	case 4: u[31] = 0xff; break;		/* 2^256 - 1: bit 255 ignored */
	case 5: memset(u, 0, 32); u[0] = 2; break;
	case 6: memset(u, 0, 32); u[0] = 9; u[31] = 0x80; break;
	default: memset(u, 0, 32); u[0] = 0xff; u[1] = 0xff; break;
	}
}

static void test_path(const char *name, int rounds)
{
	unsigned char k[32], u[32], a[32], b[32], pub[32], k2[32], pub2[32];
	bool ra, rb;
	int i;

	force(name);
	CHECK(wg_curve25519_selftest(),
	      "curve25519 %s: RFC 7748 vectors / low-order points", name);
	for (i = 0; i < rounds; i++) {
		rng_fill(k, 32);
		if (i < 8)
			edge_point(u, i);
		else
			rng_fill(u, 32);
		/* all-ones and all-zero scalars too (clamped alike) */
		if (i % 17 == 3)
			memset(k, 0xff, 32);
		force(generic);
		ra = wg_curve25519(a, k, u);
		force(name);
		rb = wg_curve25519(b, k, u);
		CHECK(ra == rb && !memcmp(a, b, 32),
		      "curve25519 %s != %s, round %d", name, generic, i);

		/* fixed base equals variable base 9, and equals generic */
		force(generic);
		ra = wg_curve25519_generate_public(a, k);
		force(name);
		CHECK(ra && wg_curve25519_generate_public(pub, k) &&
		      !memcmp(pub, a, 32),
		      "curve25519 %s base != %s, round %d", name, generic, i);
		memset(u, 0, 32);
		u[0] = 9;
		CHECK(wg_curve25519(b, k, u) && !memcmp(b, pub, 32),
		      "curve25519 %s base != u=9, round %d", name, i);

		/* agreement */
		if (i % 4 == 0) {
			rng_fill(k2, 32);
			CHECK(wg_curve25519_generate_public(pub2, k2), "pub2");
			CHECK(wg_curve25519(a, k, pub2) &&
			      wg_curve25519(b, k2, pub) && !memcmp(a, b, 32),
			      "curve25519 %s DH disagrees, round %d", name, i);
		}
	}
}

int main(int argc, char **argv)
{
	const char *const *n;
	const char *names[8];
	size_t i, count = 0;
	int rounds = argc > 1 ? atoi(argv[1]) : 120, pass;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed_from_env();
	CHECK(wg_crypto_init() == 0, "selftests failed");
	printf("paths: %s\n", wg_crypto_paths());
	/* the table lists the generic path first */
	for (n = wg_crypto_list("curve25519"); *n && count < 8; n++)
		names[count++] = *n;
	generic = names[0];
	printf("curve25519 paths:");
	for (i = 0; i < count; i++)
		printf(" %s", names[i]);
	printf("\n");
	CHECK(count > 1, "only the generic path: nothing was compared");

	/* 1,000 iterations of RFC 7748 5.2 on every path */
	wg_selftest_x25519_iterations = 1000;
	for (pass = 0; pass < 2; pass++) {
		wg_shim_simd_usable = pass == 0;
		for (i = 1; i < count; i++) {
			printf("  %s vs %s%s: vectors, %d random rounds\n",
			       names[i], generic,
			       pass ? ", SIMD refused" : "",
			       pass ? rounds / 8 : rounds);
			test_path(names[i], pass ? rounds / 8 : rounds);
		}
	}
	wg_shim_simd_usable = true;
	CHECK(wg_shim_warn_count == 0, "a WARN fired");
	return test_report("curve25519 paths vs generic");
}
