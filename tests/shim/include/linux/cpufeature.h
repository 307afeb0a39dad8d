/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/cpufeature.h>. Only the generic part: the kernel's
 * arch-specific tests (boot_cpu_has on x86, cpu_have_named_feature on arm64,
 * elf_hwcap on arm) are wrapped by crypto/simd.h, which in userspace asks the
 * compiler runtime (x86) or getauxval (arm) and honours the test's overrides.
 */
#ifndef _WG_SHIM_LINUX_CPUFEATURE_H
#define _WG_SHIM_LINUX_CPUFEATURE_H

#include <linux/types.h>


#endif /* _WG_SHIM_LINUX_CPUFEATURE_H */
