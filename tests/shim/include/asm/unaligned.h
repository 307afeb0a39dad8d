/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <asm/unaligned.h> (where 6.1 keeps these helpers). */
#include <linux/unaligned.h>
