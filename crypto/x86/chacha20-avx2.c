// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20, 8 blocks per AVX2 batch. Only code that runs between
 * kernel_fpu_begin/end lives here (see x86.h). Kbuild compiles this file
 * alone with -mavx2 (crypto/Kbuild.include); userspace test builds compile
 * crypto/ in one command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("avx2")
#endif
#define WG_VEC_LANES 8
#include "../chacha20-vec.h"
#include "x86.h"

void wg_chacha20_avx2_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	chacha20_vec_blocks(state, dst, src, nblocks);
}
