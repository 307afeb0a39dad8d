// SPDX-License-Identifier: GPL-2.0
/*
 * The per-reason counters from canned "wireguard-stats" dumps (built here
 * the way the kernel builds them) through the parser and every output:
 * `show ... counters`, JSON and metrics, compared whole. The metrics go
 * through promcheck.py (a strict text-format checker) and promtool when
 * installed, the JSON through python3's json module. Also: counter names
 * follow the enumerators, unknown numbers survive, malformed attributes
 * are skipped, and 10,000 peers are matched by key.
 * `test_stats --write-corpus DIR` writes the canned dump as a fuzz seed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "check.h"
#include "encoding.h"
#include "format.h"
#include "stats.h"

static const char P2[] = "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=";
static const char P3[] = "Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=";
static const char P4[] = "p7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=";

struct dump {
	char *buf;
	size_t len, cap;
};

static struct nlmsghdr *msg_start(struct dump *d)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if (d->len + 8192 > d->cap) {
		d->cap = (d->len + 8192) * 2;
		d->buf = realloc(d->buf, d->cap);
	}
	memset(d->buf + d->len, 0, 8192);
	nlh = mnl_nlmsg_put_header(d->buf + d->len);
	nlh->nlmsg_type = 0x1f;		/* a resolved family id */
	nlh->nlmsg_flags = NLM_F_MULTI;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = WG_STATS_CMD_GET;
	g->version = WG_STATS_GENL_VERSION;
	mnl_attr_put_u32(nlh, WG_STATS_A_IFINDEX, 7);
	return nlh;
}

static void msg_end(struct dump *d, struct nlmsghdr *nlh)
{
	d->len += MNL_ALIGN(nlh->nlmsg_len);
}

struct pair {
	uint16_t id;
	uint64_t value;
};

static void put_set(struct nlmsghdr *nlh, uint16_t type, const struct pair *p,
		    size_t n)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	size_t i;

	for (i = 0; i < n; ++i)
		mnl_attr_put_u64(nlh, p[i].id, p[i].value);
	mnl_attr_nest_end(nlh, nest);
}

static void put_device(struct dump *d, const struct pair *p, size_t n)
{
	struct nlmsghdr *nlh = msg_start(d);

	put_set(nlh, WG_STATS_A_DEVICE_COUNTERS, p, n);
	msg_end(d, nlh);
}

static void put_peer(struct dump *d, const char *b64, const struct pair *p,
		     size_t n, int64_t failed_sec)
{
	struct nlmsghdr *nlh = msg_start(d);
	uint8_t key[WG_KEY_LEN];
	int64_t ts[2] = { failed_sec, failed_sec ? 5 : 0 };

	wg_key_from_base64(key, b64);
	mnl_attr_put(nlh, WG_STATS_A_PEER_PUBLIC_KEY, sizeof(key), key);
	put_set(nlh, WG_STATS_A_PEER_COUNTERS, p, n);
	mnl_attr_put(nlh, WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE, sizeof(ts), ts);
	msg_end(d, nlh);
}

/*
 * wg0: every device counter (value 100 + number, under load 12345 ms) and
 * an unknown number 20; peer P3 with every counter (1 + number) and a
 * failed handshake; peer P2 with two counters, an unknown 40, never failed.
 */
static void canned_dump(struct dump *d)
{
	struct pair dev[__WG_STATS_DEV_COUNT + 1], peer[__WG_STATS_PEER_COUNT];
	struct pair few[] = {
		{ WG_STATS_PEER_HANDSHAKE_GIVE_UPS, 3 },
		{ WG_STATS_PEER_HANDSHAKE_INITIATIONS_SENT, 1 },
		{ 40, 77 },
	};
	uint16_t i;

	for (i = 0; i < __WG_STATS_DEV_COUNT; ++i)
		dev[i] = (struct pair){ i, 100 + i };
	dev[WG_STATS_DEV_UNDER_LOAD_MS].value = 12345;
	dev[__WG_STATS_DEV_COUNT] = (struct pair){ 20, 9 };
	put_device(d, dev, __WG_STATS_DEV_COUNT + 1);
	for (i = 0; i < __WG_STATS_PEER_COUNT; ++i)
		peer[i] = (struct pair){ i, 1 + i };
	put_peer(d, P3, peer, __WG_STATS_PEER_COUNT, 1799990000);
	put_peer(d, P2, few, 3, 0);
}

static struct wg_stats *canned_stats(void)
{
	struct wg_stats *st = wg_stats_new();
	struct dump d = { 0 };

	canned_dump(&d);
	wg_stats_parse(d.buf, d.len, st);
	free(d.buf);
	return st;
}

static struct wg_device *device(const char *name, const char *const *peers)
{
	struct wg_device *dev = wg_device_new();

	snprintf(dev->name, sizeof(dev->name), "%s", name);
	for (; peers && *peers; ++peers)
		wg_key_from_base64(wg_device_add_peer(dev)->public_key, *peers);
	return dev;
}

/* The name rule: the enumerator's suffix in lower case. */
#define E(x) { x, #x }
static const struct {
	uint16_t id;
	const char *enumerator;
} dev_enums[] = {
	E(WG_STATS_DEV_RX_DROPPED_BAD_LENGTH), E(WG_STATS_DEV_RX_DROPPED_UNKNOWN_TYPE),
	E(WG_STATS_DEV_RX_DROPPED_BAD_MAC1), E(WG_STATS_DEV_RX_DROPPED_UNKNOWN_INDEX),
	E(WG_STATS_DEV_RX_DROPPED_UNKNOWN_PEER), E(WG_STATS_DEV_COOKIE_REPLIES_SENT),
	E(WG_STATS_DEV_RX_DROPPED_RATE_LIMITED), E(WG_STATS_DEV_RX_DROPPED_QUEUE_FULL),
	E(WG_STATS_DEV_TX_DROPPED_NO_PEER), E(WG_STATS_DEV_TX_DROPPED_NO_ENDPOINT),
	E(WG_STATS_DEV_TX_DROPPED_STAGING_OVERFLOW), E(WG_STATS_DEV_UNDER_LOAD_MS),
}, peer_enums[] = {
	E(WG_STATS_PEER_HANDSHAKE_INITIATIONS_SENT), E(WG_STATS_PEER_HANDSHAKE_RESPONSES_RECEIVED),
	E(WG_STATS_PEER_HANDSHAKES_COMPLETED), E(WG_STATS_PEER_HANDSHAKE_GIVE_UPS),
	E(WG_STATS_PEER_HANDSHAKE_ATTEMPTS_UNANSWERED),
	E(WG_STATS_PEER_HANDSHAKE_REJECTED_STALE_TIMESTAMP),
	E(WG_STATS_PEER_HANDSHAKE_REJECTED_FLOOD), E(WG_STATS_PEER_HANDSHAKE_REJECTED_DECRYPT),
	E(WG_STATS_PEER_DATA_DROPPED_REPLAY), E(WG_STATS_PEER_DATA_DROPPED_AUTH),
	E(WG_STATS_PEER_DATA_DROPPED_SOURCE), E(WG_STATS_PEER_DATA_DROPPED_NO_KEYPAIR),
	E(WG_STATS_PEER_DATA_DROPPED_MALFORMED), E(WG_STATS_PEER_KEEPALIVES_SENT),
	E(WG_STATS_PEER_KEEPALIVES_RECEIVED), E(WG_STATS_PEER_ENDPOINT_CHANGES),
	E(WG_STATS_PEER_TX_DROPPED_NO_HANDSHAKE),
};

static void lower_suffix(char *out, const char *enumerator, const char *prefix)
{
	const char *s = enumerator + strlen(prefix);

	while (*s)
		*out++ = (char)tolower((unsigned char)*s++);
	*out = '\0';
}

static void test_names(void)
{
	char buf[WG_STATS_NAME_LEN], want[64];
	size_t i;

	CHECK(sizeof(dev_enums) / sizeof(dev_enums[0]) == __WG_STATS_DEV_COUNT);
	CHECK(sizeof(peer_enums) / sizeof(peer_enums[0]) == __WG_STATS_PEER_COUNT);
	for (i = 0; i < sizeof(dev_enums) / sizeof(dev_enums[0]); ++i) {
		lower_suffix(want, dev_enums[i].enumerator, "WG_STATS_DEV_");
		CHECK_STR(wg_stats_device_name(dev_enums[i].id, buf), want);
	}
	for (i = 0; i < sizeof(peer_enums) / sizeof(peer_enums[0]); ++i) {
		lower_suffix(want, peer_enums[i].enumerator, "WG_STATS_PEER_");
		CHECK_STR(wg_stats_peer_name(peer_enums[i].id, buf), want);
	}
	CHECK_STR(wg_stats_device_name(__WG_STATS_DEV_COUNT, buf), "counter_12");
	CHECK_STR(wg_stats_peer_name(65535, buf), "counter_65535");
}

static void test_parse(void)
{
	struct wg_stats *st = canned_stats();
	const struct wg_peer_stats *p;
	uint8_t key[WG_KEY_LEN];
	uint64_t v;

	CHECK(st->ifindex == 7);
	CHECK(st->has_device);
	CHECK(st->device.n == __WG_STATS_DEV_COUNT + 1);
	CHECK(wg_stats_set_get(&st->device, WG_STATS_DEV_RX_DROPPED_BAD_MAC1, &v) && v == 102);
	CHECK(st->npeers == 2);
	wg_key_from_base64(key, P2);
	p = wg_stats_find_peer(st, key);
	CHECK(p == &st->peers[1]);
	/* sent out of order: kept in number order */
	CHECK(p && p->counters.n == 3 && p->counters.c[0].id == 0 &&
	      p->counters.c[1].id == 3 && p->counters.c[2].id == 40);
	CHECK(p && p->has_last_failed && !p->last_failed_sec);
	wg_key_from_base64(key, P4);
	CHECK(!wg_stats_find_peer(st, key));
	wg_stats_free(st);
}

/* Malformed parts are skipped; what is well formed is kept. */
static void test_parse_hostile(void)
{
	struct wg_stats *st = wg_stats_new();
	struct dump d = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint8_t key[WG_KEY_LEN] = { 1 };
	uint32_t short_value = 5;
	size_t good;

	nlh = msg_start(&d);	/* counters: one u32, one dup, one good */
	nest = mnl_attr_nest_start(nlh, WG_STATS_A_DEVICE_COUNTERS);
	mnl_attr_put(nlh, 0, sizeof(short_value), &short_value);
	mnl_attr_put_u64(nlh, 1, 10);
	/* nla_put_u64_64bit's alignment pad where unaligned access is slow
	 * (armhf): type WG_STATS_A_PAD, empty, inside the nest; 7 is also a
	 * counter number there, so it must be skipped, not read as one */
	mnl_attr_put(nlh, WG_STATS_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, 1, 11);
	mnl_attr_nest_end(nlh, nest);
	msg_end(&d, nlh);
	nlh = msg_start(&d);	/* a 31-byte key: no peer */
	mnl_attr_put(nlh, WG_STATS_A_PEER_PUBLIC_KEY, 31, key);
	put_set(nlh, WG_STATS_A_PEER_COUNTERS, (struct pair[]){ { 0, 1 } }, 1);
	msg_end(&d, nlh);
	nlh = msg_start(&d);	/* counters without a key: no peer */
	put_set(nlh, WG_STATS_A_PEER_COUNTERS, (struct pair[]){ { 0, 1 } }, 1);
	msg_end(&d, nlh);
	nlh = msg_start(&d);	/* a peer with a short timestamp */
	mnl_attr_put(nlh, WG_STATS_A_PEER_PUBLIC_KEY, sizeof(key), key);
	mnl_attr_put(nlh, WG_STATS_A_PEER_LAST_FAILED_HANDSHAKE, 8, key);
	msg_end(&d, nlh);
	good = d.len;
	nlh = msg_start(&d);	/* cut short: ignored */
	mnl_attr_put(nlh, WG_STATS_A_PEER_PUBLIC_KEY, sizeof(key), key);
	msg_end(&d, nlh);
	wg_stats_parse(d.buf, d.len - 4, st);
	CHECK(st->device.n == 1 && st->device.c[0].id == 1 &&
	      st->device.c[0].value == 11);
	CHECK(st->npeers == 1 && !st->peers[0].has_last_failed &&
	      !st->peers[0].counters.n);
	wg_stats_free(st);
	st = wg_stats_new();
	wg_stats_parse(d.buf, good - 1, st);	/* the last peer cut */
	CHECK(st->npeers == 0);
	wg_stats_free(st);
	free(d.buf);
}

static const char *HUMAN =
	"interface: wg0\n"
	"  rx_dropped_bad_length: 100\n"
	"  rx_dropped_unknown_type: 101\n"
	"  rx_dropped_bad_mac1: 102\n"
	"  rx_dropped_unknown_index: 103\n"
	"  rx_dropped_unknown_peer: 104\n"
	"  cookie_replies_sent: 105\n"
	"  rx_dropped_rate_limited: 106\n"
	"  rx_dropped_queue_full: 107\n"
	"  tx_dropped_no_peer: 108\n"
	"  tx_dropped_no_endpoint: 109\n"
	"  tx_dropped_staging_overflow: 110\n"
	"  under_load_ms: 12345\n"
	"  counter_20: 9\n"
	"peer: Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\n"
	"  handshake_initiations_sent: 1\n"
	"  handshake_responses_received: 2\n"
	"  handshakes_completed: 3\n"
	"  handshake_give_ups: 4\n"
	"  handshake_attempts_unanswered: 5\n"
	"  handshake_rejected_stale_timestamp: 6\n"
	"  handshake_rejected_flood: 7\n"
	"  handshake_rejected_decrypt: 8\n"
	"  data_dropped_replay: 9\n"
	"  data_dropped_auth: 10\n"
	"  data_dropped_source: 11\n"
	"  data_dropped_no_keypair: 12\n"
	"  data_dropped_malformed: 13\n"
	"  keepalives_sent: 14\n"
	"  keepalives_received: 15\n"
	"  endpoint_changes: 16\n"
	"  tx_dropped_no_handshake: 17\n"
	"  last_failed_handshake: 1799990000\n"
	"peer: 4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\n"
	"  handshake_initiations_sent: 1\n"
	"  handshake_give_ups: 3\n"
	"  counter_40: 77\n"
	"  last_failed_handshake: never\n";

static void test_human(void)
{
	struct wg_device *devs[3] = { device("wg0", NULL), device("wg1", NULL),
				      device("wg2", NULL) };
	struct wg_stats *stats[3] = { canned_stats(), NULL, wg_stats_new() };
	char *out = NULL, *want = NULL;

	CAPTURE(out, wg_format_counters(f, devs, stats, 1));
	CHECK_STR(out, HUMAN);
	free(out);
	/* all: a blank line between interfaces; none for one without */
	CAPTURE(out, wg_format_counters(f, devs, stats, 3));
	if (asprintf(&want, "%s\ninterface: wg2\n", HUMAN) < 0)
		abort();
	CHECK_STR(out, want);
	free(want);
	free(out);
	CAPTURE(out, wg_format_counters(f, devs + 1, stats + 1, 1));
	CHECK_STR(out, "");
	free(out);
	CAPTURE(out, wg_format_counters(f, devs, NULL, 3));
	CHECK_STR(out, "");
	free(out);
	wg_stats_free(stats[0]);
	wg_stats_free(stats[2]);
	wg_device_free(devs[0]);
	wg_device_free(devs[1]);
	wg_device_free(devs[2]);
}

/* Runs text through a command's stdin; true if it exits 0. */
static bool pipe_ok(const char *cmd, const char *text)
{
	FILE *p = popen(cmd, "w");

	if (!p)
		return false;
	fputs(text, p);
	return pclose(p) == 0;
}

static bool have(const char *cmd)
{
	char *c = NULL;
	bool ok;

	if (asprintf(&c, "command -v %s >/dev/null 2>&1", cmd) < 0)
		abort();
	ok = system(c) == 0;
	free(c);
	return ok;
}

static void test_json(void)
{
	/* P4 has no counters in the dump (a peer added between the dumps) */
	const char *const wg0_peers[] = { P2, P3, NULL };
	const char *const wg1_peers[] = { P4, NULL };
	struct wg_device *devs[2];
	struct wg_stats *stats[2] = { canned_stats(), NULL };
	char *out = NULL;

	devs[0] = device("wg0", wg0_peers);
	devs[1] = device("wg1", wg1_peers);
	wg_device_add_peer(devs[0]);	/* an all-zero key: not in the dump */
	CAPTURE(out, wg_format_json(f, devs, stats, 2));
	CHECK_STR(out,
		  "{\"schema\":2,\"interfaces\":[{\"name\":\"wg0\",\"public_key\":null,"
		  "\"has_private_key\":false,\"listen_port\":0,\"fwmark\":0,"
		  "\"counters\":{\"rx_dropped_bad_length\":100,\"rx_dropped_unknown_type\":101,"
		  "\"rx_dropped_bad_mac1\":102,\"rx_dropped_unknown_index\":103,"
		  "\"rx_dropped_unknown_peer\":104,\"cookie_replies_sent\":105,"
		  "\"rx_dropped_rate_limited\":106,\"rx_dropped_queue_full\":107,"
		  "\"tx_dropped_no_peer\":108,\"tx_dropped_no_endpoint\":109,"
		  "\"tx_dropped_staging_overflow\":110,\"under_load_ms\":12345,\"counter_20\":9},"
		  "\"peers\":[{\"public_key\":\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\","
		  "\"has_preshared_key\":false,\"endpoint\":null,\"allowed_ips\":[],"
		  "\"latest_handshake\":0,\"rx_bytes\":0,\"tx_bytes\":0,\"persistent_keepalive\":0,"
		  "\"counters\":{\"handshake_initiations_sent\":1,\"handshake_give_ups\":3,"
		  "\"counter_40\":77},\"last_failed_handshake\":0},"
		  "{\"public_key\":\"Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\","
		  "\"has_preshared_key\":false,\"endpoint\":null,\"allowed_ips\":[],"
		  "\"latest_handshake\":0,\"rx_bytes\":0,\"tx_bytes\":0,\"persistent_keepalive\":0,"
		  "\"counters\":{\"handshake_initiations_sent\":1,\"handshake_responses_received\":2,"
		  "\"handshakes_completed\":3,\"handshake_give_ups\":4,"
		  "\"handshake_attempts_unanswered\":5,\"handshake_rejected_stale_timestamp\":6,"
		  "\"handshake_rejected_flood\":7,\"handshake_rejected_decrypt\":8,"
		  "\"data_dropped_replay\":9,\"data_dropped_auth\":10,\"data_dropped_source\":11,"
		  "\"data_dropped_no_keypair\":12,\"data_dropped_malformed\":13,"
		  "\"keepalives_sent\":14,\"keepalives_received\":15,\"endpoint_changes\":16,"
		  "\"tx_dropped_no_handshake\":17},\"last_failed_handshake\":1799990000},"
		  "{\"public_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
		  "\"has_preshared_key\":false,\"endpoint\":null,\"allowed_ips\":[],"
		  "\"latest_handshake\":0,\"rx_bytes\":0,\"tx_bytes\":0,\"persistent_keepalive\":0,"
		  "\"counters\":null,\"last_failed_handshake\":null}]},"
		  "{\"name\":\"wg1\",\"public_key\":null,\"has_private_key\":false,"
		  "\"listen_port\":0,\"fwmark\":0,\"counters\":null,"
		  "\"peers\":[{\"public_key\":\"p7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=\","
		  "\"has_preshared_key\":false,\"endpoint\":null,\"allowed_ips\":[],"
		  "\"latest_handshake\":0,\"rx_bytes\":0,\"tx_bytes\":0,\"persistent_keepalive\":0,"
		  "\"counters\":null,\"last_failed_handshake\":null}]}]}\n");
	if (have("python3")) {
		CHECK(pipe_ok("python3 -m json.tool >/dev/null", out));
		CHECK(pipe_ok("python3 -c 'import json,sys; d=json.load(sys.stdin); "
			      "i=d[\"interfaces\"][0]; p=i[\"peers\"][1]; "
			      "sys.exit(0 if d[\"schema\"]==2 and "
			      "i[\"counters\"][\"under_load_ms\"]==12345 and "
			      "p[\"counters\"][\"tx_dropped_no_handshake\"]==17 and "
			      "p[\"last_failed_handshake\"]==1799990000 and "
			      "d[\"interfaces\"][1][\"counters\"] is None else 1)'",
			      out));
	}
	free(out);
	wg_stats_free(stats[0]);
	wg_device_free(devs[0]);
	wg_device_free(devs[1]);
}

#define WG0 "interface=\"wg0\""
#define PK3 WG0 ",public_key=\"Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\""
#define PK2 WG0 ",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\""

static const char *METRICS_COUNTERS =
	"# HELP wireguard_device_dropped_packets_total Packets the interface dropped, by direction (rx: datagrams received, tx: packets to send) and reason.\n"
	"# TYPE wireguard_device_dropped_packets_total counter\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"bad_length\"} 100\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"unknown_type\"} 101\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"bad_mac1\"} 102\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"unknown_index\"} 103\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"unknown_peer\"} 104\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"rate_limited\"} 106\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"rx\",reason=\"queue_full\"} 107\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"tx\",reason=\"no_peer\"} 108\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"tx\",reason=\"no_endpoint\"} 109\n"
	"wireguard_device_dropped_packets_total{" WG0 ",direction=\"tx\",reason=\"staging_overflow\"} 110\n"
	"# HELP wireguard_device_cookie_replies_sent_total Handshake messages answered with a cookie reply because the interface was under load.\n"
	"# TYPE wireguard_device_cookie_replies_sent_total counter\n"
	"wireguard_device_cookie_replies_sent_total{" WG0 "} 105\n"
	"# HELP wireguard_device_under_load_seconds_total Time the interface spent under handshake load, in seconds.\n"
	"# TYPE wireguard_device_under_load_seconds_total counter\n"
	"wireguard_device_under_load_seconds_total{" WG0 "} 12.345\n"
	"# HELP wireguard_peer_handshake_initiations_sent_total Handshake initiations sent to the peer.\n"
	"# TYPE wireguard_peer_handshake_initiations_sent_total counter\n"
	"wireguard_peer_handshake_initiations_sent_total{" PK3 "} 1\n"
	"wireguard_peer_handshake_initiations_sent_total{" PK2 "} 1\n"
	"# HELP wireguard_peer_handshake_responses_received_total Handshake responses received from the peer.\n"
	"# TYPE wireguard_peer_handshake_responses_received_total counter\n"
	"wireguard_peer_handshake_responses_received_total{" PK3 "} 2\n"
	"# HELP wireguard_peer_handshakes_completed_total Handshakes with the peer that derived a session, as initiator or responder.\n"
	"# TYPE wireguard_peer_handshakes_completed_total counter\n"
	"wireguard_peer_handshakes_completed_total{" PK3 "} 3\n"
	"# HELP wireguard_peer_handshake_give_ups_total Times the handshake with the peer reached the retry limit without success and the packets waiting for it were dropped.\n"
	"# TYPE wireguard_peer_handshake_give_ups_total counter\n"
	"wireguard_peer_handshake_give_ups_total{" PK3 "} 4\n"
	"wireguard_peer_handshake_give_ups_total{" PK2 "} 3\n"
	"# HELP wireguard_peer_handshake_attempts_unanswered_total Handshake initiations to the peer that got no response within the retry time.\n"
	"# TYPE wireguard_peer_handshake_attempts_unanswered_total counter\n"
	"wireguard_peer_handshake_attempts_unanswered_total{" PK3 "} 5\n"
	"# HELP wireguard_peer_handshakes_rejected_total Handshake messages from the peer that were rejected, by reason.\n"
	"# TYPE wireguard_peer_handshakes_rejected_total counter\n"
	"wireguard_peer_handshakes_rejected_total{" PK3 ",reason=\"stale_timestamp\"} 6\n"
	"wireguard_peer_handshakes_rejected_total{" PK3 ",reason=\"flood\"} 7\n"
	"wireguard_peer_handshakes_rejected_total{" PK3 ",reason=\"decrypt\"} 8\n"
	"# HELP wireguard_peer_data_dropped_total Data packets from the peer that were dropped, by reason.\n"
	"# TYPE wireguard_peer_data_dropped_total counter\n"
	"wireguard_peer_data_dropped_total{" PK3 ",reason=\"replay\"} 9\n"
	"wireguard_peer_data_dropped_total{" PK3 ",reason=\"auth\"} 10\n"
	"wireguard_peer_data_dropped_total{" PK3 ",reason=\"source\"} 11\n"
	"wireguard_peer_data_dropped_total{" PK3 ",reason=\"no_keypair\"} 12\n"
	"wireguard_peer_data_dropped_total{" PK3 ",reason=\"malformed\"} 13\n"
	"# HELP wireguard_peer_keepalives_total Keepalive packets sent to and received from the peer.\n"
	"# TYPE wireguard_peer_keepalives_total counter\n"
	"wireguard_peer_keepalives_total{" PK3 ",direction=\"sent\"} 14\n"
	"wireguard_peer_keepalives_total{" PK3 ",direction=\"received\"} 15\n"
	"# HELP wireguard_peer_endpoint_changes_total Times the peer's endpoint address changed (roaming).\n"
	"# TYPE wireguard_peer_endpoint_changes_total counter\n"
	"wireguard_peer_endpoint_changes_total{" PK3 "} 16\n"
	"# HELP wireguard_peer_tx_dropped_no_handshake_total Packets to the peer dropped after waiting for a handshake that never completed.\n"
	"# TYPE wireguard_peer_tx_dropped_no_handshake_total counter\n"
	"wireguard_peer_tx_dropped_no_handshake_total{" PK3 "} 17\n"
	"# HELP wireguard_peer_last_failed_handshake_seconds Unix time of the last failed handshake attempt with the peer (0: never).\n"
	"# TYPE wireguard_peer_last_failed_handshake_seconds gauge\n"
	"wireguard_peer_last_failed_handshake_seconds{" PK3 "} 1799990000\n"
	"wireguard_peer_last_failed_handshake_seconds{" PK2 "} 0\n"
	"# HELP wireguard_device_unnamed_counters_total Interface counters of a newer module that this wg does not know by name, labelled by number.\n"
	"# TYPE wireguard_device_unnamed_counters_total counter\n"
	"wireguard_device_unnamed_counters_total{" WG0 ",counter=\"counter_20\"} 9\n"
	"# HELP wireguard_peer_unnamed_counters_total Peer counters of a newer module that this wg does not know by name, labelled by number.\n"
	"# TYPE wireguard_peer_unnamed_counters_total counter\n"
	"wireguard_peer_unnamed_counters_total{" PK2 ",counter=\"counter_40\"} 77\n";

static void check_prometheus(const char *text)
{
	/* run from tests/unit/wgtool by the Makefile */
	CHECK(pipe_ok("python3 promcheck.py", text) || !have("python3"));
	if (have("promtool"))
		CHECK(pipe_ok("promtool check metrics >/dev/null", text));
}

static void test_metrics(void)
{
	const char *const wg0_peers[] = { P3, P2, NULL };
	struct wg_device *devs[3] = { device("wg0", wg0_peers),
				      device("wg\"1\\\n", NULL),
				      device("wg2", NULL) };
	struct wg_stats *stats[3] = { canned_stats(), wg_stats_new(), NULL };
	char *out = NULL, *plain = NULL;
	const char *tail;

	/* The counters' families come after the existing ones, unchanged. */
	CAPTURE(plain, wg_format_metrics(f, devs, NULL, 1));
	CAPTURE(out, wg_format_metrics(f, devs, stats, 1));
	CHECK(!strncmp(out, plain, strlen(plain)));
	tail = out + strlen(plain);
	CHECK_STR(tail, METRICS_COUNTERS);
	check_prometheus(out);
	free(out);
	free(plain);

	/* a device without counters adds no sample; one with an empty dump
	 * only its zero-less families; a hostile name stays escaped */
	stats[1]->has_device = true;
	{
		struct pair p = { WG_STATS_DEV_COOKIE_REPLIES_SENT, 0 };
		struct dump d = { 0 };
		struct wg_stats *st = wg_stats_new();

		put_device(&d, &p, 1);
		wg_stats_parse(d.buf, d.len, st);
		free(d.buf);
		wg_stats_free(stats[1]);
		stats[1] = st;
	}
	CAPTURE(out, wg_format_metrics(f, devs, stats, 3));
	CHECK(strstr(out, "wireguard_device_cookie_replies_sent_total{" WG0 "} 105\n"
			  "wireguard_device_cookie_replies_sent_total{interface=\"wg\\\"1\\\\\\n\"} 0\n"
			  "# HELP "));
	CHECK(!strstr(out, "wireguard_device_dropped_packets_total{interface=\"wg2\""));
	check_prometheus(out);
	free(out);

	/* no counters anywhere (the in-tree module): no counter family */
	stats[0] = (wg_stats_free(stats[0]), NULL);
	wg_stats_free(stats[1]);
	stats[1] = NULL;
	CAPTURE(plain, wg_format_metrics(f, devs, NULL, 3));
	CAPTURE(out, wg_format_metrics(f, devs, stats, 3));
	CHECK_STR(out, plain);
	CHECK(!strstr(out, "dropped"));
	check_prometheus(out);
	free(out);
	free(plain);
	wg_device_free(devs[0]);
	wg_device_free(devs[1]);
	wg_device_free(devs[2]);
}

/* The checker must reject what it is there to reject. */
static void test_promcheck_selftest(void)
{
	if (have("python3"))
		CHECK(system("python3 promcheck.py --selftest >/dev/null") == 0);
}

/* The live path, whatever this host has: "lo" never has counters. With
 * no "wireguard-stats" family (no module of ours here) that is 1, "not
 * available", also on a second call; with one, the kernel refuses lo. */
static void test_live_lookup(void)
{
	struct wg_stats *st = NULL;
	int first = wg_stats_get(&st, "lo"), second = wg_stats_get(&st, "lo");

	CHECK(first == 1 || first < 0);
	CHECK(second == first || (first < 0 && second < 0));
	CHECK(!st);
	printf("test_stats: wireguard-stats on this host: %s\n",
	       first == 1 ? "absent" : strerror(-first));
}

/* 10,000 peers over many messages, each found by its key. */
static void test_many_peers(void)
{
	struct wg_stats *st = wg_stats_new();
	struct dump d = { 0 };
	uint8_t key[WG_KEY_LEN] = { 0 };
	unsigned int i, found = 0;

	for (i = 0; i < 10000; ++i) {
		struct nlmsghdr *nlh = msg_start(&d);
		struct pair p = { WG_STATS_PEER_KEEPALIVES_SENT, i };

		key[0] = (uint8_t)(i * 7919);	/* not in key order */
		key[1] = (uint8_t)(i >> 8);
		key[2] = (uint8_t)i;
		mnl_attr_put(nlh, WG_STATS_A_PEER_PUBLIC_KEY, sizeof(key), key);
		put_set(nlh, WG_STATS_A_PEER_COUNTERS, &p, 1);
		msg_end(&d, nlh);
	}
	wg_stats_parse(d.buf, d.len, st);
	CHECK(st->npeers == 10000);
	for (i = 0; i < 10000; ++i) {
		const struct wg_peer_stats *p;
		uint64_t v;

		key[0] = (uint8_t)(i * 7919);
		key[1] = (uint8_t)(i >> 8);
		key[2] = (uint8_t)i;
		p = wg_stats_find_peer(st, key);
		found += p && wg_stats_set_get(&p->counters,
					       WG_STATS_PEER_KEEPALIVES_SENT,
					       &v) && v == i;
	}
	CHECK(found == 10000);
	CHECK(st->peers[9999].counters.c[0].value == 9999);	/* dump order */
	wg_stats_free(st);
	free(d.buf);
}

static int write_corpus(const char *dir)
{
	struct dump d = { 0 };
	char *path = NULL;
	FILE *f;

	canned_dump(&d);
	if (asprintf(&path, "%s/canned.bin", dir) < 0)
		return 1;
	f = fopen(path, "wb");
	if (!f || fwrite(d.buf, 1, d.len, f) != d.len || fclose(f))
		return 1;
	free(path);
	free(d.buf);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 3 && !strcmp(argv[1], "--write-corpus"))
		return write_corpus(argv[2]);
	test_names();
	test_parse();
	test_parse_hostile();
	test_human();
	test_json();
	test_metrics();
	test_promcheck_selftest();
	test_many_peers();
	test_live_lookup();
	return check_report("test_stats");
}
