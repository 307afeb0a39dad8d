// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Every usable ChaCha20 and Poly1305 path against the generic path on the
 * same inputs, with no reference library, so it builds for any target; it
 * is how the arm64 (and arm) NEON paths are proven under qemu-user, where
 * libsodium and OpenSSL are not at hand for the target:
 *  - the raw block routine (->xor_blocks, below any ->min_bytes) for 1..40
 *    blocks, in place and not, at odd alignments, counters about to wrap;
 *  - ChaCha20 through the dispatcher (wg_chacha20_xor) for every length
 *    0..2048, in random whole-block pieces and a last partial one;
 *  - ->blocks of Poly1305 for 0..300 blocks, with the running state handed
 *    between calls, and the incremental API in random pieces, 0..2048 bytes;
 *  - the AEAD for every length 0..2048 on each ChaCha20 x Poly1305 pair,
 *    decrypt of what the generic pair encrypted, tampering, scatterlists;
 *    every buffer and every scatterlist fragment at an odd address, so
 *    UBSan (the cross builds) reports any typed access to caller memory;
 *  - the same with may_use_simd() false (the fallback).
 */
#include <linux/kernel.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include "../../../crypto/internal.h"
#include "common.h"
#include "sg_util.h"
#include <asm/simd.h>

enum { MAXLEN = 2048, MAXBLK = 40 };

static unsigned char pt[MAXLEN + 64], ct[MAXLEN + 64], ref[MAXLEN + 64],
	out[MAXLEN + 64];
static const char *generic_chacha, *generic_poly, *generic_aead;

static void force(const char *alg, const char *name)
{
	if (!wg_crypto_force(alg, name)) {
		fprintf(stderr, "cannot force %s=%s\n", alg, name);
		exit(1);
	}
}

static void test_chacha_raw(const char *name)
{
	static unsigned char in[MAXBLK * 64 + 16], a[MAXBLK * 64 + 16],
		b[MAXBLK * 64 + 16];
	unsigned char key[32], nonce[12];
	u32 sa[16], sb[16];
	size_t n, off;
	int round;

	for (round = 0; round < 6; round++) {
		for (n = 1; n <= MAXBLK; n++) {
			/* counters at, near and across the 32-bit wrap */
			u32 ctr = round == 0 ? 0 :
				  round == 1 ? 0xffffffffU - (u32)rng_below(6) :
				  (u32)rng64();
			bool inplace = round & 1;

			off = rng_below(16);
			rng_fill(key, 32);
			rng_fill(nonce, 12);
			rng_fill(in + off, n * 64);
			force("chacha20", generic_chacha);
			wg_chacha20_init(sa, key, ctr, nonce);
			wg_chacha20_cur->xor_blocks(sa, a, in + off, n);
			force("chacha20", name);
			wg_chacha20_init(sb, key, ctr, nonce);
			if (inplace) {
				memcpy(b + off, in + off, n * 64);
				wg_chacha20_cur->xor_blocks(sb, b + off, b + off,
							    n);
			} else {
				wg_chacha20_cur->xor_blocks(sb, b + off,
							    in + off, n);
			}
			CHECK(!memcmp(a, b + off, n * 64) &&
			      !memcmp(sa, sb, sizeof(sa)),
			      "chacha20 %s raw: %zu blocks, counter %#x, %s",
			      name, n, ctr, inplace ? "in place" : "apart");
		}
	}
}

/*
 * An odd offset for each buffer, cycling with the length: every NEON load
 * and store of caller memory then sees an odd address, each length once per
 * pair, and source and destination are misaligned differently. The cross
 * builds run under UBSan, which reports a typed access that is misaligned.
 */
static size_t odd_offset(size_t len, unsigned int salt)
{
	return ((len + salt) % 8) * 2 + 1;
}

/*
 * wg_chacha20_xor for every length 0..2048 against the generic path in one
 * call: on the path under test in random pieces (whole blocks, so each
 * piece crosses ->min_bytes and the path's own batch sizes differently,
 * and a last piece with the partial block), apart or in place, at odd
 * addresses, a third of the counters about to wrap.
 */
static void test_chacha_api(const char *name)
{
	unsigned char key[32], nonce[12];
	u32 sa[16], sb[16];
	size_t len, done, k;

	for (len = 0; len <= MAXLEN; len++) {
		unsigned char *p = pt + odd_offset(len, 1),
			      *r = ref + odd_offset(len, 2),
			      *o = out + odd_offset(len, 4);
		u32 ctr = len % 3 ? (u32)rng64() :
			  0xffffffffU - (u32)rng_below(40);
		bool inplace = len & 1;

		rng_fill(key, 32);
		rng_fill(nonce, 12);
		rng_fill(p, len);
		force("chacha20", generic_chacha);
		wg_chacha20_init(sa, key, ctr, nonce);
		wg_chacha20_xor(sa, r, p, len);
		force("chacha20", name);
		wg_chacha20_init(sb, key, ctr, nonce);
		if (inplace)
			memcpy(o, p, len);
		for (done = 0; done < len; done += k) {
			k = 64 * rng_below((len - done) / 64 + 2);
			if (k == 0 || k > len - done)
				k = len - done;
			wg_chacha20_xor(sb, o + done, inplace ? o + done :
					p + done, k);
		}
		CHECK(!memcmp(r, o, len) && !memcmp(sa, sb, sizeof(sa)),
		      "chacha20 %s xor: len %zu, counter %#x, %s", name, len,
		      ctr, inplace ? "in place" : "apart");
	}
}

static void test_poly_raw(const char *name)
{
	static unsigned char msg[300 * 16 + 16];
	struct wg_poly1305_state sa, sb;
	unsigned char key[32], ta[16], tb[16];
	size_t n, off, done, k;
	int round;

	for (round = 0; round < 2; round++) {
		for (n = 0; n <= 300; n += (n < 40 ? 1 : 13)) {
			u32 hibit = round == 0 || n % 3;

			off = rng_below(16);
			rng_fill(key, 32);
			rng_fill(msg + off, n * 16);
			/* all-ones blocks and key: the largest limbs */
			if (n % 5 == 4) {
				memset(msg + off, 0xff, n * 16);
				memset(key, 0xff, 32);
			}
			wg_poly1305_generic_impl.init(&sa, key);
			wg_poly1305_generic_impl.blocks(&sa, msg + off, n, hibit);
			wg_poly1305_generic_impl.emit(&sa, ta, key + 16);
			force("poly1305", name);
			wg_poly1305_cur->init(&sb, key);
			/* in pieces, the state carried across calls */
			for (done = 0; done < n; done += k) {
				k = 1 + rng_below(n - done + 8);
				if (k > n - done)
					k = n - done;
				wg_poly1305_cur->blocks(&sb, msg + off + done * 16,
							k, hibit);
			}
			wg_poly1305_cur->emit(&sb, tb, key + 16);
			CHECK(!memcmp(ta, tb, 16),
			      "poly1305 %s raw: %zu blocks, hibit %u", name, n,
			      hibit);
		}
	}
}

#ifdef __SIZEOF_INT128__
/*
 * A carry that random input almost never reaches: the fold's carry out of
 * h1 into h2, which needs the 64-bit word summed into h1 to be all ones.
 * The arm64 scalar path folds after adding the next block (g = g r + m);
 * the second block here is chosen from the first block's product so that
 * the sum is 2^64 - 1 in both low words, and the fold's addition of
 * 5 (top >> 2) then carries through h0 and h1. A third block multiplies the
 * result, and the tag must match the generic path's.
 */
static void test_poly_carry_through_h1(const char *name)
{
	typedef unsigned __int128 u128;
	unsigned char key[32], msg[48], ta[16], tb[16];
	struct wg_poly1305_state sa, sb;
	int round;

	for (round = 0; round < 200; round++) {
		u64 r0, r1, s1, g0, g1, m0, m1;
		u128 d0, d1;

		rng_fill(key, 32);
		rng_fill(msg, sizeof(msg));
		memcpy(&r0, key, 8);
		memcpy(&r1, key + 8, 8);
		r0 &= 0x0ffffffc0fffffffULL;
		r1 &= 0x0ffffffc0ffffffcULL;
		s1 = r1 + (r1 >> 2);
		memcpy(&g0, msg, 8);	/* g = h + m_0 with h = 0, g2 = 1 */
		memcpy(&g1, msg + 8, 8);
		d0 = (u128)g0 * r0 + (u128)g1 * s1;
		d1 = (u128)g0 * r1 + (u128)g1 * r0 + (u64)(d0 >> 64) + s1;
		m0 = ~(u64)d0;
		m1 = ~(u64)d1;
		memcpy(msg + 16, &m0, 8);
		memcpy(msg + 24, &m1, 8);
		wg_poly1305_generic_impl.init(&sa, key);
		wg_poly1305_generic_impl.blocks(&sa, msg, 3, 1);
		wg_poly1305_generic_impl.emit(&sa, ta, key + 16);
		force("poly1305", name);
		wg_poly1305_cur->init(&sb, key);
		wg_poly1305_cur->blocks(&sb, msg, 3, 1);
		wg_poly1305_cur->emit(&sb, tb, key + 16);
		CHECK(!memcmp(ta, tb, 16), "poly1305 %s: carry through h1, round %d",
		      name, round);
	}
}
#else
static void test_poly_carry_through_h1(const char *name) { (void)name; }
#endif

static void poly_tag(unsigned char tag[16], const unsigned char key[32],
		     const unsigned char *m, size_t len, bool pieces)
{
	struct wg_poly1305_ctx ctx;
	size_t off = 0, k;

	wg_poly1305_init(&ctx, key);
	while (off < len) {
		k = pieces ? rng_below(300) : len - off;
		if (k > len - off)
			k = len - off;
		wg_poly1305_update(&ctx, m + off, k);
		off += k;
	}
	wg_poly1305_final(&ctx, tag);
}

static void test_poly_api(const char *name)
{
	unsigned char key[32], ta[16], tb[16];
	size_t len;

	/* every length, each in random pieces on the path under test */
	for (len = 0; len <= MAXLEN; len++) {
		rng_fill(key, 32);
		rng_fill(pt, len);
		force("poly1305", generic_poly);
		poly_tag(ta, key, pt, len, false);
		force("poly1305", name);
		poly_tag(tb, key, pt, len, true);
		CHECK(!memcmp(ta, tb, 16), "poly1305 %s api: len %zu", name, len);
	}
}

/*
 * A one-pass AEAD path's bulk routine on its own: nblocks XORed and MACed
 * against the generic ChaCha20 and Poly1305 on the same radix 2^64 state,
 * encrypting and decrypting, apart and in place, misaligned, with the
 * block counter about to wrap and the Poly1305 state carried in.
 */
static void test_aead_raw(const char *name)
{
	static unsigned char in[64 * 64 + 16], o1[64 * 64 + 16],
		o2[64 * 64 + 16];
	struct wg_poly1305_state sa, sb;
	struct wg_poly1305_st64 *ga = (struct wg_poly1305_st64 *)&sa,
				*gb = (struct wg_poly1305_st64 *)&sb;
	unsigned char key[32], mkey[32];
	u32 s1[16], s2[16];
	size_t n;
	int mode;

	force("aead", name);
	for (n = 0; n <= 64; n += (n < 24 ? 1 : 7)) {
		for (mode = 0; mode < 4; mode++) {
			const bool encrypt = mode & 1, inplace = mode & 2;
			unsigned char *src = in + 1 + mode,
				      *d1 = o1 + 3, *d2 = inplace ? src : o2 + 5;
			u32 ctr = n % 3 ? (u32)rng64() : 0xffffffffU - (u32)rng_below(8);

			rng_fill(key, 32);
			rng_fill(mkey, 32);
			rng_fill(src, n * 64);
			wg_chacha20_init(s1, key, ctr, (const u8 *)"nonce-12byte");
			memcpy(s2, s1, sizeof(s1));
			wg_poly1305_generic_impl.init(&sa, mkey);
			wg_poly1305_generic_impl.init(&sb, mkey);
			/* a state that has seen a block, h above 2^128 */
			memset(o1, 0xff, 16);
			wg_poly1305_generic_impl.blocks(&sa, o1, 1, 1);
			wg_poly1305_generic_impl.blocks(&sb, o1, 1, 1);

			if (!encrypt)
				wg_poly1305_generic_impl.blocks(&sa, src, n * 4, 1);
			wg_chacha20_generic_blocks(s1, d1, src, n);
			if (encrypt)
				wg_poly1305_generic_impl.blocks(&sa, d1, n * 4, 1);
			wg_aead_cur->xor_mac_blocks(s2, d2, src, n, gb, encrypt);
			CHECK(!memcmp(d1, d2, n * 64) && !memcmp(s1, s2, sizeof(s1)) &&
			      ga->h0 == gb->h0 && ga->h1 == gb->h1 && ga->h2 == gb->h2,
			      "aead %s raw: %zu blocks, %s, %s", name, n,
			      encrypt ? "encrypt" : "decrypt",
			      inplace ? "in place" : "apart");
		}
	}
}

/*
 * Scatterlist cut at whole blocks (odd addresses still), where a one-pass
 * path runs inside fragments; the random splits rarely start one there.
 */
static int sg_buf_make_blocks(struct sg_buf *b, const unsigned char *data,
			      size_t len)
{
	size_t off = 0;
	unsigned int i, n = 1 + (unsigned int)rng_below(3);

	memset(b, 0, sizeof(*b));
	sg_init_table(b->sg, n);
	for (i = 0; i < n; i++) {
		size_t left = len - off, flen;
		unsigned char *m;

		flen = i == n - 1 ? left : 64 * rng_below(left / 64 + 1);
		m = malloc(flen + 2);
		if (!m)
			return 0;
		memcpy(m + 1, data + off, flen);
		b->mem[i] = m;
		sg_set_buf(&b->sg[i], m + 1, (unsigned int)flen);
		off += flen;
	}
	b->n = n;
	return 1;
}

static void test_aead(const char *cname, const char *pname, const char *aname,
		      bool sg_every_len)
{
	unsigned char key[32], ad[40];
	struct sg_buf sg;
	size_t len, ad_len;
	int cut;

	for (len = 0; len <= MAXLEN; len++) {
		unsigned char *p = pt + odd_offset(len, 0),
			      *c = ct + odd_offset(len, 3),
			      *r = ref + odd_offset(len, 5),
			      *o = out + odd_offset(len, 6);
		u64 nonce = rng64();

		rng_fill(key, 32);
		rng_fill(p, len);
		ad_len = rng_below(sizeof(ad));
		rng_fill(ad, ad_len);
		force("chacha20", generic_chacha);
		force("poly1305", generic_poly);
		force("aead", generic_aead);
		wg_chacha20poly1305_encrypt(r, p, len, ad, ad_len, nonce, key);
		force("chacha20", cname);
		force("poly1305", pname);
		force("aead", aname);
		wg_chacha20poly1305_encrypt(c, p, len, ad, ad_len, nonce, key);
		CHECK(!memcmp(c, r, len + 16),
		      "aead %s/%s/%s encrypt != generic, len %zu", cname, pname,
		      aname, len);
		CHECK(wg_chacha20poly1305_decrypt(o, r, len + 16, ad, ad_len,
						  nonce, key) &&
		      !memcmp(o, p, len),
		      "aead %s/%s decrypt, len %zu", cname, pname, len);
		for (cut = 0; cut < 2 && (sg_every_len || len % 7 == 0); cut++) {
			memcpy(o, p, len);
			memset(o + len, 0, 16);
			/* fragments at odd addresses, of every size */
			if (!(cut ? sg_buf_make_blocks(&sg, o, len + 16) :
			      sg_buf_make_at(&sg, o, len + 16, 1)))
				abort();
			CHECK(wg_chacha20poly1305_encrypt_sg_inplace(sg.sg, len,
								     ad, ad_len,
								     nonce, key),
			      "sg encrypt");
			sg_buf_read(&sg, o, len + 16);
			sg_buf_free(&sg);
			CHECK(!memcmp(o, r, len + 16),
			      "aead %s/%s sg != generic, len %zu", cname,
			      pname, len);
			if (!sg_buf_make_at(&sg, r, len + 16, 1))
				abort();
			CHECK(wg_chacha20poly1305_decrypt_sg_inplace(sg.sg,
								     len + 16,
								     ad, ad_len,
								     nonce, key),
			      "aead %s/%s sg decrypt, len %zu", cname, pname,
			      len);
			sg_buf_read(&sg, o, len);
			sg_buf_free(&sg);
			CHECK(!memcmp(o, p, len),
			      "aead %s/%s sg decrypt != plaintext, len %zu",
			      cname, pname, len);
			/* the reference again: decrypting in place consumed it */
			force("chacha20", generic_chacha);
			force("poly1305", generic_poly);
			force("aead", generic_aead);
			wg_chacha20poly1305_encrypt(r, p, len, ad, ad_len, nonce,
						    key);
			force("chacha20", cname);
			force("poly1305", pname);
			force("aead", aname);
		}
		c[rng_below(len + 16)] ^= 1 << rng_below(8);
		CHECK(!wg_chacha20poly1305_decrypt(o, c, len + 16, ad, ad_len,
						   nonce, key),
		      "aead %s/%s tampered accepted, len %zu", cname, pname,
		      len);
	}
}

/*
 * The paths this architecture has that this CPU (or the emulator) cannot
 * run: said, so a run that proved less than the full set shows it.
 */
#ifdef __x86_64__
static bool listed(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}
#endif

static void skip_missing(const char *const *cnames, size_t nc,
			 const char *const *pnames, size_t np)
{
#ifdef __x86_64__
	static const char *const chacha[] = { "ssse3", "avx2", "avx512" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(chacha); i++)
		if (!listed(cnames, nc, chacha[i]))
			printf("SKIP chacha20 %s: this CPU or its OS lacks %s\n",
			       chacha[i], !strcmp(chacha[i], "avx512") ?
			       "AVX-512F/VL or the zmm state" : chacha[i]);
	if (!listed(pnames, np, "avx2"))
		printf("SKIP poly1305 avx2: this CPU or its OS lacks AVX2\n");
#else
	(void)cnames; (void)nc; (void)pnames; (void)np;
#endif
}

int main(void)
{
	const char *const *cn, *const *pn, *const *an;
	const char *cnames[8], *pnames[8], *anames[8];
	size_t i, j, k, nc = 0, np = 0, na = 0;
	int rc, pass;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_seed_from_env();
	rc = wg_crypto_init();
	printf("paths: %s\n", wg_crypto_paths());
	CHECK(rc == 0, "selftests failed: %d", rc);

	/* the tables list the generic path first */
	for (cn = wg_crypto_list("chacha20"); *cn && nc < 8; cn++)
		cnames[nc++] = *cn;
	for (pn = wg_crypto_list("poly1305"); *pn && np < 8; pn++)
		pnames[np++] = *pn;
	for (an = wg_crypto_list("aead"); *an && na < 8; an++)
		anames[na++] = *an;
	generic_chacha = cnames[0];
	generic_poly = pnames[0];
	generic_aead = anames[0];
	printf("chacha20 paths:");
	for (i = 0; i < nc; i++)
		printf(" %s", cnames[i]);
	printf("\npoly1305 paths:");
	for (i = 0; i < np; i++)
		printf(" %s", pnames[i]);
	printf("\naead paths:");
	for (i = 0; i < na; i++)
		printf(" %s", anames[i]);
	printf("\n");

	skip_missing(cnames, nc, pnames, np);
	for (i = 1; i < nc; i++) {
		test_chacha_raw(cnames[i]);
		test_chacha_api(cnames[i]);
	}
	for (i = 1; i < np; i++) {
		test_poly_raw(pnames[i]);
		test_poly_carry_through_h1(pnames[i]);
		test_poly_api(pnames[i]);
	}
	for (k = 1; k < na; k++)
		test_aead_raw(anames[k]);
	/*
	 * Every pair but generic/generic, with SIMD allowed and refused. The
	 * scatterlists at every length (SIMD allowed) on pairs that put each
	 * path under test once: path k with path k, and past the end of the
	 * shorter list the remaining paths with the other's generic one.
	 */
	/* a one-pass AEAD path (k > 0) with every pair, generic/generic too */
	for (pass = 0; pass < 2; pass++) {
		wg_shim_simd_usable = pass == 0;
		for (k = 0; k < na; k++)
		for (i = 0; i < nc; i++)
			for (j = 0; j < np; j++)
				if (i || j || k) {
					bool sg_all = !pass &&
						(i == j || (i >= np && !j) ||
						 (j >= nc && !i));

					printf("  AEAD 0..%d: chacha20=%s poly1305=%s aead=%s%s%s\n",
					       MAXLEN, cnames[i], pnames[j], anames[k],
					       pass ? ", SIMD refused" : "",
					       sg_all ? ", scatterlists at every length" : "");
					test_aead(cnames[i], pnames[j], anames[k],
						  sg_all);
				}
	}
	wg_shim_simd_usable = true;
	CHECK(nc > 1 || np > 1, "only generic paths: nothing was compared");
	CHECK(wg_shim_warn_count == 0, "a WARN fired");
	return test_report("crypto paths vs generic");
}
