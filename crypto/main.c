// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Path selection: every algorithm has a table of implementations, least
 * preferred first. wg_crypto_init() runs the selftests on each usable one
 * and keeps the last that passes (BLAKE2s: the fastest that passes,
 * measured; ChaCha20: an AVX-512 path only if measured faster); any
 * failure fails the init (and so the
 * module load): a path that gets a vector wrong must never carry traffic.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <wgcrypto/blake2s.h>
#include <wgcrypto/wgcrypto.h>
#include "internal.h"

/*
 * RFC 7748's iterated X25519 check at load: 1 (the default in the kernel)
 * or 1000 (CI; ~70 ms on a desktop core, seconds on a small ARM core) or
 * 1000000. Other values run that many iterations and check those three
 * points on the way.
 */
#ifdef __WG_USERSPACE
unsigned int wg_selftest_x25519_iterations = 1000;
#else
unsigned int wg_selftest_x25519_iterations = 1;
#endif
module_param_named(crypto_selftest_x25519_iterations,
		   wg_selftest_x25519_iterations, uint, 0444);
MODULE_PARM_DESC(crypto_selftest_x25519_iterations,
		 "Iterations of the RFC 7748 X25519 selftest at load (1, 1000, 1000000)");

const struct wg_chacha20_impl *wg_chacha20_cur = &wg_chacha20_generic_impl;
const struct wg_poly1305_impl *wg_poly1305_cur = &wg_poly1305_generic_impl;
const struct wg_aead_impl *wg_aead_cur = &wg_aead_generic_impl;
const struct wg_blake2s_impl *wg_blake2s_cur = &wg_blake2s_generic_impl;
const struct wg_curve25519_impl *wg_curve25519_cur =
	&wg_curve25519_generic_impl;

static const struct wg_chacha20_impl *const chacha20_impls[] = {
	&wg_chacha20_generic_impl,
#ifdef WG_CRYPTO_X86_64
	&wg_chacha20_ssse3_impl,
	&wg_chacha20_avx2_impl,
	&wg_chacha20_avx512_impl,
#endif
#if defined(WG_CRYPTO_ARM64) || defined(WG_CRYPTO_ARM)
	&wg_chacha20_neon_impl,
#endif
};

static const struct wg_poly1305_impl *const poly1305_impls[] = {
	&wg_poly1305_generic_impl,
#ifdef WG_CRYPTO_X86_64
	&wg_poly1305_avx2_impl,
#endif
#ifdef WG_CRYPTO_ARM64
	&wg_poly1305_arm64_scalar_impl,
#endif
#ifdef WG_CRYPTO_ARM
	&wg_poly1305_arm_scalar_impl,
#endif
#if defined(WG_CRYPTO_ARM64) || defined(WG_CRYPTO_ARM)
	&wg_poly1305_neon_impl,
#endif
};

static const struct wg_aead_impl *const aead_impls[] = {
	&wg_aead_generic_impl,
#ifdef WG_CRYPTO_ARM64
	&wg_aead_neon_onepass4_impl,
	&wg_aead_neon_onepass5_impl,	/* not usable where in-order cores are */
#endif
};

static const struct wg_blake2s_impl *const blake2s_impls[] = {
	&wg_blake2s_generic_impl,
#ifdef WG_CRYPTO_X86_64
	&wg_blake2s_ssse3_impl,
	&wg_blake2s_avx_impl,
#endif
};

static const struct wg_curve25519_impl *const curve25519_impls[] = {
	&wg_curve25519_generic_impl,
#ifdef WG_CRYPTO_X86_64
	&wg_curve25519_adx_impl,
#endif
#ifdef WG_CRYPTO_ARM
	&wg_curve25519_neon_impl,
#endif
};

static char paths[160];

/*
 * For one algorithm: selftest every usable implementation with it made
 * current, then leave the best passing one current. A macro because the
 * tables differ in type only.
 */
#define SELECT(alg, table, cur, test, ok) do {				\
	__typeof__(cur) best = NULL;					\
	size_t i;							\
									\
	for (i = 0; i < ARRAY_SIZE(table); i++) {			\
		if (!table[i]->usable())				\
			continue;					\
		cur = table[i];						\
		if (!test()) {						\
			pr_err("wireguard: %s selftest failed on the %s path\n", \
			       alg, table[i]->name);			\
			ok = false;					\
			continue;					\
		}							\
		best = table[i];					\
	}								\
	cur = best ? best : table[0];					\
} while (0)

static u64 time_once_ns(void (*fn)(void))
{
	u64 t0 = ktime_get_ns();

	fn();
	return ktime_get_ns() - t0;
}

/* Fastest of 16 calls of fn, in ns: a call that lost the CPU is not it. */
static u64 time_ns(void (*fn)(void))
{
	u64 best = U64_MAX;
	int r;

	for (r = 0; r < 16; r++)
		best = min(best, time_once_ns(fn));
	return best;
}

/* the input of the timed calls; its contents do not matter */
static u8 bench_buf[1420];

static void bench_blake2s(void)
{
	u8 out[32];

	wg_blake2s(out, bench_buf, NULL, sizeof(out), 1024, 0);
}

static void bench_chacha20(void)
{
	static const u8 key[WG_CHACHA20_KEY_SIZE];
	u32 state[16];

	wg_chacha20_init64(state, key, 0);
	wg_chacha20_xor(state, bench_buf, bench_buf, sizeof(bench_buf));
}

/*
 * BLAKE2s: every usable path selftested, as SELECT does, and of those
 * that passed the one measured fastest here. The
 * vector paths do not always win: on AMD Zen 4 the portable C hashes 1420
 * bytes at 3.2 cycles a byte where the SSSE3 and AVX paths take 5.6 (one
 * message lays a round's four G functions across the lanes, and each
 * rotation by 12 or 7 costs two shifts and an OR, where the scalar core
 * has four ALUs and a rotate), while other cores favour the vectors. As
 * the kernel does for RAID6 and xor, time each and keep the fastest: the
 * minimum of 16 hashes of 1 KiB, a few microseconds each. BLAKE2s only
 * serves handshakes and cookies, so a near tie that goes either way on a
 * noisy load costs nothing that matters.
 */
static void select_blake2s(bool *ok)
{
	const struct wg_blake2s_impl *best = NULL;
	u64 best_ns = U64_MAX, ns;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(blake2s_impls); i++) {
		if (!blake2s_impls[i]->usable())
			continue;
		wg_blake2s_cur = blake2s_impls[i];
		if (!wg_blake2s_selftest()) {
			pr_err("wireguard: blake2s selftest failed on the %s path\n",
			       blake2s_impls[i]->name);
			*ok = false;
			continue;
		}
		ns = time_ns(bench_blake2s);
		if (ns < best_ns) {
			best_ns = ns;
			best = blake2s_impls[i];
		}
	}
	wg_blake2s_cur = best ? best : blake2s_impls[0];
}

/*
 * ChaCha20: the table's order picks among the paths whose speed follows
 * from the features the CPU has (the last passing one, as SELECT does);
 * the path marked ->timed (the last passing one, if several were) must
 * also prove itself faster here. That is avx512: AVX-512 lowers the clock
 * of some Intel parts, and on others (AMD Zen 4, which splits a zmm
 * operation in two) it wins on long inputs but not on short ones. The timed path runs against the order's pick on
 * 1420 bytes (a full-MTU packet) through the dispatcher, the two measured
 * in turn 16 times so a change of clock or load touches both, the
 * fastest call of each compared; the timed path is kept only if faster.
 * The others are not timed: on every core we know of the order is right
 * for them, and timing would get them wrong under emulation (QEMU's TCG
 * runs the portable C faster than emulated vectors: the guests would stop
 * running the SIMD paths they are there to prove).
 * Without a timed path the choice is exactly SELECT's, deterministic; the
 * unit tests force the paths they test in any case (wg_crypto_force()).
 */
static void select_chacha20(bool *ok)
{
	const struct wg_chacha20_impl *pick = chacha20_impls[0], *timed = NULL;
	u64 pick_ns = U64_MAX, timed_ns = U64_MAX;
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(chacha20_impls); i++) {
		const struct wg_chacha20_impl *impl = chacha20_impls[i];

		if (!impl->usable())
			continue;
		wg_chacha20_cur = impl;
		if (!wg_chacha20_selftest()) {
			pr_err("wireguard: chacha20 selftest failed on the %s path\n",
			       impl->name);
			*ok = false;
			continue;
		}
		if (impl->timed)
			timed = impl;	/* the last passing one, as SELECT */
		else
			pick = impl;
	}
	if (timed) {
		for (r = 0; r < 16; r++) {
			wg_chacha20_cur = pick;
			pick_ns = min(pick_ns, time_once_ns(bench_chacha20));
			wg_chacha20_cur = timed;
			timed_ns = min(timed_ns, time_once_ns(bench_chacha20));
		}
	}
	wg_chacha20_cur = timed && timed_ns < pick_ns ? timed : pick;
}

int wg_crypto_init(void)
{
	bool ok = true;

	/* as SELECT, but a ->timed path only if it is faster here */
	select_chacha20(&ok);
	SELECT("poly1305", poly1305_impls, wg_poly1305_cur,
	       wg_poly1305_selftest, ok);
	/* the AEAD as a whole on the chosen pair, two-pass and one-pass */
	SELECT("chacha20poly1305", aead_impls, wg_aead_cur,
	       wg_chacha20poly1305_selftest, ok);
	/* as SELECT, but the fastest passing path rather than the last */
	select_blake2s(&ok);
	SELECT("curve25519", curve25519_impls, wg_curve25519_cur,
	       wg_curve25519_selftest, ok);

	snprintf(paths, sizeof(paths),
		 "chacha20=%s poly1305=%s blake2s=%s curve25519=%s aead=%s",
		 wg_chacha20_cur->name, wg_poly1305_cur->name,
		 wg_blake2s_cur->name, wg_curve25519_cur->name,
		 wg_aead_cur->name);
	return ok ? 0 : -ENOTRECOVERABLE;
}

const char *wg_crypto_paths(void)
{
	return paths;
}

#ifdef __WG_USERSPACE
#define FIND(table, cur, name) do {					\
	size_t i;							\
									\
	for (i = 0; i < ARRAY_SIZE(table); i++) {			\
		if (!strcmp(table[i]->name, name) && table[i]->usable()) { \
			cur = table[i];					\
			return true;					\
		}							\
	}								\
	return false;							\
} while (0)

#define LIST(table) do {						\
	static const char *names[ARRAY_SIZE(table) + 1];		\
	size_t i, n = 0;						\
									\
	for (i = 0; i < ARRAY_SIZE(table); i++)				\
		if (table[i]->usable())					\
			names[n++] = table[i]->name;			\
	names[n] = NULL;						\
	return names;							\
} while (0)

bool wg_crypto_force(const char *alg, const char *name)
{
	if (!strcmp(alg, "chacha20"))
		FIND(chacha20_impls, wg_chacha20_cur, name);
	if (!strcmp(alg, "poly1305"))
		FIND(poly1305_impls, wg_poly1305_cur, name);
	if (!strcmp(alg, "aead"))
		FIND(aead_impls, wg_aead_cur, name);
	if (!strcmp(alg, "blake2s"))
		FIND(blake2s_impls, wg_blake2s_cur, name);
	if (!strcmp(alg, "curve25519"))
		FIND(curve25519_impls, wg_curve25519_cur, name);
	return false;
}

const char *const *wg_crypto_list(const char *alg)
{
	if (!strcmp(alg, "chacha20"))
		LIST(chacha20_impls);
	if (!strcmp(alg, "poly1305"))
		LIST(poly1305_impls);
	if (!strcmp(alg, "aead"))
		LIST(aead_impls);
	if (!strcmp(alg, "blake2s"))
		LIST(blake2s_impls);
	if (!strcmp(alg, "curve25519"))
		LIST(curve25519_impls);
	return NULL;
}
#endif
