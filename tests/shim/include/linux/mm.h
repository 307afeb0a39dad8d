/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/mm.h>. Before 5.16 the kernel declared kvzalloc()
 * and kvfree() there, so the core includes it; the shim's <linux/slab.h>
 * has them.
 */
#ifndef _WG_SHIM_LINUX_MM_H
#define _WG_SHIM_LINUX_MM_H

#include <linux/slab.h>

#endif
