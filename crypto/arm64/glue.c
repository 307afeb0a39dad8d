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
	 * Not measured on hardware yet (only emulated here): from two blocks
	 * on, as on x86, where one block in row vectors already wins.
	 */
	.min_bytes = 128,
	.usable = has_neon,
	.xor_blocks = wg_chacha20_neon_blocks,
};
