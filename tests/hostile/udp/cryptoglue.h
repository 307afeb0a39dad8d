/* SPDX-License-Identifier: GPL-2.0 */
/* The crypto udpfuzz needs, from the project's crypto/ (cryptoglue.c). */
#ifndef UF_CRYPTOGLUE_H
#define UF_CRYPTOGLUE_H
#include <stddef.h>

/* HASH(label (8 bytes) || pub): the mac1 and cookie keys of a receiver. */
void uf_hash_label(unsigned char out[32], const char label[8],
		   const unsigned char pub[32]);
/* MAC(key, msg[0 .. len)), 16 bytes. */
void uf_mac16(unsigned char out[16], const void *msg, size_t len,
	      const unsigned char *key, size_t keylen);
/* The cookie of a cookie reply (XAEAD open, AD = our mac1); 1 if it opened. */
int uf_cookie_open(unsigned char cookie[16], const unsigned char enc[32],
		   const unsigned char nonce[24], const unsigned char mac1[16],
		   const unsigned char key[32]);
/* X25519(secret, point); 0 if the result is all zero (a low-order point). */
int uf_x25519(unsigned char out[32], const unsigned char secret[32],
	      const unsigned char point[32]);
/* A fresh clamped secret from the caller's 32 random bytes, and its public key. */
int uf_x25519_keypair(unsigned char secret[32], unsigned char pub[32]);
/* HMAC-BLAKE2s-256 (protocol.md's HMAC), 32 bytes out. */
void uf_hmac(unsigned char out[32], const unsigned char key[32],
	     const void *msg, size_t len);
/* BLAKE2s-256 of a || b. */
void uf_hash2(unsigned char out[32], const void *a, size_t alen,
	      const void *b, size_t blen);
/* ChaCha20-Poly1305 (protocol.md's AEAD); dst gets len + 16 bytes. */
void uf_aead_seal(unsigned char *dst, const unsigned char *src, size_t len,
		  const void *ad, size_t adlen, unsigned long long nonce,
		  const unsigned char key[32]);
/* len includes the tag; 1 if it opened. */
int uf_aead_open(unsigned char *dst, const unsigned char *src, size_t len,
		 const void *ad, size_t adlen, unsigned long long nonce,
		 const unsigned char key[32]);
#endif
