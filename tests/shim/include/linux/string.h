/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/string.h>. */
#ifndef _WG_SHIM_LINUX_STRING_H
#define _WG_SHIM_LINUX_STRING_H

#include <string.h>
#include <linux/types.h>
#include <linux/compiler.h>

/* A wipe the compiler may not drop as a dead store, like the kernel's. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	barrier_data(s);
}

static inline size_t strscpy(char *dst, const char *src, size_t count)
{
	size_t len = strnlen(src, count);

	if (!count)
		return (size_t)-7; /* -E2BIG */
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = '\0';
		return (size_t)-7;
	}
	memcpy(dst, src, len + 1);
	return len;
}

#endif /* _WG_SHIM_LINUX_STRING_H */
