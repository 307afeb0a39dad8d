// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20 on arm64 NEON: the vector-extension code of chacha20-vec.h with
 * 4 lanes (one 128-bit register per state word, four blocks per batch; row
 * vectors for the last 1-3 blocks). Only code that runs between
 * kernel_neon_begin/end lives here. Kbuild builds this file with the FPU
 * allowed (crypto/Kbuild.include); userspace aarch64 always has NEON.
 */
#define WG_VEC_LANES 4
#include "../chacha20-vec.h"
#include "arm64.h"

void wg_chacha20_neon_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks)
{
	chacha20_vec_blocks(state, dst, src, nblocks);
}
