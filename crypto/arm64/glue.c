// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The arm64 path tables: feature tests that run outside any
 * kernel_neon_begin/end section, so this file is built with normal flags.
 */
#include <linux/kernel.h>
#include "arm64.h"
#include "../simd.h"

static bool has_neon(void)
{
	return wg_cpu_has_neon();
}

const struct wg_chacha20_impl wg_chacha20_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * Estimated with llvm-mca (crypto/README), not timed on hardware:
	 * two blocks in rows beat scalar C on A53 and A72, one does not.
	 */
	.min_bytes = 128,
	.usable = has_neon,
	.xor_blocks = wg_chacha20_neon_blocks,
};

static bool poly1305_neon_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* the 32-bit generic state is not the layout we share */
#else
	return wg_cpu_has_neon();
#endif
}

static void poly1305_neon_init(struct wg_poly1305_state *state,
			       const u8 key[16])
{
	struct wg_poly1305_neon_st *st = (struct wg_poly1305_neon_st *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	wg_poly1305_generic_impl.init(state, key);
	st->have_powers = false;
}

static void poly1305_neon_emit(struct wg_poly1305_state *state, u8 mac[16],
			       const u8 s[16])
{
	wg_poly1305_generic_impl.emit(state, mac, s);
}

static bool poly1305_arm64_scalar_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* the 32-bit generic state is not the layout we share */
#else
	return true;
#endif
}

/*
 * The generic radix 2^64 code with its block loop in hand-scheduled
 * assembly (poly1305-scalar.c): where SIMD is refused, below the NEON
 * path's min_bytes (its ->scalar_blocks) and for its last 1-3 blocks.
 */
const struct wg_poly1305_impl wg_poly1305_arm64_scalar_impl = {
	.name = "arm64-scalar",
	.usable = poly1305_arm64_scalar_usable,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_arm64_blocks,
	.emit = poly1305_neon_emit,
};

const struct wg_poly1305_impl wg_poly1305_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * Estimated (llvm-mca, crypto/README), not timed on hardware: the
	 * key powers cost about four blocks, so from 256 bytes on.
	 */
	.min_bytes = 256,
	.usable = poly1305_neon_usable,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_neon_blocks,
	.emit = poly1305_neon_emit,
	.scalar_blocks = wg_poly1305_arm64_blocks,
};

static bool aead_neon_onepass_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* it works on the radix 2^64 Poly1305 state */
#else
	return wg_cpu_has_neon();
#endif
}

/*
 * ChaCha20-Poly1305 in one pass (chacha20-neon.c): each pass of five
 * ChaCha20 blocks (four in NEON lanes, one in general registers) runs 20
 * Poly1305 blocks in general registers beside it. Estimated (llvm-mca,
 * crypto/README), not timed on hardware: on the A72 model 3.38 c/B for
 * the pair against 3.14 + 0.93 for our two passes (and the kernel's 3.20 +
 * 0.97). Encrypting MACs each pass's output during the next one, so from
 * two passes on.
 */
const struct wg_aead_impl wg_aead_neon_onepass_impl = {
	.name = "neon-onepass",
	.simd = true,
	.min_bytes = 10 * WG_CHACHA20_BLOCK_SIZE,
	.usable = aead_neon_onepass_usable,
	.xor_mac_blocks = wg_chacha20poly1305_neon_xor_mac,
};
