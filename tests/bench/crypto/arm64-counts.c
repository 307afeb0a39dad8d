// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Driver for arm64.sh: runs one operation count times on one path, built
 * for aarch64 and run under qemu-aarch64 with the executed instructions
 * counted (emulated time means nothing, instructions do). The script runs
 * it with count 0 and count N and takes the difference, so start-up and
 * the load-time selftests drop out.
 *   arm64-counts <subject> <path> <len> <count>
 * subject: aead (encrypt, chacha20=path poly1305=path), aead-dec (the
 * decryption of one valid message, made before the loop), blake2s (one-shot
 * hash of len bytes), x25519 (variable base), x25519-base (fixed base).
 * path: generic or neon (BLAKE2s and X25519 neon: the unselected
 * candidates of crypto/arm64/candidates.c); for aead also onepass4 and
 * onepass5 (NEON ChaCha20 and Poly1305, and that one-pass AEAD path for
 * long messages; neon is then the two passes).
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "../../../crypto/arm64/arm64.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char buf[16384 + 64], out[16384 + 64], ct[16384 + 64];

int main(int argc, char **argv)
{
	unsigned char key[32] = { 1, 2, 3 }, point[32] = { 9, 1 }, res[32];
	const char *subject, *path;
	bool neon;
	size_t len;
	long i, count;

	if (argc != 5)
		return 2;
	subject = argv[1];
	path = argv[2];
	len = strtoul(argv[3], NULL, 0);
	count = strtol(argv[4], NULL, 0);
	/*
	 * No wg_crypto_init(): its selftests would only lengthen the logs
	 * (the unit tests prove these paths); the tables list generic first.
	 */
	if (len > 16384)
		return 2;
	neon = !strcmp(path, "neon") || !strncmp(path, "onepass", 7);
	if (!strcmp(subject, "aead") || !strcmp(subject, "aead-dec")) {
		if (!wg_crypto_force("chacha20", neon ? "neon" :
				     wg_crypto_list("chacha20")[0]) ||
		    !wg_crypto_force("poly1305", neon ? "neon" :
				     wg_crypto_list("poly1305")[0]) ||
		    !wg_crypto_force("aead", !strcmp(path, "onepass4") ?
				     "neon-onepass4" : !strcmp(path, "onepass5") ?
				     "neon-onepass5" : "two-pass"))
			return 2;
	} else if (!strcmp(subject, "blake2s")) {
		wg_blake2s_cur = neon ? &wg_blake2s_neon_impl :
				 &wg_blake2s_generic_impl;
	} else {
		wg_curve25519_cur = neon ? &wg_curve25519_neon_impl :
				    &wg_curve25519_generic_impl;
	}
	memset(res, 0, sizeof(res));
	wg_chacha20poly1305_encrypt(ct, buf, len, NULL, 0, 0, key);
	for (i = 0; i < count; i++) {
		if (!strcmp(subject, "aead-dec")) {
			if (!wg_chacha20poly1305_decrypt(out, ct, len + 16, NULL,
							 0, 0, key))
				return 3;
		} else if (!strcmp(subject, "aead"))
			wg_chacha20poly1305_encrypt(out, buf, len, NULL, 0, i,
						    key);
		else if (!strcmp(subject, "blake2s"))
			wg_blake2s(res, buf, NULL, 32, len, 0);
		else if (!strcmp(subject, "x25519"))
			(void)!wg_curve25519(res, key, point);
		else if (!strcmp(subject, "x25519-base"))
			(void)!wg_curve25519_generate_public(res, key);
		else
			return 2;
	}
	printf("%02x\n", res[0] ^ out[0]);
	return 0;
}
