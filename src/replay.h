/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive-side replay window: 8192 bits of history as a ring of machine
 * words, one word of which is slack so that advancing never has to clear a
 * word that still holds live bits. A counter is accepted once, if it is not
 * older than WG_COUNTER_WINDOW_SIZE behind the newest accepted, and only
 * below WG_REJECT_AFTER_MESSAGES.
 */
#ifndef _WG_REPLAY_H
#define _WG_REPLAY_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include "messages.h"

struct wg_replay_counter {
	/* lock guards both fields; taken from the decryption path */
	spinlock_t lock;
	/* one more than the highest counter accepted, 0 before any */
	u64 next;
	unsigned long backtrack[WG_COUNTER_BITS_TOTAL / BITS_PER_LONG];
};

void wg_replay_counter_init(struct wg_replay_counter *counter);
/* True if @their_counter is fresh; it is then recorded as seen. */
bool __must_check wg_replay_counter_validate(struct wg_replay_counter *counter,
					     u64 their_counter);

bool wg_replay_selftest(void);

#endif /* _WG_REPLAY_H */
