/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/rcupdate.h>. The unit tests either run on one
 * thread or update under a lock with no reader in flight across the update,
 * so a grace period is empty: call_rcu() and kfree_rcu() act at once and
 * synchronize_rcu() returns. Publication still uses release stores so the
 * ordering intent of the kernel code is kept.
 */
#ifndef _WG_SHIM_LINUX_RCUPDATE_H
#define _WG_SHIM_LINUX_RCUPDATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/bug.h>

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

static inline void rcu_read_lock(void) { }
static inline void rcu_read_unlock(void) { }
static inline void rcu_read_lock_bh(void) { }
static inline void rcu_read_unlock_bh(void) { }
static inline void synchronize_rcu(void) { }
static inline void synchronize_net(void) { }
static inline void rcu_barrier(void) { }

#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_bh(p) rcu_dereference(p)
#define rcu_dereference_raw(p) rcu_dereference(p)
#define rcu_dereference_check(p, c) rcu_dereference(p)
/* Checked always here (the kernel checks only with CONFIG_PROVE_RCU). */
#define rcu_dereference_protected(p, c) ({ BUG_ON(!(c)); (p); })
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v) WRITE_ONCE(p, v)
#define rcu_replace_pointer(rp, p, c) ({ \
	__typeof__(rp) __old = (rp); rcu_assign_pointer(rp, p); __old; })

static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	func(head);
}

#endif /* _WG_SHIM_LINUX_RCUPDATE_H */
