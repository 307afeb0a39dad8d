// SPDX-License-Identifier: GPL-2.0
/*
 * Data-message classification and the replay window, differentially: the
 * input is a stream of 8-byte counters (each as a delta from the newest, or
 * absolute, chosen by its top bit) checked against a plain list of seen
 * counters. Any disagreement traps.
 */
#include <string.h>
#include "fuzz.h"
#include "replay.h"

static struct wg_replay_counter rc;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u64 seen[1024];
	unsigned int nseen = 0, i;
	u64 next = 0;
	size_t off;

	(void)wg_message_type(data, size);
	wg_replay_counter_init(&rc);
	for (off = 0; off + 8 <= size && nseen < 1024; off += 8) {
		u64 v = get_unaligned_le64(data + off), c;
		bool expect, got, dup = false;

		if (v >> 63)
			c = v << 1;	/* absolute, limits included */
		else
			c = next + (u64)(s64)(s32)(u32)v; /* near the top */
		for (i = 0; i < nseen; ++i)
			dup |= seen[i] == c;
		expect = c < WG_REJECT_AFTER_MESSAGES && !dup &&
			 (c >= next || next - c <= WG_COUNTER_WINDOW_SIZE);
		got = wg_replay_counter_validate(&rc, c);
		if (got != expect)
			__builtin_trap();
		if (got) {
			seen[nseen++] = c;
			if (c >= next)
				next = c + 1;
		}
	}
	return 0;
}
