/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/lockdep.h>. Every shim lock (spinlock_t, struct
 * mutex, struct rw_semaphore) records whether it is held, so the core's
 * lockdep_assert_held() calls really check something in the unit tests.
 */
#ifndef _WG_SHIM_LINUX_LOCKDEP_H
#define _WG_SHIM_LINUX_LOCKDEP_H

#include <linux/bug.h>

#define lockdep_is_held(l) (READ_ONCE((l)->wg_shim_held) != 0)
#define lockdep_assert_held(l) BUG_ON(!lockdep_is_held(l))
#define lockdep_assert_held_write(l) lockdep_assert_held(l)
#define lockdep_assert_held_read(l) lockdep_assert_held(l)

#endif /* _WG_SHIM_LINUX_LOCKDEP_H */
