/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/init.h>: section markers mean nothing here. */
#ifndef _WG_SHIM_LINUX_INIT_H
#define _WG_SHIM_LINUX_INIT_H

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __ro_after_init

#endif /* _WG_SHIM_LINUX_INIT_H */
