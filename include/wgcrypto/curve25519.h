/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * X25519 (RFC 7748), constant time. Every function returning bool returns
 * false when the shared point is all zeros (a low-order input point), which
 * the caller must treat as a failed handshake.
 *
 * Prefixed wg_ so nothing clashes with the kernel's own curve25519*.
 */
#ifndef _WGCRYPTO_CURVE25519_H
#define _WGCRYPTO_CURVE25519_H

#include <linux/types.h>
#include <linux/compiler.h>

enum wg_curve25519_lengths {
	WG_CURVE25519_KEY_SIZE = 32,
};

bool __must_check wg_curve25519(u8 out[WG_CURVE25519_KEY_SIZE],
				const u8 secret[WG_CURVE25519_KEY_SIZE],
				const u8 basepoint[WG_CURVE25519_KEY_SIZE]);
/* secret times the base point 9, on the fixed-base path */
bool __must_check
wg_curve25519_generate_public(u8 pub[WG_CURVE25519_KEY_SIZE],
			      const u8 secret[WG_CURVE25519_KEY_SIZE]);
void wg_curve25519_clamp_secret(u8 secret[WG_CURVE25519_KEY_SIZE]);
/* get_random_bytes() then clamp */
void wg_curve25519_generate_secret(u8 secret[WG_CURVE25519_KEY_SIZE]);

#endif /* _WGCRYPTO_CURVE25519_H */
