// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The arm64 path tables: feature tests that run outside any
 * kernel_neon_begin/end section, so this file is built with normal flags.
 */
#include <linux/kernel.h>
#ifndef __WG_USERSPACE
#include <linux/smp.h>
#include <asm/cputype.h>
#endif
#include "arm64.h"
#include "../simd.h"

static bool has_neon(void)
{
	return wg_cpu_has_neon();
}

const struct wg_chacha20_impl wg_chacha20_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * Estimated with llvm-mca (crypto/README), not timed on hardware:
	 * two blocks in rows beat scalar C on A53 and A72, one does not.
	 */
	.min_bytes = 128,
	.usable = has_neon,
	.xor_blocks = wg_chacha20_neon_blocks,
};

static bool poly1305_neon_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* the 32-bit generic state is not the layout we share */
#else
	return wg_cpu_has_neon();
#endif
}

static void poly1305_neon_init(struct wg_poly1305_state *state,
			       const u8 key[16])
{
	struct wg_poly1305_neon_st *st = (struct wg_poly1305_neon_st *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	wg_poly1305_generic_impl.init(state, key);
	st->have_powers = false;
}

static void poly1305_neon_emit(struct wg_poly1305_state *state, u8 mac[16],
			       const u8 s[16])
{
	wg_poly1305_generic_impl.emit(state, mac, s);
}

static bool poly1305_arm64_scalar_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* the 32-bit generic state is not the layout we share */
#else
	return true;
#endif
}

/*
 * The generic radix 2^64 code with its block loop in hand-scheduled
 * assembly (poly1305-scalar.c): where SIMD is refused, below the NEON
 * path's min_bytes (its ->scalar_blocks) and for its last 1-3 blocks.
 */
const struct wg_poly1305_impl wg_poly1305_arm64_scalar_impl = {
	.name = "arm64-scalar",
	.usable = poly1305_arm64_scalar_usable,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_arm64_blocks,
	.emit = poly1305_neon_emit,
};

const struct wg_poly1305_impl wg_poly1305_neon_impl = {
	.name = "neon",
	.simd = true,
	/*
	 * Estimated (llvm-mca, crypto/README), not timed on hardware: the
	 * key powers cost about four blocks, so from 256 bytes on.
	 */
	.min_bytes = 256,
	.usable = poly1305_neon_usable,
	.init = poly1305_neon_init,
	.blocks = wg_poly1305_neon_blocks,
	.emit = poly1305_neon_emit,
	.scalar_blocks = wg_poly1305_arm64_blocks,
};

static bool aead_neon_onepass_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* it works on the radix 2^64 Poly1305 state */
#else
	return wg_cpu_has_neon();
#endif
}

#ifndef __WG_USERSPACE
/* Arm's in-order arm64 cores, the ones a 4 + 1 one-pass AEAD is not for */
static const u32 in_order_models[] = {
	MIDR_CORTEX_A53, MIDR_CORTEX_A55, MIDR_CORTEX_A35,
#ifdef MIDR_CORTEX_A510
	MIDR_CORTEX_A510,
#endif
#ifdef MIDR_CORTEX_A520
	MIDR_CORTEX_A520,
#endif
};

static void note_in_order(void *found)
{
	u32 model = read_cpuid_id() & MIDR_CPU_MODEL_MASK;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(in_order_models); i++)
		if (model == in_order_models[i])
			WRITE_ONCE(*(bool *)found, true);
}
#endif

/*
 * The 4 + 1 pass where every online CPU is out of order (checked on each
 * of them, so a big.LITTLE system decides the same whichever CPU loads
 * the module); in userspace, for the tests, always.
 */
static bool aead_neon_onepass5_usable(void)
{
#ifndef __WG_USERSPACE
	bool found = false;

	on_each_cpu(note_in_order, &found, 1);
	if (found)
		return false;
#endif
	return aead_neon_onepass_usable();
}

/*
 * ChaCha20-Poly1305 in one pass (chacha20-neon.c): each pass of ChaCha20
 * blocks runs Poly1305 blocks in general registers beside it. Estimated
 * (llvm-mca and the in-order issue bound, crypto/README), not timed on
 * hardware, cycles/byte against our two passes (ChaCha20 4 + 1 then NEON
 * Poly1305): four NEON blocks and 16 MAC blocks a pass, A53/A55 models
 * 11.2/8.6 against 13.0/8.9, issue bound 4.9 against 5.3, A72 3.8
 * against 4.1; 4 + 1 blocks and 20 MAC blocks a pass, A72 3.36 (the kernel's
 * two passes: 4.17), but behind on the in-order models, whose integer
 * slots the fifth block already fills. Encrypting MACs each pass's output
 * during the next one, so from two passes on.
 */
const struct wg_aead_impl wg_aead_neon_onepass4_impl = {
	.name = "neon-onepass4",
	.simd = true,
	.min_bytes = 8 * WG_CHACHA20_BLOCK_SIZE,
	.usable = aead_neon_onepass_usable,
	.xor_mac_blocks = wg_chacha20poly1305_neon_xor_mac4,
};

const struct wg_aead_impl wg_aead_neon_onepass5_impl = {
	.name = "neon-onepass5",
	.simd = true,
	.min_bytes = 10 * WG_CHACHA20_BLOCK_SIZE,
	.usable = aead_neon_onepass5_usable,
	.xor_mac_blocks = wg_chacha20poly1305_neon_xor_mac5,
};
