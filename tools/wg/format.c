// SPDX-License-Identifier: GPL-2.0
/*
 * Output formats. The human and tab-separated formats follow the stock
 * tool byte for byte (scripts and exporters parse them); JSON and metrics
 * are ours and documented in wg.8. No private key is ever printed except
 * where the stock tool prints it (dump, showconf, private-key).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <string.h>

#include "encoding.h"
#include "format.h"

#define RESET "\x1b[0m"
#define BOLD "\x1b[1m"
#define GREEN "\x1b[32m"
#define YELLOW "\x1b[33m"
#define CYAN "\x1b[36m"
#define RED "\x1b[31m"

/* printf that drops the colour escapes when colour is off */
static void cprintf(FILE *f, bool color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cprintf(FILE *f, bool color, const char *fmt, ...)
{
	char buf[4096], *in, *out;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!color) {
		for (in = out = buf; *in;) {
			if (in[0] == '\x1b' && in[1] == '[') {
				in += 2;
				while (*in && *in != 'm')
					++in;
				if (*in)
					++in;
				continue;
			}
			*out++ = *in++;
		}
		*out = '\0';
	}
	fputs(buf, f);
	wg_memzero_explicit(buf, sizeof(buf));
}

void wg_format_endpoint(char *buf, size_t len, const struct wg_endpoint *ep)
{
	char ip[INET6_ADDRSTRLEN];

	if (ep->addr.sa_family == AF_INET) {
		inet_ntop(AF_INET, &ep->addr4.sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(ep->addr4.sin_port));
	} else if (ep->addr.sa_family == AF_INET6) {
		char scope[IF_NAMESIZE + 2] = "";

		inet_ntop(AF_INET6, &ep->addr6.sin6_addr, ip, sizeof(ip));
		if (ep->addr6.sin6_scope_id) {
			char ifn[IF_NAMESIZE];

			if (if_indextoname(ep->addr6.sin6_scope_id, ifn))
				snprintf(scope, sizeof(scope), "%%%s", ifn);
			else
				snprintf(scope, sizeof(scope), "%%%u",
					 ep->addr6.sin6_scope_id);
		}
		snprintf(buf, len, "[%s%s]:%u", ip, scope,
			 ntohs(ep->addr6.sin6_port));
	} else {
		snprintf(buf, len, "(none)");
	}
}

static bool has_endpoint(const struct wg_peer *peer)
{
	return peer->endpoint.addr.sa_family == AF_INET ||
	       peer->endpoint.addr.sa_family == AF_INET6;
}

static void format_ip(char *buf, size_t len, const struct wg_allowedip *a,
		      bool color)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family, &a->ip6, ip, sizeof(ip));
	snprintf(buf, len, color ? "%s" CYAN "/" RESET "%u" : "%s/%u", ip,
		 a->cidr);
}

static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len)
		return used;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	return n < 0 ? used : used + (size_t)n;
}

void wg_format_duration(char *buf, size_t len, uint64_t seconds, bool color)
{
	static const struct {
		uint64_t size;
		const char *name;
	} units[] = {
		{ 365ULL * 24 * 3600, "year" }, { 24 * 3600, "day" },
		{ 3600, "hour" }, { 60, "minute" }, { 1, "second" },
	};
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(units) / sizeof(units[0]); ++i) {
		uint64_t n = seconds / units[i].size;

		if (!n)
			continue;
		seconds %= units[i].size;
		used = append(buf, len, used,
			      color ? "%s%" PRIu64 " " CYAN "%s%s" RESET :
				      "%s%" PRIu64 " %s%s",
			      used ? ", " : "", n, units[i].name,
			      n == 1 ? "" : "s");
	}
}

void wg_format_bytes(char *buf, size_t len, uint64_t bytes, bool color)
{
	static const char *const names[] = { "KiB", "MiB", "GiB", "TiB" };
	const char *fmt = color ? "%.2f " CYAN "%s" RESET : "%.2f %s";
	unsigned int i;

	if (bytes < 1024) {
		snprintf(buf, len, color ? "%" PRIu64 " " CYAN "B" RESET :
					   "%" PRIu64 " B", bytes);
		return;
	}
	for (i = 0; i < 3; ++i)
		if (bytes < (1ULL << (10 * (i + 2))))
			break;
	snprintf(buf, len, fmt, (double)bytes / (double)(1ULL << (10 * (i + 1))),
		 names[i]);
}

void wg_sort_peers(struct wg_device *dev)
{
	struct wg_peer *sorted = NULL, **tail, *p, *next;

	/* Insertion keeps equal handshake times in their original order. */
	for (p = dev->first_peer; p; p = next) {
		next = p->next;
		for (tail = &sorted; *tail; tail = &(*tail)->next) {
			if ((*tail)->last_handshake_sec < p->last_handshake_sec ||
			    ((*tail)->last_handshake_sec == p->last_handshake_sec &&
			     (*tail)->last_handshake_nsec < p->last_handshake_nsec))
				break;
		}
		p->next = *tail;
		*tail = p;
	}
	dev->first_peer = sorted;
	dev->last_peer = NULL;
	for (p = sorted; p; p = p->next)
		dev->last_peer = p;
}

/* "(hidden)" unless WG_HIDE_KEYS=never asks for the keys, as stock. */
static void print_secret(FILE *f, bool color, const char *label,
			 const uint8_t *key, bool show)
{
	char b64[WG_KEY_LEN_BASE64];

	if (!show) {
		cprintf(f, color, "  " BOLD "%s" RESET ": (hidden)\n", label);
		return;
	}
	wg_key_to_base64(b64, key);
	cprintf(f, color, "  " BOLD "%s" RESET ": %s\n", label, b64);
	wg_memzero_explicit(b64, sizeof(b64));
}

void wg_format_human(FILE *f, struct wg_device *dev, time_t now, bool color)
{
	wg_format_human_keys(f, dev, now, color, false);
}

void wg_format_human_keys(FILE *f, struct wg_device *dev, time_t now,
			  bool color, bool show_keys)
{
	char b64[WG_KEY_LEN_BASE64], buf[512], ip[128];
	struct wg_allowedip *a;
	struct wg_peer *peer;

	wg_sort_peers(dev);
	cprintf(f, color, RESET GREEN BOLD "interface" RESET ": " GREEN "%s"
		RESET "\n", dev->name);
	if (dev->flags & WGDEV_HAS_PUBLIC_KEY) {
		wg_key_to_base64(b64, dev->public_key);
		cprintf(f, color, "  " BOLD "public key" RESET ": %s\n", b64);
	}
	if (dev->flags & WGDEV_HAS_PRIVATE_KEY)
		print_secret(f, color, "private key", dev->private_key,
			     show_keys);
	if (dev->listen_port)
		cprintf(f, color, "  " BOLD "listening port" RESET ": %u\n",
			dev->listen_port);
	if (dev->fwmark)
		cprintf(f, color, "  " BOLD "fwmark" RESET ": 0x%x\n",
			dev->fwmark);
	for_each_peer(dev, peer) {
		wg_key_to_base64(b64, peer->public_key);
		cprintf(f, color, "\n" YELLOW BOLD "peer" RESET ": " YELLOW "%s"
			RESET "\n", b64);
		if (peer->flags & WGPEER_HAS_PRESHARED_KEY)
			print_secret(f, color, "preshared key",
				     peer->preshared_key, show_keys);
		if (has_endpoint(peer)) {
			wg_format_endpoint(buf, sizeof(buf), &peer->endpoint);
			cprintf(f, color, "  " BOLD "endpoint" RESET ": %s\n",
				buf);
		}
		cprintf(f, color, "  " BOLD "allowed ips" RESET ": ");
		if (!peer->first_allowedip)
			fputs("(none)", f);
		for_each_allowedip(peer, a) {
			format_ip(ip, sizeof(ip), a, color);
			fprintf(f, "%s%s", ip, a->next ? ", " : "");
		}
		fputc('\n', f);
		if (peer->last_handshake_sec) {
			int64_t ago = (int64_t)now - peer->last_handshake_sec;

			cprintf(f, color, "  " BOLD "latest handshake" RESET
				": ");
			if (ago < 0) {
				cprintf(f, color, "(" RED "System clock wound backward; connection problems may ensue." RESET ")\n");
			} else if (ago == 0) {
				fputs("Now\n", f);
			} else {
				wg_format_duration(buf, sizeof(buf),
						   (uint64_t)ago, color);
				fprintf(f, "%s ago\n", buf);
			}
		}
		if (peer->rx_bytes || peer->tx_bytes) {
			char rx[64], tx[64];

			wg_format_bytes(rx, sizeof(rx), peer->rx_bytes, color);
			wg_format_bytes(tx, sizeof(tx), peer->tx_bytes, color);
			cprintf(f, color, "  " BOLD "transfer" RESET
				": %s received, %s sent\n", rx, tx);
		}
		if (peer->keepalive) {
			wg_format_duration(buf, sizeof(buf), peer->keepalive,
					   color);
			cprintf(f, color, "  " BOLD "persistent keepalive"
				RESET ": every %s\n", buf);
		}
	}
	wg_memzero_explicit(b64, sizeof(b64));
}

static void print_key_or_none(FILE *f, const uint8_t *key, bool has)
{
	char b64[WG_KEY_LEN_BASE64];

	if (!has) {
		fputs("(none)", f);
		return;
	}
	wg_key_to_base64(b64, key);
	fputs(b64, f);
	wg_memzero_explicit(b64, sizeof(b64));
}

static void print_fwmark(FILE *f, uint32_t mark)
{
	if (mark)
		fprintf(f, "0x%x", mark);
	else
		fputs("off", f);
}

static void print_allowedips(FILE *f, const struct wg_peer *peer, char sep)
{
	const struct wg_allowedip *a;
	char ip[128];

	if (!peer->first_allowedip)
		fputs("(none)", f);
	for_each_allowedip(peer, a) {
		format_ip(ip, sizeof(ip), a, false);
		fprintf(f, "%s", ip);
		if (a->next)
			fputc(sep, f);
	}
}

static void print_keepalive(FILE *f, uint16_t ka)
{
	if (ka)
		fprintf(f, "%u", ka);
	else
		fputs("off", f);
}

void wg_format_dump(FILE *f, const struct wg_device *dev, bool with_ifname)
{
	const struct wg_peer *peer;
	char ep[128];

	if (with_ifname)
		fprintf(f, "%s\t", dev->name);
	print_key_or_none(f, dev->private_key,
			  dev->flags & WGDEV_HAS_PRIVATE_KEY);
	fputc('\t', f);
	print_key_or_none(f, dev->public_key, dev->flags & WGDEV_HAS_PUBLIC_KEY);
	fprintf(f, "\t%u\t", dev->listen_port);
	print_fwmark(f, dev->fwmark);
	fputc('\n', f);
	for_each_peer(dev, peer) {
		if (with_ifname)
			fprintf(f, "%s\t", dev->name);
		print_key_or_none(f, peer->public_key, true);
		fputc('\t', f);
		print_key_or_none(f, peer->preshared_key,
				  peer->flags & WGPEER_HAS_PRESHARED_KEY);
		wg_format_endpoint(ep, sizeof(ep), &peer->endpoint);
		fprintf(f, "\t%s\t", ep);
		print_allowedips(f, peer, ',');
		fprintf(f, "\t%" PRId64 "\t%" PRIu64 "\t%" PRIu64 "\t",
			peer->last_handshake_sec, peer->rx_bytes,
			peer->tx_bytes);
		print_keepalive(f, peer->keepalive);
		fputc('\n', f);
	}
}

bool wg_format_field(FILE *f, const struct wg_device *dev, const char *field,
		     bool with_ifname)
{
	const struct wg_peer *peer;
	const char *pfx = with_ifname ? dev->name : NULL;
	char ep[128];
	bool first = true;

#define PREFIX() do { if (pfx) fprintf(f, "%s\t", pfx); } while (0)
	if (!strcmp(field, "public-key")) {
		PREFIX();
		print_key_or_none(f, dev->public_key,
				  dev->flags & WGDEV_HAS_PUBLIC_KEY);
		fputc('\n', f);
	} else if (!strcmp(field, "private-key")) {
		PREFIX();
		print_key_or_none(f, dev->private_key,
				  dev->flags & WGDEV_HAS_PRIVATE_KEY);
		fputc('\n', f);
	} else if (!strcmp(field, "listen-port")) {
		PREFIX();
		fprintf(f, "%u\n", dev->listen_port);
	} else if (!strcmp(field, "fwmark")) {
		PREFIX();
		print_fwmark(f, dev->fwmark);
		fputc('\n', f);
	} else if (!strcmp(field, "endpoints")) {
		for_each_peer(dev, peer) {
			/* The stock tool names the interface on the first
			 * peer line only; scripts written against it expect
			 * that, so it is kept. */
			if (first)
				PREFIX();
			first = false;
			print_key_or_none(f, peer->public_key, true);
			wg_format_endpoint(ep, sizeof(ep), &peer->endpoint);
			fprintf(f, "\t%s\n", ep);
		}
	} else if (!strcmp(field, "peers") ||
		   !strcmp(field, "preshared-keys") ||
		   !strcmp(field, "allowed-ips") ||
		   !strcmp(field, "latest-handshakes") ||
		   !strcmp(field, "transfer") ||
		   !strcmp(field, "persistent-keepalive")) {
		for_each_peer(dev, peer) {
			PREFIX();
			print_key_or_none(f, peer->public_key, true);
			if (!strcmp(field, "preshared-keys")) {
				fputc('\t', f);
				print_key_or_none(f, peer->preshared_key,
						  peer->flags &
						  WGPEER_HAS_PRESHARED_KEY);
			} else if (!strcmp(field, "allowed-ips")) {
				fputc('\t', f);
				print_allowedips(f, peer, ' ');
			} else if (!strcmp(field, "latest-handshakes")) {
				fprintf(f, "\t%" PRId64, peer->last_handshake_sec);
			} else if (!strcmp(field, "transfer")) {
				fprintf(f, "\t%" PRIu64 "\t%" PRIu64,
					peer->rx_bytes, peer->tx_bytes);
			} else if (!strcmp(field, "persistent-keepalive")) {
				fputc('\t', f);
				print_keepalive(f, peer->keepalive);
			}
			fputc('\n', f);
		}
	} else if (!strcmp(field, "dump")) {
		wg_format_dump(f, dev, with_ifname);
	} else {
		return false;
	}
#undef PREFIX
	return true;
}

void wg_format_showconf(FILE *f, const struct wg_device *dev)
{
	const struct wg_peer *peer;
	char b64[WG_KEY_LEN_BASE64], ep[128];

	fputs("[Interface]\n", f);
	if (dev->listen_port)
		fprintf(f, "ListenPort = %u\n", dev->listen_port);
	if (dev->fwmark)
		fprintf(f, "FwMark = 0x%x\n", dev->fwmark);
	if (dev->flags & WGDEV_HAS_PRIVATE_KEY) {
		wg_key_to_base64(b64, dev->private_key);
		fprintf(f, "PrivateKey = %s\n", b64);
	}
	for_each_peer(dev, peer) {
		wg_key_to_base64(b64, peer->public_key);
		fprintf(f, "\n[Peer]\nPublicKey = %s\n", b64);
		if (peer->flags & WGPEER_HAS_PRESHARED_KEY) {
			wg_key_to_base64(b64, peer->preshared_key);
			fprintf(f, "PresharedKey = %s\n", b64);
		}
		if (peer->first_allowedip) {
			const struct wg_allowedip *a;
			char ip[128];

			fputs("AllowedIPs = ", f);
			for_each_allowedip(peer, a) {
				format_ip(ip, sizeof(ip), a, false);
				fprintf(f, "%s%s", ip, a->next ? ", " : "\n");
			}
		}
		if (has_endpoint(peer)) {
			wg_format_endpoint(ep, sizeof(ep), &peer->endpoint);
			fprintf(f, "Endpoint = %s\n", ep);
		}
		if (peer->keepalive)
			fprintf(f, "PersistentKeepalive = %u\n",
				peer->keepalive);
	}
	wg_memzero_explicit(b64, sizeof(b64));
}

/* Names and keys are base64 or interface names: nothing to escape but
 * we escape anyway so a hostile name cannot break the document. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; ++s) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void wg_format_json(FILE *f, struct wg_device *const *devs,
		    struct wg_stats *const *stats, size_t n)
{
	char b64[WG_KEY_LEN_BASE64], buf[128];
	size_t i;

	/* 2: the counters, last_failed_handshake */
	fputs("{\"schema\":2,\"interfaces\":[", f);
	for (i = 0; i < n; ++i) {
		const struct wg_device *dev = devs[i];
		const struct wg_peer *peer;

		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		json_string(f, dev->name);
		fputs(",\"public_key\":", f);
		if (dev->flags & WGDEV_HAS_PUBLIC_KEY) {
			wg_key_to_base64(b64, dev->public_key);
			json_string(f, b64);
		} else {
			fputs("null", f);
		}
		fprintf(f, ",\"has_private_key\":%s,\"listen_port\":%u,"
			"\"fwmark\":%u",
			(dev->flags & WGDEV_HAS_PRIVATE_KEY) ? "true" : "false",
			dev->listen_port, dev->fwmark);
		wg_format_json_device_counters(f, stats ? stats[i] : NULL);
		fputs(",\"peers\":[", f);
		for_each_peer(dev, peer) {
			const struct wg_allowedip *a;

			wg_key_to_base64(b64, peer->public_key);
			fputs(peer == dev->first_peer ? "{\"public_key\":" :
							",{\"public_key\":", f);
			json_string(f, b64);
			fprintf(f, ",\"has_preshared_key\":%s,\"endpoint\":",
				(peer->flags & WGPEER_HAS_PRESHARED_KEY) ?
				"true" : "false");
			if (has_endpoint(peer)) {
				wg_format_endpoint(buf, sizeof(buf),
						   &peer->endpoint);
				json_string(f, buf);
			} else {
				fputs("null", f);
			}
			fputs(",\"allowed_ips\":[", f);
			for_each_allowedip(peer, a) {
				format_ip(buf, sizeof(buf), a, false);
				json_string(f, buf);
				if (a->next)
					fputc(',', f);
			}
			fprintf(f, "],\"latest_handshake\":%" PRId64
				",\"rx_bytes\":%" PRIu64 ",\"tx_bytes\":%" PRIu64
				",\"persistent_keepalive\":%u",
				peer->last_handshake_sec, peer->rx_bytes,
				peer->tx_bytes, peer->keepalive);
			wg_format_json_peer_counters(f, stats ? stats[i] : NULL,
						     peer->public_key);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
}

enum metric_kind { M_DEV_PEERS, M_DEV_PORT, M_RX, M_TX, M_HS, M_KA, M_IPS };

static const struct {
	const char *name, *type, *help;
	enum metric_kind kind;
} metrics[] = {
	{ "wireguard_device_peers", "gauge",
	  "Number of peers configured on the interface.", M_DEV_PEERS },
	{ "wireguard_device_listen_port", "gauge",
	  "UDP port the interface listens on (0: none yet).", M_DEV_PORT },
	{ "wireguard_peer_receive_bytes_total", "counter",
	  "Bytes received from the peer.", M_RX },
	{ "wireguard_peer_transmit_bytes_total", "counter",
	  "Bytes sent to the peer.", M_TX },
	{ "wireguard_peer_latest_handshake_seconds", "gauge",
	  "Unix time of the latest handshake with the peer (0: never).", M_HS },
	{ "wireguard_peer_persistent_keepalive_seconds", "gauge",
	  "Persistent keepalive interval (0: off).", M_KA },
	{ "wireguard_peer_allowed_ips", "gauge",
	  "Number of allowed IP ranges routed to the peer.", M_IPS },
};

void wg_format_label_value(FILE *f, const char *s)
{
	for (; *s; ++s) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

void wg_format_metrics(FILE *f, struct wg_device *const *devs,
		       struct wg_stats *const *stats, size_t n)
{
	char b64[WG_KEY_LEN_BASE64];
	size_t m, i;

	/* Each family's samples must be contiguous, so loop families first. */
	for (m = 0; m < sizeof(metrics) / sizeof(metrics[0]); ++m) {
		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", metrics[m].name,
			metrics[m].help, metrics[m].name, metrics[m].type);
		for (i = 0; i < n; ++i) {
			const struct wg_device *dev = devs[i];
			const struct wg_peer *peer;

			if (metrics[m].kind == M_DEV_PEERS ||
			    metrics[m].kind == M_DEV_PORT) {
				fprintf(f, "%s{interface=\"", metrics[m].name);
				wg_format_label_value(f, dev->name);
				fprintf(f, "\"} %" PRIu64 "\n",
					metrics[m].kind == M_DEV_PEERS ?
					(uint64_t)wg_device_count_peers(dev) :
					(uint64_t)dev->listen_port);
				continue;
			}
			for_each_peer(dev, peer) {
				uint64_t v = 0;

				switch (metrics[m].kind) {
				case M_RX:
					v = peer->rx_bytes;
					break;
				case M_TX:
					v = peer->tx_bytes;
					break;
				case M_HS:
					v = (uint64_t)peer->last_handshake_sec;
					break;
				case M_KA:
					v = peer->keepalive;
					break;
				case M_IPS:
					v = wg_peer_count_allowedips(peer);
					break;
				default:
					break;
				}
				wg_key_to_base64(b64, peer->public_key);
				fprintf(f, "%s{interface=\"", metrics[m].name);
				wg_format_label_value(f, dev->name);
				fprintf(f, "\",public_key=\"%s\"} %" PRIu64 "\n",
					b64, v);
			}
		}
	}
	wg_format_metrics_counters(f, devs, stats, n);
}
