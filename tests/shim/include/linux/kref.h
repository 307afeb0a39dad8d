/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/kref.h>. */
#ifndef _WG_SHIM_LINUX_KREF_H
#define _WG_SHIM_LINUX_KREF_H

#include <linux/atomic.h>
#include <linux/bug.h>

struct kref {
	atomic_t refcount;
};

static inline void kref_init(struct kref *kref)
{
	atomic_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return (unsigned int)atomic_read(&kref->refcount);
}

static inline void kref_get(struct kref *kref)
{
	WARN_ON(atomic_inc_return(&kref->refcount) < 2);
}

static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	int r = atomic_dec_return(&kref->refcount);

	WARN_ON(r < 0);
	if (r == 0) {
		release(kref);
		return 1;
	}
	return 0;
}

static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return atomic_inc_not_zero(&kref->refcount);
}

#endif /* _WG_SHIM_LINUX_KREF_H */
