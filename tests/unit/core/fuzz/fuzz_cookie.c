// SPDX-License-Identifier: GPL-2.0
/*
 * Cookie replies into a peer that sent an initiation. Input: a flags byte,
 * then raw bytes (bit 0) or an edit script over a valid reply.
 */
#include <string.h>
#include "fuzz.h"

static struct tdev da, db;
static struct tpeer pa, pb;
static bool ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_cookie msg;
	struct wg_cookie_source src;
	bool ok;
	static u64 aligned[512 / 8];
	u8 flags;

	if (!ready) {
		fuzz_setup_pair(&da, &db, &pa, &pb, false);
		ready = true;
	}
	fuzz_reset();
	fuzz_reset_peer(&pa);
	if (!size)
		return 0;
	flags = data[0];
	/* Datagrams reach the core aligned (the driver pulls them so). */
	size = size - 1 > sizeof(aligned) ? sizeof(aligned) : size - 1;
	memcpy(aligned, data + 1, size);
	data = (const uint8_t *)aligned;

	if (!send_initiation(&pa, &init))
		__builtin_trap();
	src = dev_source(&da);
	wg_cookie_message_create(&msg, &init, sizeof(init), init.sender_index,
				 &db.checker, &src);
	if (flags & 1) {
		if (wg_message_type(data, size) == WG_MESSAGE_HANDSHAKE_COOKIE)
			(void)wg_cookie_message_consume((const void *)data, &pa.cookie);
		return 0;
	}
	fuzz_apply_edits((u8 *)&msg, sizeof(msg), data, size);
	ok = wg_cookie_message_consume(&msg, &pa.cookie);
	if (!size && !ok)
		__builtin_trap();
	if (ok) {
		/* the cookie is used: mac2 on the next initiation */
		if (!send_initiation(&pa, &init))
			__builtin_trap();
		(void)wg_cookie_validate_packet(&db.checker, &init, sizeof(init),
						&src, true, NULL);
	}
	return 0;
}
