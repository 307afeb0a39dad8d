// SPDX-License-Identifier: GPL-2.0
/*
 * ipc: generic netlink over libmnl, and the userspace UAPI socket.
 *
 * The family is resolved once per process. Every request asks for an
 * extended ack so a kernel that says why a set failed gets its message
 * printed. A set that does not fit one message is split: the device
 * attributes go in the first, and a peer cut in its allowed IPs continues
 * in the next message with only its public key and the remaining IPs, so
 * the continuation neither replaces nor resets what came before. A dump
 * is merged back when the kernel splits a peer the same way.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "curve25519.h"
#include "encoding.h"
#include "ipc.h"
#include "wg_uapi.h"

#define UAPI_DIR "/var/run/wireguard"

static char last_message[256];

const char *wg_ipc_last_message(void)
{
	return last_message;
}

/* ---------------------------------------------------------------- netlink */

static size_t nl_buflen(void)
{
	return MNL_SOCKET_BUFFER_SIZE;
}

/* NLMSG_ERROR: keep the extended ack text, return the errno. */
static int nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off;

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (off > nlh->nlmsg_len - sizeof(*nlh))
			goto out;
		mnl_attr_for_each(attr, nlh, off) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(last_message, sizeof(last_message),
					 "%s", mnl_attr_get_str(attr));
		}
	}
out:
	if (err->error == 0)
		return MNL_CB_STOP;
	/* A kernel error is -1..-4095; anything else is a broken reply
	 * (and negating INT_MIN would overflow). */
	errno = err->error < 0 && err->error >= -4095 ? -err->error : EPROTO;
	return MNL_CB_ERROR;
}

static int nl_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

int wg_netlink_parse_error(const void *msg, size_t len)
{
	const struct nlmsghdr *nlh = msg;

	last_message[0] = '\0';
	if (len < sizeof(*nlh) || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	errno = 0;
	if (nl_error_cb(nlh, NULL) == MNL_CB_STOP)
		return 0;
	return errno ? -errno : -EIO;
}

static mnl_cb_t nl_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = nl_noop_cb,
	[NLMSG_ERROR] = nl_error_cb,
	[NLMSG_DONE] = nl_done_cb,
	[NLMSG_OVERRUN] = nl_noop_cb,
};

/* Sends one request and runs cb over every reply until done or ack. */
int wg_ipc_nl_talk(struct wg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	ssize_t len;
	int ret;

	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, nl->buf, nl_buflen());
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(nl->buf, (size_t)len, nl->seq, nl->portid, cb,
				  data, nl_ctl_cbs, NLMSG_MIN_TYPE);
		if (ret < 0)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	uint16_t *id = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			*id = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

void wg_ipc_nl_close(struct wg_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	/* replies carry the private key */
	if (nl->buf)
		wg_memzero_explicit(nl->buf, nl_buflen());
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}

struct nlmsghdr *wg_ipc_genl_start(char *buf, uint16_t type, uint16_t flags,
				   uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int nl_open(struct wg_nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(nl_buflen());
	if (!nl->buf)
		return -ENOMEM;
	nl->sock = mnl_socket_open(bus);
	if (!nl->sock)
		goto fail;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	/* Old kernels lack these; the messages are then just plainer. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
fail:
	one = -errno;
	wg_ipc_nl_close(nl);
	return one;
}

int wg_ipc_genl_open(struct wg_nl *nl, const char *family, uint16_t *cached)
{
	struct nlmsghdr *nlh;
	uint16_t id = 0;
	int ret;

	ret = nl_open(nl, NETLINK_GENERIC);
	if (ret)
		return ret;
	if (*cached) {
		nl->family = *cached;
		return 0;
	}
	nlh = wg_ipc_genl_start(nl->buf, GENL_ID_CTRL, NLM_F_ACK,
				CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	ret = wg_ipc_nl_talk(nl, nlh, family_cb, &id);
	if (!ret && !id)
		ret = -ENOENT;
	if (ret) {
		wg_ipc_nl_close(nl);
		return ret;
	}
	*cached = nl->family = id;
	return 0;
}

static int genl_open(struct wg_nl *nl)
{
	static uint16_t cached;
	int ret = wg_ipc_genl_open(nl, WG_GENL_NAME, &cached);

	/* no module: what stock says */
	return ret == -ENOENT ? -EPROTONOSUPPORT : ret;
}

static void parse_allowedip(const struct nlattr *nest, struct wg_peer *peer)
{
	const struct nlattr *attr;
	struct wg_allowedip tmp = { 0 };
	bool have_ip = false, have_cidr = false;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case WGALLOWEDIP_A_FAMILY:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
				tmp.family = mnl_attr_get_u16(attr);
			break;
		case WGALLOWEDIP_A_IPADDR:
			if (mnl_attr_get_payload_len(attr) == sizeof(tmp.ip4)) {
				memcpy(&tmp.ip4, mnl_attr_get_payload(attr), 4);
				have_ip = true;
			} else if (mnl_attr_get_payload_len(attr) ==
				   sizeof(tmp.ip6)) {
				memcpy(&tmp.ip6, mnl_attr_get_payload(attr), 16);
				have_ip = true;
			}
			break;
		case WGALLOWEDIP_A_CIDR_MASK:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0) {
				tmp.cidr = mnl_attr_get_u8(attr);
				have_cidr = true;
			}
			break;
		}
	}
	if (!have_ip || !have_cidr ||
	    !((tmp.family == AF_INET && tmp.cidr <= 32) ||
	      (tmp.family == AF_INET6 && tmp.cidr <= 128)))
		return;
	{
		struct wg_allowedip *a = wg_peer_add_allowedip(peer);

		a->family = tmp.family;
		a->ip6 = tmp.ip6;
		a->cidr = tmp.cidr;
	}
}

static void parse_peer(const struct nlattr *nest, struct wg_device *dev)
{
	const struct nlattr *attr, *ips = NULL;
	struct wg_peer tmp, *peer;

	memset(&tmp, 0, sizeof(tmp));
	mnl_attr_for_each_nested(attr, nest) {
		const void *p = mnl_attr_get_payload(attr);
		uint16_t len = mnl_attr_get_payload_len(attr);

		switch (mnl_attr_get_type(attr)) {
		case WGPEER_A_PUBLIC_KEY:
			if (len == WG_KEY_LEN) {
				memcpy(tmp.public_key, p, WG_KEY_LEN);
				tmp.flags |= WGPEER_HAS_PUBLIC_KEY;
			}
			break;
		case WGPEER_A_PRESHARED_KEY:
			if (len == WG_KEY_LEN) {
				memcpy(tmp.preshared_key, p, WG_KEY_LEN);
				if (!wg_key_is_zero(tmp.preshared_key))
					tmp.flags |= WGPEER_HAS_PRESHARED_KEY;
			}
			break;
		case WGPEER_A_ENDPOINT:
			if ((len == sizeof(struct sockaddr_in) &&
			     ((const struct sockaddr *)p)->sa_family == AF_INET) ||
			    (len == sizeof(struct sockaddr_in6) &&
			     ((const struct sockaddr *)p)->sa_family == AF_INET6))
				memcpy(&tmp.endpoint, p, len);
			break;
		case WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
				tmp.keepalive = mnl_attr_get_u16(attr);
			break;
		case WGPEER_A_LAST_HANDSHAKE_TIME:
			if (len == 16) {
				int64_t t[2];

				memcpy(t, p, sizeof(t));
				tmp.last_handshake_sec = t[0];
				tmp.last_handshake_nsec = t[1];
			}
			break;
		case WGPEER_A_RX_BYTES:
			if (mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
				tmp.rx_bytes = mnl_attr_get_u64(attr);
			break;
		case WGPEER_A_TX_BYTES:
			if (mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
				tmp.tx_bytes = mnl_attr_get_u64(attr);
			break;
		case WGPEER_A_ALLOWEDIPS:
			ips = attr;
			break;
		}
	}
	if (!(tmp.flags & WGPEER_HAS_PUBLIC_KEY))
		goto out;
	/* A peer cut across messages comes back under the same key. */
	peer = dev->last_peer;
	if (!peer || !wg_key_equal(peer->public_key, tmp.public_key)) {
		peer = wg_device_add_peer(dev);
		*peer = tmp;
		peer->next = NULL;
		peer->first_allowedip = peer->last_allowedip = NULL;
	}
	if (ips) {
		mnl_attr_for_each_nested(attr, ips)
			parse_allowedip(attr, peer);
	}
out:
	wg_memzero_explicit(&tmp, sizeof(tmp));
}

static int device_cb(const struct nlmsghdr *nlh, void *data)
{
	struct wg_device *dev = data;
	const struct nlattr *attr, *peer;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		const void *p = mnl_attr_get_payload(attr);
		uint16_t len = mnl_attr_get_payload_len(attr);

		switch (mnl_attr_get_type(attr)) {
		case WGDEVICE_A_IFINDEX:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
				dev->ifindex = mnl_attr_get_u32(attr);
			break;
		case WGDEVICE_A_IFNAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(dev->name, sizeof(dev->name), "%s",
					 mnl_attr_get_str(attr));
			break;
		case WGDEVICE_A_PRIVATE_KEY:
			if (len == WG_KEY_LEN) {
				memcpy(dev->private_key, p, WG_KEY_LEN);
				if (!wg_key_is_zero(dev->private_key))
					dev->flags |= WGDEV_HAS_PRIVATE_KEY;
			}
			break;
		case WGDEVICE_A_PUBLIC_KEY:
			if (len == WG_KEY_LEN) {
				memcpy(dev->public_key, p, WG_KEY_LEN);
				if (!wg_key_is_zero(dev->public_key))
					dev->flags |= WGDEV_HAS_PUBLIC_KEY;
			}
			break;
		case WGDEVICE_A_LISTEN_PORT:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
				dev->listen_port = mnl_attr_get_u16(attr);
			break;
		case WGDEVICE_A_FWMARK:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
				dev->fwmark = mnl_attr_get_u32(attr);
			break;
		case WGDEVICE_A_PEERS:
			mnl_attr_for_each_nested(peer, attr)
				parse_peer(peer, dev);
			break;
		}
	}
	return MNL_CB_OK;
}

int wg_netlink_parse_device(const void *buf, size_t len, struct wg_device *dev)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > INT32_MAX ? INT32_MAX : (int)len;

	/* libmnl compares nlmsg_len as an int, so a huge one passes its
	 * check, and walks attributes up to the aligned end: bound both
	 * here (found by fuzz_netlink). */
	while (left >= (int)sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)left &&
	       MNL_ALIGN(nlh->nlmsg_len) <= (unsigned int)left &&
	       mnl_nlmsg_ok(nlh, left)) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE &&
		    nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct genlmsghdr)))
			device_cb(nlh, dev);
		nlh = mnl_nlmsg_next(nlh, &left);
	}
	return 0;
}

/*
 * A device with many peers comes in several messages. If its configuration
 * changes between two of them, the kernel flags the dump (NLM_F_DUMP_INTR,
 * which libmnl turns into EINTR) and the reply mixes two states: it is
 * thrown away and the dump asked for again, on a fresh socket so nothing
 * of the old one is read.
 */
#define GET_DEVICE_TRIES 100

static int netlink_get(struct wg_device **out, const char *name)
{
	struct wg_device *dev;
	struct nlmsghdr *nlh;
	struct wg_nl nl;
	int ret, tries = 0;

again:
	ret = genl_open(&nl);
	if (ret)
		return ret;
	dev = wg_device_new();
	nlh = wg_ipc_genl_start(nl.buf, nl.family, NLM_F_ACK | NLM_F_DUMP,
				WG_CMD_GET_DEVICE, WG_GENL_VERSION);
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, name);
	ret = wg_ipc_nl_talk(&nl, nlh, device_cb, dev);
	wg_ipc_nl_close(&nl);
	if (ret) {
		wg_device_free(dev);
		if (ret == -EINTR && ++tries < GET_DEVICE_TRIES)
			goto again;
		return ret;
	}
	if (!dev->name[0])
		snprintf(dev->name, sizeof(dev->name), "%s", name);
	*out = dev;
	return 0;
}

/* Where a split set resumes: a peer, and maybe an IP inside it. */
struct set_cursor {
	struct wg_peer *peer;
	struct wg_allowedip *ip;
	bool device_done;
};

static bool put_peer_head(struct nlmsghdr *nlh, size_t buflen,
			  const struct wg_peer *peer, bool continuation)
{
	uint32_t flags = peer->flags & (WGPEER_REMOVE_ME |
					WGPEER_REPLACE_ALLOWEDIPS |
					WGPEER_UPDATE_ONLY);

	if (!mnl_attr_put_check(nlh, buflen, WGPEER_A_PUBLIC_KEY, WG_KEY_LEN,
				peer->public_key))
		return false;
	if (continuation)
		return true;
	if (flags && !mnl_attr_put_u32_check(nlh, buflen, WGPEER_A_FLAGS, flags))
		return false;
	if ((peer->flags & WGPEER_HAS_PRESHARED_KEY) &&
	    !mnl_attr_put_check(nlh, buflen, WGPEER_A_PRESHARED_KEY, WG_KEY_LEN,
				peer->preshared_key))
		return false;
	if (peer->endpoint.addr.sa_family == AF_INET &&
	    !mnl_attr_put_check(nlh, buflen, WGPEER_A_ENDPOINT,
				sizeof(peer->endpoint.addr4),
				&peer->endpoint.addr4))
		return false;
	if (peer->endpoint.addr.sa_family == AF_INET6 &&
	    !mnl_attr_put_check(nlh, buflen, WGPEER_A_ENDPOINT,
				sizeof(peer->endpoint.addr6),
				&peer->endpoint.addr6))
		return false;
	if ((peer->flags & WGPEER_HAS_KEEPALIVE) &&
	    !mnl_attr_put_u16_check(nlh, buflen,
				    WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
				    peer->keepalive))
		return false;
	return true;
}

static bool put_allowedip(struct nlmsghdr *nlh, size_t buflen, int index,
			  const struct wg_allowedip *a)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, buflen, index);

	if (!nest)
		return false;
	if (!mnl_attr_put_u16_check(nlh, buflen, WGALLOWEDIP_A_FAMILY,
				    a->family) ||
	    !mnl_attr_put_check(nlh, buflen, WGALLOWEDIP_A_IPADDR,
				a->family == AF_INET ? 4 : 16,
				a->family == AF_INET ? (const void *)&a->ip4 :
						       (const void *)&a->ip6) ||
	    !mnl_attr_put_u8_check(nlh, buflen, WGALLOWEDIP_A_CIDR_MASK,
				   a->cidr) ||
	    (a->flags && !mnl_attr_put_u32_check(nlh, buflen,
						 WGALLOWEDIP_A_FLAGS,
						 a->flags))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/*
 * Fills one message from cur onward; returns 1 when everything is in, 0
 * when a further message is needed (cur updated), or -EMSGSIZE if not even
 * one item fits.
 */
static int build_one(struct nlmsghdr *nlh, size_t buflen,
		     struct wg_device *dev, struct set_cursor *cur)
{
	struct nlattr *peers, *pnest, *ips;
	bool progress = false;
	int index = 0;

	if (!mnl_attr_put_strz_check(nlh, buflen, WGDEVICE_A_IFNAME, dev->name))
		return -EMSGSIZE;
	if (!cur->device_done) {
		uint32_t flags = dev->flags & WGDEV_REPLACE_PEERS;

		/* The device part goes whole into the first message. */
		if (((dev->flags & WGDEV_HAS_PRIVATE_KEY) &&
		     !mnl_attr_put_check(nlh, buflen, WGDEVICE_A_PRIVATE_KEY,
					 WG_KEY_LEN, dev->private_key)) ||
		    ((dev->flags & WGDEV_HAS_LISTEN_PORT) &&
		     !mnl_attr_put_u16_check(nlh, buflen, WGDEVICE_A_LISTEN_PORT,
					     dev->listen_port)) ||
		    ((dev->flags & WGDEV_HAS_FWMARK) &&
		     !mnl_attr_put_u32_check(nlh, buflen, WGDEVICE_A_FWMARK,
					     dev->fwmark)) ||
		    (flags && !mnl_attr_put_u32_check(nlh, buflen,
						      WGDEVICE_A_FLAGS, flags)))
			return -EMSGSIZE;
		cur->device_done = true;
		progress = true;
	}
	if (!cur->peer)
		return 1;
	peers = mnl_attr_nest_start_check(nlh, buflen, WGDEVICE_A_PEERS);
	if (!peers)
		return progress ? 0 : -EMSGSIZE;
	for (; cur->peer; cur->peer = cur->peer->next, cur->ip = NULL) {
		struct wg_peer *peer = cur->peer;
		struct wg_allowedip *a;
		int ipindex = 0;

		pnest = mnl_attr_nest_start_check(nlh, buflen, index++);
		if (!pnest || !put_peer_head(nlh, buflen, peer, cur->ip != NULL)) {
			if (pnest)
				mnl_attr_nest_cancel(nlh, pnest);
			goto full;
		}
		a = cur->ip ? cur->ip : peer->first_allowedip;
		if (a) {
			ips = mnl_attr_nest_start_check(nlh, buflen,
							WGPEER_A_ALLOWEDIPS);
			if (!ips) {
				mnl_attr_nest_cancel(nlh, pnest);
				goto full;
			}
			for (; a; a = a->next) {
				if (!put_allowedip(nlh, buflen, ipindex++, a)) {
					mnl_attr_nest_end(nlh, ips);
					mnl_attr_nest_end(nlh, pnest);
					/* the next message continues here */
					cur->ip = a;
					progress = true;
					goto full_kept;
				}
				progress = true;
			}
			mnl_attr_nest_end(nlh, ips);
		}
		mnl_attr_nest_end(nlh, pnest);
		progress = true;
	}
	mnl_attr_nest_end(nlh, peers);
	return 1;
full:
	if (!progress) {
		mnl_attr_nest_cancel(nlh, peers);
		return -EMSGSIZE;
	}
full_kept:
	mnl_attr_nest_end(nlh, peers);
	return 0;
}

int wg_netlink_build_set(struct wg_device *dev, uint16_t family_id,
			 size_t buflen,
			 int (*emit)(void *ctx, const void *msg, size_t len),
			 void *ctx)
{
	struct set_cursor cur = { .peer = dev->first_peer };
	char *buf = malloc(buflen);
	int ret, done = 0;

	if (!buf)
		return -ENOMEM;
	while (!done) {
		struct nlmsghdr *nlh;
		struct set_cursor before = cur;

		memset(buf, 0, buflen);
		nlh = wg_ipc_genl_start(buf, family_id, NLM_F_ACK,
					WG_CMD_SET_DEVICE, WG_GENL_VERSION);
		done = build_one(nlh, buflen, dev, &cur);
		if (done < 0) {
			ret = done;
			goto out;
		}
		/* If a peer's first IP did not fit, the next message starts
		 * it again as a continuation: keep its flags only once. */
		if (!done && cur.ip && before.peer == cur.peer &&
		    before.ip == cur.ip) {
			ret = -EMSGSIZE;
			goto out;
		}
		ret = emit(ctx, nlh, nlh->nlmsg_len);
		if (ret)
			goto out;
	}
	ret = 0;
out:
	wg_memzero_explicit(buf, buflen);
	free(buf);
	return ret;
}

static int emit_netlink(void *ctx, const void *msg, size_t len)
{
	struct wg_nl *nl = ctx;

	memcpy(nl->buf, msg, len);
	return wg_ipc_nl_talk(nl, (struct nlmsghdr *)nl->buf, NULL, NULL);
}

static int netlink_set(struct wg_device *dev)
{
	struct wg_nl nl;
	int ret;

	ret = genl_open(&nl);
	if (ret)
		return ret;
	ret = wg_netlink_build_set(dev, nl.family, nl_buflen(), emit_netlink,
				   &nl);
	wg_ipc_nl_close(&nl);
	return ret;
}

struct link_list {
	char *names;
	size_t len, cap;
};

static void list_add(struct link_list *l, const char *name)
{
	size_t n = strlen(name) + 1;

	if (l->len + n + 1 > l->cap) {
		l->cap = (l->len + n + 1) * 2;
		l->names = realloc(l->names, l->cap);
		if (!l->names) {
			perror("realloc");
			exit(1);
		}
	}
	memcpy(l->names + l->len, name, n);
	l->len += n;
	l->names[l->len] = '\0';
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr, *info;
	const char *name = NULL;
	bool is_wg = false;

	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(attr) == IFLA_IFNAME &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			name = mnl_attr_get_str(attr);
		if (mnl_attr_get_type(attr) != IFLA_LINKINFO)
			continue;
		mnl_attr_for_each_nested(info, attr) {
			if (mnl_attr_get_type(info) == IFLA_INFO_KIND &&
			    mnl_attr_validate(info, MNL_TYPE_NUL_STRING) >= 0 &&
			    !strcmp(mnl_attr_get_str(info), "wireguard"))
				is_wg = true;
		}
	}
	if (name && is_wg)
		list_add(data, name);
	return MNL_CB_OK;
}

static int netlink_list(struct link_list *l)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct wg_nl nl;
	int ret;

	ret = nl_open(&nl, NETLINK_ROUTE);
	if (ret)
		return ret;
	nlh = mnl_nlmsg_put_header(nl.buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ret = wg_ipc_nl_talk(&nl, nlh, link_cb, l);
	wg_ipc_nl_close(&nl);
	return ret;
}

/* ------------------------------------------------------------------ UAPI */

static int uapi_open(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (strchr(name, '/') ||
	    snprintf(addr.sun_path, sizeof(addr.sun_path), UAPI_DIR "/%s.sock",
		     name) >= (int)sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	if (stat(addr.sun_path, &st) < 0 || !S_ISSOCK(st.st_mode))
		return -ENOENT;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		close(fd);
		/* A stale socket left by a dead daemon: clean it up. */
		if (err == -ECONNREFUSED)
			unlink(addr.sun_path);
		return err;
	}
	return fd;
}

static bool uapi_endpoint(struct wg_endpoint *ep, const char *v)
{
	char err[128];

	return wg_parse_endpoint(ep, v, wg_resolve_numeric, err, sizeof(err));
}

static int uapi_get(struct wg_device **out, const char *name, int fd)
{
	struct wg_device *dev = wg_device_new();
	struct wg_peer *peer = NULL;
	char iobuf[4096];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = -EPROTO;
	FILE *f;

	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		wg_device_free(dev);
		return -errno;
	}
	/* our buffer, so the keys passing through it can be wiped */
	setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	fputs("get=1\n\n", f);
	fflush(f);
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *val;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			break;
		val = strchr(line, '=');
		if (!val)
			goto out;
		*val++ = '\0';
		if (!strcmp(line, "private_key")) {
			if (!wg_key_from_hex(dev->private_key, val))
				goto out;
			if (!wg_key_is_zero(dev->private_key)) {
				dev->flags |= WGDEV_HAS_PRIVATE_KEY |
					      WGDEV_HAS_PUBLIC_KEY;
				wg_curve25519_public(dev->public_key,
						     dev->private_key);
			}
		} else if (!strcmp(line, "listen_port")) {
			dev->listen_port = (uint16_t)strtoul(val, NULL, 10);
		} else if (!strcmp(line, "fwmark")) {
			dev->fwmark = (uint32_t)strtoul(val, NULL, 0);
		} else if (!strcmp(line, "public_key")) {
			peer = wg_device_add_peer(dev);
			if (!wg_key_from_hex(peer->public_key, val))
				goto out;
			peer->flags |= WGPEER_HAS_PUBLIC_KEY;
		} else if (!strcmp(line, "errno")) {
			ret = -(int)strtol(val, NULL, 10);
			goto out;
		} else if (!peer) {
			continue;	/* unknown device key: ignore */
		} else if (!strcmp(line, "preshared_key")) {
			if (!wg_key_from_hex(peer->preshared_key, val))
				goto out;
			if (!wg_key_is_zero(peer->preshared_key))
				peer->flags |= WGPEER_HAS_PRESHARED_KEY;
		} else if (!strcmp(line, "endpoint")) {
			if (!uapi_endpoint(&peer->endpoint, val))
				goto out;
		} else if (!strcmp(line, "persistent_keepalive_interval")) {
			peer->keepalive = (uint16_t)strtoul(val, NULL, 10);
		} else if (!strcmp(line, "last_handshake_time_sec")) {
			peer->last_handshake_sec = strtoll(val, NULL, 10);
		} else if (!strcmp(line, "last_handshake_time_nsec")) {
			peer->last_handshake_nsec = strtoll(val, NULL, 10);
		} else if (!strcmp(line, "rx_bytes")) {
			peer->rx_bytes = strtoull(val, NULL, 10);
		} else if (!strcmp(line, "tx_bytes")) {
			peer->tx_bytes = strtoull(val, NULL, 10);
		} else if (!strcmp(line, "allowed_ip")) {
			char err[128], warn[256] = "";

			if (!wg_parse_allowedips(peer, val, false, err,
						 sizeof(err), warn,
						 sizeof(warn)))
				goto out;
			peer->flags &= ~WGPEER_REPLACE_ALLOWEDIPS;
		}
	}
out:
	if (line) {
		wg_memzero_explicit(line, cap);
		free(line);
	}
	fclose(f);
	wg_memzero_explicit(iobuf, sizeof(iobuf));
	if (ret) {
		wg_device_free(dev);
		return ret;
	}
	*out = dev;
	return 0;
}

static void uapi_put_key(FILE *f, const char *name, const uint8_t *key)
{
	char hex[WG_KEY_LEN_HEX];

	wg_key_to_hex(hex, key);
	fprintf(f, "%s=%s\n", name, hex);
	wg_memzero_explicit(hex, sizeof(hex));
}

static int uapi_set(struct wg_device *dev, int fd)
{
	struct wg_peer *peer;
	struct wg_allowedip *a;
	char *line = NULL, ip[INET6_ADDRSTRLEN], iobuf[4096];
	size_t cap = 0;
	int ret = -EPROTO;
	FILE *f;

	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		return -errno;
	}
	setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	fputs("set=1\n", f);
	if (dev->flags & WGDEV_HAS_PRIVATE_KEY)
		uapi_put_key(f, "private_key", dev->private_key);
	if (dev->flags & WGDEV_HAS_LISTEN_PORT)
		fprintf(f, "listen_port=%u\n", dev->listen_port);
	if (dev->flags & WGDEV_HAS_FWMARK)
		fprintf(f, "fwmark=%u\n", dev->fwmark);
	if (dev->flags & WGDEV_REPLACE_PEERS)
		fputs("replace_peers=true\n", f);
	for_each_peer(dev, peer) {
		uapi_put_key(f, "public_key", peer->public_key);
		if (peer->flags & WGPEER_REMOVE_ME) {
			fputs("remove=true\n", f);
			continue;
		}
		if (peer->flags & WGPEER_UPDATE_ONLY)
			fputs("update_only=true\n", f);
		if (peer->flags & WGPEER_HAS_PRESHARED_KEY)
			uapi_put_key(f, "preshared_key", peer->preshared_key);
		if (peer->endpoint.addr.sa_family == AF_INET) {
			inet_ntop(AF_INET, &peer->endpoint.addr4.sin_addr, ip,
				  sizeof(ip));
			fprintf(f, "endpoint=%s:%u\n", ip,
				ntohs(peer->endpoint.addr4.sin_port));
		} else if (peer->endpoint.addr.sa_family == AF_INET6) {
			inet_ntop(AF_INET6, &peer->endpoint.addr6.sin6_addr, ip,
				  sizeof(ip));
			fprintf(f, "endpoint=[%s]:%u\n", ip,
				ntohs(peer->endpoint.addr6.sin6_port));
		}
		if (peer->flags & WGPEER_HAS_KEEPALIVE)
			fprintf(f, "persistent_keepalive_interval=%u\n",
				peer->keepalive);
		if (peer->flags & WGPEER_REPLACE_ALLOWEDIPS)
			fputs("replace_allowed_ips=true\n", f);
		for_each_allowedip(peer, a) {
			inet_ntop(a->family, &a->ip6, ip, sizeof(ip));
			fprintf(f, "allowed_ip=%s%s/%u\n",
				(a->flags & WGALLOWEDIP_REMOVE_ME) ? "-" : "",
				ip, a->cidr);
		}
	}
	fputc('\n', f);
	fflush(f);
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "errno=", 6)) {
			ret = -(int)strtol(line + 6, NULL, 10);
			break;
		}
	}
	free(line);
	fclose(f);
	wg_memzero_explicit(iobuf, sizeof(iobuf));
	return ret;
}

static void uapi_list(struct link_list *l)
{
	struct dirent *ent;
	DIR *dir = opendir(UAPI_DIR);

	if (!dir)
		return;
	while ((ent = readdir(dir))) {
		size_t n = strlen(ent->d_name);
		char name[IFNAMSIZ];
		int fd;

		if (n <= 5 || n - 5 >= IFNAMSIZ ||
		    strcmp(ent->d_name + n - 5, ".sock"))
			continue;
		memcpy(name, ent->d_name, n - 5);
		name[n - 5] = '\0';
		fd = uapi_open(name);
		if (fd < 0)
			continue;
		close(fd);
		list_add(l, name);
	}
	closedir(dir);
}

/* --------------------------------------------------------------- public */

int wg_ipc_get_device(struct wg_device **dev, const char *name)
{
	int fd = uapi_open(name);

	last_message[0] = '\0';
	if (fd >= 0)
		return uapi_get(dev, name, fd);
	return netlink_get(dev, name);
}

int wg_ipc_set_device(struct wg_device *dev)
{
	int fd = uapi_open(dev->name);

	last_message[0] = '\0';
	if (fd >= 0)
		return uapi_set(dev, fd);
	return netlink_set(dev);
}

bool wg_ipc_is_userspace(const char *name)
{
	int fd = uapi_open(name);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

char *wg_ipc_list_devices(void)
{
	struct link_list l = { 0 };
	int ret;

	list_add(&l, "");	/* so an empty list is still a valid buffer */
	l.len = 0;
	ret = netlink_list(&l);
	uapi_list(&l);
	if (ret && !l.len) {
		free(l.names);
		errno = -ret;
		return NULL;
	}
	return l.names;
}
