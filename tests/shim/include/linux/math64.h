/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/math64.h>: 64-bit division helpers. */
#ifndef _WG_SHIM_LINUX_MATH64_H
#define _WG_SHIM_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = (u32)(dividend % divisor);
	return dividend / divisor;
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
#ifdef __SIZEOF_INT128__
	return (u64)(((unsigned __int128)a * mul) >> shift);
#else
	/* a * mul = hi * 2^32 + lo, a 96-bit product */
	u64 lo = (u64)(u32)a * mul, hi = (a >> 32) * mul;

	if (shift <= 32)
		return (hi << (32 - shift)) + (lo >> shift);
	return (hi + (lo >> 32)) >> (shift - 32);
#endif
}

#endif /* _WG_SHIM_LINUX_MATH64_H */
