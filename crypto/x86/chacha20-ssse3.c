// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20, 4 blocks per SSSE3 batch. Kbuild compiles this file alone with
 * -mssse3 (crypto/Kbuild.include); userspace test builds compile crypto/
 * in one command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("ssse3")
#endif
#define WG_VEC_LANES 4
#include "../chacha20-vec.h"
#include "../internal.h"
#include "../simd.h"

static bool chacha20_ssse3_usable(void)
{
	return wg_cpu_has_ssse3();
}

const struct wg_chacha20_impl wg_chacha20_ssse3_impl = {
	.name = "ssse3",
	.simd = true,
	/* measured: from two blocks on, a 4-lane batch beats scalar */
	.min_bytes = 128,
	.usable = chacha20_ssse3_usable,
	.xor_blocks = chacha20_vec_blocks,
};
