/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/slab.h>: kmalloc and friends on libc, kmem caches
 * as plain fixed-size allocations. A test can make allocations fail
 * (wg_shim_fail_alloc) to walk error paths.
 */
#ifndef _WG_SHIM_LINUX_SLAB_H
#define _WG_SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/rcupdate.h>

#define GFP_KERNEL 0x1u
#define GFP_ATOMIC 0x2u
#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x200u

/* When non-zero, the next this-many allocations succeed, then one fails. */
__attribute__((__weak__)) unsigned long wg_shim_fail_alloc_after;

static inline bool wg_shim_alloc_should_fail(void)
{
	if (!wg_shim_fail_alloc_after)
		return false;
	return --wg_shim_fail_alloc_after == 0;
}

static inline void *kmalloc(size_t size, gfp_t flags)
{
	if (wg_shim_alloc_should_fail())
		return NULL;
	return (flags & __GFP_ZERO) ? calloc(1, size ? size : 1) :
				      malloc(size ? size : 1);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

#define kcalloc(n, size, flags) kzalloc((n) * (size), flags)
#define kvmalloc kmalloc
#define kvzalloc kzalloc
#define kvcalloc kcalloc

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvfree kfree

/* Not tied to the allocation size here: callers pass it (like kfree_sensitive would know it). */
#define kfree_sensitive(p) kfree(p)
#define kfree_rcu(p, field) kfree(p)

struct kmem_cache {
	size_t size;
};

#define KMEM_CACHE(s, flags) kmem_cache_create(#s, sizeof(struct s), 0, flags, NULL)

static inline struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
						   unsigned int align, unsigned long flags,
						   void (*ctor)(void *))
{
	struct kmem_cache *c = malloc(sizeof(*c));

	(void)name; (void)align; (void)flags; (void)ctor;
	if (c)
		c->size = size;
	return c;
}

static inline void kmem_cache_destroy(struct kmem_cache *c)
{
	free(c);
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	return kmalloc(c->size, flags);
}

static inline void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t flags)
{
	return kmalloc(c->size, flags | __GFP_ZERO);
}

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	free(p);
}

#endif /* _WG_SHIM_LINUX_SLAB_H */
