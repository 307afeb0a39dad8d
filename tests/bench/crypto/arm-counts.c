// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * One crypto operation, repeated, on a chosen path, for instruction counts
 * under qemu-arm (tests/bench/crypto/arm.sh): the script runs it with 0
 * and with n repetitions and divides the difference, so start-up costs
 * cancel. No selftests run (wg_crypto_init is not called).
 *
 *   arm-counts poly1305 PATH LEN REPS       one-shot MAC of LEN bytes
 *   arm-counts aead CHACHA POLY LEN REPS    AEAD encryption of LEN bytes
 *   arm-counts x25519 PATH REPS             variable-base X25519
 *   arm-counts x25519base PATH REPS         fixed-base X25519 (public key)
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char buf[16384 + 16], out[16384 + 16];

static void force(const char *alg, const char *name)
{
	if (!wg_crypto_force(alg, name)) {
		fprintf(stderr, "cannot force %s=%s\n", alg, name);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	unsigned char key[32], tag[16] = { 0 }, k[32], u[32];
	struct wg_poly1305_ctx ctx;
	long i, reps;
	size_t len;

	memset(buf, 0x5a, sizeof(buf));
	for (i = 0; i < 32; i++) {
		key[i] = (unsigned char)(i * 7 + 1);
		k[i] = (unsigned char)(i * 13 + 5);
		u[i] = (unsigned char)(i * 3 + 9);
	}
	if (argc == 5 && !strcmp(argv[1], "poly1305")) {
		force("poly1305", argv[2]);
		len = strtoul(argv[3], NULL, 0);
		reps = atol(argv[4]);
		for (i = 0; i < reps; i++) {
			wg_poly1305_init(&ctx, key);
			wg_poly1305_update(&ctx, buf, len);
			wg_poly1305_final(&ctx, tag);
			key[0] ^= tag[0];
		}
	} else if (argc == 6 && !strcmp(argv[1], "aead")) {
		force("chacha20", argv[2]);
		force("poly1305", argv[3]);
		len = strtoul(argv[4], NULL, 0);
		reps = atol(argv[5]);
		for (i = 0; i < reps; i++)
			wg_chacha20poly1305_encrypt(out, buf, len, NULL, 0,
						    (u64)i, key);
	} else if (argc == 4 && !strcmp(argv[1], "x25519")) {
		force("curve25519", argv[2]);
		reps = atol(argv[3]);
		for (i = 0; i < reps; i++)
			if (!wg_curve25519(u, k, u))
				return 1;
	} else if (argc == 4 && !strcmp(argv[1], "x25519base")) {
		force("curve25519", argv[2]);
		reps = atol(argv[3]);
		for (i = 0; i < reps; i++)
			if (!wg_curve25519_generate_public(u, k))
				return 1;
			else
				k[0] ^= u[0];
	} else {
		fprintf(stderr, "usage: see the top of arm-counts.c\n");
		return 2;
	}
	printf("%02x\n", tag[0] ^ out[0] ^ u[0]);
	return 0;
}
