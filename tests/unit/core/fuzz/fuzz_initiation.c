// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake initiations into a responder. Input: a flags byte, then either
 * raw bytes (flags bit 0: the datagram as is, any length, through type and
 * mac checks) or an edit script over a valid initiation, whose mac1 is then
 * made valid again (flags bit 1 leaves it) so the Noise part is reached.
 * A consumed initiation is answered and a session begun, as the driver would.
 */
#include <string.h>
#include "fuzz.h"

static struct tdev da, db;
static struct tpeer pa, pb;
static bool ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_message_handshake_initiation msg;
	struct wg_message_handshake_response resp;
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

	if (flags & 1) {
		struct wg_cookie_source src = dev_source(&da);

		if (wg_message_type(data, size) == WG_MESSAGE_HANDSHAKE_INITIATION)
			(void)wg_cookie_validate_packet(&db.checker, data, size,
							&src, flags & 4, &db.rl);
		p = recv_initiation(&db, data, size, &da, false);
	} else {
		if (!send_initiation(&pa, &msg))
			__builtin_trap();
		fuzz_apply_edits((u8 *)&msg, sizeof(msg), data, size);
		if (!(flags & 2))
			wg_cookie_add_mac_to_packet(&msg, sizeof(msg), &pa.cookie);
		p = recv_initiation(&db, &msg, sizeof(msg), &da, false);
		/* untouched, it must go through */
		if (!size && p != &pb)
			__builtin_trap();
	}
	if (p) {
		peer_put(p);
		if (send_response(p, &resp))
			(void)wg_noise_handshake_begin_session(&p->hs, &p->keypairs);
	}
	return 0;
}
