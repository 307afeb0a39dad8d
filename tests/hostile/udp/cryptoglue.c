// SPDX-License-Identifier: GPL-2.0
/*
 * The project's own BLAKE2s, (X)ChaCha20-Poly1305 and X25519, built for userspace
 * through the shim headers, behind a plain C interface: udpfuzz.c includes
 * only libc headers, so the shim's linux headers never meets glibc's.
 * Only the portable implementations are linked (the selection tables of
 * crypto/main.c, and the arch paths other people are changing, stay out).
 */
#include <wgcrypto/blake2s.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/curve25519.h>
#include "internal.h"
#include "cryptoglue.h"

const struct wg_chacha20_impl *wg_chacha20_cur = &wg_chacha20_generic_impl;
const struct wg_poly1305_impl *wg_poly1305_cur = &wg_poly1305_generic_impl;
const struct wg_blake2s_impl *wg_blake2s_cur = &wg_blake2s_generic_impl;
const struct wg_aead_impl *wg_aead_cur = &wg_aead_generic_impl;
const struct wg_curve25519_impl *wg_curve25519_cur = &wg_curve25519_generic_impl;

void uf_hash_label(unsigned char out[32], const char label[8],
		   const unsigned char pub[32])
{
	uf_hash2(out, label, 8, pub, 32);
}

void uf_mac16(unsigned char out[16], const void *msg, size_t len,
	      const unsigned char *key, size_t keylen)
{
	wg_blake2s(out, msg, key, 16, len, keylen);
}

int uf_cookie_open(unsigned char cookie[16], const unsigned char enc[32],
		   const unsigned char nonce[24], const unsigned char mac1[16],
		   const unsigned char key[32])
{
	return wg_xchacha20poly1305_decrypt(cookie, enc, 32, mac1, 16, nonce,
					    key);
}

int uf_x25519(unsigned char out[32], const unsigned char secret[32],
	      const unsigned char point[32])
{
	return wg_curve25519(out, secret, point);
}

int uf_x25519_keypair(unsigned char secret[32], unsigned char pub[32])
{
	wg_curve25519_clamp_secret(secret);
	return wg_curve25519_generate_public(pub, secret);
}

void uf_hmac(unsigned char out[32], const unsigned char key[32],
	     const void *msg, size_t len)
{
	wg_blake2s256_hmac(out, msg, key, len, 32);
}

void uf_hash2(unsigned char out[32], const void *a, size_t alen,
	      const void *b, size_t blen)
{
	struct wg_blake2s_state s;

	wg_blake2s_init(&s, 32);
	wg_blake2s_update(&s, a, alen);
	wg_blake2s_update(&s, b, blen);
	wg_blake2s_final(&s, out);
}

void uf_aead_seal(unsigned char *dst, const unsigned char *src, size_t len,
		  const void *ad, size_t adlen, unsigned long long nonce,
		  const unsigned char key[32])
{
	wg_chacha20poly1305_encrypt(dst, src, len, ad, adlen, nonce, key);
}

int uf_aead_open(unsigned char *dst, const unsigned char *src, size_t len,
		 const void *ad, size_t adlen, unsigned long long nonce,
		 const unsigned char key[32])
{
	return wg_chacha20poly1305_decrypt(dst, src, len, ad, adlen, nonce, key);
}
