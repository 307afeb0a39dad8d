// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Crypto benchmark: ours beside libsodium and OpenSSL, measured in the same
 * run. AEAD encrypt/decrypt in TSC cycles per byte and MB/s, BLAKE2s in
 * cycles per byte, X25519 in operations per second (one core, variable and
 * fixed base). Best of several runs per figure. WG_BENCH_CHACHA20=<path>
 * forces a ChaCha20 path (generic, ssse3, avx2, avx512) for comparison.
 * Then ChaCha20 alone and the AEAD on each usable ChaCha20 path in turn,
 * beside OpenSSL's ChaCha20 and AEAD (the path choice made at load is a
 * timing too; this shows what it chose between).
 * Prints a table, then one machine line per figure and peer:
 *   BENCH <subject> ours=<v> <peer>=<v> ratio=<r> unit=<unit>
 * ratio > 1 means ours is faster.
 */
#include <sodium.h>
#include <openssl/evp.h>
#include <time.h>

#include <linux/kernel.h>
#include <linux/unaligned.h>
#include <wgcrypto/wgcrypto.h>
#include <wgcrypto/chacha20poly1305.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/curve25519.h>
#include "../../../crypto/internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define TICKS() __rdtsc()
#define TICK_UNIT "cycles/byte"
#else
static inline unsigned long long ticks_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
#define TICKS() ticks_ns()
#define TICK_UNIT "ns/byte"
#endif

enum { RUNS = 15, MAXLEN = 16384 + 64 };
static unsigned char buf[MAXLEN], out[MAXLEN], key[32], ad[16], nonce12[12];
static volatile unsigned char sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ticks per second, to turn ticks/byte into MB/s */
static double tick_hz(void)
{
	double t0 = now_s(), t;
	unsigned long long c0 = TICKS();

	while ((t = now_s()) - t0 < 0.2)
		;
	return (TICKS() - c0) / (t - t0);
}

/* iterations so one run handles about 2 MB, at least 50 */
static unsigned long iters_for(size_t len)
{
	unsigned long n = (2u << 20) / (len ? len : 1);

	return n < 50 ? 50 : n;
}

typedef void (*aead_fn)(size_t len);

static void ours_enc(size_t len)
{
	wg_chacha20poly1305_encrypt(out, buf, len, ad, 0, 1, key);
}

static void ours_dec(size_t len)
{
	if (!wg_chacha20poly1305_decrypt(out, buf, len + 16, ad, 0, 1, key))
		sink = 1;
}

static void sodium_enc(size_t len)
{
	unsigned long long olen;

	crypto_aead_chacha20poly1305_ietf_encrypt(out, &olen, buf, len, ad, 0,
						  NULL, nonce12, key);
}

static void sodium_dec(size_t len)
{
	unsigned long long olen;

	if (crypto_aead_chacha20poly1305_ietf_decrypt(out, &olen, NULL, buf,
						      len + 16, ad, 0, nonce12,
						      key))
		sink = 1;
}

static EVP_CIPHER_CTX *ossl_ctx;

/* As an application would: one context, re-keyed per message. */
static void ossl_enc(size_t len)
{
	int l = 0;
	unsigned char tag[16];

	EVP_EncryptInit_ex(ossl_ctx, EVP_chacha20_poly1305(), NULL, key, nonce12);
	EVP_EncryptUpdate(ossl_ctx, out, &l, buf, (int)len);
	EVP_EncryptFinal_ex(ossl_ctx, out + l, &l);
	EVP_CIPHER_CTX_ctrl(ossl_ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag);
}

static void ossl_dec(size_t len)
{
	int l = 0;

	EVP_DecryptInit_ex(ossl_ctx, EVP_chacha20_poly1305(), NULL, key, nonce12);
	EVP_DecryptUpdate(ossl_ctx, out, &l, buf, (int)len);
	EVP_CIPHER_CTX_ctrl(ossl_ctx, EVP_CTRL_AEAD_SET_TAG, 16,
			    buf + len);
	if (EVP_DecryptFinal_ex(ossl_ctx, out + l, &l) <= 0)
		sink = 1;
}

static void ours_chacha(size_t len)
{
	u32 state[16];

	wg_chacha20_init(state, key, 1, nonce12);
	wg_chacha20_xor(state, out, buf, len);
}

static EVP_CIPHER_CTX *ossl_chacha_ctx;

/* OpenSSL's IV: the 32-bit block counter, then the 96-bit nonce */
static void ossl_chacha(size_t len)
{
	unsigned char iv[16] = { 1 };
	int l = 0;

	memcpy(iv + 4, nonce12, 12);
	EVP_EncryptInit_ex(ossl_chacha_ctx, EVP_chacha20(), NULL, key, iv);
	EVP_EncryptUpdate(ossl_chacha_ctx, out, &l, buf, (int)len);
}

static double cpb(void (*fn)(size_t), size_t len)
{
	double best = 1e30;
	unsigned long i, n = iters_for(len);
	int r;

	fn(len);	/* warm up */
	for (r = 0; r < RUNS; r++) {
		unsigned long long t0 = TICKS(), t1;

		for (i = 0; i < n; i++)
			fn(len);
		t1 = TICKS();
		if ((double)(t1 - t0) / ((double)n * len) < best)
			best = (double)(t1 - t0) / ((double)n * len);
	}
	return best;
}

static void b2_ours(size_t len)
{
	wg_blake2s(out, buf, NULL, 32, len, 0);
}

static const EVP_MD *ossl_b2;

static void b2_ossl(size_t len)
{
	unsigned int l;

	EVP_Digest(buf, len, out, &l, ossl_b2, NULL);
}

/*
 * ops/s from the fastest of 200 batches of 4 operations, timed in ticks as
 * cpb() times bytes: on a shared machine a batch that lost the CPU is just
 * not the fastest (wall-clock runs of 0.1 s each counted every preemption).
 */
static double ops(void (*fn)(void))
{
	static double hz;
	unsigned long long best = ~0ULL, t;
	int r;

	if (!hz)
		hz = tick_hz();
	for (r = 0; r < 200; r++) {
		t = TICKS();
		fn();
		fn();
		fn();
		fn();
		t = TICKS() - t;
		if (t < best)
			best = t;
	}
	return hz * 4 / best;
}

static unsigned char sk[32], pk[32], shared[32];

static void x_ours(void)
{
	if (!wg_curve25519(shared, sk, pk))
		sink = 1;
}

static void xb_ours(void)
{
	if (!wg_curve25519_generate_public(shared, sk))
		sink = 1;
}

static void x_sodium(void)
{
	if (crypto_scalarmult(shared, sk, pk))
		sink = 1;
}

static void xb_sodium(void)
{
	crypto_scalarmult_base(shared, sk);
}

static EVP_PKEY *ossl_sk, *ossl_pk;

static void x_ossl(void)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(ossl_sk, NULL);
	size_t l = 32;

	EVP_PKEY_derive_init(c);
	EVP_PKEY_derive_set_peer(c, ossl_pk);
	EVP_PKEY_derive(c, shared, &l);
	EVP_PKEY_CTX_free(c);
}

static void xb_ossl(void)
{
	/* public key from a raw private key: OpenSSL's fixed-base path */
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, sk, 32);
	size_t l = 32;

	EVP_PKEY_get_raw_public_key(k, shared, &l);
	EVP_PKEY_free(k);
}

static void line(const char *subject, double ours, const char *peer,
		 double theirs, const char *unit, bool lower_is_better)
{
	printf("BENCH %s ours=%.3f %s=%.3f ratio=%.2f unit=%s\n", subject, ours,
	       peer, theirs, lower_is_better ? theirs / ours : ours / theirs,
	       unit);
}

/*
 * ChaCha20 alone and the AEAD (encrypt) on every usable ChaCha20 path,
 * each forced in turn, beside OpenSSL; then the chosen path again. BENCH
 * lines: each path against OpenSSL, and each path against the one before
 * it in the table (avx512 against avx2, say).
 */
static void bench_paths(const size_t *lens, size_t nlens)
{
	const struct wg_chacha20_impl *chosen = wg_chacha20_cur;
	const char *const *names = wg_crypto_list("chacha20");
	double c[8][4], a[8][4], oc[4], oa[4];
	char subject[64];
	size_t p, np, i;

	for (np = 0; names[np] && np < 8; np++)
		;
	for (i = 0; i < nlens; i++) {
		oc[i] = cpb(ossl_chacha, lens[i]);
		oa[i] = cpb(ossl_enc, lens[i]);
		for (p = 0; p < np; p++) {
			if (!wg_crypto_force("chacha20", names[p]))
				exit(1);
			c[p][i] = cpb(ours_chacha, lens[i]);
			a[p][i] = cpb(ours_enc, lens[i]);
		}
	}
	wg_chacha20_cur = chosen;
	for (p = 0; p < 2; p++) {
		double (*v)[4] = p ? a : c;
		const double *o = p ? oa : oc;
		size_t q;

		printf("\n%s by ChaCha20 path, %s (lower is better)\n",
		       p ? "AEAD encrypt" : "ChaCha20 alone", TICK_UNIT);
		printf("%-8s", "bytes");
		for (q = 0; q < np; q++)
			printf(" %9s", names[q]);
		printf(" %9s\n", "openssl");
		for (i = 0; i < nlens; i++) {
			printf("%-8zu", lens[i]);
			for (q = 0; q < np; q++)
				printf(" %9.2f", v[q][i]);
			printf(" %9.2f\n", o[i]);
		}
	}
	printf("\n");
	for (p = 1; p < np; p++) {
		for (i = 0; i < nlens; i++) {
			snprintf(subject, sizeof(subject), "chacha20-%s-%zu",
				 names[p], lens[i]);
			line(subject, c[p][i], "openssl", oc[i], TICK_UNIT, true);
			line(subject, c[p][i], names[p - 1], c[p - 1][i],
			     TICK_UNIT, true);
			snprintf(subject, sizeof(subject),
				 "aead-encrypt-chacha20-%s-%zu", names[p],
				 lens[i]);
			line(subject, a[p][i], "openssl", oa[i], TICK_UNIT, true);
			line(subject, a[p][i], names[p - 1], a[p - 1][i],
			     TICK_UNIT, true);
		}
	}
}

int main(int argc, char **argv)
{
	static const size_t lens[] = { 64, 256, 1420, 16384 };
	char subject[64];
	size_t i;
	double r[3][2][4], b[2][4], x[3][2], hz;
	const char *force = getenv("WG_BENCH_CHACHA20");

	(void)argc;
	(void)argv;
	if (sodium_init() < 0 || wg_crypto_init())
		return 1;
	if (force && !wg_crypto_force("chacha20", force))
		return 1;
	ossl_ctx = EVP_CIPHER_CTX_new();
	ossl_chacha_ctx = EVP_CIPHER_CTX_new();
	ossl_b2 = EVP_MD_fetch(NULL, "BLAKE2S-256", NULL);
	randombytes_buf(key, 32);
	randombytes_buf(buf, sizeof(buf));
	/* WireGuard's nonce 1 as the 96-bit IETF nonce the peers take */
	put_unaligned_le64(1, nonce12 + 4);
	wg_curve25519_generate_secret(sk);
	randombytes_buf(pk, 32);
	ossl_sk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, sk, 32);
	ossl_pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pk, 32);

	printf("paths: %s%s\n", wg_crypto_paths(),
	       force ? " (but chacha20 forced by WG_BENCH_CHACHA20)" : "");
	printf("AEAD ChaCha20-Poly1305, %s (lower is better), best of %d\n",
	       TICK_UNIT, RUNS);
	printf("%-8s %-4s %10s %10s %10s\n", "bytes", "op", "ours", "libsodium",
	       "openssl");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		size_t len = lens[i];

		r[0][0][i] = cpb(ours_enc, len);
		r[1][0][i] = cpb(sodium_enc, len);
		r[2][0][i] = cpb(ossl_enc, len);
		/* a valid message to decrypt */
		wg_chacha20poly1305_encrypt(buf, buf, len, ad, 0, 1, key);
		r[0][1][i] = cpb(ours_dec, len);
		r[1][1][i] = cpb(sodium_dec, len);
		r[2][1][i] = cpb(ossl_dec, len);
		if (sink) {
			fprintf(stderr, "a decrypt failed: figures void\n");
			return 1;
		}
		printf("%-8zu %-4s %10.2f %10.2f %10.2f\n", len, "enc",
		       r[0][0][i], r[1][0][i], r[2][0][i]);
		printf("%-8zu %-4s %10.2f %10.2f %10.2f\n", len, "dec",
		       r[0][1][i], r[1][1][i], r[2][1][i]);
	}
	hz = tick_hz();
	printf("\nAEAD ChaCha20-Poly1305, MB/s on one core (higher is better)\n");
	printf("%-8s %-4s %10s %10s %10s\n", "bytes", "op", "ours", "libsodium",
	       "openssl");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		printf("%-8zu %-4s %10.0f %10.0f %10.0f\n", lens[i], "enc",
		       hz / r[0][0][i] / 1e6, hz / r[1][0][i] / 1e6,
		       hz / r[2][0][i] / 1e6);
		printf("%-8zu %-4s %10.0f %10.0f %10.0f\n", lens[i], "dec",
		       hz / r[0][1][i] / 1e6, hz / r[1][1][i] / 1e6,
		       hz / r[2][1][i] / 1e6);
	}
	printf("\nBLAKE2s-256, %s (libsodium has no BLAKE2s)\n", TICK_UNIT);
	printf("%-8s %10s %10s\n", "bytes", "ours", "openssl");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		b[0][i] = cpb(b2_ours, lens[i]);
		b[1][i] = cpb(b2_ossl, lens[i]);
		printf("%-8zu %10.2f %10.2f\n", lens[i], b[0][i], b[1][i]);
	}
	x[0][0] = ops(x_ours);
	x[1][0] = ops(x_sodium);
	x[2][0] = ops(x_ossl);
	x[0][1] = ops(xb_ours);
	x[1][1] = ops(xb_sodium);
	x[2][1] = ops(xb_ossl);
	printf("\nX25519, operations/s (higher is better)\n");
	printf("%-10s %10s %10s %10s\n", "", "ours", "libsodium", "openssl");
	printf("%-10s %10.0f %10.0f %10.0f\n", "variable", x[0][0], x[1][0],
	       x[2][0]);
	printf("%-10s %10.0f %10.0f %10.0f\n", "base", x[0][1], x[1][1],
	       x[2][1]);
	printf("\n");

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		snprintf(subject, sizeof(subject), "aead-encrypt-%zu", lens[i]);
		line(subject, r[0][0][i], "libsodium", r[1][0][i], TICK_UNIT, true);
		line(subject, r[0][0][i], "openssl", r[2][0][i], TICK_UNIT, true);
		snprintf(subject, sizeof(subject), "aead-decrypt-%zu", lens[i]);
		line(subject, r[0][1][i], "libsodium", r[1][1][i], TICK_UNIT, true);
		line(subject, r[0][1][i], "openssl", r[2][1][i], TICK_UNIT, true);
	}
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		snprintf(subject, sizeof(subject), "aead-encrypt-%zu-throughput",
			 lens[i]);
		line(subject, hz / r[0][0][i] / 1e6, "libsodium",
		     hz / r[1][0][i] / 1e6, "MB/s", false);
		line(subject, hz / r[0][0][i] / 1e6, "openssl",
		     hz / r[2][0][i] / 1e6, "MB/s", false);
		snprintf(subject, sizeof(subject), "aead-decrypt-%zu-throughput",
			 lens[i]);
		line(subject, hz / r[0][1][i] / 1e6, "libsodium",
		     hz / r[1][1][i] / 1e6, "MB/s", false);
		line(subject, hz / r[0][1][i] / 1e6, "openssl",
		     hz / r[2][1][i] / 1e6, "MB/s", false);
	}
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		snprintf(subject, sizeof(subject), "blake2s-%zu", lens[i]);
		line(subject, b[0][i], "openssl", b[1][i], TICK_UNIT, true);
	}
	bench_paths(lens, ARRAY_SIZE(lens));
	line("x25519", x[0][0], "libsodium", x[1][0], "ops/s", false);
	line("x25519", x[0][0], "openssl", x[2][0], "ops/s", false);
	line("x25519-base", x[0][1], "libsodium", x[1][1], "ops/s", false);
	line("x25519-base", x[0][1], "openssl", x[2][1], "ops/s", false);
	EVP_CIPHER_CTX_free(ossl_ctx);
	EVP_CIPHER_CTX_free(ossl_chacha_ctx);
	return sink;
}
