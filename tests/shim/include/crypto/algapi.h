/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <crypto/algapi.h>: only crypto_memneq. */
#ifndef _WG_SHIM_CRYPTO_ALGAPI_H
#define _WG_SHIM_CRYPTO_ALGAPI_H

#include <linux/types.h>
#include <linux/compiler.h>

/*
 * Constant-time inequality: non-zero iff the buffers differ; the time taken
 * depends only on size. The OR-accumulator is laundered through an empty asm
 * so the compiler cannot turn the loop into an early-exit memcmp.
 */
static inline unsigned long crypto_memneq(const void *a, const void *b,
					  size_t size)
{
	const u8 *x = a, *y = b;
	unsigned long neq = 0;
	size_t i;

	for (i = 0; i < size; i++) {
		neq |= (unsigned long)(x[i] ^ y[i]);
		__asm__ __volatile__("" : "+r"(neq));
	}
	return neq;
}

#endif /* _WG_SHIM_CRYPTO_ALGAPI_H */
