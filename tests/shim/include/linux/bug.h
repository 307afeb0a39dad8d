/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/bug.h>. BUG() aborts; WARN_ON() prints and counts,
 * so tests can assert that no warning fired (wg_shim_warn_count).
 */
#ifndef _WG_SHIM_LINUX_BUG_H
#define _WG_SHIM_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>
#include <linux/compiler.h>
#include <linux/build_bug.h>

/* Incremented by every WARN that fires; a test may check it stays 0. */
__attribute__((__weak__)) unsigned long wg_shim_warn_count;

#define BUG() do { \
	fprintf(stderr, "BUG at %s:%d\n", __FILE__, __LINE__); \
	abort(); \
} while (0)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#define WARN(cond, ...) ({ \
	int __ret_warn = !!(cond); \
	if (unlikely(__ret_warn)) { \
		wg_shim_warn_count++; \
		fprintf(stderr, "WARNING at %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
	unlikely(__ret_warn); \
})
#define WARN_ON(cond) WARN(cond, "%s", #cond)
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN(cond, __VA_ARGS__)

#endif /* _WG_SHIM_LINUX_BUG_H */
