// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The x86_64 path tables: feature tests and set-up that run outside any
 * kernel_fpu_begin/end section, so this file is built with normal flags.
 */
#include <linux/kernel.h>
#include "x86.h"
#include "../simd.h"

static bool has_ssse3(void)
{
	return wg_cpu_has_ssse3();
}

static bool has_avx2(void)
{
	return wg_cpu_has_avx2();
}

const struct wg_chacha20_impl wg_chacha20_ssse3_impl = {
	.name = "ssse3",
	.simd = true,
	/* measured: one block in row vectors already beats scalar (2x) */
	.min_bytes = 64,
	.usable = has_ssse3,
	.xor_blocks = wg_chacha20_ssse3_blocks,
};

const struct wg_chacha20_impl wg_chacha20_avx2_impl = {
	.name = "avx2",
	.simd = true,
	.min_bytes = 64,
	.usable = has_avx2,
	.xor_blocks = wg_chacha20_avx2_blocks,
};

/*
 * Needs the OS to save the zmm and opmask state too (QEMU's TCG has no
 * AVX-512: there this is false and the path is never tried). Whether it
 * beats avx2 depends on the core (Intel parts that lower their clock for
 * zmm code, AMD Zen 4 that splits each zmm operation in two), so it is
 * kept at load only if timed faster than avx2 (->timed, crypto/main.c).
 */
static bool has_avx512(void)
{
	return wg_cpu_has_avx512();
}

const struct wg_chacha20_impl wg_chacha20_avx512_impl = {
	.name = "avx512",
	.simd = true,
	.timed = true,
	/*
	 * measured on Zen 4 (TSC cycles, userspace, so before any
	 * kernel_fpu_begin cost): one block in rows 189 against 168 for the
	 * portable C, two 231 against 336, 3 to 16 blocks 250-270 (one pass)
	 */
	.min_bytes = 128,
	.usable = has_avx512,
	.xor_blocks = wg_chacha20_avx512_blocks,
};

/*
 * BLAKE2s in row vectors: 4.4 against 5.7 TSC cycles/byte for generic C
 * here (make bench-crypto), and faster already at one block.
 */
static bool has_avx(void)
{
	return wg_cpu_has_avx();
}

const struct wg_blake2s_impl wg_blake2s_ssse3_impl = {
	.name = "ssse3",
	.simd = true,
	.min_bytes = 0,
	.usable = has_ssse3,
	.compress = wg_blake2s_ssse3_compress,
};

const struct wg_blake2s_impl wg_blake2s_avx_impl = {
	.name = "avx",
	.simd = true,
	.min_bytes = 0,
	.usable = has_avx,
	.compress = wg_blake2s_avx_compress,
};

static bool poly1305_avx2_usable(void)
{
#ifdef WG_POLY1305_FORCE_32
	return false;	/* the 32-bit generic state is not the layout we share */
#else
	return wg_cpu_has_avx2();
#endif
}

static void poly1305_avx2_init(struct wg_poly1305_state *state,
			       const u8 key[16])
{
	struct wg_poly1305_avx2_st *st = (struct wg_poly1305_avx2_st *)state;

	BUILD_BUG_ON(sizeof(*st) > sizeof(*state));
	wg_poly1305_generic_impl.init(state, key);
	st->have_powers = false;
}

static void poly1305_avx2_emit(struct wg_poly1305_state *state, u8 mac[16],
			       const u8 s[16])
{
	wg_poly1305_generic_impl.emit(state, mac, s);
}

const struct wg_poly1305_impl wg_poly1305_avx2_impl = {
	.name = "avx2",
	.simd = true,
	/* measured: 1.5 against 1.6 cycles/byte at 256 bytes, better above */
	.min_bytes = 256,
	.usable = poly1305_avx2_usable,
	.init = poly1305_avx2_init,
	.blocks = wg_poly1305_avx2_blocks,
	.emit = poly1305_avx2_emit,
};
