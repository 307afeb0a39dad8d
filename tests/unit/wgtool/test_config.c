// SPDX-License-Identifier: GPL-2.0
/* The configuration file parser and the `set` argument parser. */
#include <arpa/inet.h>

#include "check.h"
#include "config.h"
#include "encoding.h"
#include "ipc.h"

static const char *K1 = "EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08=";
static const char *P2 = "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=";
static const char *P3 = "Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=";

/* Parses text line by line; returns the device or NULL with err copied. */
static struct wg_device *parse(const char *text, bool setconf, char *err,
			       char *warn)
{
	struct wg_config_ctx ctx;
	char *copy = strdup(text), *line, *rest = copy;
	struct wg_device *dev = NULL;
	bool ok = true;

	wg_config_begin(&ctx, setconf, wg_resolve_numeric);
	while ((line = strsep(&rest, "\n")))
		if (!(ok = wg_config_read_line(&ctx, line)))
			break;
	if (ok)
		dev = wg_config_finish(&ctx);
	else
		wg_config_abort(&ctx);
	strcpy(err, ctx.err);
	if (warn)
		strcpy(warn, ctx.warn);
	free(copy);
	return dev;
}

static void expect_error(const char *text, const char *want)
{
	char err[512];
	struct wg_device *dev = parse(text, true, err, NULL);

	CHECK(!dev);
	CHECK_STR(err, want);
	wg_device_free(dev);
}

static void ip_str(char *out, const struct wg_allowedip *a)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family, &a->ip6, ip, sizeof(ip));
	sprintf(out, "%s%s/%u", a->flags ? "-" : "", ip, a->cidr);
}

static void test_good_file(void)
{
	char text[2048], err[512], warn[1024], s[128];
	struct wg_device *dev;
	struct wg_peer *p;
	uint8_t key[32];

	snprintf(text, sizeof(text),
		 "# a comment\n"
		 "[Interface]   # why not\n"
		 "PrivateKey = %s\n"
		 "  listenport=51820\n"
		 "FwMark = 0x1234\n"
		 "\n"
		 "[Peer]\n"
		 "PublicKey = %s\n"
		 "PresharedKey = %s\n"
		 "AllowedIPs = 10.0.0.0/24, fd00::/64\n"
		 "AllowedIPs = 10.9.9.9\n"
		 "Endpoint = [2001:db8::1]:443\n"
		 "PersistentKeepalive = 25\n"
		 "[peer]\n"
		 "PUBLICKEY = %s\n"
		 "Endpoint = 192.0.2.1:51820\n"
		 "AllowedIPs = 10.1.2.3/16\n"
		 "PersistentKeepalive = off\n",
		 K1, P2, K1, P3);
	dev = parse(text, true, err, warn);
	CHECK(dev != NULL);
	if (!dev) {
		fprintf(stderr, "error: %s\n", err);
		return;
	}
	CHECK(dev->flags == (WGDEV_REPLACE_PEERS | WGDEV_HAS_PRIVATE_KEY |
			     WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK));
	wg_key_from_base64(key, K1);
	CHECK(!memcmp(dev->private_key, key, 32));
	CHECK(dev->listen_port == 51820);
	CHECK(dev->fwmark == 0x1234);
	CHECK(wg_device_count_peers(dev) == 2);
	p = dev->first_peer;
	wg_key_from_base64(key, P2);
	CHECK(!memcmp(p->public_key, key, 32));
	CHECK(p->flags == (WGPEER_HAS_PUBLIC_KEY | WGPEER_HAS_PRESHARED_KEY |
			   WGPEER_HAS_KEEPALIVE | WGPEER_REPLACE_ALLOWEDIPS));
	CHECK(p->keepalive == 25);
	CHECK(p->endpoint.addr.sa_family == AF_INET6);
	CHECK(ntohs(p->endpoint.addr6.sin6_port) == 443);
	CHECK(wg_peer_count_allowedips(p) == 3);
	ip_str(s, p->first_allowedip);
	CHECK_STR(s, "10.0.0.0/24");
	ip_str(s, p->first_allowedip->next);
	CHECK_STR(s, "fd00::/64");
	ip_str(s, p->last_allowedip);
	CHECK_STR(s, "10.9.9.9/32");
	p = p->next;
	CHECK(p->endpoint.addr.sa_family == AF_INET);
	CHECK(ntohs(p->endpoint.addr4.sin_port) == 51820);
	CHECK(p->keepalive == 0 && (p->flags & WGPEER_HAS_KEEPALIVE));
	CHECK_STR(warn, "Warning: AllowedIP has nonzero host part: 10.1.2.3/16\n");
	wg_device_free(dev);

	/* addconf: only what the file says */
	dev = parse("[Interface]\nListenPort = 7\n", false, err, NULL);
	CHECK(dev && dev->flags == WGDEV_HAS_LISTEN_PORT);
	wg_device_free(dev);
	/* hex keys are accepted too */
	dev = parse("[Interface]\nPrivateKey = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
		    false, err, NULL);
	CHECK(dev && dev->private_key[31] == 0x1f);
	wg_device_free(dev);
	/* an empty file is a valid empty configuration */
	dev = parse("", true, err, NULL);
	CHECK(dev && !dev->first_peer);
	wg_device_free(dev);
}

static void test_bad_files(void)
{
	char text[512];

	expect_error("[Interface]\nAddress = 10.0.0.1/24",
		     "Line unrecognized: `Address=10.0.0.1/24'");
	expect_error("[Interface]\nDNS = 1.1.1.1", "Line unrecognized: `DNS=1.1.1.1'");
	expect_error("[Interface]\nMTU = 1420", "Line unrecognized: `MTU=1420'");
	expect_error("[Interface]\nTable = off", "Line unrecognized: `Table=off'");
	expect_error("[Interface]\nPostUp = ip link", "Line unrecognized: `PostUp=iplink'");
	expect_error("[Interface]\nSaveConfig = true", "Line unrecognized: `SaveConfig=true'");
	expect_error("[Interface]\nPrivateKey = abc",
		     "Key is not the correct length or format: `abc'");
	expect_error("[Interface]\nPrivateKey", "Line unrecognized: `PrivateKey'");
	expect_error("[Interface]\nPrivateKey =", "Line unrecognized: `PrivateKey='");
	expect_error("[Interface]\nListenPort = 65536",
		     "Listen port is not in the range 0-65535: `65536'");
	expect_error("[Interface]\nFwMark = foo",
		     "Fwmark is neither 0/off nor 0-0xffffffff: `foo'");
	expect_error("[Interface]\nFwMark = 0x100000000",
		     "Fwmark is neither 0/off nor 0-0xffffffff: `0x100000000'");
	expect_error("[Bogus]\nx=1", "Line unrecognized: `[Bogus]'");
	expect_error("ListenPort = 1", "Line unrecognized: `ListenPort=1'");
	expect_error("[Peer]\nListenPort = 1", "Line unrecognized: `ListenPort=1'");
	expect_error("[Interface]\nPublicKey = abc", "Line unrecognized: `PublicKey=abc'");
	expect_error("[Peer]\nEndpoint = 1.2.3.4:5", "A peer is missing a public key");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nAllowedIPs = 10.0.0.0/33", P2);
	expect_error(text, "AllowedIP is not in the correct format: `10.0.0.0/33'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nAllowedIPs = 10.0.0.0/8,", P2);
	expect_error(text, "Unable to parse IP address: `'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nAllowedIPs = +10.0.0.0/8", P2);
	expect_error(text, "Unable to parse IP address: `+10.0.0.0'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nAllowedIPs = fd00::/129", P2);
	expect_error(text, "AllowedIP is not in the correct format: `fd00::/129'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nEndpoint = 1.2.3.4", P2);
	expect_error(text, "Unable to find port of endpoint: `1.2.3.4'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nEndpoint = [::1]", P2);
	expect_error(text, "Unable to find port of endpoint: `[::1]'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nPersistentKeepalive = 70000", P2);
	expect_error(text,
		     "Persistent keepalive interval is neither 0/off nor 1-65535: `70000'");
	snprintf(text, sizeof(text), "[Peer]\nPublicKey = %s\nPresharedKey = %.43s", P2, K1);
	expect_error(text, "Key is not the correct length or format: `EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08'");
}

static void test_set_args(void)
{
	char pk[64], *argv1[] = { "listen-port", "1234", "fwmark", "off", "peer",
				 (char *)P2, "allowed-ips", "+10.0.0.0/8, -fd00::/64",
				 "persistent-keepalive", "off", "endpoint",
				 "[::1]:5", "peer", (char *)P3, "remove",
				 "peer", (char *)P2, "update-only",
				 "allowed-ips", "10.1.0.0/16" };
	char *argv2[] = { "peer", (char *)P2, "listen-port", "5" };
	char *argv3[] = { "bogus" };
	char *argv4[] = { "peer", "notakey" };
	struct wg_device *dev;
	struct wg_peer *p;
	char s[128];

	(void)pk;
	dev = wg_config_from_args(sizeof(argv1) / sizeof(argv1[0]), argv1,
				  wg_resolve_numeric);
	CHECK(dev != NULL);
	if (!dev)
		return;
	CHECK(dev->flags == (WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK));
	CHECK(dev->listen_port == 1234 && dev->fwmark == 0);
	p = dev->first_peer;
	/* "+a,-b" edits the list instead of replacing it */
	CHECK(p->flags == (WGPEER_HAS_PUBLIC_KEY | WGPEER_HAS_KEEPALIVE |
			   WGPEER_INCREMENTAL_IPS));
	ip_str(s, p->first_allowedip);
	CHECK_STR(s, "10.0.0.0/8");
	ip_str(s, p->last_allowedip);
	CHECK_STR(s, "-fd00::/64");
	CHECK(p->endpoint.addr.sa_family == AF_INET6);
	p = p->next;
	CHECK(p->flags == (WGPEER_HAS_PUBLIC_KEY | WGPEER_REMOVE_ME));
	p = p->next;
	CHECK(p->flags == (WGPEER_HAS_PUBLIC_KEY | WGPEER_UPDATE_ONLY |
			   WGPEER_REPLACE_ALLOWEDIPS));
	wg_device_free(dev);

	/* device options after a peer are errors, as stock */
	CHECK(!wg_config_from_args(4, argv2, wg_resolve_numeric));
	CHECK(!wg_config_from_args(1, argv3, wg_resolve_numeric));
	CHECK(!wg_config_from_args(2, argv4, wg_resolve_numeric));
}

static void test_incremental(void)
{
	char *argv[] = { "peer", (char *)P2, "allowed-ips",
			 "+10.5.0.0/16, -fd00::/64, +10.0.0.0/24, -192.168.0.0/16" };
	struct wg_device *dev = wg_config_from_args(4, argv, wg_resolve_numeric);
	struct wg_peer *cur = wg_peer_new(), *p;
	struct wg_allowedip *a;
	char s[128], all[512] = "";

	a = wg_peer_add_allowedip(cur);
	a->family = AF_INET;
	inet_pton(AF_INET, "10.0.0.0", &a->ip4);
	a->cidr = 24;
	a = wg_peer_add_allowedip(cur);
	a->family = AF_INET6;
	inet_pton(AF_INET6, "fd00::", &a->ip6);
	a->cidr = 64;
	CHECK(dev != NULL);
	if (!dev)
		return;
	p = dev->first_peer;
	wg_set_resolve_incremental(p, cur);
	CHECK(p->flags == (WGPEER_HAS_PUBLIC_KEY | WGPEER_REPLACE_ALLOWEDIPS));
	for_each_allowedip(p, a) {
		ip_str(s, a);
		strcat(all, s);
		strcat(all, " ");
	}
	/* kept, then added, each once; removals gone */
	CHECK_STR(all, "10.0.0.0/24 10.5.0.0/16 ");
	/* a peer the device does not have yet: just the additions */
	wg_device_free(dev);
	dev = wg_config_from_args(4, argv, wg_resolve_numeric);
	wg_set_resolve_incremental(dev->first_peer, NULL);
	CHECK(wg_peer_count_allowedips(dev->first_peer) == 2);
	wg_device_free(dev);
	wg_peer_free(cur);
}

static void test_values(void)
{
	char err[256];
	uint16_t port, ka;
	uint32_t mark;

	CHECK(wg_parse_port(&port, "0", err, sizeof(err)) && port == 0);
	CHECK(wg_parse_port(&port, "65535", err, sizeof(err)) && port == 65535);
	CHECK(!wg_parse_port(&port, "99999", err, sizeof(err)));
	CHECK(wg_parse_fwmark(&mark, "0xffffffff", err, sizeof(err)) &&
	      mark == 0xffffffff);
	CHECK(wg_parse_fwmark(&mark, "off", err, sizeof(err)) && mark == 0);
	CHECK(wg_parse_fwmark(&mark, "010", err, sizeof(err)) && mark == 8);
	CHECK(!wg_parse_fwmark(&mark, "-1", err, sizeof(err)));
	CHECK(!wg_parse_fwmark(&mark, "1x", err, sizeof(err)));
	CHECK(wg_parse_keepalive(&ka, "65535", err, sizeof(err)) && ka == 65535);
	CHECK(wg_parse_keepalive(&ka, "OFF", err, sizeof(err)) && ka == 0);
	CHECK(!wg_parse_keepalive(&ka, "25s", err, sizeof(err)));
	CHECK_STR(err, "Persistent keepalive interval is neither 0/off nor 1-65535: `25s'");
}

int main(void)
{
	test_good_file();
	test_bad_files();
	test_set_args();
	test_incremental();
	test_values();
	return check_report("test_config");
}
