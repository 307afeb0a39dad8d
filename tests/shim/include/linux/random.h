/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/random.h>, backed by getrandom(2). */
#ifndef _WG_SHIM_LINUX_RANDOM_H
#define _WG_SHIM_LINUX_RANDOM_H

#include <stdlib.h>
#include <sys/random.h>
#include <linux/types.h>

static inline void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		ssize_t r = getrandom(p, len, 0);

		if (r <= 0)
			abort(); /* the kernel's never fails: neither may we */
		p += r;
		len -= (size_t)r;
	}
}

static inline u32 get_random_u32(void)
{
	u32 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

static inline u64 get_random_u64(void)
{
	u64 v;

	get_random_bytes(&v, sizeof(v));
	return v;
}

/* Uniform in [0, ceil), ceil > 0. */
static inline u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((u64)get_random_u32() * ceil) >> 32);
}

#endif /* _WG_SHIM_LINUX_RANDOM_H */
