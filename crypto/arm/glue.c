// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The 32-bit arm path table: feature tests outside any NEON section, so
 * this file is built with normal flags.
 */
#include <linux/kernel.h>
#include "../arm64/arm64.h"
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
