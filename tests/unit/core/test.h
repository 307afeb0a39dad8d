/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal harness: CHECK() counts, reports and never stops the run. */
#ifndef _WG_TEST_H
#define _WG_TEST_H

#include <stdio.h>
#include <linux/types.h>
#include <linux/ktime.h>

extern unsigned long test_checks, test_failures;

#define CHECK(cond) do { \
	test_checks++; \
	if (!(cond)) { \
		test_failures++; \
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

/* Deterministic PRNG (xorshift64*) so failures can be replayed. */
u64 test_rand(void);
void test_rand_seed(u64 seed);
void test_rand_bytes(void *buf, size_t len);

/* Moves every shim clock by @ns. */
static inline void test_advance_time(s64 ns)
{
	wg_shim_time_offset_ns += ns;
}

/* DHs performed since start, counted through --wrap=wg_curve25519. */
extern unsigned long test_dh_count;

void test_replay(void);
void test_allowedips(void);
void test_ratelimiter(void);
void test_peerlookup(void);
void test_noise(void);
void test_cookie(void);

#endif /* _WG_TEST_H */
