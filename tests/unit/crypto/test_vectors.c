// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The library's own vectors (the load-time selftests, every path) plus
 * self-consistency checks that need no reference library, so this builds
 * for any target: natively with the 32-bit limb fallbacks forced, and for
 * aarch64 and armhf under qemu-user.
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "common.h"
#include "sg_util.h"

enum { MAXLEN = 2048 };

static unsigned char pt[MAXLEN + 64], ct[MAXLEN + 64], out[MAXLEN + 64];

int main(void)
{
	unsigned char key[32], a[32], b[32], pa[32], pb[32], s1[32], s2[32];
	struct wg_blake2s_state st;
	struct sg_buf sg;
	int rc, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed_from_env();
	rc = wg_crypto_init();
	printf("paths: %s\n", wg_crypto_paths());
	CHECK(rc == 0, "selftests failed: %d", rc);

	/* every chacha20 path: flat and sg round trips */
	for (i = 0; i < 400; i++) {
		size_t len = i < 200 ? (size_t)i : rng_below(MAXLEN + 1);
		uint64_t nonce = rng64();

		rng_fill(key, 32);
		rng_fill(pt, len);
		wg_chacha20poly1305_encrypt(ct, pt, len, NULL, 0, nonce, key);
		memcpy(out, pt, len);
		memset(out + len, 0, 16);
		if (!sg_buf_make(&sg, out, len + 16))
			abort();
		CHECK(wg_chacha20poly1305_encrypt_sg_inplace(sg.sg, len, NULL, 0,
							     nonce, key),
		      "sg encrypt");
		sg_buf_read(&sg, out, len + 16);
		CHECK(!memcmp(out, ct, len + 16), "sg != flat, len %zu", len);
		sg_buf_free(&sg);
		CHECK(wg_chacha20poly1305_decrypt(out, ct, len + 16, NULL, 0,
						  nonce, key) &&
		      !memcmp(out, pt, len), "round trip, len %zu", len);
		ct[rng_below(len + 16)] ^= 4;
		CHECK(!wg_chacha20poly1305_decrypt(out, ct, len + 16, NULL, 0,
						   nonce, key), "tamper, len %zu", len);
	}

	/* BLAKE2s: incremental in pieces equals one-shot */
	for (i = 0; i < 300; i++) {
		size_t len = rng_below(MAXLEN), off = 0;

		rng_fill(pt, len);
		wg_blake2s(a, pt, NULL, 32, len, 0);
		wg_blake2s_init(&st, 32);
		while (off < len) {
			size_t n = rng_below(130);

			if (n > len - off)
				n = len - off;
			wg_blake2s_update(&st, pt + off, n);
			off += n;
		}
		wg_blake2s_final(&st, b);
		CHECK(!memcmp(a, b, 32), "blake2s pieces, len %zu", len);
	}

	/* X25519: Diffie-Hellman agreement, fixed base vs variable base */
	for (i = 0; i < 40; i++) {
		unsigned char nine[32] = { 9 };

		wg_curve25519_generate_secret(a);
		wg_curve25519_generate_secret(b);
		CHECK(wg_curve25519_generate_public(pa, a), "public a");
		CHECK(wg_curve25519_generate_public(pb, b), "public b");
		CHECK(wg_curve25519(s1, a, pb) && wg_curve25519(s2, b, pa) &&
		      !memcmp(s1, s2, 32), "DH disagreement");
		CHECK(wg_curve25519(s1, a, nine) && !memcmp(s1, pa, 32),
		      "fixed base != variable base");
	}
	CHECK(wg_shim_warn_count == 0, "a WARN fired");
	return test_report("crypto vectors");
}
