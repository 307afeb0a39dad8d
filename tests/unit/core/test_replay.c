// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "replay.h"
#include "test.h"

static struct wg_replay_counter rc;

#define T(c, expect) CHECK(wg_replay_counter_validate(&rc, (c)) == (expect))

static void fixed_cases(void)
{
	u64 i;

	wg_replay_counter_init(&rc);
	/* in order */
	T(0, true);
	T(1, true);
	T(1, false);		/* duplicate */
	T(9, true);		/* skip ahead */
	T(8, true);		/* reordered, within the window */
	T(7, true);
	T(7, false);
	T(0, false);
	T(2, true);

	/* the window edge: 8128 back from the newest is the oldest kept */
	wg_replay_counter_init(&rc);
	T(10000, true);
	T(10000 - WG_COUNTER_WINDOW_SIZE, false);	/* too old */
	T(10001 - WG_COUNTER_WINDOW_SIZE, true);	/* just inside */
	T(10001 - WG_COUNTER_WINDOW_SIZE, false);
	T(9999, true);

	/* every counter of the window once, in reverse, then all replayed */
	wg_replay_counter_init(&rc);
	T(WG_COUNTER_WINDOW_SIZE, true);
	for (i = WG_COUNTER_WINDOW_SIZE; i-- > 1;)
		T(i, true);
	T(0, false);	/* 8128 behind: outside */
	for (i = 1; i <= WG_COUNTER_WINDOW_SIZE; ++i)
		T(i, false);

	/*
	 * The ring wraps: a jump by exactly the ring size lands in the same
	 * words, whose old bits must not read as "seen".
	 */
	wg_replay_counter_init(&rc);
	for (i = 0; i < WG_COUNTER_BITS_TOTAL; ++i)
		T(i, true);
	T(WG_COUNTER_BITS_TOTAL + 100, true);
	T(WG_COUNTER_BITS_TOTAL + 99, true);
	T(WG_COUNTER_BITS_TOTAL + 1, true);
	T(WG_COUNTER_BITS_TOTAL, true);
	T(WG_COUNTER_BITS_TOTAL - 1, false);	/* seen earlier */
	T(2 * WG_COUNTER_BITS_TOTAL + 100, true);
	T(WG_COUNTER_BITS_TOTAL + 101, false);	/* now too old */
	T(2 * WG_COUNTER_BITS_TOTAL + 99, true);
	T(2 * WG_COUNTER_BITS_TOTAL + 100 - WG_COUNTER_WINDOW_SIZE + 1, true);
	/* a far jump clears the whole ring */
	T(1000000, true);
	for (i = 1000000 - WG_COUNTER_WINDOW_SIZE + 1; i < 1000000; i += 97)
		T(i, true);

	/* the counter limit */
	wg_replay_counter_init(&rc);
	T(WG_REJECT_AFTER_MESSAGES - 1, true);
	T(WG_REJECT_AFTER_MESSAGES, false);
	T(WG_REJECT_AFTER_MESSAGES + 1, false);
	T(U64_MAX, false);
	T(WG_REJECT_AFTER_MESSAGES - 2, true);
	T(WG_REJECT_AFTER_MESSAGES - 1, false);
	wg_replay_counter_init(&rc);
	T(U64_MAX, false);
	T(0, true);
}

/*
 * Against a plain set of seen counters: accept iff below the limit, not seen,
 * and no more than the window size behind the newest + 1.
 */
static void random_against_reference(void)
{
	enum { SPACE = 1 << 26 };
	u8 *seen = calloc(SPACE / 8, 1);
	u64 next = 0, c;
	unsigned long i, accepted = 0;
	bool expect, got;

	wg_replay_counter_init(&rc);
	test_rand_seed(7);
	for (i = 0; i < 300000; ++i) {
		u64 r = test_rand();

		switch (r % 64) {
		case 0: /* jump ahead, sometimes past the whole ring */
			c = next + (test_rand() % (3 * WG_COUNTER_BITS_TOTAL));
			break;
		case 1: case 2: case 3: case 4: /* around the window edge */
			c = next + 64 - (test_rand() % 128) - WG_COUNTER_WINDOW_SIZE;
			break;
		case 5 ... 40: /* mostly in order */
			c = next + test_rand() % 3;
			break;
		default: /* reordering near the top */
			c = next + 32 - (test_rand() % 600);
			break;
		}
		if (c >= SPACE - 1 || (s64)c < 0)
			continue;
		expect = !(seen[c / 8] & (1 << (c % 8))) &&
			 (c >= next || next - c <= WG_COUNTER_WINDOW_SIZE);
		got = wg_replay_counter_validate(&rc, c);
		if (got != expect) {
			CHECK(got == expect);
			fprintf(stderr, "  counter %llu next %llu\n",
				(unsigned long long)c, (unsigned long long)next);
			break;
		}
		if (got) {
			seen[c / 8] |= 1 << (c % 8);
			if (c >= next)
				next = c + 1;
			++accepted;
		}
	}
	CHECK(accepted > 100000);
	printf("  replay: %lu counters against the reference, %lu accepted\n",
	       i, accepted);
	test_checks++;
	free(seen);
}

void test_replay(void)
{
	fixed_cases();
	random_against_reference();
}
