/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Small helpers shared by the crypto unit tests: a seeded PRNG and checks. */
#ifndef _WG_TEST_CRYPTO_COMMON_H
#define _WG_TEST_CRYPTO_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static unsigned long test_failures, test_checks;

#define CHECK(cond, ...) do {						\
	test_checks++;							\
	if (!(cond)) {							\
		test_failures++;					\
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		if (test_failures > 20)					\
			exit(1);					\
	}								\
} while (0)

/* splitmix64: deterministic for a seed, so a failure can be replayed */
static uint64_t rng_state;

static inline uint64_t rng64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline size_t rng_below(size_t n)
{
	return n ? (size_t)(rng64() % n) : 0;
}

static inline void rng_fill(void *p, size_t len)
{
	unsigned char *b = p;

	while (len--)
		*b++ = (unsigned char)rng64();
}

static inline void rng_seed_from_env(void)
{
	const char *s = getenv("WG_TEST_SEED");

	rng_state = s ? strtoull(s, NULL, 0) : 0x5eed;
	printf("seed: WG_TEST_SEED=%#llx\n", (unsigned long long)rng_state);
}

static inline int test_report(const char *name)
{
	printf("%s: %lu checks, %lu failures\n", name, test_checks,
	       test_failures);
	return test_failures ? 1 : 0;
}

#endif
