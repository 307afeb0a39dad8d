// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The 32-bit arm path table: feature tests outside any NEON section, so
 * this file is built with normal flags.
 */
#include <linux/kernel.h>
#include "../arm64/arm64.h"
#include "arm.h"
#include "../simd.h"

static bool has_neon(void)
{
#ifdef __WG_USERSPACE
	return true;	/* the test build targets -mfpu=neon */
#else
	return !IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) && cpu_has_neon();
#endif
}

const struct wg_chacha20_impl wg_chacha20_neon_impl = {
	.name = "neon",
	.simd = true,
	/* not estimated for ARMv7 cores yet: as arm64 */
	.min_bytes = 128,
	.usable = has_neon,
	.xor_blocks = wg_chacha20_neon_blocks,
};

static bool poly1305_neon_usable(void)
{
#if defined(__SIZEOF_INT128__) && !defined(WG_POLY1305_FORCE_32)
	return false;	/* the generic state would be radix 2^64, not ours */
#else
	return has_neon();
#endif
}

static void poly1305_neon_init(struct wg_poly1305_state *state,
			       const u8 key[16])
{
	struct wg_poly1305_arm_st *st = (struct wg_poly1305_arm_st *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	wg_poly1305_generic_impl.init(state, key);
	st->have_powers = 0;
}

static void poly1305_neon_emit(struct wg_poly1305_state *state, u8 mac[16],
			       const u8 s[16])
{
	wg_poly1305_generic_impl.emit(state, mac, s);
}

const struct wg_poly1305_impl wg_poly1305_neon_impl = {
	.name = "neon",
	.simd = true,
	/* see crypto/README (llvm-mca estimates, ARMv7 cores) */
	.min_bytes = 256,
	.usable = poly1305_neon_usable,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_arm_neon_blocks,
	.emit = poly1305_neon_emit,
};
