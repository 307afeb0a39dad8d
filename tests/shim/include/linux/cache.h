/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/cache.h>: section and alignment markers. */
#ifndef _WG_SHIM_LINUX_CACHE_H
#define _WG_SHIM_LINUX_CACHE_H

#include <linux/init.h>

#ifndef __read_mostly
#define __read_mostly
#endif
#ifndef ____cacheline_aligned_in_smp
#define ____cacheline_aligned_in_smp __attribute__((__aligned__(64)))
#endif

#endif /* _WG_SHIM_LINUX_CACHE_H */
