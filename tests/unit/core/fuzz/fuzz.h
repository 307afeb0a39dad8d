/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz targets for everything the core takes from the network, and for the
 * allowed-IPs operations. Built with libFuzzer when clang has it; otherwise
 * standalone.c replays the corpus once, so the targets always build.
 *
 * Randomness and time are made deterministic (getrandom is wrapped, the
 * shim clock frozen at fixed values) so that each input means the same thing
 * every run: a handshake message built in the target is byte-for-byte the
 * same, and inputs can mutate it rather than start from noise (a mutator
 * never forges a MAC or a Poly1305 tag).
 */
#ifndef _WG_FUZZ_H
#define _WG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "../harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Restarts the deterministic random stream and the frozen clocks. */
void fuzz_reset(void);
/* Two devices with fixed keys and a peer each for the other (once). */
void fuzz_setup_pair(struct tdev *a, struct tdev *b, struct tpeer *pa,
		     struct tpeer *pb, bool psk);
/* Forgets the handshake, keypairs, replay stamps and cookies of @p. */
void fuzz_reset_peer(struct tpeer *p);

/*
 * Applies an edit script to @msg (of @len bytes): pairs of (offset, xor)
 * bytes. Returns how many bytes of @data it used.
 */
void fuzz_apply_edits(u8 *msg, size_t len, const u8 *data, size_t size);

#endif /* _WG_FUZZ_H */
