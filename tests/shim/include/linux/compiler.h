/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/compiler.h> (and the bits of compiler_types.h). */
#ifndef _WG_SHIM_LINUX_COMPILER_H
#define _WG_SHIM_LINUX_COMPILER_H

#include <linux/types.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __must_check __attribute__((__warn_unused_result__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __packed __attribute__((__packed__))
#define __maybe_unused __attribute__((__unused__))
#define __always_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define __cold __attribute__((__cold__))
#define __noreturn __attribute__((__noreturn__))
#define __weak __attribute__((__weak__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define fallthrough __attribute__((__fallthrough__))

/* sparse address-space and context annotations: nothing to gcc */
#ifndef __user
#define __user
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __percpu
#define __percpu
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef __must_hold
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cond_lock(x, c) (c)
#endif

#define barrier() __asm__ __volatile__("" : : : "memory")
/* Like the kernel's: forces the compiler to assume @ptr's memory is used. */
#define barrier_data(ptr) __asm__ __volatile__("" : : "r"(ptr) : "memory")

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) \
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))

/* the value is opaque to the optimiser from here on (no CSE across it) */
#define OPTIMIZER_HIDE_VAR(var) __asm__("" : "=r"(var) : "0"(var))

#endif /* _WG_SHIM_LINUX_COMPILER_H */
