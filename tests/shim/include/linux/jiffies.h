/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/jiffies.h>: a 1000 Hz tick from the boot clock. */
#ifndef _WG_SHIM_LINUX_JIFFIES_H
#define _WG_SHIM_LINUX_JIFFIES_H

#include <linux/ktime.h>

#define HZ 1000
#define jiffies ((unsigned long)(ktime_get_boottime_ns() / NSEC_PER_MSEC))
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)
#define msecs_to_jiffies(m) ((unsigned long)(m))
#define jiffies_to_msecs(j) ((unsigned int)(j))

#endif /* _WG_SHIM_LINUX_JIFFIES_H */
