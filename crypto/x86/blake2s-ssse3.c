// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * BLAKE2s compression with SSSE3 (128-bit rows, blake2s-vec.h). Only code
 * that runs between kernel_fpu_begin/end lives here (see x86.h). Kbuild
 * compiles this file alone with -mssse3 (crypto/Kbuild.include); userspace
 * test builds compile crypto/ in one command, hence the pragma.
 */
#ifdef __WG_USERSPACE
#pragma GCC target("ssse3")
#endif
#include "blake2s-vec.h"
#include "x86.h"

void wg_blake2s_ssse3_compress(struct wg_blake2s_state *state,
			       const u8 *block, size_t nblocks, u32 inc)
{
	b2v_compress(state, block, nblocks, inc);
}
