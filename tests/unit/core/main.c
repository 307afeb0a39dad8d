// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <linux/bug.h>
#include <wgcrypto/curve25519.h>
#include "noise.h"
#include "cookie.h"
#include "replay.h"
#include "allowedips.h"
#include "test.h"

unsigned long test_checks, test_failures, test_dh_count;
static u64 rand_state = 0x9e3779b97f4a7c15ULL;

u64 test_rand(void)
{
	rand_state ^= rand_state >> 12;
	rand_state ^= rand_state << 25;
	rand_state ^= rand_state >> 27;
	return rand_state * 0x2545f4914f6cdd1dULL;
}

void test_rand_seed(u64 seed)
{
	rand_state = seed ? seed : 1;
}

void test_rand_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = (u8)test_rand();
}

#ifndef WG_TEST_NO_CRYPTO
bool __real_wg_curve25519(u8 out[32], const u8 secret[32], const u8 basepoint[32]);
bool __wrap_wg_curve25519(u8 out[32], const u8 secret[32], const u8 basepoint[32]);
bool __wrap_wg_curve25519(u8 out[32], const u8 secret[32], const u8 basepoint[32])
{
	test_dh_count++;
	return __real_wg_curve25519(out, secret, basepoint);
}
#endif

/* The module's load-time selftests of the core, run here too. */
static void test_selftests(void)
{
	CHECK(wg_replay_selftest());
	CHECK(wg_allowedips_selftest());
#ifndef WG_TEST_NO_CRYPTO
	CHECK(wg_noise_selftest());
	CHECK(wg_cookie_selftest());
#endif
}

static const struct {
	const char *name;
	void (*fn)(void);
} suites[] = {
	{ "selftest", test_selftests },
	{ "replay", test_replay },
	{ "allowedips", test_allowedips },
	{ "ratelimiter", test_ratelimiter },
	{ "peerlookup", test_peerlookup },
#ifndef WG_TEST_NO_CRYPTO
	{ "noise", test_noise },
	{ "cookie", test_cookie },
#endif
};

int main(int argc, char **argv)
{
	unsigned long before_checks, before_failures;
	size_t i;

	if (wg_allowedips_slab_init()) {
		fprintf(stderr, "allowedips: no node cache\n");
		return 1;
	}

#ifndef WG_TEST_NO_CRYPTO
	wg_noise_init();
#else
	printf("core: crypto/ absent, noise and cookie suites SKIPPED\n");
#endif
	/* Time moves only when a test moves it: no flakes on slow machines. */
	wg_shim_time_freeze(true);
	for (i = 0; i < ARRAY_SIZE(suites); ++i) {
		if (argc > 1 && strcmp(argv[1], suites[i].name))
			continue;
		before_checks = test_checks;
		before_failures = test_failures;
		suites[i].fn();
		printf("core/%s: %lu checks, %lu failed\n", suites[i].name,
		       test_checks - before_checks,
		       test_failures - before_failures);
	}
	CHECK(wg_shim_warn_count == 0);
	printf("core: %lu checks, %lu failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
