// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake responses into an initiator with an initiation in flight.
 * Input: a flags byte, then raw bytes (bit 0) or an edit script over the
 * valid response, mac1 made valid again unless bit 1.
 */
#include <string.h>
#include "fuzz.h"

static struct tdev da, db;
static struct tpeer pa, pb;
static bool ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_response msg;
	struct tpeer *p;
	static u64 aligned[512 / 8];
	u8 flags;

	if (!ready) {
		fuzz_setup_pair(&da, &db, &pa, &pb, true);
		ready = true;
	}
	fuzz_reset();
	fuzz_reset_peer(&pa);
	fuzz_reset_peer(&pb);
	if (!size)
		return 0;
	flags = data[0];
	/* Datagrams reach the core aligned (the driver pulls them so). */
	size = size - 1 > sizeof(aligned) ? sizeof(aligned) : size - 1;
	memcpy(aligned, data + 1, size);
	data = (const uint8_t *)aligned;

	if (!send_initiation(&pa, &init))
		__builtin_trap();
	p = recv_initiation(&db, &init, sizeof(init), &da, false);
	if (p != &pb)
		__builtin_trap();
	peer_put(p);
	if (!send_response(&pb, &msg))
		__builtin_trap();

	if (flags & 1) {
		p = recv_response(&da, data, size, &db, flags & 4);
	} else {
		fuzz_apply_edits((u8 *)&msg, sizeof(msg), data, size);
		if (!(flags & 2))
			wg_cookie_add_mac_to_packet(&msg, sizeof(msg), &pb.cookie);
		p = recv_response(&da, &msg, sizeof(msg), &db, false);
		if (!size && p != &pa)
			__builtin_trap();
	}
	if (p) {
		peer_put(p);
		(void)wg_noise_handshake_begin_session(&p->hs, &p->keypairs);
	}
	return 0;
}
