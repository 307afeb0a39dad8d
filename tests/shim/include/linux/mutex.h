/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/mutex.h>, on pthread mutexes. */
#ifndef _WG_SHIM_LINUX_MUTEX_H
#define _WG_SHIM_LINUX_MUTEX_H

#include <pthread.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>

struct mutex {
	pthread_mutex_t m;
	int wg_shim_held;
};

#define DEFINE_MUTEX(name) struct mutex name = { PTHREAD_MUTEX_INITIALIZER, 0 }

static inline void mutex_init(struct mutex *l)
{
	pthread_mutex_init(&l->m, NULL);
	l->wg_shim_held = 0;
}

static inline void mutex_destroy(struct mutex *l)
{
	pthread_mutex_destroy(&l->m);
}

static inline void mutex_lock(struct mutex *l)
{
	pthread_mutex_lock(&l->m);
	l->wg_shim_held = 1;
}

static inline void mutex_unlock(struct mutex *l)
{
	l->wg_shim_held = 0;
	pthread_mutex_unlock(&l->m);
}

static inline bool mutex_is_locked(struct mutex *l)
{
	return READ_ONCE(l->wg_shim_held) != 0;
}

#endif /* _WG_SHIM_LINUX_MUTEX_H */
