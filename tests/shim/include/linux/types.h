/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/types.h>: the kernel's fixed-width names, and the
 * sparse annotations (which mean nothing to gcc) so code stays sparse-clean
 * in the kernel and compiles unchanged here.
 */
#ifndef _WG_SHIM_LINUX_TYPES_H
#define _WG_SHIM_LINUX_TYPES_H

#ifndef __WG_USERSPACE
#error "the shim headers are for userspace builds (-D__WG_USERSPACE) only"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef __bitwise
#define __bitwise
#endif
#ifndef __force
#define __force
#endif

typedef u16 __bitwise __le16;
typedef u16 __bitwise __be16;
typedef u32 __bitwise __le32;
typedef u32 __bitwise __be32;
typedef u64 __bitwise __le64;
typedef u64 __bitwise __be64;
typedef u16 __bitwise __sum16;
typedef u32 __bitwise __wsum;

typedef unsigned int gfp_t;

#endif /* _WG_SHIM_LINUX_TYPES_H */
