/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two devices with a peer each for the other, driven the way the driver will
 * drive the core: classify, check macs, consume, create, begin a session.
 */
#ifndef _WG_TEST_HARNESS_H
#define _WG_TEST_HARNESS_H

#include <linux/socket.h>
#include "noise.h"
#include "cookie.h"
#include "ratelimiter.h"
#include "test.h"

struct tdev {
	struct wg_noise_static_identity identity;
	struct wg_index_hashtable *index;
	struct wg_pubkey_hashtable *pubkeys;
	struct wg_cookie_checker checker;
	struct wg_ratelimiter rl;
	u8 priv[32], pub[32];
	/* the source address the device's packets appear to come from */
	u8 addr[4];
	__be16 port;
};

struct tpeer {
	struct tdev *dev;
	struct wg_noise_handshake hs;
	struct wg_noise_keypairs keypairs;
	struct wg_cookie cookie;
	int refs;
	bool dying;
};

extern const struct wg_lookup_callbacks test_peer_cb;

void dev_init(struct tdev *dev, u8 last_addr_byte);
void dev_free(struct tdev *dev);
void peer_init(struct tpeer *peer, struct tdev *dev, const u8 remote_pub[32],
	       const u8 *psk);
void peer_free(struct tpeer *peer);
void peer_put(struct tpeer *peer);

struct wg_cookie_source dev_source(struct tdev *dev);

bool send_initiation(struct tpeer *peer, struct wg_message_handshake_initiation *msg);
bool send_response(struct tpeer *peer, struct wg_message_handshake_response *msg);
/* mac checks then consume; NULL on rejection, else the peer (a ref held). */
struct tpeer *recv_initiation(struct tdev *dev, const void *msg, size_t len,
			      struct tdev *from, bool under_load);
struct tpeer *recv_response(struct tdev *dev, const void *msg, size_t len,
			    struct tdev *from, bool under_load);
/* The whole exchange, both sessions begun. */
bool handshake(struct tpeer *initiator, struct tpeer *responder);

/* A transport message of @len bytes of payload on the current keypair. */
size_t send_data(struct tpeer *peer, const u8 *payload, size_t len, u8 *out);
/* Authenticates and checks the counter; the sender peer or NULL. */
struct tpeer *recv_data(struct tdev *dev, const u8 *msg, size_t len, u8 *payload,
			struct wg_noise_keypair **used);

#endif /* _WG_TEST_HARNESS_H */
