/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internal interfaces of crypto/: the primitives below the public AEAD, hash
 * and DH APIs, and the per-architecture hook tables.
 *
 * HOW A PATH IS ADDED (for instance NEON ChaCha20 in crypto/arm64/):
 *  1. Write the routine with the exact signature of the hook it implements
 *     (struct wg_chacha20_impl and friends below). It must give bit-identical
 *     results to the generic routine for every input; it may assume it runs
 *     between wg_simd_begin() and wg_simd_end() if ->simd is true.
 *  2. Define a const struct wg_<alg>_impl for it in the arch file with:
 *     ->name (shown in the load-time dmesg line), ->simd, ->min_bytes (the
 *     measured size below which the generic path is faster and is used
 *     instead), ->usable (a CPU-feature test, see crypto/simd.h).
 *  3. Declare it in the arch block of this file and list it in the arch's
 *     table in crypto/main.c (order: least preferred first; the last usable
 *     one that passes its selftest is chosen; BLAKE2s: the one timed
 *     fastest at load; ChaCha20: a ->timed path only if timed faster).
 *  4. Add the file to crypto/Kbuild.include under the arch's condition, with
 *     its per-file FPU/NEON CFLAGS; add it to tests/unit/crypto/Makefile.
 * wg_crypto_init() then runs the selftests on it and the unit tests run every
 * vector and cross-check on it (WG_CRYPTO_FORCE=chacha20=<name> forces it).
 *
 * The dispatchers (wg_chacha20_xor, ...) do the may_use_simd() check, split
 * long inputs into bounded SIMD sections (WG_SIMD_CHUNK bytes each) and fall
 * back to the generic routine below ->min_bytes.
 */
#ifndef _WG_CRYPTO_INTERNAL_H
#define _WG_CRYPTO_INTERNAL_H

#include <linux/types.h>
#include <linux/compiler.h>

enum wg_chacha20_lengths {
	WG_CHACHA20_KEY_SIZE = 32,
	WG_CHACHA20_BLOCK_SIZE = 64,
	WG_HCHACHA20_NONCE_SIZE = 16,
	WG_HCHACHA20_KEY_SIZE = 32,
};

enum wg_poly1305_lengths {
	WG_POLY1305_KEY_SIZE = 32,
	WG_POLY1305_BLOCK_SIZE = 16,
	WG_POLY1305_MAC_SIZE = 16,
};

/*
 * Marks a value computed from secrets as public, such as "the tag matched",
 * before a branch on it, for the constant-time check (tests/unit/crypto,
 * valgrind memcheck with secrets marked undefined). Nothing otherwise.
 */
#ifdef WG_CT_CHECK
#include <valgrind/memcheck.h>
#define wg_declassify(ptr, len) VALGRIND_MAKE_MEM_DEFINED(ptr, len)
#else
#define wg_declassify(ptr, len) do { } while (0)
#endif

/* Bytes processed per SIMD section, so preemption stays off only briefly. */
enum { WG_SIMD_CHUNK = 4096 };

/* ChaCha20 ---------------------------------------------------------------- */

/*
 * XORs nblocks full 64-byte blocks of keystream into src, writing dst (which
 * may equal src), and advances the 32-bit block counter state[12] by nblocks.
 */
typedef void (*wg_chacha20_blocks_fn)(u32 state[16], u8 *dst, const u8 *src,
				      size_t nblocks);

struct wg_chacha20_impl {
	const char *name;
	bool simd;
	/*
	 * Chosen only if measured faster at load than the path the table's
	 * order picks (crypto/main.c, select_chacha20()): for paths whose
	 * speed depends on the core more than on its features.
	 */
	bool timed;
	size_t min_bytes;
	bool (*usable)(void);
	wg_chacha20_blocks_fn xor_blocks;
};

/* state: constants, key, counter (word 12), 96-bit nonce (words 13..15) */
void wg_chacha20_init(u32 state[16], const u8 key[WG_CHACHA20_KEY_SIZE],
		      u32 counter, const u8 nonce[12]);
/* The same with WireGuard's nonce: 4 zero bytes then nonce64 little endian. */
void wg_chacha20_init64(u32 state[16], const u8 key[WG_CHACHA20_KEY_SIZE],
			u64 nonce64);
/* One keystream block, counter advanced. */
void wg_chacha20_block(u32 state[16], u8 out[WG_CHACHA20_BLOCK_SIZE]);
/*
 * XORs len bytes of keystream; only the last call on a stream may pass a len
 * that is not a multiple of 64 (its leftover keystream is discarded).
 */
void wg_chacha20_xor(u32 state[16], u8 *dst, const u8 *src, size_t len);
void wg_hchacha20(u32 out[8], const u8 nonce[WG_HCHACHA20_NONCE_SIZE],
		  const u8 key[WG_HCHACHA20_KEY_SIZE]);

void wg_chacha20_generic_blocks(u32 state[16], u8 *dst, const u8 *src,
				size_t nblocks);
extern const struct wg_chacha20_impl wg_chacha20_generic_impl;

/*
 * The AEAD over an initialised ChaCha20 state (counter 0), which it wipes;
 * for the selftests, whose RFC vectors use arbitrary 96-bit nonces.
 */
void wg_chacha20poly1305_encrypt_state(u8 *dst, const u8 *src, size_t src_len,
				       const u8 *ad, size_t ad_len,
				       u32 chacha[16]);
bool wg_chacha20poly1305_decrypt_state(u8 *dst, const u8 *src, size_t src_len,
				       const u8 *ad, size_t ad_len,
				       u32 chacha[16]);

/* Poly1305 ---------------------------------------------------------------- */

/* Opaque per-implementation accumulator and key powers. */
struct wg_poly1305_state {
	u64 w[24];
} __aligned(16);

struct wg_poly1305_impl {
	const char *name;
	bool simd;
	size_t min_bytes;
	bool (*usable)(void);
	void (*init)(struct wg_poly1305_state *st, const u8 r[16]);
	/* hibit: 1 for full message blocks, 0 for the padded last one */
	void (*blocks)(struct wg_poly1305_state *st, const u8 *in,
		       size_t nblocks, u32 hibit);
	/* (h mod p + s) mod 2^128 */
	void (*emit)(struct wg_poly1305_state *st, u8 mac[16], const u8 s[16]);
	/*
	 * A SIMD path's routine on the same state below ->min_bytes and where
	 * SIMD is refused; NULL: the generic one.
	 */
	void (*scalar_blocks)(struct wg_poly1305_state *st, const u8 *in,
			      size_t nblocks, u32 hibit);
};

/*
 * The generic 64-bit accumulator layout, at the start of the state: SIMD
 * paths keep it there (plus their key powers after it), so below their
 * minimum size, or where SIMD is not allowed, the generic routines run on
 * the same state.
 */
struct wg_poly1305_st64 {
	u64 r0, r1, s1;
	u64 h0, h1, h2;
};

struct wg_poly1305_ctx {
	struct wg_poly1305_state st;
	const struct wg_poly1305_impl *impl;
	u8 s[16];
	u8 buf[WG_POLY1305_BLOCK_SIZE];
	unsigned int buflen;
};

void wg_poly1305_init(struct wg_poly1305_ctx *ctx,
		      const u8 key[WG_POLY1305_KEY_SIZE]);
void wg_poly1305_update(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len);
/* Writes the tag and wipes ctx. */
void wg_poly1305_final(struct wg_poly1305_ctx *ctx, u8 mac[WG_POLY1305_MAC_SIZE]);

extern const struct wg_poly1305_impl wg_poly1305_generic_impl;

/* ChaCha20-Poly1305 ------------------------------------------------------- */

/*
 * How the AEAD runs its bulk: the generic entry (wg_aead_generic_impl,
 * "two-pass") has no xor_mac_blocks and runs ChaCha20 then Poly1305, each
 * through its own path; a one-pass path XORs nblocks of keystream (as
 * ->xor_blocks, counter advanced) and runs Poly1305 (whole blocks, hibit 1)
 * over the ciphertext of the same blocks (dst's after the XOR when
 * encrypting, src's when decrypting; in place is fine) on mac, the radix
 * 2^64 state at the start of the AEAD's Poly1305 state, so it needs a
 * Poly1305 path with that layout (every 64-bit one).
 */
struct wg_aead_impl {
	const char *name;
	bool simd;
	size_t min_bytes;
	bool (*usable)(void);
	void (*xor_mac_blocks)(u32 state[16], u8 *dst, const u8 *src,
			       size_t nblocks, struct wg_poly1305_st64 *mac,
			       bool encrypt);
};

extern const struct wg_aead_impl wg_aead_generic_impl;

/* BLAKE2s ----------------------------------------------------------------- */

struct wg_blake2s_state;

struct wg_blake2s_impl {
	const char *name;
	bool simd;
	size_t min_bytes;
	bool (*usable)(void);
	/* Compresses nblocks blocks, adding inc to the counter before each. */
	void (*compress)(struct wg_blake2s_state *state, const u8 *block,
			 size_t nblocks, u32 inc);
};

void wg_blake2s_compress_generic(struct wg_blake2s_state *state,
				 const u8 *block, size_t nblocks, u32 inc);
extern const struct wg_blake2s_impl wg_blake2s_generic_impl;

/* Curve25519 -------------------------------------------------------------- */

struct wg_curve25519_impl {
	const char *name;
	bool simd;
	bool (*usable)(void);
	/* out = clamp(scalar) * u(point); no zero check (the caller does it) */
	void (*scalarmult)(u8 out[32], const u8 scalar[32], const u8 point[32]);
	/* out = clamp(scalar) * 9 */
	void (*scalarmult_base)(u8 out[32], const u8 scalar[32]);
};

extern const struct wg_curve25519_impl wg_curve25519_generic_impl;

/*
 * Entry [k][j - 1]: j 16^(2k) B on edwards25519 as (y + x, y - x, 2 d x y),
 * each four little-endian 64-bit limbs below p (curve25519-base-table.h,
 * generated by gen-curve25519-base.py): the fixed-base paths' table.
 */
extern const u64 wg_curve25519_base_table[32][8][3][4];

/* Dispatch ---------------------------------------------------------------- */

/* The chosen paths; set only by wg_crypto_init() (and tests). */
extern const struct wg_chacha20_impl *wg_chacha20_cur;
extern const struct wg_poly1305_impl *wg_poly1305_cur;
extern const struct wg_aead_impl *wg_aead_cur;
extern const struct wg_blake2s_impl *wg_blake2s_cur;
extern const struct wg_curve25519_impl *wg_curve25519_cur;

/* Selftests, run against whichever paths are current; true if all pass. */
extern unsigned int wg_selftest_x25519_iterations;
bool wg_chacha20_selftest(void);
bool wg_poly1305_selftest(void);
bool wg_chacha20poly1305_selftest(void);
bool wg_blake2s_selftest(void);
bool wg_curve25519_selftest(void);

#ifdef __WG_USERSPACE
/*
 * Tests only: make the path called name the current one for alg ("chacha20",
 * "poly1305", "blake2s", "curve25519"). False if unknown or unusable on this
 * CPU ("aead": "two-pass" or a one-pass path). wg_crypto_init() restores
 * the best paths.
 */
bool wg_crypto_force(const char *alg, const char *name);
/* Tests only: NULL-terminated list of the usable path names of alg. */
const char *const *wg_crypto_list(const char *alg);
#endif

/* Architecture paths ------------------------------------------------------ */

#if defined(CONFIG_X86_64) || (defined(__WG_USERSPACE) && defined(__x86_64__))
#define WG_CRYPTO_X86_64 1
extern const struct wg_chacha20_impl wg_chacha20_ssse3_impl;
extern const struct wg_chacha20_impl wg_chacha20_avx2_impl;
extern const struct wg_chacha20_impl wg_chacha20_avx512_impl;
extern const struct wg_poly1305_impl wg_poly1305_avx2_impl;
extern const struct wg_curve25519_impl wg_curve25519_adx_impl;
extern const struct wg_blake2s_impl wg_blake2s_ssse3_impl;
extern const struct wg_blake2s_impl wg_blake2s_avx_impl;
#endif

#if defined(CONFIG_ARM64) || (defined(__WG_USERSPACE) && defined(__aarch64__))
#define WG_CRYPTO_ARM64 1
extern const struct wg_chacha20_impl wg_chacha20_neon_impl;
extern const struct wg_poly1305_impl wg_poly1305_arm64_scalar_impl;
extern const struct wg_poly1305_impl wg_poly1305_neon_impl;
extern const struct wg_aead_impl wg_aead_neon_onepass4_impl;
extern const struct wg_aead_impl wg_aead_neon_onepass5_impl;
#endif

/* 32-bit arm NEON: in userspace with -mfpu=neon, in a kernel with kernel-mode NEON */
#if (defined(__WG_USERSPACE) && defined(__arm__) && defined(__ARM_NEON)) || \
	(defined(CONFIG_ARM) && defined(CONFIG_KERNEL_MODE_NEON))
#define WG_CRYPTO_ARM 1
extern const struct wg_chacha20_impl wg_chacha20_neon_impl;
extern const struct wg_poly1305_impl wg_poly1305_arm_scalar_impl;
extern const struct wg_poly1305_impl wg_poly1305_neon_impl;
extern const struct wg_curve25519_impl wg_curve25519_neon_impl;
#endif

#endif /* _WG_CRYPTO_INTERNAL_H */
