/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/errno.h>: libc's plus the kernel-internal codes. */
#ifndef _WG_SHIM_LINUX_ERRNO_H
#define _WG_SHIM_LINUX_ERRNO_H

#include <errno.h>

#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif
#ifndef EPROBE_DEFER
#define EPROBE_DEFER 517
#endif

#endif /* _WG_SHIM_LINUX_ERRNO_H */
