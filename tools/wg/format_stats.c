// SPDX-License-Identifier: GPL-2.0
/*
 * The per-reason counters' outputs: `show ... counters`, the "counters"
 * objects of the JSON output and the counters' Prometheus families. Pure
 * functions of a struct wg_stats, so unit tests drive them with canned
 * dumps. A device or peer without counters (NULL) is printed as JSON null
 * and left out of the metrics.
 */
#include <inttypes.h>
#include <string.h>

#include "encoding.h"
#include "format.h"
#include "stats.h"

static void human_one(FILE *f, const char *ifname, const struct wg_stats *st)
{
	char b64[WG_KEY_LEN_BASE64], name[WG_STATS_NAME_LEN];
	size_t i, j;

	fprintf(f, "interface: %s\n", ifname);
	for (i = 0; i < st->device.n; ++i)
		fprintf(f, "  %s: %" PRIu64 "\n",
			wg_stats_device_name(st->device.c[i].id, name),
			st->device.c[i].value);
	for (i = 0; i < st->npeers; ++i) {
		const struct wg_peer_stats *p = &st->peers[i];

		wg_key_to_base64(b64, p->public_key);
		fprintf(f, "peer: %s\n", b64);
		for (j = 0; j < p->counters.n; ++j)
			fprintf(f, "  %s: %" PRIu64 "\n",
				wg_stats_peer_name(p->counters.c[j].id, name),
				p->counters.c[j].value);
		if (!p->has_last_failed)
			continue;
		if (!p->last_failed_sec && !p->last_failed_nsec)
			fputs("  last_failed_handshake: never\n", f);
		else
			fprintf(f, "  last_failed_handshake: %" PRId64 "\n",
				p->last_failed_sec);
	}
}

/* Peers in the order of the dump; counters in number order. */
void wg_format_counters(FILE *f, struct wg_device *const *devs,
			struct wg_stats *const *stats, size_t n)
{
	bool first = true;
	size_t i;

	for (i = 0; stats && i < n; ++i) {
		if (!stats[i])
			continue;
		if (!first)
			fputc('\n', f);
		human_one(f, devs[i]->name, stats[i]);
		first = false;
	}
}

static void json_set(FILE *f, const struct wg_stats_set *s, bool peer)
{
	char name[WG_STATS_NAME_LEN];
	size_t i;

	fputc('{', f);
	for (i = 0; i < s->n; ++i)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "",
			peer ? wg_stats_peer_name(s->c[i].id, name) :
			       wg_stats_device_name(s->c[i].id, name),
			s->c[i].value);
	fputc('}', f);
}

void wg_format_json_device_counters(FILE *f, const struct wg_stats *st)
{
	fputs(",\"counters\":", f);
	if (st && st->has_device)
		json_set(f, &st->device, false);
	else
		fputs("null", f);
}

void wg_format_json_peer_counters(FILE *f, struct wg_stats *st,
				  const uint8_t *key)
{
	const struct wg_peer_stats *p = st ? wg_stats_find_peer(st, key) : NULL;

	fputs(",\"counters\":", f);
	if (p)
		json_set(f, &p->counters, true);
	else
		fputs("null", f);
	fputs(",\"last_failed_handshake\":", f);
	if (p && p->has_last_failed)
		fprintf(f, "%" PRId64, p->last_failed_sec);
	else
		fputs("null", f);
}

/*
 * The counters' metric families. Counters of one kind that differ only by
 * a reason or direction share a family with a label, so a dashboard sums
 * them; every known counter number appears in exactly one row below.
 */
enum family {
	F_DEV_DROPPED, F_DEV_COOKIES, F_DEV_UNDER_LOAD,
	F_PEER_INITIATIONS, F_PEER_RESPONSES, F_PEER_COMPLETED,
	F_PEER_GIVE_UPS, F_PEER_UNANSWERED, F_PEER_REJECTED,
	F_PEER_DATA_DROPPED, F_PEER_KEEPALIVES, F_PEER_ENDPOINT_CHANGES,
	F_PEER_TX_NO_HANDSHAKE, F_PEER_LAST_FAILED,
	F_DEV_OTHER, F_PEER_OTHER,
	F_COUNT
};

static const struct {
	const char *name, *type, *help;
	bool peer;
} families[F_COUNT] = {
	[F_DEV_DROPPED] = { "wireguard_device_dropped_packets_total", "counter",
	  "Packets the interface dropped, by direction (rx: datagrams received, tx: packets to send) and reason.", false },
	[F_DEV_COOKIES] = { "wireguard_device_cookie_replies_sent_total", "counter",
	  "Handshake messages answered with a cookie reply because the interface was under load.", false },
	[F_DEV_UNDER_LOAD] = { "wireguard_device_under_load_seconds_total", "counter",
	  "Time the interface spent under handshake load, in seconds.", false },
	[F_PEER_INITIATIONS] = { "wireguard_peer_handshake_initiations_sent_total", "counter",
	  "Handshake initiations sent to the peer.", true },
	[F_PEER_RESPONSES] = { "wireguard_peer_handshake_responses_received_total", "counter",
	  "Handshake responses received from the peer.", true },
	[F_PEER_COMPLETED] = { "wireguard_peer_handshakes_completed_total", "counter",
	  "Handshakes with the peer that derived a session, as initiator or responder.", true },
	[F_PEER_GIVE_UPS] = { "wireguard_peer_handshake_give_ups_total", "counter",
	  "Times the handshake with the peer reached the retry limit without success and the packets waiting for it were dropped.", true },
	[F_PEER_UNANSWERED] = { "wireguard_peer_handshake_attempts_unanswered_total", "counter",
	  "Handshake initiations to the peer that got no response within the retry time.", true },
	[F_PEER_REJECTED] = { "wireguard_peer_handshakes_rejected_total", "counter",
	  "Handshake messages from the peer that were rejected, by reason.", true },
	[F_PEER_DATA_DROPPED] = { "wireguard_peer_data_dropped_total", "counter",
	  "Data packets from the peer that were dropped, by reason.", true },
	[F_PEER_KEEPALIVES] = { "wireguard_peer_keepalives_total", "counter",
	  "Keepalive packets sent to and received from the peer.", true },
	[F_PEER_ENDPOINT_CHANGES] = { "wireguard_peer_endpoint_changes_total", "counter",
	  "Times the peer's endpoint address changed (roaming).", true },
	[F_PEER_TX_NO_HANDSHAKE] = { "wireguard_peer_tx_dropped_no_handshake_total", "counter",
	  "Packets to the peer dropped after waiting for a handshake that never completed.", true },
	[F_PEER_LAST_FAILED] = { "wireguard_peer_last_failed_handshake_seconds", "gauge",
	  "Unix time of the last failed handshake attempt with the peer (0: never).", true },
	[F_DEV_OTHER] = { "wireguard_device_unnamed_counters_total", "counter",
	  "Interface counters of a newer module that this wg does not know by name, labelled by number.", false },
	[F_PEER_OTHER] = { "wireguard_peer_unnamed_counters_total", "counter",
	  "Peer counters of a newer module that this wg does not know by name, labelled by number.", true },
};

struct row {
	enum family family;
	uint16_t id;
	const char *labels;	/* after interface (and public_key) */
	bool millis;		/* milliseconds, printed as seconds */
};

static const struct row dev_rows[] = {
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_BAD_LENGTH, "direction=\"rx\",reason=\"bad_length\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_UNKNOWN_TYPE, "direction=\"rx\",reason=\"unknown_type\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_BAD_MAC1, "direction=\"rx\",reason=\"bad_mac1\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_UNKNOWN_INDEX, "direction=\"rx\",reason=\"unknown_index\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_UNKNOWN_PEER, "direction=\"rx\",reason=\"unknown_peer\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_RATE_LIMITED, "direction=\"rx\",reason=\"rate_limited\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_RX_DROPPED_QUEUE_FULL, "direction=\"rx\",reason=\"queue_full\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_TX_DROPPED_NO_PEER, "direction=\"tx\",reason=\"no_peer\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_TX_DROPPED_NO_ENDPOINT, "direction=\"tx\",reason=\"no_endpoint\"", false },
	{ F_DEV_DROPPED, WG_STATS_DEV_TX_DROPPED_STAGING_OVERFLOW, "direction=\"tx\",reason=\"staging_overflow\"", false },
	{ F_DEV_COOKIES, WG_STATS_DEV_COOKIE_REPLIES_SENT, NULL, false },
	{ F_DEV_UNDER_LOAD, WG_STATS_DEV_UNDER_LOAD_MS, NULL, true },
};

static const struct row peer_rows[] = {
	{ F_PEER_INITIATIONS, WG_STATS_PEER_HANDSHAKE_INITIATIONS_SENT, NULL, false },
	{ F_PEER_RESPONSES, WG_STATS_PEER_HANDSHAKE_RESPONSES_RECEIVED, NULL, false },
	{ F_PEER_COMPLETED, WG_STATS_PEER_HANDSHAKES_COMPLETED, NULL, false },
	{ F_PEER_GIVE_UPS, WG_STATS_PEER_HANDSHAKE_GIVE_UPS, NULL, false },
	{ F_PEER_UNANSWERED, WG_STATS_PEER_HANDSHAKE_ATTEMPTS_UNANSWERED, NULL, false },
	{ F_PEER_REJECTED, WG_STATS_PEER_HANDSHAKE_REJECTED_STALE_TIMESTAMP, "reason=\"stale_timestamp\"", false },
	{ F_PEER_REJECTED, WG_STATS_PEER_HANDSHAKE_REJECTED_FLOOD, "reason=\"flood\"", false },
	{ F_PEER_REJECTED, WG_STATS_PEER_HANDSHAKE_REJECTED_DECRYPT, "reason=\"decrypt\"", false },
	{ F_PEER_DATA_DROPPED, WG_STATS_PEER_DATA_DROPPED_REPLAY, "reason=\"replay\"", false },
	{ F_PEER_DATA_DROPPED, WG_STATS_PEER_DATA_DROPPED_AUTH, "reason=\"auth\"", false },
	{ F_PEER_DATA_DROPPED, WG_STATS_PEER_DATA_DROPPED_SOURCE, "reason=\"source\"", false },
	{ F_PEER_DATA_DROPPED, WG_STATS_PEER_DATA_DROPPED_NO_KEYPAIR, "reason=\"no_keypair\"", false },
	{ F_PEER_DATA_DROPPED, WG_STATS_PEER_DATA_DROPPED_MALFORMED, "reason=\"malformed\"", false },
	{ F_PEER_KEEPALIVES, WG_STATS_PEER_KEEPALIVES_SENT, "direction=\"sent\"", false },
	{ F_PEER_KEEPALIVES, WG_STATS_PEER_KEEPALIVES_RECEIVED, "direction=\"received\"", false },
	{ F_PEER_ENDPOINT_CHANGES, WG_STATS_PEER_ENDPOINT_CHANGES, NULL, false },
	{ F_PEER_TX_NO_HANDSHAKE, WG_STATS_PEER_TX_DROPPED_NO_HANDSHAKE, NULL, false },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void sample_start(FILE *f, enum family fam, const char *ifname,
			 const char *b64)
{
	fprintf(f, "%s{interface=\"", families[fam].name);
	wg_format_label_value(f, ifname);
	fputc('"', f);
	if (b64)
		fprintf(f, ",public_key=\"%s\"", b64);
}

static void sample_end(FILE *f, const char *labels, uint64_t v, bool millis)
{
	if (labels)
		fprintf(f, ",%s", labels);
	if (millis)
		fprintf(f, "} %" PRIu64 ".%03u\n", v / 1000,
			(unsigned int)(v % 1000));
	else
		fprintf(f, "} %" PRIu64 "\n", v);
}

static void rows(FILE *f, enum family fam, const struct row *r, size_t n,
		 const struct wg_stats_set *s, const char *ifname,
		 const char *b64)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; ++i) {
		if (r[i].family != fam || !wg_stats_set_get(s, r[i].id, &v))
			continue;
		sample_start(f, fam, ifname, b64);
		sample_end(f, r[i].labels, v, r[i].millis);
	}
}

/* Counters of a newer module, by number. */
static void others(FILE *f, enum family fam, const struct wg_stats_set *s,
		   uint16_t known, const char *ifname, const char *b64)
{
	char label[WG_STATS_NAME_LEN + 16];
	size_t i;

	for (i = 0; i < s->n; ++i) {
		if (s->c[i].id < known)
			continue;
		snprintf(label, sizeof(label), "counter=\"counter_%u\"",
			 s->c[i].id);
		sample_start(f, fam, ifname, b64);
		sample_end(f, label, s->c[i].value, false);
	}
}

static bool has_others(const struct wg_stats_set *s, uint16_t known)
{
	return s->n && s->c[s->n - 1].id >= known;
}

/* A family is printed when some device has counters, the families of
 * unnamed counters only when there are such counters. */
static bool family_wanted(enum family fam, struct wg_stats *const *stats,
			  size_t n)
{
	size_t i, j;

	for (i = 0; i < n; ++i) {
		const struct wg_stats *st = stats[i];

		if (!st)
			continue;
		if (fam == F_DEV_OTHER) {
			if (has_others(&st->device, __WG_STATS_DEV_COUNT))
				return true;
			continue;
		}
		if (fam != F_PEER_OTHER)
			return true;
		for (j = 0; j < st->npeers; ++j)
			if (has_others(&st->peers[j].counters,
				       __WG_STATS_PEER_COUNT))
				return true;
	}
	return false;
}

void wg_format_metrics_counters(FILE *f, struct wg_device *const *devs,
				struct wg_stats *const *stats, size_t n)
{
	char b64[WG_KEY_LEN_BASE64];
	enum family fam;
	size_t i, j;

	if (!stats)
		return;
	/* Family by family, so each one's samples are contiguous. */
	for (fam = 0; fam < F_COUNT; ++fam) {
		if (!family_wanted(fam, stats, n))
			continue;
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", families[fam].name,
			families[fam].help, families[fam].name,
			families[fam].type);
		for (i = 0; i < n; ++i) {
			const struct wg_stats *st = stats[i];

			if (!st)
				continue;
			if (fam == F_DEV_OTHER) {
				others(f, fam, &st->device,
				       __WG_STATS_DEV_COUNT, devs[i]->name,
				       NULL);
				continue;
			}
			if (!families[fam].peer) {
				rows(f, fam, dev_rows, ARRAY_SIZE(dev_rows),
				     &st->device, devs[i]->name, NULL);
				continue;
			}
			for (j = 0; j < st->npeers; ++j) {
				const struct wg_peer_stats *p = &st->peers[j];

				wg_key_to_base64(b64, p->public_key);
				if (fam == F_PEER_OTHER) {
					others(f, fam, &p->counters,
					       __WG_STATS_PEER_COUNT,
					       devs[i]->name, b64);
				} else if (fam == F_PEER_LAST_FAILED) {
					if (!p->has_last_failed)
						continue;
					sample_start(f, fam, devs[i]->name,
						     b64);
					sample_end(f, NULL,
						   p->last_failed_sec > 0 ?
						   (uint64_t)p->last_failed_sec :
						   0, false);
				} else {
					rows(f, fam, peer_rows,
					     ARRAY_SIZE(peer_rows),
					     &p->counters, devs[i]->name, b64);
				}
			}
		}
	}
}
