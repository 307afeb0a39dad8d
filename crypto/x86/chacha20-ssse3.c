// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20, 4 blocks per SSSE3 batch. Only code that runs between
 * kernel_fpu_begin/end lives here (see x86.h). Kbuild compiles this file
 * alone with -mssse3 (crypto/Kbuild.include); userspace test builds compile
 * crypto/ in one command, hence the pragma there.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("ssse3")
#endif
#define WG_VEC_LANES 4
#include "../chacha20-vec.h"
#include "x86.h"

void wg_chacha20_ssse3_blocks(u32 state[16], u8 *dst, const u8 *src,
			      size_t nblocks)
{
	chacha20_vec_blocks(state, dst, src, nblocks);
}
