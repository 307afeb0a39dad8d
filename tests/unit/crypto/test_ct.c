// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Constant-time check, run under valgrind memcheck: keys, nonces' secret
 * parts, plaintexts and scalars are marked undefined, so memcheck reports
 * any branch or memory index that depends on them ("conditional jump or
 * move depends on uninitialised value", "use of uninitialised value of size
 * 8" for addresses). Values that are public by design (a tag matched or
 * not) are declassified with wg_declassify() first.
 *
 * `test_ct --control` branches on a secret on purpose: valgrind must flag
 * it, proving the check can fail.
 */
#include <valgrind/memcheck.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "common.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)

static unsigned char key[32], pt[1500], ct[1600], out[1600], ad[32];

static void aead_all(void)
{
	static const size_t lens[] = { 0, 1, 63, 64, 65, 300, 1420 };
	unsigned char xnonce[24];
	struct scatterlist sg[3];
	size_t i;
	bool ok;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		size_t len = lens[i];

		rng_fill(key, 32);
		rng_fill(pt, len);
		rng_fill(xnonce, 24);
		SECRET(key, 32);
		SECRET(pt, len);
		wg_chacha20poly1305_encrypt(ct, pt, len, ad, sizeof(ad), 99, key);
		PUBLIC(ct, len + 16);	/* ciphertext and tag go on the wire */
		ok = wg_chacha20poly1305_decrypt(out, ct, len + 16, ad,
						 sizeof(ad), 99, key);
		PUBLIC(&ok, sizeof(ok));
		CHECK(ok, "decrypt len %zu", len);
		ct[0] ^= 1;
		ok = wg_chacha20poly1305_decrypt(out, ct, len + 16, ad,
						 sizeof(ad), 99, key);
		PUBLIC(&ok, sizeof(ok));
		CHECK(!ok, "tampered accepted len %zu", len);

		wg_xchacha20poly1305_encrypt(ct, pt, len, ad, sizeof(ad), xnonce,
					     key);
		PUBLIC(ct, len + 16);
		ok = wg_xchacha20poly1305_decrypt(out, ct, len + 16, ad,
						  sizeof(ad), xnonce, key);
		PUBLIC(&ok, sizeof(ok));
		CHECK(ok, "xdecrypt len %zu", len);

		/* in place over three fragments */
		memcpy(out, pt, len);
		sg_init_table(sg, 3);
		sg_set_buf(&sg[0], out, len / 2);
		sg_set_buf(&sg[1], out + len / 2, 1);
		sg_set_buf(&sg[2], out + len / 2 + 1, len - len / 2 - 1 + 16);
		CHECK(wg_chacha20poly1305_encrypt_sg_inplace(sg, len, ad,
							     sizeof(ad), 5, key),
		      "sg encrypt");
		PUBLIC(out, len + 16);
		ok = wg_chacha20poly1305_decrypt_sg_inplace(sg, len + 16, ad,
							    sizeof(ad), 5, key);
		PUBLIC(&ok, sizeof(ok));
		CHECK(ok, "sg decrypt len %zu", len);
	}
}

static void hashes(void)
{
	unsigned char h[32];
	struct wg_blake2s_state st;

	rng_fill(key, 32);
	rng_fill(pt, 200);
	SECRET(key, 32);
	SECRET(pt, 200);
	wg_blake2s(h, pt, key, 32, 200, 32);
	wg_blake2s(h, pt, key, 16, 100, 16);
	wg_blake2s(h, pt, NULL, 32, 130, 0);
	wg_blake2s_init_key(&st, 32, key, 32);
	wg_blake2s_update(&st, pt, 7);
	wg_blake2s_update(&st, pt + 7, 100);
	wg_blake2s_final(&st, h);
	wg_blake2s256_hmac(h, pt, key, 200, 32);
	wg_blake2s256_hmac(h, pt, pt, 50, 150);
}

static void dh(void)
{
	unsigned char sk[32], peer[32], pub[32], shared[32];
	bool ok;
	int i;

	for (i = 0; i < 3; i++) {
		rng_fill(sk, 32);
		rng_fill(peer, 32);
		SECRET(sk, 32);
		ok = wg_curve25519_generate_public(pub, sk);
		PUBLIC(&ok, sizeof(ok));
		CHECK(ok, "generate_public");
		ok = wg_curve25519(shared, sk, peer);
		PUBLIC(&ok, sizeof(ok));
		CHECK(ok, "dh");
		wg_curve25519_clamp_secret(sk);
	}
}

static void on_every_path(const char *alg, void (*fn)(void))
{
	const char *const *names = wg_crypto_list(alg);
	size_t i;

	for (i = 0; names[i]; i++) {
		CHECK(wg_crypto_force(alg, names[i]), "force %s", names[i]);
		printf("  %s=%s\n", alg, names[i]);
		fn();
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed_from_env();
	if (argc > 1 && !strcmp(argv[1], "--control")) {
		rng_fill(key, 32);
		SECRET(key, 32);
		if (key[0] == 0x42)	/* deliberate secret-dependent branch */
			puts("control");
		return 0;
	}
	/* selftests skipped here: 1000 X25519 runs are slow under valgrind */
	on_every_path("chacha20", aead_all);
	on_every_path("poly1305", aead_all);
	on_every_path("blake2s", hashes);
	on_every_path("curve25519", dh);
	return test_report("constant-time check");
}
