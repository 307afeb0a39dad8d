// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Cross-checks of crypto/ against libsodium and OpenSSL, run on every path
 * this CPU can take (each forced in turn): the AEADs for every length
 * 0..2048, random scatterlist splits, tampering; Poly1305, ChaCha20,
 * BLAKE2s (plain, keyed, incremental), HMAC-BLAKE2s and X25519.
 */
#include <sodium.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <linux/kernel.h>
#include <linux/unaligned.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"
#include "common.h"
#include "sg_util.h"
#include <asm/simd.h>

enum { MAXLEN = 2048 };

static unsigned char pt[MAXLEN + 64], ct[MAXLEN + 64], ref[MAXLEN + 64],
	out[MAXLEN + 64], ad[256];

static void test_aead(void)
{
	unsigned char key[32], nonce12[12] = { 0 }, xnonce[24];
	unsigned long long rlen;
	size_t len, ad_len;

	for (len = 0; len <= MAXLEN; len++) {
		uint64_t nonce = rng64();

		rng_fill(key, 32);
		rng_fill(pt, len);
		ad_len = rng_below(3) ? rng_below(64) : 0;
		rng_fill(ad, ad_len);
		put_unaligned_le64(nonce, nonce12 + 4);

		wg_chacha20poly1305_encrypt(ct, pt, len, ad, ad_len, nonce, key);
		crypto_aead_chacha20poly1305_ietf_encrypt(ref, &rlen, pt, len, ad,
							  ad_len, NULL, nonce12,
							  key);
		CHECK(rlen == len + 16 && !memcmp(ct, ref, len + 16),
		      "aead encrypt vs libsodium, len %zu", len);
		CHECK(wg_chacha20poly1305_decrypt(out, ct, len + 16, ad, ad_len,
						  nonce, key) &&
		      !memcmp(out, pt, len), "aead decrypt len %zu", len);
		/* in place */
		memcpy(out, ct, len + 16);
		CHECK(wg_chacha20poly1305_decrypt(out, out, len + 16, ad, ad_len,
						  nonce, key) &&
		      !memcmp(out, pt, len), "aead decrypt in place len %zu", len);

		/* any flipped bit in ciphertext or tag is refused, dst wiped */
		{
			size_t bit = rng_below((len + 16) * 8);
			size_t i;
			int zero = 1;

			memcpy(ref, ct, len + 16);
			ref[bit / 8] ^= (unsigned char)(1 << (bit % 8));
			memset(out, 0xaa, len);
			CHECK(!wg_chacha20poly1305_decrypt(out, ref, len + 16, ad,
							   ad_len, nonce, key),
			      "tampered bit %zu accepted, len %zu", bit, len);
			for (i = 0; i < len; i++)
				zero &= out[i] == 0;
			CHECK(zero, "dst not wiped on failure, len %zu", len);
			if (ad_len) {
				ad[rng_below(ad_len)] ^= 1;
				CHECK(!wg_chacha20poly1305_decrypt(out, ct, len + 16,
								   ad, ad_len,
								   nonce, key),
				      "tampered ad accepted, len %zu", len);
			}
			CHECK(!wg_chacha20poly1305_decrypt(out, ct, len + 16, ad,
							   ad_len, nonce + 1,
							   key),
			      "wrong nonce accepted");
		}

		/* XChaCha20-Poly1305 */
		rng_fill(xnonce, 24);
		wg_xchacha20poly1305_encrypt(ct, pt, len, ad, ad_len, xnonce, key);
		crypto_aead_xchacha20poly1305_ietf_encrypt(ref, &rlen, pt, len,
							   ad, ad_len, NULL,
							   xnonce, key);
		CHECK(!memcmp(ct, ref, len + 16), "xaead vs libsodium, len %zu",
		      len);
		CHECK(wg_xchacha20poly1305_decrypt(out, ct, len + 16, ad, ad_len,
						   xnonce, key) &&
		      !memcmp(out, pt, len), "xaead decrypt len %zu", len);
		ct[rng_below(len + 16)] ^= 0x10;
		CHECK(!wg_xchacha20poly1305_decrypt(out, ct, len + 16, ad, ad_len,
						    xnonce, key),
		      "tampered xaead accepted, len %zu", len);
	}
	/* too short for a tag */
	CHECK(!wg_chacha20poly1305_decrypt(out, ct, 15, NULL, 0, 0, pt),
	      "15-byte message accepted");
}

/* OpenSSL's ChaCha20-Poly1305 for a sample of lengths. */
static void test_aead_openssl(void)
{
	unsigned char key[32], nonce12[12] = { 0 }, tag[16];
	size_t len;

	for (len = 0; len <= MAXLEN; len += 1 + rng_below(40)) {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		uint64_t nonce = rng64();
		size_t ad_len = rng_below(40);
		int l1 = 0, l2 = 0;

		rng_fill(key, 32);
		rng_fill(pt, len);
		rng_fill(ad, ad_len);
		put_unaligned_le64(nonce, nonce12 + 4);
		EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, key, nonce12);
		if (ad_len)
			EVP_EncryptUpdate(c, NULL, &l1, ad, (int)ad_len);
		EVP_EncryptUpdate(c, ref, &l1, pt, (int)len);
		EVP_EncryptFinal_ex(c, ref + l1, &l2);
		EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag);
		EVP_CIPHER_CTX_free(c);
		wg_chacha20poly1305_encrypt(ct, pt, len, ad, ad_len, nonce, key);
		CHECK((size_t)(l1 + l2) == len && !memcmp(ct, ref, len) &&
		      !memcmp(ct + len, tag, 16), "aead vs openssl, len %zu", len);
	}
}

static void test_sg(void)
{
	unsigned char key[32];
	struct sg_buf b;
	int round;

	for (round = 0; round < 3000; round++) {
		size_t len = round < 300 ? (size_t)round : rng_below(MAXLEN + 1);
		size_t ad_len = rng_below(48);
		uint64_t nonce = rng64();
		int tamper = (round % 5) == 4;
		size_t i;
		int zero = 1;

		rng_fill(key, 32);
		rng_fill(pt, len);
		rng_fill(ad, ad_len);
		wg_chacha20poly1305_encrypt(ref, pt, len, ad, ad_len, nonce, key);

		/* encrypt in place: plaintext plus room for the tag */
		memcpy(ct, pt, len);
		memset(ct + len, 0, 16);
		if (!sg_buf_make(&b, ct, len + 16))
			abort();
		CHECK(wg_chacha20poly1305_encrypt_sg_inplace(b.sg, len, ad, ad_len,
							     nonce, key),
		      "sg encrypt failed, len %zu", len);
		sg_buf_read(&b, out, len + 16);
		CHECK(!memcmp(out, ref, len + 16), "sg encrypt != flat, len %zu",
		      len);
		sg_buf_free(&b);

		/* decrypt in place over a different split */
		memcpy(ct, ref, len + 16);
		if (tamper)
			ct[rng_below(len + 16)] ^= (unsigned char)(1 << rng_below(8));
		if (!sg_buf_make(&b, ct, len + 16))
			abort();
		if (tamper) {
			CHECK(!wg_chacha20poly1305_decrypt_sg_inplace(b.sg,
					len + 16, ad, ad_len, nonce, key),
			      "sg tampered accepted, len %zu", len);
			sg_buf_read(&b, out, len);
			for (i = 0; i < len; i++)
				zero &= out[i] == 0;
			CHECK(zero, "sg plaintext not wiped, len %zu", len);
		} else {
			CHECK(wg_chacha20poly1305_decrypt_sg_inplace(b.sg,
					len + 16, ad, ad_len, nonce, key),
			      "sg decrypt failed, len %zu", len);
			sg_buf_read(&b, out, len);
			CHECK(!memcmp(out, pt, len), "sg decrypt wrong, len %zu",
			      len);
		}
		sg_buf_free(&b);
	}

	/* an sg too short for the tag: refused, not overrun */
	{
		struct scatterlist sg[1];

		rng_fill(key, 32);
		sg_init_one(sg, ct, 20);
		CHECK(!wg_chacha20poly1305_encrypt_sg_inplace(sg, 10, NULL, 0, 0,
							      key),
		      "short sg encrypt accepted");
		CHECK(!wg_chacha20poly1305_decrypt_sg_inplace(sg, 40, NULL, 0, 0,
							      key),
		      "short sg decrypt accepted");
		CHECK(!wg_chacha20poly1305_decrypt_sg_inplace(sg, 15, NULL, 0, 0,
							      key),
		      "15-byte sg decrypt accepted");
	}
}

static void test_poly1305_chacha20(void)
{
	unsigned char key[32], mac[16], want[16], nonce12[12];
	struct wg_poly1305_ctx ctx;
	u32 state[16];
	size_t len;

	for (len = 0; len <= MAXLEN; len++) {
		size_t off = 0;
		/* libsodium refuses a counter that would wrap: stay below */
		uint32_t ic = (uint32_t)rng64() % (0xffffffffu - 64);

		rng_fill(key, 32);
		rng_fill(pt, len);
		wg_poly1305_init(&ctx, key);
		while (off < len) {
			size_t n = rng_below(len - off + 1);

			if (rng_below(4) == 0)
				n = rng_below(3);
			if (n > len - off)
				n = len - off;
			wg_poly1305_update(&ctx, pt + off, n);
			off += n;
		}
		wg_poly1305_final(&ctx, mac);
		crypto_onetimeauth_poly1305(want, pt, len, key);
		CHECK(!memcmp(mac, want, 16), "poly1305 vs libsodium, len %zu",
		      len);

		/* up to the last counter value too */
		rng_fill(nonce12, 12);
		if (len % 7 == 0)
			ic = 0xffffffffu - (uint32_t)((len + 63) / 64);
		wg_chacha20_init(state, key, ic, nonce12);
		wg_chacha20_xor(state, ct, pt, len);
		crypto_stream_chacha20_ietf_xor_ic(ref, pt, len, nonce12, ic, key);
		CHECK(!memcmp(ct, ref, len), "chacha20 vs libsodium, len %zu ic %u",
		      len, ic);
	}
}

/*
 * Long all-ones messages under an all-ones key (r at its clamped maximum):
 * the largest limbs a vector Poly1305 ever carries between groups.
 */
static void test_poly1305_long(void)
{
	static unsigned char big[65536 + 64];
	static const size_t lens[] = { 4096, 16384, 65536 + 13 };
	unsigned char key[32], mac[16], want[16];
	struct wg_poly1305_ctx ctx;
	size_t i;

	memset(big, 0xff, sizeof(big));
	memset(key, 0xff, sizeof(key));
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		wg_poly1305_init(&ctx, key);
		wg_poly1305_update(&ctx, big, lens[i]);
		wg_poly1305_final(&ctx, mac);
		crypto_onetimeauth_poly1305(want, big, lens[i], key);
		CHECK(!memcmp(mac, want, 16), "poly1305 all-ones, len %zu",
		      lens[i]);
	}
}

static void test_blake2s(void)
{
	unsigned char key[64], got[32], want[32];
	struct wg_blake2s_state st;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "BLAKE2SMAC", NULL);
	const EVP_MD *md = EVP_MD_fetch(NULL, "BLAKE2S-256", NULL);
	size_t len;

	CHECK(md != NULL, "OpenSSL has no BLAKE2S-256");
	for (len = 0; len <= MAXLEN; len++) {
		unsigned int wl = 32;
		size_t off = 0, keylen = 1 + rng_below(32);
		size_t outlen = rng_below(2) ? 32 : (rng_below(2) ? 16 : 1 + rng_below(32));

		rng_fill(pt, len);
		/* unkeyed, fed in random pieces */
		wg_blake2s_init(&st, 32);
		while (off < len) {
			size_t n = rng_below(len - off + 1);

			if (rng_below(4) == 0)
				n = rng_below(65);
			if (n > len - off)
				n = len - off;
			wg_blake2s_update(&st, pt + off, n);
			off += n;
		}
		wg_blake2s_final(&st, got);
		EVP_Digest(pt, len, want, &wl, md, NULL);
		CHECK(!memcmp(got, want, 32), "blake2s vs openssl, len %zu", len);
		wg_blake2s(got, pt, NULL, 32, len, 0);
		CHECK(!memcmp(got, want, 32), "one-shot blake2s, len %zu", len);

		/* keyed, any key and output length */
		rng_fill(key, keylen);
		if (mac) {
			EVP_MAC_CTX *c = EVP_MAC_CTX_new(mac);
			OSSL_PARAM params[2];
			size_t ol = outlen, wlen = 0;

			params[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE,
								&ol);
			params[1] = OSSL_PARAM_construct_end();
			EVP_MAC_init(c, key, keylen, params);
			EVP_MAC_update(c, pt, len);
			EVP_MAC_final(c, want, &wlen, sizeof(want));
			EVP_MAC_CTX_free(c);
			wg_blake2s(got, pt, key, outlen, len, keylen);
			CHECK(wlen == outlen && !memcmp(got, want, outlen),
			      "keyed blake2s vs openssl, len %zu key %zu out %zu",
			      len, keylen, outlen);
		}

		/* HMAC-BLAKE2s, key lengths across the 64-byte block size */
		keylen = rng_below(100);
		{
			unsigned char lkey[100];
			unsigned int hl = 32;

			rng_fill(lkey, keylen);
			HMAC(md, lkey, (int)keylen, pt, len, want, &hl);
			wg_blake2s256_hmac(got, pt, lkey, len, keylen);
			CHECK(!memcmp(got, want, 32),
			      "hmac-blake2s vs openssl, len %zu key %zu", len,
			      keylen);
		}
	}
	CHECK(mac != NULL, "OpenSSL has no BLAKE2SMAC: keyed check skipped");
	EVP_MAC_free(mac);
	EVP_MD_free((EVP_MD *)md);
}

static void test_curve25519(void)
{
	unsigned char sk[32], pk[32], pk2[32], peer[32], s1[32], s2[32];
	int i;

	for (i = 0; i < 300; i++) {
		bool ok;
		int rc;

		rng_fill(sk, 32);
		rng_fill(peer, 32);
		if (i % 10 == 0)
			peer[31] |= 0x80;	/* ignored top bit */
		ok = wg_curve25519(s1, sk, peer);
		rc = crypto_scalarmult(s2, sk, peer);
		CHECK((ok && rc == 0 && !memcmp(s1, s2, 32)) || (!ok && rc != 0),
		      "x25519 vs libsodium, round %d", i);

		CHECK(wg_curve25519_generate_public(pk, sk),
		      "generate_public failed");
		crypto_scalarmult_base(pk2, sk);
		CHECK(!memcmp(pk, pk2, 32), "x25519 base vs libsodium, round %d",
		      i);
		/* and it matches the variable-base path on 9 */
		memset(peer, 0, 32);
		peer[0] = 9;
		CHECK(wg_curve25519(s1, sk, peer) && !memcmp(s1, pk, 32),
		      "fixed-base != variable-base");
	}
	/*
	 * Scalars whose radix-16 digits hit the edges of a signed-digit
	 * fixed-base path: all 0 (clamped to 2^254), all 0xff (a carry
	 * through every digit, the top one 8), 0x88 (digits 8 and 9 turned
	 * negative, with carries), 0x77, 0x80, alternating nibbles.
	 */
	{
		static const unsigned char fills[] = { 0x00, 0xff, 0x88, 0x77,
						       0x80, 0x08, 0xf0, 0x0f };
		size_t f;

		for (f = 0; f < sizeof(fills); f++) {
			memset(sk, fills[f], 32);
			/* an all-zero secret is refused, the key computed */
			CHECK(wg_curve25519_generate_public(pk, sk) ==
			      (fills[f] != 0), "generate_public, fill %#x",
			      fills[f]);
			crypto_scalarmult_base(pk2, sk);
			CHECK(!memcmp(pk, pk2, 32),
			      "x25519 base vs libsodium, fill %#x", fills[f]);
		}
	}
	/* the clamp and generator */
	wg_curve25519_generate_secret(sk);
	CHECK((sk[0] & 7) == 0 && (sk[31] & 0xc0) == 0x40, "secret not clamped");
}

static void for_each_path(const char *alg, void (*fn)(void), const char *what)
{
	const char *const *names = wg_crypto_list(alg);
	const struct wg_chacha20_impl *c = wg_chacha20_cur;
	const struct wg_poly1305_impl *p = wg_poly1305_cur;
	const struct wg_blake2s_impl *b = wg_blake2s_cur;
	const struct wg_curve25519_impl *x = wg_curve25519_cur;
	size_t i;

	for (i = 0; names[i]; i++) {
		CHECK(wg_crypto_force(alg, names[i]), "cannot force %s", names[i]);
		printf("  %s on %s=%s\n", what, alg, names[i]);
		fn();
	}
	/* back to what wg_crypto_init() chose */
	wg_chacha20_cur = c;
	wg_poly1305_cur = p;
	wg_blake2s_cur = b;
	wg_curve25519_cur = x;
}

int main(void)
{
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sodium_init() < 0)
		return 2;
	rng_seed_from_env();
	rc = wg_crypto_init();
	printf("paths: %s\n", wg_crypto_paths());
	CHECK(rc == 0, "wg_crypto_init: selftest failed (%d)", rc);

	for_each_path("chacha20", test_aead, "AEAD 0..2048 vs libsodium");
	for_each_path("chacha20", test_aead_openssl, "AEAD vs OpenSSL");
	for_each_path("chacha20", test_sg, "AEAD scatterlists");
	for_each_path("poly1305", test_poly1305_chacha20, "Poly1305/ChaCha20");
	for_each_path("poly1305", test_poly1305_long, "Poly1305 long all-ones");
	for_each_path("chacha20", test_poly1305_chacha20, "ChaCha20/Poly1305");
	/* where may_use_simd() says no, SIMD paths fall back to generic */
	wg_shim_simd_usable = false;
	for_each_path("chacha20", test_sg, "AEAD scatterlists, no SIMD allowed,");
	for_each_path("blake2s", test_blake2s, "BLAKE2s, no SIMD allowed,");
	wg_shim_simd_usable = true;
	for_each_path("blake2s", test_blake2s, "BLAKE2s vs OpenSSL");
	for_each_path("curve25519", test_curve25519, "X25519 vs libsodium");
	CHECK(wg_shim_warn_count == 0, "a WARN fired");
	return test_report("crypto cross-checks");
}
