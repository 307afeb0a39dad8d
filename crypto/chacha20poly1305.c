// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8) over flat buffers and in
 * place over scatterlists, and XChaCha20-Poly1305.
 *
 * Layout MAC'd: ad, zero pad to 16, ciphertext, zero pad to 16,
 * le64(ad_len), le64(ct_len). The Poly1305 key is the first 32 bytes of
 * keystream block 0; the message is enciphered from block 1.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/export.h>
#include <linux/scatterlist.h>
#include <crypto/algapi.h>
#include <wg/compat.h>
#include <wgcrypto/chacha20poly1305.h>
#include "internal.h"
#include "simd.h"

static const u8 pad0[16];

static bool aead_generic_usable(void)
{
	return true;
}

/* ChaCha20 then Poly1305, each on its own chosen path */
const struct wg_aead_impl wg_aead_generic_impl = {
	.name = "two-pass",
	.usable = aead_generic_usable,
};

/*
 * The whole blocks at the start of the message XORed and MACed in one
 * pass, where the current AEAD path has one (internal.h) and SIMD may be
 * used: needs the Poly1305 context at a block boundary with nothing
 * buffered (the AD is padded, so it is, unless a scatterlist fragment
 * ended mid-block). Sections of whole five-block passes, as the SIMD
 * dispatchers bound theirs. Returns the bytes done, a multiple of 64.
 */
static size_t aead_onepass(struct wg_poly1305_ctx *poly, u32 chacha[16],
			   u8 *dst, const u8 *src, size_t len, bool encrypt)
{
	const struct wg_aead_impl *impl = READ_ONCE(wg_aead_cur);
	const size_t section = WG_SIMD_CHUNK / (5 * WG_CHACHA20_BLOCK_SIZE) *
			       (5 * WG_CHACHA20_BLOCK_SIZE);
	size_t done = 0;

	if (!impl->xor_mac_blocks || len < impl->min_bytes || poly->buflen ||
	    !may_use_simd())
		return 0;
	len &= ~(size_t)(WG_CHACHA20_BLOCK_SIZE - 1);
	while (done < len) {
		struct wg_simd_state simd;
		size_t n = min_t(size_t, len - done, section);

		wg_simd_begin(&simd);
		impl->xor_mac_blocks(chacha, dst + done, src + done,
				     n / WG_CHACHA20_BLOCK_SIZE,
				     (struct wg_poly1305_st64 *)&poly->st,
				     encrypt);
		wg_simd_end(&simd);
		done += n;
	}
	return done;
}

static void aead_start(struct wg_poly1305_ctx *poly, const u8 key[32],
		       const u8 *ad, size_t ad_len)
{
	wg_poly1305_init(poly, key);
	wg_poly1305_update(poly, ad, ad_len);
	wg_poly1305_update(poly, pad0, (0x10 - ad_len) & 0xf);
}

/* Poly1305 key from block 0; leaves the counter at 1 for the message. */
static void aead_init(struct wg_poly1305_ctx *poly, u32 chacha[16],
		      const u8 *ad, size_t ad_len)
{
	u8 block0[WG_CHACHA20_BLOCK_SIZE];

	/* through the dispatcher: a SIMD path does one block fastest too */
	memset(block0, 0, sizeof(block0));
	wg_chacha20_xor(chacha, block0, block0, sizeof(block0));
	aead_start(poly, block0, ad, ad_len);
	memzero_explicit(block0, sizeof(block0));
}

/*
 * Messages of one block or less (keepalives, handshake fields): the
 * Poly1305 key block and the message block in a single keystream call,
 * which a SIMD path computes side by side.
 */
static void aead_init_short(struct wg_poly1305_ctx *poly, u32 chacha[16],
			    const u8 *ad, size_t ad_len,
			    u8 ks[2 * WG_CHACHA20_BLOCK_SIZE])
{
	memset(ks, 0, 2 * WG_CHACHA20_BLOCK_SIZE);
	wg_chacha20_xor(chacha, ks, ks, 2 * WG_CHACHA20_BLOCK_SIZE);
	aead_start(poly, ks, ad, ad_len);
}

static void xor_bytes(u8 *dst, const u8 *src, const u8 *ks, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[i] ^ ks[i];
}

static void aead_finish(struct wg_poly1305_ctx *poly, size_t ad_len,
			size_t ct_len, u8 tag[16])
{
	u8 lens[16];

	wg_poly1305_update(poly, pad0, (0x10 - ct_len) & 0xf);
	put_unaligned_le64(ad_len, lens);
	put_unaligned_le64(ct_len, lens + 8);
	wg_poly1305_update(poly, lens, sizeof(lens));
	wg_poly1305_final(poly, tag);
}

void wg_chacha20poly1305_encrypt_state(u8 *dst, const u8 *src, size_t src_len,
				       const u8 *ad, size_t ad_len,
				       u32 chacha[16])
{
	struct wg_poly1305_ctx poly;
	u8 ks[2 * WG_CHACHA20_BLOCK_SIZE];
	size_t done = 0;

	if (src_len <= WG_CHACHA20_BLOCK_SIZE) {
		aead_init_short(&poly, chacha, ad, ad_len, ks);
		xor_bytes(dst, src, ks + WG_CHACHA20_BLOCK_SIZE, src_len);
		memzero_explicit(ks, sizeof(ks));
	} else {
		aead_init(&poly, chacha, ad, ad_len);
		done = aead_onepass(&poly, chacha, dst, src, src_len, true);
		wg_chacha20_xor(chacha, dst + done, src + done, src_len - done);
	}
	wg_poly1305_update(&poly, dst + done, src_len - done);
	aead_finish(&poly, ad_len, src_len, dst + src_len);
	memzero_explicit(chacha, 16 * sizeof(u32));
}

bool wg_chacha20poly1305_decrypt_state(u8 *dst, const u8 *src, size_t src_len,
				       const u8 *ad, size_t ad_len,
				       u32 chacha[16])
{
	struct wg_poly1305_ctx poly;
	u8 tag[WG_CHACHA20POLY1305_AUTHTAG_SIZE];
	u8 ks[2 * WG_CHACHA20_BLOCK_SIZE];
	bool ok, short_msg;
	size_t dst_len, done = 0;

	if (unlikely(src_len < WG_CHACHA20POLY1305_AUTHTAG_SIZE)) {
		memzero_explicit(chacha, 16 * sizeof(u32));
		return false;
	}
	dst_len = src_len - WG_CHACHA20POLY1305_AUTHTAG_SIZE;
	short_msg = dst_len <= WG_CHACHA20_BLOCK_SIZE;
	if (short_msg) {
		aead_init_short(&poly, chacha, ad, ad_len, ks);
	} else {
		aead_init(&poly, chacha, ad, ad_len);
		/* a one-pass path decrypts before the tag is known */
		done = aead_onepass(&poly, chacha, dst, src, dst_len, false);
	}
	wg_poly1305_update(&poly, src + done, dst_len - done);
	aead_finish(&poly, ad_len, dst_len, tag);
	ok = !crypto_memneq(tag, src + dst_len, sizeof(tag));
	wg_declassify(&ok, sizeof(ok));
	if (unlikely(!ok))
		memzero_explicit(dst, dst_len);
	else if (short_msg)
		xor_bytes(dst, src, ks + WG_CHACHA20_BLOCK_SIZE, dst_len);
	else
		wg_chacha20_xor(chacha, dst + done, src + done, dst_len - done);
	if (short_msg)
		memzero_explicit(ks, sizeof(ks));
	memzero_explicit(chacha, 16 * sizeof(u32));
	memzero_explicit(tag, sizeof(tag));
	return ok;
}

void wg_chacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	u32 chacha[16];

	wg_chacha20_init64(chacha, key, nonce);
	wg_chacha20poly1305_encrypt_state(dst, src, src_len, ad, ad_len, chacha);
}

bool wg_chacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	u32 chacha[16];

	wg_chacha20_init64(chacha, key, nonce);
	return wg_chacha20poly1305_decrypt_state(dst, src, src_len, ad, ad_len,
						 chacha);
}

/* Subkey from the first 16 nonce bytes; the last 8 are the AEAD nonce. */
static void xchacha_init(u32 chacha[16], const u8 nonce[24], const u8 key[32])
{
	u32 sub[8];
	u8 subkey[32];
	int i;

	wg_hchacha20(sub, nonce, key);
	for (i = 0; i < 8; i++)
		put_unaligned_le32(sub[i], subkey + 4 * i);
	wg_chacha20_init64(chacha, subkey, get_unaligned_le64(nonce + 16));
	memzero_explicit(sub, sizeof(sub));
	memzero_explicit(subkey, sizeof(subkey));
}

void wg_xchacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[WG_XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	u32 chacha[16];

	xchacha_init(chacha, nonce, key);
	wg_chacha20poly1305_encrypt_state(dst, src, src_len, ad, ad_len, chacha);
}

bool wg_xchacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[WG_XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	u32 chacha[16];

	xchacha_init(chacha, nonce, key);
	return wg_chacha20poly1305_decrypt_state(dst, src, src_len, ad, ad_len,
						 chacha);
}

/*
 * Scatterlist walk. Fragments split blocks anywhere, so a keystream block is
 * kept with its unused tail (ks/ks_left); whole blocks inside a fragment go
 * straight to the (possibly SIMD) bulk routine.
 */
struct sg_crypt {
	u32 chacha[16];
	struct wg_poly1305_ctx poly;
	u8 ks[WG_CHACHA20_BLOCK_SIZE];
	unsigned int ks_left;
};

static void sg_crypt_xor(struct sg_crypt *c, u8 *p, size_t len)
{
	size_t n;

	if (c->ks_left) {
		u8 *ks = c->ks + WG_CHACHA20_BLOCK_SIZE - c->ks_left;
		size_t i;

		n = min_t(size_t, len, c->ks_left);
		for (i = 0; i < n; i++)
			p[i] ^= ks[i];
		c->ks_left -= (unsigned int)n;
		p += n;
		len -= n;
	}
	n = len & ~(size_t)(WG_CHACHA20_BLOCK_SIZE - 1);
	if (n) {
		wg_chacha20_xor(c->chacha, p, p, n);
		p += n;
		len -= n;
	}
	if (len) {
		size_t i;

		wg_chacha20_block(c->chacha, c->ks);
		for (i = 0; i < len; i++)
			p[i] ^= c->ks[i];
		c->ks_left = WG_CHACHA20_BLOCK_SIZE - (unsigned int)len;
	}
}

static bool sg_crypt(struct scatterlist *sg, size_t src_len, const u8 *ad,
		     size_t ad_len, u64 nonce, const u8 key[32], bool encrypt)
{
	const size_t data_len = encrypt ? src_len :
				src_len - WG_CHACHA20POLY1305_AUTHTAG_SIZE;
	u8 tag[WG_CHACHA20POLY1305_AUTHTAG_SIZE];
	u8 given[WG_CHACHA20POLY1305_AUTHTAG_SIZE];
	struct sg_mapping_iter miter;
	struct sg_crypt c;
	size_t off = 0, tag_off = 0;
	bool ok;

	c.ks_left = 0;
	wg_chacha20_init64(c.chacha, key, nonce);
	aead_init(&c.poly, c.chacha, ad, ad_len);

	sg_miter_start(&miter, sg, sg_nents(sg),
		       SG_MITER_TO_SG | SG_MITER_FROM_SG | SG_MITER_ATOMIC);
	while (off < data_len && sg_miter_next(&miter)) {
		size_t len = min_t(size_t, miter.length, data_len - off);
		u8 *p = miter.addr;
		size_t done = 0;

		/* whole blocks at a keystream block boundary: one pass */
		if (!c.ks_left)
			done = aead_onepass(&c.poly, c.chacha, p, p, len,
					    encrypt);
		if (encrypt) {
			sg_crypt_xor(&c, p + done, len - done);
			wg_poly1305_update(&c.poly, p + done, len - done);
		} else {
			wg_poly1305_update(&c.poly, p + done, len - done);
			sg_crypt_xor(&c, p + done, len - done);
		}
		miter.consumed = len;
		off += len;
	}
	if (off < data_len)
		goto out_short;

	aead_finish(&c.poly, ad_len, data_len, tag);

	/* The tag follows the data, possibly split over fragments too. */
	while (tag_off < sizeof(tag) && sg_miter_next(&miter)) {
		size_t len = min_t(size_t, miter.length, sizeof(tag) - tag_off);

		if (encrypt)
			memcpy(miter.addr, tag + tag_off, len);
		else
			memcpy(given + tag_off, miter.addr, len);
		miter.consumed = len;
		tag_off += len;
	}
	sg_miter_stop(&miter);
	if (tag_off < sizeof(tag))
		goto out_short_stopped;

	ok = encrypt || !crypto_memneq(tag, given, sizeof(tag));
	wg_declassify(&ok, sizeof(ok));
	goto out;

out_short:
	sg_miter_stop(&miter);
out_short_stopped:
	ok = false;
out:
	memzero_explicit(&c, sizeof(c));
	memzero_explicit(tag, sizeof(tag));
	memzero_explicit(given, sizeof(given));
	return ok;
}

bool wg_chacha20poly1305_encrypt_sg_inplace(struct scatterlist *src,
					    size_t src_len, const u8 *ad,
					    size_t ad_len, u64 nonce,
					    const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	return sg_crypt(src, src_len, ad, ad_len, nonce, key, true);
}

/*
 * On a bad tag the plaintext already written in place is wiped: callers
 * drop the packet, but nothing of a forged message's decryption lingers.
 */
bool wg_chacha20poly1305_decrypt_sg_inplace(struct scatterlist *src,
					    size_t src_len, const u8 *ad,
					    size_t ad_len, u64 nonce,
					    const u8 key[WG_CHACHA20POLY1305_KEY_SIZE])
{
	struct sg_mapping_iter miter;
	size_t off = 0, data_len;

	if (unlikely(src_len < WG_CHACHA20POLY1305_AUTHTAG_SIZE))
		return false;
	if (likely(sg_crypt(src, src_len, ad, ad_len, nonce, key, false)))
		return true;

	data_len = src_len - WG_CHACHA20POLY1305_AUTHTAG_SIZE;
	sg_miter_start(&miter, src, sg_nents(src),
		       SG_MITER_TO_SG | SG_MITER_ATOMIC);
	while (off < data_len && sg_miter_next(&miter)) {
		size_t len = min_t(size_t, miter.length, data_len - off);

		memzero_explicit(miter.addr, len);
		miter.consumed = len;
		off += len;
	}
	sg_miter_stop(&miter);
	return false;
}
