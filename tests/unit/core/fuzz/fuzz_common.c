// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/types.h>
#include "fuzz.h"

unsigned long test_checks, test_failures, test_dh_count;
static u64 prng = 1;

u64 test_rand(void)
{
	prng ^= prng >> 12;
	prng ^= prng << 25;
	prng ^= prng >> 27;
	return prng * 0x2545f4914f6cdd1dULL;
}

void test_rand_seed(u64 seed)
{
	prng = seed ? seed : 1;
}

void test_rand_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = (u8)test_rand();
}

/* Every get_random_bytes() of the shim lands here (-Wl,--wrap=getrandom). */
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags)
{
	(void)flags;
	test_rand_bytes(buf, len);
	return (ssize_t)len;
}

void fuzz_reset(void)
{
	test_rand_seed(0x5eed);
	wg_shim_time_offset_ns = 0;
	wg_shim_time_frozen = true;
	wg_shim_time_frozen_at[0] = 1700000000ULL * NSEC_PER_SEC; /* realtime */
	wg_shim_time_frozen_at[1] = 5000ULL * NSEC_PER_SEC;
	wg_shim_time_frozen_at[2] = 5000ULL * NSEC_PER_SEC;
}

void fuzz_setup_pair(struct tdev *a, struct tdev *b, struct tpeer *pa,
		     struct tpeer *pb, bool psk)
{
	u8 key[32];

	fuzz_reset();
	wg_noise_init();
	dev_init(a, 1);
	dev_init(b, 2);
	memset(key, 0x42, sizeof(key));
	peer_init(pa, a, b->pub, psk ? key : NULL);
	peer_init(pb, b, a->pub, psk ? key : NULL);
}

void fuzz_reset_peer(struct tpeer *p)
{
	wg_noise_handshake_clear(&p->hs);
	wg_noise_keypairs_clear(&p->keypairs);
	down_write(&p->hs.lock);
	memset(p->hs.latest_timestamp, 0, sizeof(p->hs.latest_timestamp));
	p->hs.last_initiation_consumption = 0;
	up_write(&p->hs.lock);
	down_write(&p->cookie.lock);
	p->cookie.is_valid = false;
	p->cookie.have_sent_mac1 = false;
	up_write(&p->cookie.lock);
	p->refs = 0;
}

void fuzz_apply_edits(u8 *msg, size_t len, const u8 *data, size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size; i += 2)
		msg[data[i] % len] ^= data[i + 1];
}
