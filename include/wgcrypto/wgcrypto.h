/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The crypto library as a whole: path selection and selftests at load.
 */
#ifndef _WGCRYPTO_WGCRYPTO_H
#define _WGCRYPTO_WGCRYPTO_H

#include <linux/types.h>

/*
 * Detects CPU features, runs the selftests on every available path of every
 * algorithm, then selects the fastest path that passed. Returns 0, or
 * -ENOTRECOVERABLE if any path fails its vectors (the module must not load).
 * Call once, before any other wg_ crypto function runs concurrently.
 */
int wg_crypto_init(void);

/*
 * One line naming the path chosen for each algorithm, e.g.
 * "chacha20=avx2 poly1305=generic-64 blake2s=generic curve25519=generic-64",
 * for the load-time dmesg line. Valid after wg_crypto_init().
 */
const char *wg_crypto_paths(void);

#endif /* _WGCRYPTO_WGCRYPTO_H */
