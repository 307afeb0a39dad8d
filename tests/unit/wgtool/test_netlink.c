// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting a large set across netlink messages and merging a split dump:
 * the SET_DEVICE messages we build have the same layout as a GET_DEVICE
 * dump, so feeding them back through the dump parser must give back the
 * device we started from, whatever the message size.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "check.h"
#include "encoding.h"
#include "ipc.h"
#include "subcommands.h"
#include "wg_uapi.h"

struct sink {
	char *all;
	size_t len, cap, buflen;
	unsigned int msgs;
	unsigned int device_attrs_after_first;
	unsigned int peer_flags_seen[4];	/* per peer index in the device */
	unsigned int oversize;
};

static const uint8_t *peer_keys[4];

static int emit(void *ctx, const void *msg, size_t len)
{
	struct sink *s = ctx;
	const struct nlmsghdr *nlh = msg;
	const struct nlattr *attr, *peer, *pa;

	if (len > s->buflen)
		++s->oversize;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		uint16_t t = mnl_attr_get_type(attr);

		if (s->msgs && (t == WGDEVICE_A_PRIVATE_KEY ||
				t == WGDEVICE_A_FLAGS ||
				t == WGDEVICE_A_LISTEN_PORT))
			++s->device_attrs_after_first;
		if (t != WGDEVICE_A_PEERS)
			continue;
		mnl_attr_for_each_nested(peer, attr) {
			const uint8_t *key = NULL;
			bool flags = false;
			int i;

			mnl_attr_for_each_nested(pa, peer) {
				if (mnl_attr_get_type(pa) == WGPEER_A_PUBLIC_KEY)
					key = mnl_attr_get_payload(pa);
				if (mnl_attr_get_type(pa) == WGPEER_A_FLAGS)
					flags = true;
			}
			for (i = 0; i < 4 && key; ++i)
				if (peer_keys[i] && !memcmp(peer_keys[i], key, 32))
					s->peer_flags_seen[i] += flags;
		}
	}
	if (s->len + len > s->cap) {
		s->cap = (s->len + len) * 2;
		s->all = realloc(s->all, s->cap);
	}
	memcpy(s->all + s->len, msg, len);
	s->len += len;
	++s->msgs;
	return 0;
}

static struct wg_device *big_device(unsigned int nips)
{
	struct wg_device *dev = wg_device_new();
	struct wg_peer *p;
	unsigned int i, j;

	strcpy(dev->name, "wg0");
	memset(dev->private_key, 0x11, 32);
	dev->flags = WGDEV_REPLACE_PEERS | WGDEV_HAS_PRIVATE_KEY |
		     WGDEV_HAS_LISTEN_PORT;
	dev->listen_port = 51820;
	for (i = 0; i < 3; ++i) {
		p = wg_device_add_peer(dev);
		memset(p->public_key, 0x20 + (int)i, 32);
		peer_keys[i] = p->public_key;
		p->flags = WGPEER_HAS_PUBLIC_KEY | WGPEER_REPLACE_ALLOWEDIPS |
			   WGPEER_HAS_PRESHARED_KEY | WGPEER_HAS_KEEPALIVE;
		memset(p->preshared_key, 0x30 + (int)i, 32);
		p->keepalive = (uint16_t)(10 + i);
		p->endpoint.addr4.sin_family = AF_INET;
		p->endpoint.addr4.sin_port = htons(1000 + i);
		for (j = 0; j < (i == 1 ? nips : 5); ++j) {
			struct wg_allowedip *a = wg_peer_add_allowedip(p);

			if (j % 3 == 2) {
				a->family = AF_INET6;
				a->ip6.s6_addr[0] = 0xfd;
				a->ip6.s6_addr[14] = (uint8_t)(j >> 8);
				a->ip6.s6_addr[15] = (uint8_t)j;
				a->cidr = 128;
			} else {
				a->family = AF_INET;
				a->ip4.s_addr = htonl(0x0a000000 | (i << 16) | j);
				a->cidr = 32;
			}
		}
	}
	return dev;
}

static bool same_ips(const struct wg_peer *a, const struct wg_peer *b)
{
	const struct wg_allowedip *x = a->first_allowedip, *y = b->first_allowedip;

	for (; x && y; x = x->next, y = y->next)
		if (x->family != y->family || x->cidr != y->cidr ||
		    memcmp(&x->ip6, &y->ip6, x->family == AF_INET ? 4 : 16))
			return false;
	return !x && !y;
}

static void roundtrip(size_t buflen, unsigned int nips, unsigned int min_msgs)
{
	struct wg_device *dev = big_device(nips), *back = wg_device_new();
	struct wg_peer *p, *q;
	struct sink s = { .buflen = buflen };
	int ret;

	ret = wg_netlink_build_set(dev, 0x20, buflen, emit, &s);
	CHECK(ret == 0);
	CHECK(s.msgs >= min_msgs);
	CHECK(s.oversize == 0);
	/* device attributes and each peer's flags are sent exactly once */
	CHECK(s.device_attrs_after_first == 0);
	CHECK(s.peer_flags_seen[0] == 1 && s.peer_flags_seen[1] == 1 &&
	      s.peer_flags_seen[2] == 1);
	wg_netlink_parse_device(s.all, s.len, back);
	CHECK_STR(back->name, "wg0");
	CHECK(!memcmp(back->private_key, dev->private_key, 32));
	CHECK(back->listen_port == 51820);
	CHECK(wg_device_count_peers(back) == 3);
	for (p = dev->first_peer, q = back->first_peer; p && q;
	     p = p->next, q = q->next) {
		CHECK(!memcmp(p->public_key, q->public_key, 32));
		CHECK(!memcmp(p->preshared_key, q->preshared_key, 32));
		CHECK(p->keepalive == q->keepalive);
		CHECK(q->endpoint.addr4.sin_port == p->endpoint.addr4.sin_port);
		CHECK(same_ips(p, q));
	}
	printf("buflen %zu, %u IPs: %u messages\n", buflen, nips, s.msgs);
	free(s.all);
	wg_device_free(dev);
	wg_device_free(back);
}

/* The kernel's extended ack: the message is kept to be printed. */
static void test_ext_ack(void)
{
	char buf[512];
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	const char *text = "peer public key has wrong length";
	unsigned int capped;

	for (capped = 0; capped < 2; ++capped) {
		memset(buf, 0, sizeof(buf));
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = NLMSG_ERROR;
		nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
		err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
		err->error = -EINVAL;
		err->msg.nlmsg_len = capped ? sizeof(struct nlmsghdr) :
					      sizeof(struct nlmsghdr) + 8;
		if (!capped)	/* the request's payload is echoed back */
			mnl_nlmsg_put_extra_header(nlh, 8);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
		CHECK(wg_netlink_parse_error(buf, nlh->nlmsg_len) == -EINVAL);
		CHECK_STR(wg_ipc_last_message(), text);
	}
	/* printed after the stock line, on its own */
	{
		FILE *old = stderr;
		char *out = NULL;
		size_t n;

		stderr = open_memstream(&out, &n);
		wg_print_ipc_error("modify", -EINVAL);
		fclose(stderr);
		stderr = old;
		CHECK_STR(out, "Unable to modify interface: Invalid argument\n"
			       "Kernel says: peer public key has wrong length\n");
		free(out);
	}
	/* a plain ack */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	CHECK(wg_netlink_parse_error(buf, nlh->nlmsg_len) == 0);
	CHECK_STR(wg_ipc_last_message(), "");
	/* a lying inner length does not walk off the message */
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	err->error = -EPERM;
	err->msg.nlmsg_len = 4000;
	CHECK(wg_netlink_parse_error(buf, nlh->nlmsg_len) == -EPERM);
	err->msg.nlmsg_len = 2;
	CHECK(wg_netlink_parse_error(buf, nlh->nlmsg_len) == -EPERM);
}

int main(void)
{
	struct wg_device *dev;
	struct sink s = { .buflen = 64 };

	test_ext_ack();
	roundtrip(8192, 10, 1);
	roundtrip(8192, 3000, 10);
	roundtrip(4096, 3000, 20);
	roundtrip(512, 200, 10);
	/* too small for even the first peer: an error, not a loop */
	dev = big_device(10);
	CHECK(wg_netlink_build_set(dev, 0x20, 64, emit, &s) == -EMSGSIZE);
	free(s.all);
	wg_device_free(dev);
	/* garbage in the parser must not crash it */
	{
		char junk[256];
		unsigned int i;

		dev = wg_device_new();
		for (i = 0; i < sizeof(junk); ++i)
			junk[i] = (char)(i * 37);
		wg_netlink_parse_device(junk, sizeof(junk), dev);
		wg_device_free(dev);
	}
	return check_report("test_netlink");
}
