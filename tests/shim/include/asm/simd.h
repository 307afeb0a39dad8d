/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <asm/simd.h>. may_use_simd() is true unless a test
 * clears wg_shim_simd_usable to exercise the fallback taken in contexts (hard
 * interrupts, for instance) where the kernel forbids touching vector state.
 */
#ifndef _WG_SHIM_ASM_SIMD_H
#define _WG_SHIM_ASM_SIMD_H

#include <linux/types.h>
#include <linux/compiler.h>

/* weak: one shared definition however many files include this */
__attribute__((__weak__)) bool wg_shim_simd_usable = true;

static inline bool may_use_simd(void)
{
	return READ_ONCE(wg_shim_simd_usable);
}

#endif /* _WG_SHIM_ASM_SIMD_H */
