/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/spinlock.h>: spinlocks are pthread mutexes (the
 * tests may use threads), the _bh variants are the same lock since there are
 * no softirqs here. The held count feeds lockdep_assert_held().
 */
#ifndef _WG_SHIM_LINUX_SPINLOCK_H
#define _WG_SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>

typedef struct {
	pthread_mutex_t m;
	int wg_shim_held;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { PTHREAD_MUTEX_INITIALIZER, 0 }
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

static inline void spin_lock_init(spinlock_t *l)
{
	pthread_mutex_init(&l->m, NULL);
	l->wg_shim_held = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	pthread_mutex_lock(&l->m);
	l->wg_shim_held = 1;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->wg_shim_held = 0;
	pthread_mutex_unlock(&l->m);
}

#define spin_lock_bh spin_lock
#define spin_unlock_bh spin_unlock
#define spin_lock_irqsave(l, flags) do { (void)(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)

/* rwlock_t: a pthread rwlock; the _bh variants are the same lock. */
typedef struct {
	pthread_rwlock_t l;
} rwlock_t;

static inline void rwlock_init(rwlock_t *l) { pthread_rwlock_init(&l->l, NULL); }
static inline void read_lock(rwlock_t *l) { pthread_rwlock_rdlock(&l->l); }
static inline void read_unlock(rwlock_t *l) { pthread_rwlock_unlock(&l->l); }
static inline void write_lock(rwlock_t *l) { pthread_rwlock_wrlock(&l->l); }
static inline void write_unlock(rwlock_t *l) { pthread_rwlock_unlock(&l->l); }
#define read_lock_bh read_lock
#define read_unlock_bh read_unlock
#define write_lock_bh write_lock
#define write_unlock_bh write_unlock

static inline void local_bh_disable(void) { }
static inline void local_bh_enable(void) { }

#endif /* _WG_SHIM_LINUX_SPINLOCK_H */
