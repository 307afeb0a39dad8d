/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one place crypto/ touches the FPU/vector-unit API and CPU feature bits,
 * so the algorithm files read the same in the kernel and in userspace.
 *
 * wg_simd_begin()/wg_simd_end(): kernel_fpu_begin/end on x86,
 * kernel_neon_begin/end on arm and arm64; only after may_use_simd() said yes.
 * Both take the caller's struct wg_simd_state, declared in the scope of the
 * section: from 7.x (the release that added scoped_ksimd()) arm64 saves the
 * task's own vector registers there, on the caller's stack; everywhere else
 * it is empty.
 * wg_cpu_has_*(): boot_cpu_has() (x86), cpu_have_named_feature() (arm64),
 * elf_hwcap (arm); in userspace the compiler runtime or getauxval (tests
 * force a path with wg_crypto_force()).
 */
#ifndef _WG_CRYPTO_SIMD_H
#define _WG_CRYPTO_SIMD_H

#include <linux/types.h>
#include <asm/simd.h>

#ifdef __WG_USERSPACE

struct wg_simd_state {
};

static inline void wg_simd_begin(struct wg_simd_state *st)
{
	(void)st;
}

static inline void wg_simd_end(struct wg_simd_state *st)
{
	(void)st;
}

#if defined(__x86_64__)
#include <stdlib.h>

static inline bool wg_cpu_has_ssse3(void)
{
	return __builtin_cpu_supports("ssse3");
}

static inline bool wg_cpu_has_avx2(void)
{
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx");
}

static inline bool wg_cpu_has_avx(void)
{
	return __builtin_cpu_supports("avx");
}

/*
 * AVX-512F and VL, and the OS saving the opmask and zmm state: XCR0 must
 * have SSE, YMM, opmask, ZMM_Hi256 and Hi16_ZMM (bits 1, 2, 5, 6, 7) set,
 * as the kernel's cpu_has_xfeatures() asks below. The CPUID bits alone say
 * nothing of the OS, so read XCR0 (only once OSXSAVE says xgetbv exists).
 */
static inline bool wg_cpu_has_avx512(void)
{
	unsigned int eax, ebx, ecx, edx, xcr0_lo, xcr0_hi;

	/* tests: behave as a CPU without it would (QEMU's TCG, say) */
	if (getenv("WG_TEST_NO_AVX512"))
		return false;
	if (!__builtin_cpu_supports("avx512f") ||
	    !__builtin_cpu_supports("avx512vl"))
		return false;
	__asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		: "a"(1), "c"(0));
	if (!(ecx & (1U << 27)))	/* OSXSAVE */
		return false;
	__asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	(void)xcr0_hi;
	return (xcr0_lo & 0xe6) == 0xe6;
}
#endif

#if defined(__aarch64__)
/* Advanced SIMD is part of the Linux arm64 ABI; the vector code is LE-only */
static inline bool wg_cpu_has_neon(void)
{
#ifdef __AARCH64EB__
	return false;
#else
	return true;
#endif
}
#endif

#else /* kernel */

#if defined(CONFIG_X86)
#include <asm/cpufeature.h>
#include <asm/fpu/api.h>

struct wg_simd_state {
};

static inline void wg_simd_begin(struct wg_simd_state *st)
{
	kernel_fpu_begin();
}

static inline void wg_simd_end(struct wg_simd_state *st)
{
	kernel_fpu_end();
}

static inline bool wg_cpu_has_ssse3(void)
{
	return boot_cpu_has(X86_FEATURE_SSSE3);
}

static inline bool wg_cpu_has_avx2(void)
{
	/* The OS must also save the YMM state: the XSAVE feature check. */
	return boot_cpu_has(X86_FEATURE_AVX) && boot_cpu_has(X86_FEATURE_AVX2) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL);
}

static inline bool wg_cpu_has_avx(void)
{
	/* VEX-encoded code needs the OS to manage the AVX state too */
	return boot_cpu_has(X86_FEATURE_AVX) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, NULL);
}

static inline bool wg_cpu_has_avx512(void)
{
	/* zmm code needs the opmask and zmm state saved by the OS as well */
	return boot_cpu_has(X86_FEATURE_AVX512F) &&
	       boot_cpu_has(X86_FEATURE_AVX512VL) &&
	       cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM |
				 XFEATURE_MASK_AVX512, NULL);
}
#elif defined(CONFIG_KERNEL_MODE_NEON)
#include <asm/neon.h>
#include <asm/cpufeature.h>

#if defined(CONFIG_ARM64) && defined(scoped_ksimd)
/* kernel_neon_begin() saves the interrupted task's registers here */
struct wg_simd_state {
	struct user_fpsimd_state fpsimd;
};

static inline void wg_simd_begin(struct wg_simd_state *st)
{
	kernel_neon_begin(&st->fpsimd);
}

static inline void wg_simd_end(struct wg_simd_state *st)
{
	kernel_neon_end(&st->fpsimd);
}
#else
struct wg_simd_state {
};

static inline void wg_simd_begin(struct wg_simd_state *st)
{
	kernel_neon_begin();
}

static inline void wg_simd_end(struct wg_simd_state *st)
{
	kernel_neon_end();
}
#endif

#ifdef CONFIG_ARM64
/* the vector code assumes little-endian lanes */
static inline bool wg_cpu_has_neon(void)
{
	return !IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) &&
	       cpu_have_named_feature(ASIMD);
}
#endif
#else
struct wg_simd_state {
};

static inline void wg_simd_begin(struct wg_simd_state *st)
{
	(void)st;
}

static inline void wg_simd_end(struct wg_simd_state *st)
{
	(void)st;
}
#endif

#endif /* __WG_USERSPACE */

#endif /* _WG_CRYPTO_SIMD_H */
