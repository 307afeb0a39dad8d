/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/export.h>. */
#ifndef _WG_SHIM_LINUX_EXPORT_H
#define _WG_SHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL_NS(sym, ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)

#endif /* _WG_SHIM_LINUX_EXPORT_H */
