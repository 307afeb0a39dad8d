/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/rwsem.h>, on pthread rwlocks. */
#ifndef _WG_SHIM_LINUX_RWSEM_H
#define _WG_SHIM_LINUX_RWSEM_H

#include <pthread.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>

struct rw_semaphore {
	pthread_rwlock_t l;
	int wg_shim_held; /* readers + writer, approximately: tests are serial */
};

static inline void init_rwsem(struct rw_semaphore *s)
{
	pthread_rwlock_init(&s->l, NULL);
	s->wg_shim_held = 0;
}

static inline void down_read(struct rw_semaphore *s)
{
	pthread_rwlock_rdlock(&s->l);
	__atomic_add_fetch(&s->wg_shim_held, 1, __ATOMIC_SEQ_CST);
}

static inline void up_read(struct rw_semaphore *s)
{
	__atomic_sub_fetch(&s->wg_shim_held, 1, __ATOMIC_SEQ_CST);
	pthread_rwlock_unlock(&s->l);
}

static inline void down_write(struct rw_semaphore *s)
{
	pthread_rwlock_wrlock(&s->l);
	s->wg_shim_held = 1;
}

static inline void up_write(struct rw_semaphore *s)
{
	s->wg_shim_held = 0;
	pthread_rwlock_unlock(&s->l);
}

#endif /* _WG_SHIM_LINUX_RWSEM_H */
