// SPDX-License-Identifier: GPL-2.0
/*
 * Replay window. Bit c of the history lives in word (c / BITS_PER_LONG) of
 * the ring, taken modulo the ring length. The ring always holds the word of
 * the highest counter seen and the N - 1 words before it; since that top
 * word may be only partly used, N - 1 full words (the window size) are
 * guaranteed, which is why one word is redundant.
 */

#include "replay.h"

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/string.h>

enum {
	WG_REPLAY_WORDS = WG_COUNTER_BITS_TOTAL / BITS_PER_LONG,
	WG_REPLAY_WORD_SHIFT = BITS_PER_LONG == 64 ? 6 : 5
};

void wg_replay_counter_init(struct wg_replay_counter *counter)
{
	spin_lock_init(&counter->lock);
	counter->next = 0;
	memset(counter->backtrack, 0, sizeof(counter->backtrack));
}

bool wg_replay_counter_validate(struct wg_replay_counter *counter,
				u64 their_counter)
{
	unsigned long bit, *word;
	bool ret = false;
	u64 top_word, their_word, i;

	spin_lock_bh(&counter->lock);
	if (unlikely(their_counter >= WG_REJECT_AFTER_MESSAGES))
		goto out_unlock;

	if (their_counter >= counter->next) {
		/*
		 * Newer than all: clear the words between the old top and the
		 * new one (at most the whole ring), they hold bits of
		 * counters that fell out of the window long ago.
		 */
		if (counter->next) { /* else the ring is still all zero */
			top_word = (counter->next - 1) >> WG_REPLAY_WORD_SHIFT;
			their_word = their_counter >> WG_REPLAY_WORD_SHIFT;
			for (i = 1; i <= their_word - top_word &&
				    i <= WG_REPLAY_WORDS; ++i)
				counter->backtrack[(top_word + i) %
						   WG_REPLAY_WORDS] = 0;
		}
		counter->next = their_counter + 1;
	} else if (counter->next - their_counter > WG_COUNTER_WINDOW_SIZE) {
		goto out_unlock; /* too old to tell */
	}

	word = &counter->backtrack[(their_counter >> WG_REPLAY_WORD_SHIFT) %
				   WG_REPLAY_WORDS];
	bit = 1UL << (their_counter & (BITS_PER_LONG - 1));
	if (*word & bit)
		goto out_unlock; /* replayed */
	*word |= bit;
	ret = true;

out_unlock:
	spin_unlock_bh(&counter->lock);
	return ret;
}

/*
 * Load-time selftest (the module runs it beside the crypto selftests; the
 * unit tests run it too): the window's edges, its wrap, and the limit.
 */
bool __init wg_replay_selftest(void)
{
	struct wg_replay_counter *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned int fails = 0, i;
	u64 n;

#define T(v, expect) do { \
		if (wg_replay_counter_validate(c, (v)) != (expect)) \
			++fails; \
	} while (0)

	if (!c)
		return false;
	wg_replay_counter_init(c);
	T(0, true);
	T(1, true);
	T(1, false);
	T(9, true);
	T(8, true);
	T(0, false);
	T(2, true);

	wg_replay_counter_init(c);
	T(10000, true);
	T(10000 - WG_COUNTER_WINDOW_SIZE, false);
	T(10001 - WG_COUNTER_WINDOW_SIZE, true);
	T(10001 - WG_COUNTER_WINDOW_SIZE, false);

	wg_replay_counter_init(c);
	for (n = 0; n < WG_COUNTER_BITS_TOTAL; ++n)
		T(n, true);
	T(WG_COUNTER_BITS_TOTAL + 100, true);
	T(WG_COUNTER_BITS_TOTAL + 99, true);	/* same ring word, fresh */
	T(WG_COUNTER_BITS_TOTAL - 1, false);
	for (i = 0; i < 3; ++i)
		T(1000000 + i * WG_COUNTER_BITS_TOTAL, true);

	wg_replay_counter_init(c);
	T(WG_REJECT_AFTER_MESSAGES - 1, true);
	T(WG_REJECT_AFTER_MESSAGES, false);
	T(U64_MAX, false);
#undef T
	kfree(c);
	if (fails)
		pr_err("wireguard: replay window selftest: %u failures\n", fails);
	return !fails;
}
