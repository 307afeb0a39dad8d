// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the per-reason counters, from the "wireguard-stats" generic
 * netlink family. One dump per device: the first message carries the
 * device's counters, then one message per peer. Numbers are kept as the
 * kernel sent them; names come from <wg/stats_names.h>.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/wg/stats_names.h"

#include "ipc.h"
#include "stats.h"

static const char *counter_name(const char *const *names, size_t count,
				uint16_t id, char buf[WG_STATS_NAME_LEN])
{
	if (id < count && names[id])
		return names[id];
	snprintf(buf, WG_STATS_NAME_LEN, "counter_%u", id);
	return buf;
}

const char *wg_stats_device_name(uint16_t id, char buf[WG_STATS_NAME_LEN])
{
	return counter_name(wg_stats_device_names, __WG_STATS_DEV_COUNT, id, buf);
}

const char *wg_stats_peer_name(uint16_t id, char buf[WG_STATS_NAME_LEN])
{
	return counter_name(wg_stats_peer_names, __WG_STATS_PEER_COUNT, id, buf);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = need < 8 ? 8 : need * 2;
	p = realloc(p, *cap * size);
	if (!p) {
		perror("realloc");
		exit(1);
	}
	return p;
}

/* Keeps the set in number order; a number sent twice keeps the last. */
static void set_put(struct wg_stats_set *s, uint16_t id, uint64_t value)
{
	size_t i = s->n;

	while (i && s->c[i - 1].id > id)
		--i;
	if (i && s->c[i - 1].id == id) {
		s->c[i - 1].value = value;
		return;
	}
	s->c = grow(s->c, &s->cap, s->n + 1, sizeof(*s->c));
	memmove(&s->c[i + 1], &s->c[i], (s->n - i) * sizeof(*s->c));
	s->c[i].id = id;
	s->c[i].value = value;
	++s->n;
}

bool wg_stats_set_get(const struct wg_stats_set *s, uint16_t id,
		      uint64_t *value)
{
	size_t i;

	for (i = 0; i < s->n; ++i) {
		if (s->c[i].id == id) {
			*value = s->c[i].value;
			return true;
		}
	}
	return false;
}

static void parse_set(const struct nlattr *nest, struct wg_stats_set *s)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_payload_len(attr) == sizeof(uint64_t))
			set_put(s, mnl_attr_get_type(attr),
				mnl_attr_get_u64(attr));
	}
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr, *counters = NULL;
	const void *key = NULL, *ts = NULL;
	struct wg_stats *st = data;
	struct wg_peer_stats *peer;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		uint16_t len = mnl_attr_get_payload_len(attr);

		switch (mnl_attr_get_type(attr)) {
		case WG_STATS_A_IFINDEX:
			if (len == sizeof(uint32_t) && !st->ifindex)
				st->ifindex = mnl_attr_get_u32(attr);
			break;
		case WG_STATS_A_DEVICE_COUNTERS:
			parse_set(attr, &st->device);
			st->has_device = true;
			break;
		case WG_STATS_A_PEER_PUBLIC_KEY:
			if (len == WG_KEY_LEN)
				key = mnl_attr_get_payload(attr);
			break;
		case WG_STATS_A_PEER_COUNTERS:
			counters = attr;
			break;
		case WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE:
			/* struct __kernel_timespec: two s64 */
			if (len == 2 * sizeof(int64_t))
				ts = mnl_attr_get_payload(attr);
			break;
		}
	}
	if (!key)
		return MNL_CB_OK;
	st->peers = grow(st->peers, &st->cap, st->npeers + 1,
			 sizeof(*st->peers));
	peer = &st->peers[st->npeers++];
	memset(peer, 0, sizeof(*peer));
	memcpy(peer->public_key, key, WG_KEY_LEN);
	if (counters)
		parse_set(counters, &peer->counters);
	if (ts) {
		int64_t t[2];

		memcpy(t, ts, sizeof(t));
		peer->has_last_failed = true;
		peer->last_failed_sec = t[0];
		peer->last_failed_nsec = t[1];
	}
	free(st->by_key);	/* stale now */
	st->by_key = NULL;
	return MNL_CB_OK;
}

int wg_stats_parse(const void *buf, size_t len, struct wg_stats *st)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > INT32_MAX ? INT32_MAX : (int)len;

	/* bounded as wg_netlink_parse_device is, for the same reasons */
	while (left >= (int)sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)left &&
	       MNL_ALIGN(nlh->nlmsg_len) <= (unsigned int)left &&
	       mnl_nlmsg_ok(nlh, left)) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE &&
		    nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct genlmsghdr)))
			stats_cb(nlh, st);
		nlh = mnl_nlmsg_next(nlh, &left);
	}
	return 0;
}

struct wg_stats *wg_stats_new(void)
{
	struct wg_stats *st = calloc(1, sizeof(*st));

	if (!st) {
		perror("calloc");
		exit(1);
	}
	return st;
}

void wg_stats_free(struct wg_stats *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->npeers; ++i)
		free(st->peers[i].counters.c);
	free(st->peers);
	free(st->device.c);
	free(st->by_key);
	free(st);
}

static const struct wg_stats *sort_st;

static int by_key_cmp(const void *a, const void *b)
{
	return memcmp(sort_st->peers[*(const size_t *)a].public_key,
		      sort_st->peers[*(const size_t *)b].public_key, WG_KEY_LEN);
}

/* A sorted index, so thousands of peers are matched in n log n. */
const struct wg_peer_stats *wg_stats_find_peer(struct wg_stats *st,
					       const uint8_t *key)
{
	size_t lo = 0, hi = st->npeers, i;

	if (!st->npeers)
		return NULL;
	if (!st->by_key) {
		st->by_key = malloc(st->npeers * sizeof(*st->by_key));
		if (!st->by_key) {
			perror("malloc");
			exit(1);
		}
		for (i = 0; i < st->npeers; ++i)
			st->by_key[i] = i;
		sort_st = st;
		qsort(st->by_key, st->npeers, sizeof(*st->by_key), by_key_cmp);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct wg_peer_stats *p = &st->peers[st->by_key[mid]];
		int c = memcmp(p->public_key, key, WG_KEY_LEN);

		if (!c)
			return p;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * A configuration change during the dump flags it NLM_F_DUMP_INTR (-EINTR
 * from wg_ipc_nl_talk): the mixed reply is thrown away and read again on a
 * fresh socket.
 */
#define STATS_TRIES 10

int wg_stats_get(struct wg_stats **out, const char *name)
{
	static uint16_t cached;
	static bool absent;
	struct wg_stats *st;
	struct nlmsghdr *nlh;
	struct wg_nl nl;
	int ret, tries = 0;

	if (absent)
		return 1;
again:
	ret = wg_ipc_genl_open(&nl, WG_STATS_GENL_NAME, &cached);
	if (ret == -ENOENT) {
		absent = true;
		return 1;
	}
	if (ret)
		return ret;
	st = wg_stats_new();
	nlh = wg_ipc_genl_start(nl.buf, nl.family, NLM_F_ACK | NLM_F_DUMP,
				WG_STATS_CMD_GET, WG_STATS_GENL_VERSION);
	mnl_attr_put_strz(nlh, WG_STATS_A_IFNAME, name);
	ret = wg_ipc_nl_talk(&nl, nlh, stats_cb, st);
	wg_ipc_nl_close(&nl);
	if (ret) {
		wg_stats_free(st);
		if (ret == -EINTR && ++tries < STATS_TRIES)
			goto again;
		return ret;
	}
	*out = st;
	return 0;
}
