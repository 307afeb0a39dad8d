// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "harness.h"

static struct tdev da, db;
static struct tpeer pa, pb;

static void setup(void)
{
	dev_init(&da, 1);
	dev_init(&db, 2);
	peer_init(&pa, &da, db.pub, NULL);
	peer_init(&pb, &db, da.pub, NULL);
}

static void teardown(void)
{
	peer_free(&pa);
	peer_free(&pb);
	dev_free(&da);
	dev_free(&db);
}

static enum wg_cookie_mac_state validate(struct tdev *dev, const void *msg,
					 size_t len, struct tdev *from,
					 bool under_load)
{
	struct wg_cookie_source src = dev_source(from);

	return wg_cookie_validate_packet(&dev->checker, msg, len, &src,
					 under_load, &dev->rl);
}

/* @dev answers @msg from @from with a cookie reply. */
static void reply(struct tdev *dev, const void *msg, size_t len,
		  __le32 sender_index, struct tdev *from,
		  struct wg_message_handshake_cookie *out)
{
	struct wg_cookie_source src = dev_source(from);

	wg_cookie_message_create(out, msg, len, sender_index, &dev->checker,
				 &src);
}

static void under_load_initiation(void)
{
	struct wg_message_handshake_initiation init, init2;
	struct wg_message_handshake_response resp;
	struct wg_message_handshake_cookie cookie, bad;
	unsigned long dh_before;
	struct tpeer *p;
	size_t i;
	int refused = 0;

	setup();
	CHECK(send_initiation(&pa, &init));
	/* no cookie yet: mac2 is zero */
	for (i = 0; i < WG_COOKIE_LEN; ++i)
		CHECK(init.macs.mac2[i] == 0);

	/* not under load: mac1 suffices */
	CHECK(validate(&db, &init, sizeof(init), &da, false) ==
	      WG_VALID_MAC_BUT_NO_COOKIE);
	/* under load, no valid mac2: no DH at all, a cookie reply instead */
	dh_before = test_dh_count;
	CHECK(validate(&db, &init, sizeof(init), &da, true) ==
	      WG_VALID_MAC_BUT_NO_COOKIE);
	CHECK(!recv_initiation(&db, &init, sizeof(init), &da, true));
	reply(&db, &init, sizeof(init), init.sender_index, &da, &cookie);
	CHECK(test_dh_count == dh_before);
	CHECK(wg_message_type(&cookie, sizeof(cookie)) == WG_MESSAGE_HANDSHAKE_COOKIE);
	CHECK(cookie.receiver_index == init.sender_index);

	/* a tampered reply, in any byte after the header, is refused */
	for (i = 8; i < sizeof(cookie); ++i) {
		bad = cookie;
		((u8 *)&bad)[i] ^= 0x20;
		refused += !wg_cookie_message_consume(&bad, &pa.cookie);
	}
	CHECK(refused == (int)sizeof(cookie) - 8);
	/* a reply to some other peer's mac1 is refused */
	CHECK(!wg_cookie_message_consume(&cookie, &pb.cookie));
	/* the right one is taken, once */
	CHECK(wg_cookie_message_consume(&cookie, &pa.cookie));
	CHECK(!wg_cookie_message_consume(&cookie, &pa.cookie));

	/* now the initiation carries mac2 and goes through under load */
	test_advance_time(NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &init2));
	CHECK(validate(&db, &init2, sizeof(init2), &da, true) ==
	      WG_VALID_MAC_WITH_COOKIE);
	/* from another port the cookie does not match */
	db.port ^= 1;
	da.port ^= 1;
	CHECK(validate(&db, &init2, sizeof(init2), &da, true) ==
	      WG_VALID_MAC_BUT_NO_COOKIE);
	da.port ^= 1;
	db.port ^= 1;
	/* a tampered mac2 is no cookie */
	init = init2;
	init.macs.mac2[3] ^= 1;
	CHECK(validate(&db, &init, sizeof(init), &da, true) ==
	      WG_VALID_MAC_BUT_NO_COOKIE);
	/* and the exchange completes */
	dh_before = test_dh_count;
	p = recv_initiation(&db, &init2, sizeof(init2), &da, true);
	CHECK(p == &pb);
	if (p)
		peer_put(p);
	CHECK(test_dh_count > dh_before);
	CHECK(send_response(&pb, &resp));
	p = recv_response(&da, &resp, sizeof(resp), &db, false);
	CHECK(p == &pa);
	if (p)
		peer_put(p);
	CHECK(wg_noise_handshake_begin_session(&pa.hs, &pa.keypairs));
	CHECK(wg_noise_handshake_begin_session(&pb.hs, &pb.keypairs));

	/*
	 * The rate limiter has the last word on a valid mac2: two of this
	 * source's burst of five went on the checks above.
	 */
	for (i = 0; i < 10; ++i) {
		enum wg_cookie_mac_state s;

		test_advance_time(NSEC_PER_SEC / 1000);
		CHECK(send_initiation(&pa, &init2));
		s = validate(&db, &init2, sizeof(init2), &da, true);
		if (i < WG_RATELIMITER_PACKETS_BURSTABLE - 2)
			CHECK(s == WG_VALID_MAC_WITH_COOKIE);
		else
			CHECK(s == WG_VALID_MAC_WITH_COOKIE_BUT_RATELIMITED);
	}

	/* a mac1 for someone else's key is invalid outright */
	CHECK(validate(&da, &init2, sizeof(init2), &db, false) == WG_INVALID_MAC);
	init2.macs.mac1[0] ^= 1;
	CHECK(validate(&db, &init2, sizeof(init2), &da, false) == WG_INVALID_MAC);
	teardown();
}

static void under_load_response(void)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_response resp, resp2;
	struct wg_message_handshake_cookie cookie;
	unsigned long dh_before;
	struct tpeer *p;

	/* The initiator may be the loaded one: it cookies the response. */
	setup();
	CHECK(send_initiation(&pa, &init));
	p = recv_initiation(&db, &init, sizeof(init), &da, false);
	CHECK(p == &pb);
	if (p)
		peer_put(p);
	CHECK(send_response(&pb, &resp));
	dh_before = test_dh_count;
	CHECK(!recv_response(&da, &resp, sizeof(resp), &db, true));
	CHECK(test_dh_count == dh_before);
	reply(&da, &resp, sizeof(resp), resp.sender_index, &db, &cookie);
	CHECK(wg_cookie_message_consume(&cookie, &pb.cookie));
	/* the responder's next message carries mac2 */
	wg_cookie_add_mac_to_packet(&resp, sizeof(resp), &pb.cookie);
	resp2 = resp;
	p = recv_response(&da, &resp2, sizeof(resp2), &db, true);
	CHECK(p == &pa);
	if (p)
		peer_put(p);
	teardown();
}

static void rotation(void)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_cookie cookie;
	size_t i;
	bool zero;

	setup();
	CHECK(send_initiation(&pa, &init));
	reply(&db, &init, sizeof(init), init.sender_index, &da, &cookie);
	CHECK(wg_cookie_message_consume(&cookie, &pa.cookie));
	CHECK(send_initiation(&pa, &init));
	CHECK(validate(&db, &init, sizeof(init), &da, true) ==
	      WG_VALID_MAC_WITH_COOKIE);

	/* the sender stops using its cookie a little before 120 s */
	test_advance_time((s64)(WG_COOKIE_SECRET_MAX_AGE -
				WG_COOKIE_SECRET_LATENCY) * NSEC_PER_SEC - NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &init));
	for (zero = true, i = 0; i < WG_COOKIE_LEN; ++i)
		zero &= init.macs.mac2[i] == 0;
	CHECK(!zero);
	test_advance_time(2LL * NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &init));
	for (zero = true, i = 0; i < WG_COOKIE_LEN; ++i)
		zero &= init.macs.mac2[i] == 0;
	CHECK(zero);

	/* the replier's secret rotates: an old cookie stops matching */
	CHECK(send_initiation(&pa, &init));
	reply(&db, &init, sizeof(init), init.sender_index, &da, &cookie);
	CHECK(wg_cookie_message_consume(&cookie, &pa.cookie));
	CHECK(send_initiation(&pa, &init));
	CHECK(validate(&db, &init, sizeof(init), &da, true) ==
	      WG_VALID_MAC_WITH_COOKIE);
	test_advance_time((s64)WG_COOKIE_SECRET_MAX_AGE * NSEC_PER_SEC);
	CHECK(validate(&db, &init, sizeof(init), &da, true) ==
	      WG_VALID_MAC_BUT_NO_COOKIE);
	teardown();
}

void test_cookie(void)
{
	under_load_initiation();
	under_load_response();
	rotation();
}
