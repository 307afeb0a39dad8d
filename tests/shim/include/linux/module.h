/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/module.h>: module metadata vanishes, module
 * parameters become plain variables the test can set.
 */
#ifndef _WG_SHIM_LINUX_MODULE_H
#define _WG_SHIM_LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/export.h>

#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_ALIAS_RTNL_LINK(x)
#define MODULE_ALIAS_GENL_FAMILY(x)
#define MODULE_INFO(tag, info)
#define MODULE_PARM_DESC(name, desc)
#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
/* init/exit functions are called by the test itself */
#define module_init(fn)
#define module_exit(fn)
#define THIS_MODULE ((struct module *)0)
struct module;

#endif /* _WG_SHIM_LINUX_MODULE_H */
