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
