// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <wgcrypto/curve25519.h>
#include "harness.h"

static struct tdev da, db;
static struct tpeer pa, pb;	/* pa: on device a, for b; pb: on b, for a */

static void setup(const u8 *psk_a, const u8 *psk_b)
{
	dev_init(&da, 1);
	dev_init(&db, 2);
	peer_init(&pa, &da, db.pub, psk_a);
	peer_init(&pb, &db, da.pub, psk_b);
}

static void teardown(void)
{
	peer_free(&pa);
	peer_free(&pb);
	dev_free(&da);
	dev_free(&db);
}

static struct wg_noise_keypair *cur(struct tpeer *p)
{
	return rcu_access_pointer(p->keypairs.current_keypair);
}

static struct wg_noise_keypair *prev(struct tpeer *p)
{
	return rcu_access_pointer(p->keypairs.previous_keypair);
}

static struct wg_noise_keypair *next(struct tpeer *p)
{
	return rcu_access_pointer(p->keypairs.next_keypair);
}

/* One data packet from @from to @to; true if @to accepted it from @from. */
static bool data_ok(struct tpeer *from, struct tpeer *to,
		    struct wg_noise_keypair **used)
{
	u8 payload[100], out[200], back[200];
	size_t len;

	test_rand_bytes(payload, sizeof(payload));
	len = send_data(from, payload, sizeof(payload), out);
	if (!len)
		return false;
	return recv_data(to->dev, out, len, back, used) == to &&
	       !memcmp(back, payload, sizeof(payload));
}

static bool keys_match(struct wg_noise_keypair *i, struct wg_noise_keypair *r)
{
	return i && r && !memcmp(i->sending.key, r->receiving.key, 32) &&
	       !memcmp(i->receiving.key, r->sending.key, 32) &&
	       memcmp(i->sending.key, i->receiving.key, 32) &&
	       i->remote_index == r->entry.index &&
	       r->remote_index == i->entry.index &&
	       i->i_am_the_initiator && !r->i_am_the_initiator;
}

static void full_handshakes(void)
{
	u8 psk[32], psk2[32];
	int with_psk, role;

	test_rand_bytes(psk, sizeof(psk));
	for (with_psk = 0; with_psk < 2; ++with_psk) {
		for (role = 0; role < 2; ++role) {
			struct tpeer *i, *r;

			setup(with_psk ? psk : NULL, with_psk ? psk : NULL);
			i = role ? &pb : &pa;
			r = role ? &pa : &pb;
			CHECK(handshake(i, r));
			CHECK(keys_match(cur(i), next(r)));
			/* the handshakes are wiped once the session began */
			CHECK(i->hs.state == WG_HANDSHAKE_ZEROED);
			CHECK(r->hs.state == WG_HANDSHAKE_ZEROED);
			CHECK(data_ok(i, r, NULL));
			CHECK(data_ok(r, i, NULL));
			teardown();
		}
	}

	/* different preshared keys: the response does not decrypt */
	test_rand_bytes(psk2, sizeof(psk2));
	setup(psk, psk2);
	CHECK(!handshake(&pa, &pb));
	CHECK(!cur(&pa) && !next(&pb));
	teardown();
	setup(psk, NULL);
	CHECK(!handshake(&pb, &pa));
	teardown();
}

/* Every byte of an initiation and a response, flipped in turn, is refused. */
static void tampering(void)
{
	struct wg_message_handshake_initiation init, bad_init;
	struct wg_message_handshake_response resp, bad_resp;
	unsigned long refused = 0, tried = 0, crypto_refused = 0,
		      crypto_tried = 0;
	/* why each was refused, and against whom (the fleet counters' input) */
	unsigned long why_count[WG_NOISE_REJECT_FLOOD + 1] = { 0 }, wrong_owner = 0;
	struct wg_noise_rejection why;
	size_t i;

	setup(NULL, NULL);
	CHECK(send_initiation(&pa, &init));
	for (i = 0; i < sizeof(init); ++i) {
		bad_init = init;
		((u8 *)&bad_init)[i] ^= 1 << (i % 8);
		++tried;
		/* mac2 only counts under load, where the next test looks */
		if (i >= offsetof(struct wg_message_handshake_initiation, macs.mac2))
			continue;
		refused += !recv_initiation(&db, &bad_init, sizeof(bad_init), &da, false);
		/*
		 * And the handshake itself, with mac1 made valid again, for
		 * the fields Noise protects (e, s, timestamp).
		 */
		if (i >= offsetof(struct wg_message_handshake_initiation,
				  unencrypted_ephemeral) &&
		    i < offsetof(struct wg_message_handshake_initiation, macs)) {
			struct wg_noise_handshake *hs;

			wg_cookie_add_mac_to_packet(&bad_init, sizeof(bad_init),
						    &pa.cookie);
			hs = wg_noise_handshake_consume_initiation(&bad_init,
								   &db.identity,
								   db.pubkeys, &why);
			++crypto_tried;
			crypto_refused += !hs;
			if (hs) {
				peer_put(hs->owner);
			} else {
				++why_count[why.reason];
				/* a known peer is named, and only then */
				wrong_owner += (why.reason == WG_NOISE_REJECT_DECRYPT) !=
					       (why.owner == &pb);
				if (why.owner)
					peer_put(why.owner);
			}
		}
	}
	CHECK(refused == offsetof(struct wg_message_handshake_initiation, macs.mac2));
	CHECK(crypto_refused == crypto_tried && crypto_tried == 32 + 48 + 28);
	/* a flipped e or s hides the sender; a flipped timestamp does not */
	CHECK(why_count[WG_NOISE_REJECT_UNKNOWN_PEER] == 32 + 48);
	CHECK(why_count[WG_NOISE_REJECT_DECRYPT] == 28);
	CHECK(wrong_owner == 0);
	memset(why_count, 0, sizeof(why_count));
	/* the untouched one still works after all that */
	CHECK(recv_initiation(&db, &init, sizeof(init), &da, false) == &pb);
	peer_put(&pb);
	CHECK(send_response(&pb, &resp));

	for (i = 0; i < sizeof(resp); ++i) {
		struct wg_noise_handshake *hs;

		bad_resp = resp;
		((u8 *)&bad_resp)[i] ^= 1 << (i % 8);
		if (i >= offsetof(struct wg_message_handshake_response, macs.mac2))
			continue;
		++tried;
		refused += !recv_response(&da, &bad_resp, sizeof(bad_resp), &db, false);
		if (i >= offsetof(struct wg_message_handshake_response,
				  unencrypted_ephemeral) &&
		    i < offsetof(struct wg_message_handshake_response, macs)) {
			wg_cookie_add_mac_to_packet(&bad_resp, sizeof(bad_resp),
						    &pb.cookie);
			hs = wg_noise_handshake_consume_response(&bad_resp,
								 &da.identity,
								 da.index, &why);
			++crypto_tried;
			crypto_refused += !hs;
			if (hs) {
				peer_put(hs->owner);
			} else {
				++why_count[why.reason];
				wrong_owner += why.owner != &pa;
				if (why.owner)
					peer_put(why.owner);
			}
		}
	}
	CHECK(crypto_refused == crypto_tried &&
	      crypto_tried == 32 + 48 + 28 + 32 + 16);
	/* the receiver index names the handshake, so the peer is known */
	CHECK(why_count[WG_NOISE_REJECT_DECRYPT] == 32 + 16);
	CHECK(wrong_owner == 0);
	/* a tampered response did not spoil the handshake in flight */
	CHECK(recv_response(&da, &resp, sizeof(resp), &db, false) == &pa);
	peer_put(&pa);
	CHECK(wg_noise_handshake_begin_session(&pa.hs, &pa.keypairs));
	CHECK(wg_noise_handshake_begin_session(&pb.hs, &pb.keypairs));
	CHECK(keys_match(cur(&pa), next(&pb)));
	/* a response replayed after the session began finds no handshake */
	CHECK(!recv_response(&da, &resp, sizeof(resp), &db, false));
	CHECK(!wg_noise_handshake_consume_response(&resp, &da.identity, da.index, &why));
	CHECK(why.reason == WG_NOISE_REJECT_UNKNOWN_INDEX && !why.owner);
	/* and an initiation replayed, its timestamp no longer new */
	CHECK(!wg_noise_handshake_consume_initiation(&init, &db.identity, db.pubkeys, &why));
	CHECK(why.reason == WG_NOISE_REJECT_STALE_TIMESTAMP && why.owner == &pb);
	if (why.owner)
		peer_put(why.owner);
	/* truncated and padded messages are not even classified */
	CHECK(wg_message_type(&init, sizeof(init) - 1) == WG_MESSAGE_INVALID);
	CHECK(wg_message_type(&init, sizeof(init) + 1) == WG_MESSAGE_INVALID);
	CHECK(wg_message_type(&resp, sizeof(resp) + 1) == WG_MESSAGE_INVALID);
	printf("  noise: %lu tampered messages refused, %lu of them past mac1\n",
	       refused, crypto_refused);
	teardown();
}

static void timestamps(void)
{
	struct wg_message_handshake_initiation old, fresh, future;

	setup(NULL, NULL);
	/* replay of an accepted initiation */
	CHECK(send_initiation(&pa, &old));
	CHECK(recv_initiation(&db, &old, sizeof(old), &da, false) == &pb);
	peer_put(&pb);
	test_advance_time(NSEC_PER_SEC);
	CHECK(!recv_initiation(&db, &old, sizeof(old), &da, false));

	/* newer timestamp but within 1/50 s of the last one consumed: flood */
	CHECK(send_initiation(&pa, &fresh));
	CHECK(send_initiation(&pa, &future)); /* same 2^24 ns slot as fresh? */
	test_advance_time(NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &future));
	test_advance_time(-NSEC_PER_SEC);
	CHECK(recv_initiation(&db, &fresh, sizeof(fresh), &da, false) == &pb);
	peer_put(&pb);
	CHECK(!recv_initiation(&db, &future, sizeof(future), &da, false));
	test_advance_time(NSEC_PER_SEC / 40);
	CHECK(recv_initiation(&db, &future, sizeof(future), &da, false) == &pb);
	peer_put(&pb);
	/* stale: older than the latest accepted, even if never seen */
	test_advance_time(NSEC_PER_SEC);
	CHECK(!recv_initiation(&db, &fresh, sizeof(fresh), &da, false));

	/*
	 * A timestamp from the future is accepted (only "newer" is checked),
	 * and then the present ones are refused until the clock catches up.
	 */
	test_advance_time(86400LL * NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &future));
	test_advance_time(-86400LL * NSEC_PER_SEC);
	CHECK(recv_initiation(&db, &future, sizeof(future), &da, false) == &pb);
	peer_put(&pb);
	test_advance_time(NSEC_PER_SEC);
	CHECK(send_initiation(&pa, &fresh));
	CHECK(!recv_initiation(&db, &fresh, sizeof(fresh), &da, false));

	/* TAI64N layout: 2^62 + 10 + seconds, nanoseconds rounded to 2^24 */
	{
		u8 t[12];
		struct timespec64 now;
		u64 secs;

		ktime_get_real_ts64(&now);
		wg_noise_tai64n_now(t);
		secs = get_unaligned_be64(t);
		CHECK(secs - (1ULL << 62) - 10 >= (u64)now.tv_sec &&
		      secs - (1ULL << 62) - 10 <= (u64)now.tv_sec + 1);
		CHECK((get_unaligned_be32(t + 8) & ((1U << 24) - 1)) == 0);
	}
	teardown();
}

/* Points of small order (and non-canonical encodings of them). */
static const u8 low_order[][32] = {
	{ 0 },
	{ 1 },
	{ 0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
	  0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
	  0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00 },
	{ 0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1,
	  0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c,
	  0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57 },
	{ 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
};

static void low_order_keys(void)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_response resp;
	struct tpeer bad;
	size_t k;

	for (k = 0; k < ARRAY_SIZE(low_order); ++k) {
		setup(NULL, NULL);
		/* a peer whose static key is low order: ss is zero, no handshake */
		peer_init(&bad, &da, low_order[k], NULL);
		CHECK(!memcmp(bad.hs.precomputed_static_static, low_order[0], 32));
		CHECK(!send_initiation(&bad, &init));
		CHECK(bad.hs.state == WG_HANDSHAKE_ZEROED);
		peer_free(&bad);

		/* an initiation carrying a low-order ephemeral: es is zero */
		CHECK(send_initiation(&pa, &init));
		memcpy(init.unencrypted_ephemeral, low_order[k], 32);
		wg_cookie_add_mac_to_packet(&init, sizeof(init), &pa.cookie);
		CHECK(!recv_initiation(&db, &init, sizeof(init), &da, false));

		/* a response carrying a low-order ephemeral: ee is zero */
		test_advance_time(NSEC_PER_SEC);
		CHECK(send_initiation(&pa, &init));
		CHECK(recv_initiation(&db, &init, sizeof(init), &da, false) == &pb);
		peer_put(&pb);
		CHECK(send_response(&pb, &resp));
		memcpy(resp.unencrypted_ephemeral, low_order[k], 32);
		wg_cookie_add_mac_to_packet(&resp, sizeof(resp), &pb.cookie);
		CHECK(!recv_response(&da, &resp, sizeof(resp), &db, false));
		CHECK(pa.hs.state == WG_HANDSHAKE_CREATED_INITIATION);
		teardown();
	}

	/* no private key: nothing is created or consumed */
	setup(NULL, NULL);
	CHECK(send_initiation(&pa, &init));
	wg_noise_set_static_identity_private_key(&db.identity, low_order[0]);
	CHECK(!db.identity.has_identity);
	CHECK(!recv_initiation(&db, &init, sizeof(init), &da, false));
	wg_noise_set_static_identity_private_key(&da.identity, low_order[0]);
	CHECK(!send_initiation(&pa, &init));
	teardown();
}

static void confirmation_and_rotation(void)
{
	struct wg_noise_keypair *k1, *k2, *k3, *k4, *used;
	__le32 idx1, idx2;
	void *owner;

	setup(NULL, NULL);
	/* 1: a initiates. a sends at once; b must wait for a's first packet. */
	CHECK(handshake(&pa, &pb));
	k1 = cur(&pa);
	CHECK(k1 && !prev(&pa) && !next(&pa));
	CHECK(!cur(&pb) && !prev(&pb) && next(&pb));
	CHECK(!wg_noise_keypair_current(&pb.keypairs)); /* b may not send */
	CHECK(!data_ok(&pb, &pa, NULL));
	CHECK(data_ok(&pa, &pb, &used));
	CHECK(used == cur(&pb) && cur(&pb) && !next(&pb)); /* confirmed */
	CHECK(data_ok(&pb, &pa, &used) && used == k1);
	idx1 = k1->entry.index;

	/* 2: b initiates. b switches now; a keeps sending on k1 until... */
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pb, &pa));
	k2 = next(&pa);
	CHECK(k2 && cur(&pa) == k1 && cur(&pb) != NULL);
	CHECK(prev(&pb) && prev(&pb)->remote_index == idx1);
	CHECK(data_ok(&pa, &pb, &used) && used == prev(&pb)); /* old key still received */
	CHECK(next(&pa) == k2);
	/* ...b's first packet on k2 arrives: a rotates */
	CHECK(data_ok(&pb, &pa, &used) && used == k2);
	CHECK(cur(&pa) == k2 && prev(&pa) == k1 && !next(&pa));
	CHECK(data_ok(&pa, &pb, &used) && used == cur(&pb));

	/*
	 * 3 and 4: b initiates (a holds k3 in next, unconfirmed), then a
	 * initiates before any data: a's k4 is current, the unconfirmed k3
	 * is kept as previous and the old current k2 is dropped, together
	 * with its index.
	 */
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pb, &pa));
	k3 = next(&pa);
	idx2 = k2->entry.index;
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pa, &pb));
	k4 = cur(&pa);
	CHECK(k4 && k4 != k3 && prev(&pa) == k3 && !next(&pa));
	CHECK(!wg_noise_keypair_lookup(da.index, idx2, &owner)); /* k2 freed */
	CHECK(!wg_noise_keypair_lookup(da.index, idx1, &owner)); /* k1 freed */
	k2 = wg_noise_keypair_lookup(da.index, k3->entry.index, &owner);
	CHECK(k2 == k3 && owner == &pa);
	if (k2) {
		wg_noise_keypair_put(k2);
		peer_put(&pa);
	}
	/* b still sends on its k3 (its current), a receives it as previous */
	CHECK(data_ok(&pb, &pa, &used) && used == k3);
	CHECK(cur(&pa) == k4);
	/* b is now responder for k4: a's packet confirms it there */
	CHECK(data_ok(&pa, &pb, &used) && used == cur(&pb));
	CHECK(data_ok(&pb, &pa, &used) && used == k4);

	/* expiry by hand: nothing sends, receiving still works */
	wg_noise_expire_current_peer_keypairs(&pa.keypairs);
	CHECK(!wg_noise_keypair_current(&pa.keypairs));
	CHECK(data_ok(&pb, &pa, NULL));

	/* the counter limit */
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pa, &pb));
	atomic64_set(&cur(&pa)->sending_counter, WG_REKEY_AFTER_MESSAGES);
	CHECK(!wg_noise_keypair_should_rekey_after_send(cur(&pa)));
	atomic64_set(&cur(&pa)->sending_counter, WG_REKEY_AFTER_MESSAGES + 1);
	CHECK(wg_noise_keypair_should_rekey_after_send(cur(&pa)));
	atomic64_set(&cur(&pa)->sending_counter, WG_REJECT_AFTER_MESSAGES - 1);
	CHECK(data_ok(&pa, &pb, NULL));	/* the last nonce there is */
	CHECK(!data_ok(&pa, &pb, NULL));
	CHECK(!wg_noise_keypair_current(&pa.keypairs));

	/* age: rekey after 120 s (initiator only), reject after 180 s */
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pa, &pb));
	CHECK(data_ok(&pa, &pb, NULL));
	CHECK(!wg_noise_keypair_should_rekey_after_send(cur(&pa)));
	test_advance_time((s64)WG_REKEY_AFTER_TIME * NSEC_PER_SEC);
	CHECK(wg_noise_keypair_should_rekey_after_send(cur(&pa)));
	CHECK(!wg_noise_keypair_should_rekey_after_send(cur(&pb)));
	CHECK(!wg_noise_keypair_should_rekey_after_receive(cur(&pa)));
	test_advance_time(45LL * NSEC_PER_SEC);	/* 165 s */
	CHECK(wg_noise_keypair_should_rekey_after_receive(cur(&pa)));
	CHECK(!wg_noise_keypair_should_rekey_after_receive(cur(&pb)));
	CHECK(data_ok(&pa, &pb, NULL));
	test_advance_time(15LL * NSEC_PER_SEC);	/* 180 s */
	CHECK(!data_ok(&pa, &pb, NULL));
	CHECK(!data_ok(&pb, &pa, NULL));
	CHECK(!wg_noise_keypair_current(&pa.keypairs));

	/* replayed data is dropped */
	test_advance_time(NSEC_PER_SEC);
	CHECK(handshake(&pa, &pb));
	{
		u8 payload[16] = { 1 }, out[64], back[64];
		size_t len = send_data(&pa, payload, sizeof(payload), out);

		CHECK(recv_data(&db, out, len, back, NULL) == &pb);
		CHECK(!recv_data(&db, out, len, back, NULL));
		out[len - 1] ^= 1;
		CHECK(!recv_data(&db, out, len, back, NULL));
	}
	teardown();
	CHECK(pa.refs == 0 && pb.refs == 0);
}

void test_noise(void)
{
	full_handshakes();
	tampering();
	timestamps();
	low_order_keys();
	confirmation_and_rotation();
}
