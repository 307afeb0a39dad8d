// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <arpa/inet.h>
#include <wgcrypto/chacha20poly1305.h>
#include "harness.h"

static bool peer_get(void *owner)
{
	struct tpeer *p = owner;

	if (p->dying)
		return false;
	++p->refs;
	return true;
}

static void peer_put_cb(void *owner)
{
	--((struct tpeer *)owner)->refs;
}

const struct wg_lookup_callbacks test_peer_cb = { peer_get, peer_put_cb };

void peer_put(struct tpeer *peer)
{
	peer_put_cb(peer);
}

void dev_init(struct tdev *dev, u8 last_addr_byte)
{
	memset(dev, 0, sizeof(*dev));
	test_rand_bytes(dev->priv, sizeof(dev->priv));
	wg_noise_static_identity_init(&dev->identity);
	wg_noise_set_static_identity_private_key(&dev->identity, dev->priv);
	memcpy(dev->pub, dev->identity.static_public, 32);
	dev->index = wg_index_hashtable_alloc(&test_peer_cb);
	dev->pubkeys = wg_pubkey_hashtable_alloc(&test_peer_cb);
	wg_cookie_checker_init(&dev->checker, &dev->identity);
	wg_ratelimiter_init(&dev->rl);
	dev->addr[0] = 192;
	dev->addr[1] = 0;
	dev->addr[2] = 2;
	dev->addr[3] = last_addr_byte;
	dev->port = htons(51820);
}

void dev_free(struct tdev *dev)
{
	wg_ratelimiter_uninit(&dev->rl);
	wg_index_hashtable_free(dev->index);
	wg_pubkey_hashtable_free(dev->pubkeys);
	wg_noise_static_identity_clear(&dev->identity);
}

void peer_init(struct tpeer *peer, struct tdev *dev, const u8 remote_pub[32],
	       const u8 *psk)
{
	memset(peer, 0, sizeof(*peer));
	peer->dev = dev;
	wg_noise_handshake_init(&peer->hs, &dev->identity, dev->index,
				remote_pub, psk, peer);
	wg_noise_keypairs_init(&peer->keypairs);
	wg_cookie_init(&peer->cookie, remote_pub);
	wg_pubkey_hashtable_add(dev->pubkeys, &peer->hs.pubkey_entry);
}

void peer_free(struct tpeer *peer)
{
	wg_pubkey_hashtable_remove(peer->dev->pubkeys, &peer->hs.pubkey_entry);
	wg_noise_handshake_clear(&peer->hs);
	wg_noise_keypairs_clear(&peer->keypairs);
	CHECK(peer->refs == 0);
}

struct wg_cookie_source dev_source(struct tdev *dev)
{
	struct wg_cookie_source src = {
		.family = AF_INET, .addr = dev->addr, .port = dev->port
	};

	return src;
}

bool send_initiation(struct tpeer *peer, struct wg_message_handshake_initiation *msg)
{
	if (!wg_noise_handshake_create_initiation(msg, &peer->hs))
		return false;
	wg_cookie_add_mac_to_packet(msg, sizeof(*msg), &peer->cookie);
	return true;
}

bool send_response(struct tpeer *peer, struct wg_message_handshake_response *msg)
{
	if (!wg_noise_handshake_create_response(msg, &peer->hs))
		return false;
	wg_cookie_add_mac_to_packet(msg, sizeof(*msg), &peer->cookie);
	return true;
}

static bool macs_ok(struct tdev *dev, const void *msg, size_t len,
		    struct tdev *from, bool under_load)
{
	struct wg_cookie_source src = dev_source(from);
	enum wg_cookie_mac_state state;

	state = wg_cookie_validate_packet(&dev->checker, msg, len, &src,
					  under_load, &dev->rl);
	if (under_load)
		return state == WG_VALID_MAC_WITH_COOKIE;
	return state == WG_VALID_MAC_BUT_NO_COOKIE;
}

struct tpeer *recv_initiation(struct tdev *dev, const void *msg, size_t len,
			      struct tdev *from, bool under_load)
{
	struct wg_noise_handshake *hs;

	if (wg_message_type(msg, len) != WG_MESSAGE_HANDSHAKE_INITIATION)
		return NULL;
	if (!macs_ok(dev, msg, len, from, under_load))
		return NULL;
	hs = wg_noise_handshake_consume_initiation(msg, &dev->identity,
						   dev->pubkeys, NULL);
	return hs ? hs->owner : NULL;
}

struct tpeer *recv_response(struct tdev *dev, const void *msg, size_t len,
			    struct tdev *from, bool under_load)
{
	struct wg_noise_handshake *hs;

	if (wg_message_type(msg, len) != WG_MESSAGE_HANDSHAKE_RESPONSE)
		return NULL;
	if (!macs_ok(dev, msg, len, from, under_load))
		return NULL;
	hs = wg_noise_handshake_consume_response(msg, &dev->identity,
						 dev->index, NULL);
	return hs ? hs->owner : NULL;
}

bool handshake(struct tpeer *initiator, struct tpeer *responder)
{
	struct wg_message_handshake_initiation init;
	struct wg_message_handshake_response resp;
	struct tpeer *p;
	bool ok = false;

	if (!send_initiation(initiator, &init))
		return false;
	p = recv_initiation(responder->dev, &init, sizeof(init),
			    initiator->dev, false);
	if (p != responder)
		goto out;
	peer_put(p);
	if (!send_response(responder, &resp))
		goto out;
	p = recv_response(initiator->dev, &resp, sizeof(resp), responder->dev,
			  false);
	if (p != initiator)
		goto out;
	peer_put(p);
	ok = wg_noise_handshake_begin_session(&responder->hs,
					      &responder->keypairs) &&
	     wg_noise_handshake_begin_session(&initiator->hs,
					      &initiator->keypairs);
	return ok;
out:
	if (p)
		peer_put(p);
	return false;
}

size_t send_data(struct tpeer *peer, const u8 *payload, size_t len, u8 *out)
{
	struct wg_noise_keypair *kp = wg_noise_keypair_current(&peer->keypairs);
	struct wg_message_data *msg = (struct wg_message_data *)out;
	u64 nonce;

	if (!kp)
		return 0;
	if (!wg_noise_keypair_next_nonce(kp, &nonce)) {
		wg_noise_keypair_put(kp);
		return 0;
	}
	msg->header.type = cpu_to_le32(WG_MESSAGE_DATA);
	msg->key_idx = kp->remote_index;
	msg->counter = cpu_to_le64(nonce);
	wg_chacha20poly1305_encrypt(msg->encrypted_data, payload, len, NULL, 0,
				    nonce, kp->sending.key);
	wg_noise_keypair_put(kp);
	return wg_message_data_len(len);
}

struct tpeer *recv_data(struct tdev *dev, const u8 *buf, size_t len, u8 *payload,
			struct wg_noise_keypair **used)
{
	const struct wg_message_data *msg = (const void *)buf;
	struct wg_noise_keypair *kp;
	struct tpeer *peer = NULL;
	void *owner;
	u64 counter;

	if (used)
		*used = NULL;
	if (wg_message_type(buf, len) != WG_MESSAGE_DATA)
		return NULL;
	kp = wg_noise_keypair_lookup(dev->index, msg->key_idx, &owner);
	if (!kp)
		return NULL;
	counter = le64_to_cpu(msg->counter);
	/* decrypt first, then the counter, as protocol.md orders it */
	if (!wg_noise_keypair_receiving_usable(kp) ||
	    !wg_chacha20poly1305_decrypt(payload, msg->encrypted_data,
					 len - sizeof(*msg), NULL, 0, counter,
					 kp->receiving.key) ||
	    !wg_replay_counter_validate(&kp->receiving_counter, counter)) {
		peer_put(owner);
		wg_noise_keypair_put(kp);
		return NULL;
	}
	peer = owner;
	wg_noise_received_with_keypair(&peer->keypairs, kp);
	if (used)
		*used = kp;
	wg_noise_keypair_put(kp);
	peer_put(peer);
	return peer;
}
