// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20, 8 blocks per AVX2 batch. Kbuild compiles this file alone with
 * -mavx2 (crypto/Kbuild.include); userspace test builds compile crypto/
 * in one command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("avx2")
#endif
#define WG_VEC_LANES 8
#include "../chacha20-vec.h"
#include "../internal.h"
#include "../simd.h"

static bool chacha20_avx2_usable(void)
{
	return wg_cpu_has_avx2();
}

const struct wg_chacha20_impl wg_chacha20_avx2_impl = {
	.name = "avx2",
	.simd = true,
	.min_bytes = 128,
	.usable = chacha20_avx2_usable,
	.xor_blocks = chacha20_vec_blocks,
};
