/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ChaCha20-Poly1305 AEAD (RFC 8439) with WireGuard's 64-bit counter nonce
 * (four zero bytes, then the counter in little endian), and
 * XChaCha20-Poly1305 (HChaCha20 subkey, 24-byte nonce).
 *
 * Prefixed wg_ so nothing clashes with the kernel's own chacha20poly1305_*.
 */
#ifndef _WGCRYPTO_CHACHA20POLY1305_H
#define _WGCRYPTO_CHACHA20POLY1305_H

#include <linux/types.h>
#include <linux/compiler.h>

struct scatterlist;

enum wg_chacha20poly1305_lengths {
	WG_CHACHA20POLY1305_KEY_SIZE = 32,
	WG_CHACHA20POLY1305_AUTHTAG_SIZE = 16,
	WG_XCHACHA20POLY1305_NONCE_SIZE = 24,
};

/* dst gets src_len + 16 bytes: the ciphertext, then the tag. */
void wg_chacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

/*
 * src_len includes the 16-byte tag; dst gets src_len - 16 bytes. False on a
 * bad tag or a src_len below 16 (dst wiped); the tag is compared in constant
 * time. dst may equal src (a one-pass path decrypts while it MACs, so after
 * a bad tag the wiped dst is then the ciphertext's place too).
 */
bool __must_check
wg_chacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
			    const u8 *ad, size_t ad_len, u64 nonce,
			    const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

void wg_xchacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[WG_XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

bool __must_check
wg_xchacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
			     const u8 *ad, size_t ad_len,
			     const u8 nonce[WG_XCHACHA20POLY1305_NONCE_SIZE],
			     const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

/*
 * In place over a scatterlist (an skb's, via skb_to_sgvec), no linearising;
 * fragments of any length and alignment. encrypt: the plaintext is the first
 * src_len bytes, the tag is written right after them (the sg must cover
 * src_len + 16); false only if the sg is too short. decrypt: src_len includes
 * the tag; false on a bad tag (the plaintext area is then wiped).
 * Must not be called from hard interrupt context with SIMD wanted: it simply
 * falls back to the generic path when may_use_simd() says no.
 */
bool wg_chacha20poly1305_encrypt_sg_inplace(struct scatterlist *src,
					    size_t src_len, const u8 *ad,
					    size_t ad_len, u64 nonce,
					    const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

bool __must_check
wg_chacha20poly1305_decrypt_sg_inplace(struct scatterlist *src, size_t src_len,
				       const u8 *ad, size_t ad_len, u64 nonce,
				       const u8 key[WG_CHACHA20POLY1305_KEY_SIZE]);

#endif /* _WGCRYPTO_CHACHA20POLY1305_H */
