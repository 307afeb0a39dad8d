/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/timekeeping.h>: see linux/ktime.h. */
#include <linux/ktime.h>
