// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Known-answer tests run at load on every path (wg_crypto_init makes each
 * path current in turn), and natively by the unit tests.
 *
 * Sources: RFC 8439 (2.3.2, 2.4.2, 2.5.2, 2.8.2, A.3), the XChaCha20 draft
 * (draft-irtf-cfrg-xchacha-03, 2.2.1 and A.3.1), RFC 7693 (Appendix A and
 * the Appendix E self-test), the BLAKE2s reference keyed KAT, RFC 7748
 * (5.2, 6.1, iterated), and HMAC-BLAKE2s and MAC values computed with an
 * independent implementation (Python's hashlib/hmac).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <wg/compat.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "internal.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes at most max bytes of hex (spaces ignored); returns the length. */
static size_t unhex(u8 *out, size_t max, const char *hex)
{
	size_t n = 0;

	while (*hex && n < max) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		out[n++] = (u8)((hexval(hex[0]) << 4) | hexval(hex[1]));
		hex += 2;
	}
	return n;
}

static bool check(const char *what, const u8 *got, const char *want_hex)
{
	u8 want[128];
	size_t len = unhex(want, sizeof(want), want_hex);

	if (memcmp(got, want, len)) {
		pr_err("wireguard: selftest %s: wrong result\n", what);
		return false;
	}
	return true;
}

static const char sunscreen[] =
	"Ladies and Gentlemen of the class of '99: If I could offer you only "
	"one tip for the future, sunscreen would be it.";

static const char key00_1f[] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char key80_9f[] =
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";

/* Shared scratch: the selftests run once at init, single threaded. */
static u8 buf_a[1024], buf_b[1024];

bool wg_chacha20_selftest(void)
{
	u8 key[32], nonce[12], block[64];
	u32 state[16], ref[16];
	const size_t len = sizeof(sunscreen) - 1;
	bool ok = true;
	size_t n, i;

	unhex(key, 32, key00_1f);

	/* RFC 8439 2.3.2: one block */
	unhex(nonce, 12, "000000090000004a00000000");
	wg_chacha20_init(state, key, 1, nonce);
	memset(block, 0, sizeof(block));
	wg_chacha20_xor(state, block, block, sizeof(block));
	ok &= check("chacha20 block", block,
		    "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
		    "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
	ok &= state[12] == 2;

	/* RFC 8439 2.4.2: 114 bytes */
	unhex(nonce, 12, "000000000000004a00000000");
	wg_chacha20_init(state, key, 1, nonce);
	wg_chacha20_xor(state, buf_a, (const u8 *)sunscreen, len);
	ok &= check("chacha20 encrypt", buf_a,
		    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
		    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
		    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
		    "5af90bbf74a35be6b40b8eedf2785e42874d");

	/* HChaCha20, draft-irtf-cfrg-xchacha 2.2.1 */
	{
		u8 hnonce[16], out[32];
		u32 sub[8];

		unhex(hnonce, 16, "000000090000004a0000000031415927");
		wg_hchacha20(sub, hnonce, key);
		for (i = 0; i < 8; i++)
			put_unaligned_le32(sub[i], out + 4 * i);
		ok &= check("hchacha20", out,
			    "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
	}

	/*
	 * The current path against the generic one on every block count up
	 * to 16, across the 32-bit counter wrap: catches lane, tail and carry
	 * mistakes that one-block vectors cannot see.
	 */
	for (i = 0; i < sizeof(buf_a); i++)
		buf_a[i] = (u8)(i * 7 + 3);
	for (n = 1; n <= sizeof(buf_a) / 64; n++) {
		wg_chacha20_init(state, key, 0xfffffffa, nonce);
		memcpy(ref, state, sizeof(ref));
		wg_chacha20_xor(state, buf_b, buf_a, n * 64);
		wg_chacha20_generic_blocks(ref, block, buf_a, 1);
		if (memcmp(block, buf_b, 64) || state[12] != (u32)(0xfffffffa + n)) {
			pr_err("wireguard: selftest chacha20 bulk %zu blocks\n", n);
			ok = false;
			break;
		}
		wg_chacha20_init(ref, key, 0xfffffffa, nonce);
		for (i = 0; i < n; i++) {
			wg_chacha20_generic_blocks(ref, block, buf_a + 64 * i, 1);
			if (memcmp(block, buf_b + 64 * i, 64)) {
				pr_err("wireguard: selftest chacha20 bulk %zu/%zu\n",
				       i, n);
				ok = false;
				break;
			}
		}
	}
	memzero_explicit(state, sizeof(state));
	return ok;
}

struct poly_vec {
	const char *key, *msg, *tag;
};

static const struct poly_vec poly_vecs[] = {
	/* RFC 8439 2.5.2 */
	{ "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
	  "43727970746f677261706869632046" "6f72756d2052657365617263682047726f7570",
	  "a8061dc1305136c6c22b8baf0c0127a9" },
	/* RFC 8439 A.3 #1: zero key and message */
	{ "0000000000000000000000000000000000000000000000000000000000000000",
	  "00000000000000000000000000000000000000000000000000000000000000000000"
	  "00000000000000000000000000000000000000000000000000000000000000",
	  "00000000000000000000000000000000" },
	/* A.3 #5 to #11: edge cases of the reduction modulo 2^130 - 5 */
	{ "0200000000000000000000000000000000000000000000000000000000000000",
	  "ffffffffffffffffffffffffffffffff",
	  "03000000000000000000000000000000" },
	{ "02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
	  "02000000000000000000000000000000",
	  "03000000000000000000000000000000" },
	{ "0100000000000000000000000000000000000000000000000000000000000000",
	  "ffffffffffffffffffffffffffffffff" "f0ffffffffffffffffffffffffffffff"
	  "11000000000000000000000000000000",
	  "05000000000000000000000000000000" },
	{ "0100000000000000000000000000000000000000000000000000000000000000",
	  "ffffffffffffffffffffffffffffffff" "fbfefefefefefefefefefefefefefefe"
	  "01010101010101010101010101010101",
	  "00000000000000000000000000000000" },
	{ "0200000000000000000000000000000000000000000000000000000000000000",
	  "fdffffffffffffffffffffffffffffff",
	  "faffffffffffffffffffffffffffffff" },
	{ "0100000000000000040000000000000000000000000000000000000000000000",
	  "e33594d7505e43b90000000000000000" "3394d7505e4379cd0100000000000000"
	  "00000000000000000000000000000000" "01000000000000000000000000000000",
	  "14000000000000005500000000000000" },
	{ "0100000000000000040000000000000000000000000000000000000000000000",
	  "e33594d7505e43b90000000000000000" "3394d7505e4379cd0100000000000000"
	  "00000000000000000000000000000000",
	  "13000000000000000000000000000000" },
};

/* The generic routines straight, as the reference for the bulk check. */
static void poly1305_generic_mac(u8 mac[16], const u8 *msg, size_t len,
				 const u8 key[32])
{
	const struct wg_poly1305_impl *g = &wg_poly1305_generic_impl;
	struct wg_poly1305_state st;
	u8 last[16] = { 0 };

	g->init(&st, key);
	g->blocks(&st, msg, len / 16, 1);
	if (len % 16) {
		memcpy(last, msg + len - len % 16, len % 16);
		last[len % 16] = 1;
		g->blocks(&st, last, 1, 0);
	}
	g->emit(&st, mac, key + 16);
	memzero_explicit(&st, sizeof(st));
}

bool wg_poly1305_selftest(void)
{
	static const u16 bulk_lens[] = { 255, 256, 257, 320, 511, 512, 700,
					 1000, 1024 };
	struct wg_poly1305_ctx ctx;
	u8 key[32], msg[128], mac[16], want[16];
	bool ok = true;
	size_t i, len, split;

	/*
	 * The current path against the generic one on long inputs (the
	 * vectors are too short for a SIMD path), fed whole and split, with
	 * extreme keys and message bytes to stress the carries.
	 */
	for (i = 0; i < ARRAY_SIZE(bulk_lens); i++) {
		len = bulk_lens[i];
		memset(key, (i & 1) ? 0xff : 0x00, 32);
		key[(i * 5) % 32] ^= 0x5a;
		memset(buf_a, (i & 2) ? 0xff : 0, len);
		buf_a[i] = (u8)i;
		poly1305_generic_mac(want, buf_a, len, key);
		for (split = 0; split <= len; split += len / 3 + 1) {
			wg_poly1305_init(&ctx, key);
			wg_poly1305_update(&ctx, buf_a, split);
			wg_poly1305_update(&ctx, buf_a + split, len - split);
			wg_poly1305_final(&ctx, mac);
			if (memcmp(mac, want, 16)) {
				pr_err("wireguard: selftest poly1305 bulk %zu/%zu\n",
				       len, split);
				ok = false;
			}
		}
	}

	for (i = 0; i < ARRAY_SIZE(poly_vecs); i++) {
		unhex(key, sizeof(key), poly_vecs[i].key);
		len = unhex(msg, sizeof(msg), poly_vecs[i].msg);
		/* whole, then fed in two pieces at every split point */
		for (split = 0; split <= len; split++) {
			wg_poly1305_init(&ctx, key);
			wg_poly1305_update(&ctx, msg, split);
			wg_poly1305_update(&ctx, msg + split, len - split);
			wg_poly1305_final(&ctx, mac);
			if (!check("poly1305", mac, poly_vecs[i].tag)) {
				ok = false;
				break;
			}
		}
	}
	return ok;
}

/*
 * Flat reference into buf_a; in place over a 3-piece scatterlist in sgbuf,
 * which is kmalloc'd: sg entries need linear-mapped memory, and a module's
 * static data (vmalloc) or a virtually mapped stack is not.
 */
static bool aead_sg_roundtrip(u8 *sgbuf, const u8 *pt, size_t len,
			      const u8 *ad, size_t ad_len, const u8 key[32])
{
	struct scatterlist sg[3];
	size_t cut1 = len / 3, cut2 = len - len / 5;
	bool ok;

	wg_chacha20poly1305_encrypt(buf_a, pt, len, ad, ad_len,
				    0x0102030405060708ULL, key);
	memcpy(sgbuf + 1, pt, len);
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], sgbuf + 1, cut1);
	sg_set_buf(&sg[1], sgbuf + 1 + cut1, cut2 - cut1);
	sg_set_buf(&sg[2], sgbuf + 1 + cut2, len + 16 - cut2);
	ok = wg_chacha20poly1305_encrypt_sg_inplace(sg, len, ad, ad_len,
						    0x0102030405060708ULL, key);
	ok &= !memcmp(buf_a, sgbuf + 1, len + 16);
	ok &= wg_chacha20poly1305_decrypt_sg_inplace(sg, len + 16, ad, ad_len,
						     0x0102030405060708ULL, key);
	ok &= !memcmp(sgbuf + 1, pt, len);
	/* a flipped tag bit must be refused */
	wg_chacha20poly1305_encrypt(buf_a, pt, len, ad, ad_len, 7, key);
	buf_a[len + 15] ^= 0x80;
	ok &= !wg_chacha20poly1305_decrypt(buf_b, buf_a, len + 16, ad, ad_len, 7,
					   key);
	if (!ok)
		pr_err("wireguard: selftest chacha20poly1305 sg/tamper\n");
	return ok;
}

/*
 * Packet-sized messages (byte i = 37 i + 11) with the key, nonce and AD of
 * RFC 8439 2.8.2: long enough for a one-pass path's whole passes, which the
 * RFC vectors (114 bytes) never reach. Tags from an independent
 * implementation (Python's cryptography package). Each is also decrypted
 * apart and in place, and encrypted and decrypted over a scatterlist cut at
 * a block boundary, a mid-block point and an odd address.
 */
static bool aead_long(const u8 key[32], const u8 *ad, size_t ad_len,
		      const u8 nonce[12])
{
	static const struct {
		size_t len;
		const char *tag;
	} v[] = {
		{ 1420, "2cf3396d36464e8deec277fc06ae1437" },
		{ 1000, "b7a2a7fc3e7cfbaf137c2ed18a9a8c33" },
	};
	const size_t max = 1420 + 16;
	struct scatterlist sg[3];
	u8 *pt, *ct, *io;
	u32 state[16];
	bool ok = true;
	size_t i, k;

	pt = kmalloc(3 * max + 1, GFP_KERNEL);
	if (!pt)
		return false;
	ct = pt + max;
	io = ct + max + 1;	/* odd: no access wider than a byte is aligned */
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		const size_t len = v[i].len;

		for (k = 0; k < len; k++)
			pt[k] = (u8)(37 * k + 11);
		wg_chacha20_init(state, key, 0, nonce);
		wg_chacha20poly1305_encrypt_state(ct, pt, len, ad, ad_len, state);
		ok &= check("chacha20poly1305 long tag", ct + len, v[i].tag);
		wg_chacha20_init(state, key, 0, nonce);
		ok &= wg_chacha20poly1305_decrypt_state(io, ct, len + 16, ad,
							ad_len, state);
		ok &= !memcmp(io, pt, len);
		memcpy(io, ct, len + 16);
		wg_chacha20_init(state, key, 0, nonce);
		ok &= wg_chacha20poly1305_decrypt_state(io, io, len + 16, ad,
							ad_len, state);
		ok &= !memcmp(io, pt, len);

		/* the WireGuard nonce form, flat against scatterlist */
		wg_chacha20poly1305_encrypt(ct, pt, len, ad, ad_len, 99, key);
		memcpy(io, pt, len);
		sg_init_table(sg, 3);
		sg_set_buf(&sg[0], io, 640);
		sg_set_buf(&sg[1], io + 640, 333);
		sg_set_buf(&sg[2], io + 973, len + 16 - 973);
		ok &= wg_chacha20poly1305_encrypt_sg_inplace(sg, len, ad, ad_len,
							     99, key);
		ok &= !memcmp(io, ct, len + 16);
		ok &= wg_chacha20poly1305_decrypt_sg_inplace(sg, len + 16, ad,
							     ad_len, 99, key);
		ok &= !memcmp(io, pt, len);
	}
	kfree(pt);
	if (!ok)
		pr_err("wireguard: selftest chacha20poly1305 long messages\n");
	return ok;
}

bool wg_chacha20poly1305_selftest(void)
{
	const size_t len = sizeof(sunscreen) - 1;
	u8 key[32], nonce[24], ad[12];
	u32 state[16];
	bool ok = true;
	u8 *sgbuf;

	unhex(key, 32, key80_9f);
	unhex(ad, 12, "50515253c0c1c2c3c4c5c6c7");

	/* RFC 8439 2.8.2 */
	unhex(nonce, 12, "070000004041424344454647");
	wg_chacha20_init(state, key, 0, nonce);
	wg_chacha20poly1305_encrypt_state(buf_a, (const u8 *)sunscreen, len, ad,
					  sizeof(ad), state);
	ok &= check("chacha20poly1305 encrypt", buf_a,
		    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
		    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
		    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
		    "3ff4def08e4b7a9de576d26586cec64b6116");
	ok &= check("chacha20poly1305 tag", buf_a + len,
		    "1ae10b594f09e26a7e902ecbd0600691");
	wg_chacha20_init(state, key, 0, nonce);
	ok &= wg_chacha20poly1305_decrypt_state(buf_b, buf_a, len + 16, ad,
						sizeof(ad), state);
	ok &= !memcmp(buf_b, sunscreen, len);

	/* draft-irtf-cfrg-xchacha-03 A.3.1 */
	unhex(nonce, 24, "404142434445464748494a4b4c4d4e4f5051525354555657");
	wg_xchacha20poly1305_encrypt(buf_a, (const u8 *)sunscreen, len, ad,
				     sizeof(ad), nonce, key);
	ok &= check("xchacha20poly1305 encrypt", buf_a,
		    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
		    "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
		    "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
		    "21f9664c97637da9768812f615c68b13b52e");
	ok &= check("xchacha20poly1305 tag", buf_a + len,
		    "c0875924c1c7987947deafd8780acf49");
	ok &= wg_xchacha20poly1305_decrypt(buf_b, buf_a, len + 16, ad, sizeof(ad),
					   nonce, key);
	ok &= !memcmp(buf_b, sunscreen, len);
	buf_a[3] ^= 1;
	ok &= !wg_xchacha20poly1305_decrypt(buf_b, buf_a, len + 16, ad,
					    sizeof(ad), nonce, key);

	sgbuf = kmalloc(len + 32, GFP_KERNEL);
	if (!sgbuf)
		return false;
	ok &= aead_sg_roundtrip(sgbuf, (const u8 *)sunscreen, len, ad,
				sizeof(ad), key);
	ok &= aead_sg_roundtrip(sgbuf, (const u8 *)sunscreen, 0, NULL, 0, key);
	kfree(sgbuf);
	unhex(nonce, 12, "070000004041424344454647");
	ok &= aead_long(key, ad, sizeof(ad), nonce);
	if (!ok)
		pr_err("wireguard: selftest chacha20poly1305 failed\n");
	return ok;
}

/* RFC 7693 Appendix E: deterministic "random" input */
static void blake2s_seq(u8 *out, size_t len, u32 seed)
{
	u32 a = 0xdead4bad * seed, b = 1, t;
	size_t i;

	for (i = 0; i < len; i++) {
		t = a + b;
		a = b;
		b = t;
		out[i] = (u8)(t >> 24);
	}
}

bool wg_blake2s_selftest(void)
{
	static const u8 outlens[] = { 16, 20, 28, 32 };
	static const u16 inlens[] = { 0, 3, 64, 65, 255, 1024 };
	struct wg_blake2s_state st;
	u8 key[32], md[32], out[32];
	bool ok = true;
	size_t i, j;

	wg_blake2s(out, (const u8 *)"abc", NULL, 32, 3, 0);
	ok &= check("blake2s abc", out,
		    "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
	wg_blake2s(out, NULL, NULL, 32, 0, 0);
	ok &= check("blake2s empty", out,
		    "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9");

	/* RFC 7693 Appendix E: every length pair, keyed and not, hashed */
	wg_blake2s_init(&st, 32);
	for (i = 0; i < ARRAY_SIZE(outlens); i++) {
		for (j = 0; j < ARRAY_SIZE(inlens); j++) {
			blake2s_seq(buf_a, inlens[j], inlens[j]);
			wg_blake2s(md, buf_a, NULL, outlens[i], inlens[j], 0);
			wg_blake2s_update(&st, md, outlens[i]);
			blake2s_seq(key, outlens[i], outlens[i]);
			wg_blake2s(md, buf_a, key, outlens[i], inlens[j],
				   outlens[i]);
			wg_blake2s_update(&st, md, outlens[i]);
		}
	}
	wg_blake2s_final(&st, out);
	ok &= check("blake2s rfc7693", out,
		    "6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe");

	/* keyed KAT (key 00..1f, input 00..n-1) */
	unhex(key, 32, key00_1f);
	for (i = 0; i < 65; i++)
		buf_a[i] = (u8)i;
	wg_blake2s(out, buf_a, key, 32, 0, 32);
	ok &= check("blake2s keyed 0", out,
		    "48a8997da407876b3d79c0d92325ad3b89cbb754d86ab71aee047ad345fd2c49");
	wg_blake2s(out, buf_a, key, 32, 1, 32);
	ok &= check("blake2s keyed 1", out,
		    "40d15fee7c328830166ac3f918650f807e7e01e177258cdc0a39b11f598066f1");
	wg_blake2s(out, buf_a, key, 32, 64, 32);
	ok &= check("blake2s keyed 64", out,
		    "8975b0577fd35566d750b362b0897a26c399136df07bababbde6203ff2954ed4");
	/* incremental, in uneven pieces */
	wg_blake2s_init_key(&st, 32, key, 32);
	wg_blake2s_update(&st, buf_a, 1);
	wg_blake2s_update(&st, buf_a + 1, 63);
	wg_blake2s_update(&st, buf_a + 64, 1);
	wg_blake2s_final(&st, out);
	ok &= check("blake2s keyed 65", out,
		    "21fe0ceb0052be7fb0f004187cacd7de67fa6eb0938d927677f2398c132317a8");

	/* a MAC of WireGuard's shape: 16-byte output (and key here) */
	memcpy(buf_b, "mac1----", 8);
	memcpy(buf_b + 8, buf_a, 32);
	wg_blake2s(out, buf_b, buf_a, 16, 40, 16);
	ok &= check("blake2s mac16", out, "902d9b29aa6d3b0f11ba2837e81eba61");

	/* HMAC-BLAKE2s: a block-sized key path and a hashed long key */
	wg_blake2s256_hmac(out, (const u8 *)"abc", key, 3, 32);
	ok &= check("hmac-blake2s", out,
		    "82623be5bc0a391b24dce53e67d028eff92d586de0485ac37822e597d049c74f");
	for (i = 0; i < 200; i++)
		buf_a[i] = (u8)i;
	wg_blake2s256_hmac(out, buf_a, buf_a, 200, 100);
	ok &= check("hmac-blake2s long key", out,
		    "c4c95271905c6f69c1dd7c6fbc0cb3735457a660ccc2c4370f28825e7abef5af");
	wg_blake2s256_hmac(out, NULL, NULL, 0, 0);
	ok &= check("hmac-blake2s empty", out,
		    "eaf4bb25938f4d20e72656bbbc7a9bf63c0c18537333c35bdb67db1402661acd");
	return ok;
}

struct x25519_vec {
	const char *scalar, *point, *out;
};

static const struct x25519_vec x25519_vecs[] = {
	/* RFC 7748 5.2 */
	{ "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
	  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
	  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
	{ "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
	  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
	  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
	/* RFC 7748 6.1: both public keys, then the shared secret both ways */
	{ "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	  "0900000000000000000000000000000000000000000000000000000000000000",
	  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" },
	{ "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	  "0900000000000000000000000000000000000000000000000000000000000000",
	  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f" },
	{ "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	{ "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
};

/* Points of small order: every scalar maps them to 0, which must fail. */
static const char *const x25519_low_order[] = {
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	/* the same with bit 255 set, which X25519 ignores */
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
};

bool wg_curve25519_selftest(void)
{
	u8 k[32], u[32], out[32], pub[32];
	bool ok = true;
	size_t i;
	u32 it;

	for (i = 0; i < ARRAY_SIZE(x25519_vecs); i++) {
		unhex(k, 32, x25519_vecs[i].scalar);
		unhex(u, 32, x25519_vecs[i].point);
		ok &= wg_curve25519(out, k, u);
		ok &= check("curve25519", out, x25519_vecs[i].out);
	}
	/* the fixed-base path gives the 6.1 public keys too */
	unhex(k, 32, x25519_vecs[2].scalar);
	ok &= wg_curve25519_generate_public(pub, k);
	ok &= check("curve25519 base", pub, x25519_vecs[2].out);
	unhex(k, 32, x25519_vecs[3].scalar);
	ok &= wg_curve25519_generate_public(pub, k);
	ok &= check("curve25519 base", pub, x25519_vecs[3].out);

	/* RFC 7748 5.2 iterated: k = X25519(k, u), u = old k */
	memset(k, 0, 32);
	k[0] = 9;
	memcpy(u, k, 32);
	for (it = 1; it <= max(wg_selftest_x25519_iterations, 1U); it++) {
		/* (the iteration never hits a zero output) */
		ok &= wg_curve25519(out, k, u);
		memcpy(u, k, 32);
		memcpy(k, out, 32);
		if (it == 1)
			ok &= check("curve25519 iter 1", k,
				    "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
		if (it == 1000)
			ok &= check("curve25519 iter 1000", k,
				    "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
		if (it == 1000000)
			ok &= check("curve25519 iter 1000000", k,
				    "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424");
		/* long loop in the kernel: let others run now and then */
		if (!(it & 63))
			cond_resched();
	}

	unhex(k, 32, x25519_vecs[0].scalar);
	for (i = 0; i < ARRAY_SIZE(x25519_low_order); i++) {
		unhex(u, 32, x25519_low_order[i]);
		if (wg_curve25519(out, k, u)) {
			pr_err("wireguard: selftest curve25519 accepted low-order point %zu\n",
			       i);
			ok = false;
		}
	}
	memset(k, 0, 32);
	ok &= !wg_curve25519_generate_public(pub, k);
	memzero_explicit(out, sizeof(out));
	return ok;
}
