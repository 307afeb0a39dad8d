// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <linux/socket.h>
#include "ratelimiter.h"
#include "test.h"

static struct wg_ratelimiter rl;

static bool allow4(const char *ip)
{
	u8 a[4];

	inet_pton(AF_INET, ip, a);
	return wg_ratelimiter_allow(&rl, AF_INET, a);
}

static bool allow6(const char *ip)
{
	u8 a[16];

	inet_pton(AF_INET6, ip, a);
	return wg_ratelimiter_allow(&rl, AF_INET6, a);
}

static void burst_and_refill(void)
{
	int i, ok;

	/* a burst of 5, then nothing */
	for (i = 0; i < WG_RATELIMITER_PACKETS_BURSTABLE; ++i)
		CHECK(allow4("192.0.2.1"));
	CHECK(!allow4("192.0.2.1"));
	CHECK(!allow4("192.0.2.1"));
	/* another source is independent */
	CHECK(allow4("192.0.2.2"));

	/* 1/20 s later exactly one more */
	test_advance_time(NSEC_PER_SEC / 20);
	CHECK(allow4("192.0.2.1"));
	CHECK(!allow4("192.0.2.1"));

	/* a long rest refills to the burst, not beyond */
	test_advance_time(10LL * NSEC_PER_SEC);
	for (ok = 0, i = 0; i < 20; ++i)
		ok += allow4("192.0.2.1");
	CHECK(ok == WG_RATELIMITER_PACKETS_BURSTABLE);
}

static void ipv6_by_64(void)
{
	int i, ok;

	/* one /64: one bucket, whatever the host part */
	for (ok = 0, i = 0; i < 10; ++i) {
		char ip[64];

		snprintf(ip, sizeof(ip), "2001:db8:1:2:%x::%x", i, i * 7);
		ok += allow6(ip);
	}
	CHECK(ok == WG_RATELIMITER_PACKETS_BURSTABLE);
	/* the next /64 is someone else */
	CHECK(allow6("2001:db8:1:3::1"));
	/* and v4 never shares with v6 even with equal leading bytes */
	CHECK(allow4("32.1.13.184"));
}

static void sustained_rate(void)
{
	int i, ok = 0;

	/* 100 packets/s offered for 10 s: 20/s plus the first burst pass */
	test_advance_time(5LL * NSEC_PER_SEC);
	for (i = 0; i < 1000; ++i) {
		ok += allow4("198.51.100.7");
		test_advance_time(NSEC_PER_SEC / 100);
	}
	CHECK(ok >= 20 * 10 + WG_RATELIMITER_PACKETS_BURSTABLE - 1 &&
	      ok <= 20 * 10 + WG_RATELIMITER_PACKETS_BURSTABLE + 1);
	printf("  ratelimiter: %d of 1000 passed at 100/s over 10 s\n", ok);
}

static void garbage_collection(void)
{
	unsigned int before = wg_ratelimiter_count(&rl);

	CHECK(before > 0);
	/* fresh entries survive a collection */
	wg_shim_run_delayed_work(&rl.gc_work);
	CHECK(wg_ratelimiter_count(&rl) > 0);
	CHECK(rl.gc_work.work.pending);	/* it re-arms itself */
	test_advance_time(2LL * NSEC_PER_SEC);
	CHECK(allow4("203.0.113.9"));
	wg_shim_run_delayed_work(&rl.gc_work);
	CHECK(wg_ratelimiter_count(&rl) == 1);	/* only the one just seen */
	/* a collected source starts over with a full bucket */
	CHECK(allow4("192.0.2.1"));
}

void test_ratelimiter(void)
{
	CHECK(wg_ratelimiter_init(&rl) == 0);
	burst_and_refill();
	ipv6_by_64();
	sustained_rate();
	garbage_collection();
	wg_ratelimiter_uninit(&rl);
}
