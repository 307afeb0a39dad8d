/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * arm64 paths. As on x86 (see ../x86/x86.h): the NEON files, built with the
 * FPU enabled, hold only routines that run between kernel_neon_begin/end;
 * feature tests and the impl tables live in glue.c, built normally.
 */
#ifndef _WG_CRYPTO_ARM64_H
#define _WG_CRYPTO_ARM64_H

#include "../internal.h"

void wg_chacha20_neon_blocks(u32 state[16], u8 *dst, const u8 *src,
			     size_t nblocks);

#endif /* _WG_CRYPTO_ARM64_H */
