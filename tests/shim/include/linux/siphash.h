/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Userspace shim of <linux/siphash.h>: SipHash-2-4 (Aumasson and Bernstein,
 * "SipHash: a fast short-input PRF", 2012) with the kernel's signature.
 */
#ifndef _WG_SHIM_LINUX_SIPHASH_H
#define _WG_SHIM_LINUX_SIPHASH_H

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/unaligned.h>

typedef struct {
	u64 key[2];
} siphash_key_t;

#define WG_SHIM_SIPROUND(v0, v1, v2, v3) do { \
	v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32); \
	v2 += v3; v3 = rol64(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = rol64(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32); \
} while (0)

static inline u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *in = data;
	u64 v0 = 0x736f6d6570736575ULL ^ key->key[0];
	u64 v1 = 0x646f72616e646f6dULL ^ key->key[1];
	u64 v2 = 0x6c7967656e657261ULL ^ key->key[0];
	u64 v3 = 0x7465646279746573ULL ^ key->key[1];
	u64 b = (u64)len << 56, m;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = get_unaligned_le64(in + i);
		v3 ^= m;
		WG_SHIM_SIPROUND(v0, v1, v2, v3);
		WG_SHIM_SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	while (left--)
		b |= (u64)in[i + left] << (8 * left);
	v3 ^= b;
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	WG_SHIM_SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

#endif /* _WG_SHIM_LINUX_SIPHASH_H */
