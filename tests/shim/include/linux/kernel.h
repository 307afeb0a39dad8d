/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/kernel.h>: min/max, sizes, printk. */
#ifndef _WG_SHIM_LINUX_KERNEL_H
#define _WG_SHIM_LINUX_KERNEL_H

#include <stdio.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>
#include <linux/build_bug.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Type-checked like the kernel's: mixing types is a compile-time warning. */
#define min(x, y) ({ \
	__typeof__(x) __x = (x); __typeof__(y) __y = (y); \
	(void)(&__x == &__y); __x < __y ? __x : __y; })
#define max(x, y) ({ \
	__typeof__(x) __x = (x); __typeof__(y) __y = (y); \
	(void)(&__x == &__y); __x > __y ? __x : __y; })
#define min_t(t, x, y) ({ t __x = (x); t __y = (y); __x < __y ? __x : __y; })
#define max_t(t, x, y) ({ t __x = (x); t __y = (y); __x > __y ? __x : __y; })
#define clamp_t(t, v, lo, hi) min_t(t, max_t(t, v, lo), hi)
#define swap(a, b) do { __typeof__(a) __t = (a); (a) = (b); (b) = __t; } while (0)

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y) - 1)))
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define U8_MAX ((u8)~0U)
#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S64_MAX ((s64)(U64_MAX >> 1))

#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
/* Quiet by default so test output stays readable; WG_SHIM_VERBOSE shows all. */
#ifdef WG_SHIM_VERBOSE
#define pr_info(fmt, ...) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_info(fmt, ...) do { if (0) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__); } while (0)
#define pr_debug(fmt, ...) do { if (0) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__); } while (0)
#endif
#define pr_err(fmt, ...) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice pr_info
#define printk(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)
#define might_sleep() do { } while (0)
#define cond_resched() do { } while (0)

#endif /* _WG_SHIM_LINUX_KERNEL_H */
