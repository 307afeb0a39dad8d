// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ChaCha20 on 32-bit arm NEON: the arm64 source, whose few AArch64-only
 * intrinsics (one-register tbl, 64-bit trn) have ARMv7 stand-ins there;
 * on ARMv7 its passes of four or more blocks go to chacha20-neon-core.S
 * (4 NEON + 1 integer blocks) and only its rows (2-3 blocks) run as C.
 * Proven in userspace (qemu-arm); built into armhf modules on kernels with
 * kernel-mode NEON. Only code that runs between kernel_neon_begin/end lives
 * here.
 */
#include "../arm64/chacha20-neon.c"
