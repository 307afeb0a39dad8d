// SPDX-License-Identifier: GPL-2.0
/* Output formats from canned devices: human, dump, fields, showconf,
 * JSON, metrics. Expected texts were checked against the stock wg through
 * compare.sh; JSON is also checked to parse (python3 when present). */
#include <arpa/inet.h>

#include "check.h"
#include "encoding.h"
#include "format.h"

static const char *K1 = "EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08=";
static const char *PUB1 = "p7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=";
static const char *P2 = "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=";
static const char *P3 = "Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=";
static const char *PSK = "Xgna1SvhqhhbjGblDXhNkZ7GUyLg2HQaQbsP5OvxUh0=";
static const time_t NOW = 1800000000;

static void add_ip(struct wg_peer *p, int family, const char *ip, int cidr)
{
	struct wg_allowedip *a = wg_peer_add_allowedip(p);

	a->family = (uint16_t)family;
	inet_pton(family, ip, &a->ip6);
	a->cidr = (uint8_t)cidr;
}

static struct wg_device *canned(void)
{
	struct wg_device *dev = wg_device_new();
	struct wg_peer *p;

	strcpy(dev->name, "wg0");
	wg_key_from_base64(dev->private_key, K1);
	wg_key_from_base64(dev->public_key, PUB1);
	dev->flags = WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_PUBLIC_KEY;
	dev->listen_port = 51820;
	dev->fwmark = 0x1234;

	p = wg_device_add_peer(dev);	/* never handshaked: printed last */
	wg_key_from_base64(p->public_key, P3);
	p->endpoint.addr6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &p->endpoint.addr6.sin6_addr);
	p->endpoint.addr6.sin6_port = htons(443);

	p = wg_device_add_peer(dev);
	wg_key_from_base64(p->public_key, P2);
	wg_key_from_base64(p->preshared_key, PSK);
	p->flags = WGPEER_HAS_PRESHARED_KEY;
	p->endpoint.addr4.sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &p->endpoint.addr4.sin_addr);
	p->endpoint.addr4.sin_port = htons(51820);
	p->last_handshake_sec = NOW - 3725;
	p->rx_bytes = 2048;
	p->tx_bytes = 123456789;
	p->keepalive = 25;
	add_ip(p, AF_INET, "10.0.0.0", 24);
	add_ip(p, AF_INET6, "fd00::", 64);
	return dev;
}

static void test_units(void)
{
	char buf[256];

	wg_format_duration(buf, sizeof(buf), 1, false);
	CHECK_STR(buf, "1 second");
	wg_format_duration(buf, sizeof(buf), 60, false);
	CHECK_STR(buf, "1 minute");
	wg_format_duration(buf, sizeof(buf), 65535, false);
	CHECK_STR(buf, "18 hours, 12 minutes, 15 seconds");
	wg_format_duration(buf, sizeof(buf), 31626061, false);
	CHECK_STR(buf, "1 year, 1 day, 1 hour, 1 minute, 1 second");
	wg_format_duration(buf, sizeof(buf), 2 * 31536000 + 2 * 86400, false);
	CHECK_STR(buf, "2 years, 2 days");
	wg_format_duration(buf, sizeof(buf), 3725, true);
	CHECK_STR(buf, "1 \x1b[36mhour\x1b[0m, 2 \x1b[36mminutes\x1b[0m, 5 \x1b[36mseconds\x1b[0m");
	wg_format_bytes(buf, sizeof(buf), 0, false);
	CHECK_STR(buf, "0 B");
	wg_format_bytes(buf, sizeof(buf), 1023, false);
	CHECK_STR(buf, "1023 B");
	wg_format_bytes(buf, sizeof(buf), 1024, false);
	CHECK_STR(buf, "1.00 KiB");
	wg_format_bytes(buf, sizeof(buf), 1048575, false);
	CHECK_STR(buf, "1024.00 KiB");
	wg_format_bytes(buf, sizeof(buf), 1048576, false);
	CHECK_STR(buf, "1.00 MiB");
	wg_format_bytes(buf, sizeof(buf), 123456789, false);
	CHECK_STR(buf, "117.74 MiB");
	wg_format_bytes(buf, sizeof(buf), 1ULL << 40, false);
	CHECK_STR(buf, "1.00 TiB");
	wg_format_bytes(buf, sizeof(buf), 1ULL << 50, false);
	CHECK_STR(buf, "1024.00 TiB");
	wg_format_bytes(buf, sizeof(buf), 2048, true);
	CHECK_STR(buf, "2.00 \x1b[36mKiB\x1b[0m");
}

static void test_human(void)
{
	struct wg_device *dev = canned();
	char *out = NULL;

	CAPTURE(out, wg_format_human(f, dev, NOW, false));
	CHECK_STR(out,
		  "interface: wg0\n"
		  "  public key: p7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=\n"
		  "  private key: (hidden)\n"
		  "  listening port: 51820\n"
		  "  fwmark: 0x1234\n"
		  "\n"
		  "peer: 4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\n"
		  "  preshared key: (hidden)\n"
		  "  endpoint: 192.0.2.1:51820\n"
		  "  allowed ips: 10.0.0.0/24, fd00::/64\n"
		  "  latest handshake: 1 hour, 2 minutes, 5 seconds ago\n"
		  "  transfer: 2.00 KiB received, 117.74 MiB sent\n"
		  "  persistent keepalive: every 25 seconds\n"
		  "\n"
		  "peer: Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\n"
		  "  endpoint: [2001:db8::1]:443\n"
		  "  allowed ips: (none)\n");
	free(out);
	CAPTURE(out, wg_format_human(f, dev, NOW, true));
	CHECK(strstr(out, "\x1b[0m\x1b[32m\x1b[1minterface\x1b[0m: \x1b[32mwg0\x1b[0m\n") == out);
	CHECK(strstr(out, "  \x1b[1mallowed ips\x1b[0m: 10.0.0.0\x1b[36m/\x1b[0m24, fd00::\x1b[36m/\x1b[0m64\n"));
	free(out);
	CAPTURE(out, wg_format_human_keys(f, dev, NOW, false, true));
	CHECK(strstr(out, "  private key: EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08=\n"));
	CHECK(strstr(out, "  preshared key: Xgna1SvhqhhbjGblDXhNkZ7GUyLg2HQaQbsP5OvxUh0=\n"));
	free(out);
	/* handshake now, and in the future */
	dev->first_peer->last_handshake_sec = NOW;
	CAPTURE(out, wg_format_human(f, dev, NOW, false));
	CHECK(strstr(out, "  latest handshake: Now\n"));
	free(out);
	dev->first_peer->last_handshake_sec = NOW + 5;
	CAPTURE(out, wg_format_human(f, dev, NOW, false));
	CHECK(strstr(out, "  latest handshake: (System clock wound backward; connection problems may ensue.)\n"));
	free(out);
	wg_device_free(dev);
}

static void test_dump_and_fields(void)
{
	struct wg_device *dev = canned();
	char *out = NULL;

	CAPTURE(out, wg_format_dump(f, dev, false));
	CHECK_STR(out,
		  "EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08=\tp7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=\t51820\t0x1234\n"
		  "Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\t(none)\t[2001:db8::1]:443\t(none)\t0\t0\t0\toff\n"
		  "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\tXgna1SvhqhhbjGblDXhNkZ7GUyLg2HQaQbsP5OvxUh0=\t192.0.2.1:51820\t10.0.0.0/24,fd00::/64\t1799996275\t2048\t123456789\t25\n");
	free(out);
	CAPTURE(out, wg_format_field(f, dev, "allowed-ips", true));
	CHECK_STR(out,
		  "wg0\tOmf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\t(none)\n"
		  "wg0\t4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\t10.0.0.0/24 fd00::/64\n");
	free(out);
	/* the stock tool names the interface on the first endpoint only */
	CAPTURE(out, wg_format_field(f, dev, "endpoints", true));
	CHECK_STR(out,
		  "wg0\tOmf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\t[2001:db8::1]:443\n"
		  "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\t192.0.2.1:51820\n");
	free(out);
	CAPTURE(out, wg_format_field(f, dev, "transfer", false));
	CHECK_STR(out,
		  "Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\t0\t0\n"
		  "4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\t2048\t123456789\n");
	free(out);
	CAPTURE(out, wg_format_field(f, dev, "fwmark", false));
	CHECK_STR(out, "0x1234\n");
	free(out);
	CAPTURE(out, CHECK(!wg_format_field(f, dev, "bogus", false)));
	CHECK_STR(out, "");
	free(out);
	wg_device_free(dev);
}

static void test_showconf(void)
{
	struct wg_device *dev = canned();
	char *out = NULL;

	CAPTURE(out, wg_format_showconf(f, dev));
	CHECK_STR(out,
		  "[Interface]\n"
		  "ListenPort = 51820\n"
		  "FwMark = 0x1234\n"
		  "PrivateKey = EPrnM+ha6VJWqW1GYKPlIqWK4X+Ww+NhwBsSy2trU08=\n"
		  "\n"
		  "[Peer]\n"
		  "PublicKey = Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\n"
		  "Endpoint = [2001:db8::1]:443\n"
		  "\n"
		  "[Peer]\n"
		  "PublicKey = 4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\n"
		  "PresharedKey = Xgna1SvhqhhbjGblDXhNkZ7GUyLg2HQaQbsP5OvxUh0=\n"
		  "AllowedIPs = 10.0.0.0/24, fd00::/64\n"
		  "Endpoint = 192.0.2.1:51820\n"
		  "PersistentKeepalive = 25\n");
	free(out);
	wg_device_free(dev);
}

static void test_json_metrics(void)
{
	struct wg_device *devs[2] = { canned(), wg_device_new() };
	char *out = NULL;
	FILE *py;

	strcpy(devs[1]->name, "wg\"1");
	CAPTURE(out, wg_format_json(f, devs, NULL, 2));
	CHECK_STR(out,
		  "{\"schema\":2,\"interfaces\":[{\"name\":\"wg0\","
		  "\"public_key\":\"p7EyR+PM5yz0tgULPFwegjWygtoxOSHm0R/RF7KLKg0=\","
		  "\"has_private_key\":true,\"listen_port\":51820,\"fwmark\":4660,"
		  "\"counters\":null,\"peers\":[{\"public_key\":\"Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\","
		  "\"has_preshared_key\":false,\"endpoint\":\"[2001:db8::1]:443\","
		  "\"allowed_ips\":[],\"latest_handshake\":0,\"rx_bytes\":0,"
		  "\"tx_bytes\":0,\"persistent_keepalive\":0,"
		  "\"counters\":null,\"last_failed_handshake\":null},"
		  "{\"public_key\":\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\","
		  "\"has_preshared_key\":true,\"endpoint\":\"192.0.2.1:51820\","
		  "\"allowed_ips\":[\"10.0.0.0/24\",\"fd00::/64\"],"
		  "\"latest_handshake\":1799996275,\"rx_bytes\":2048,"
		  "\"tx_bytes\":123456789,\"persistent_keepalive\":25,"
		  "\"counters\":null,\"last_failed_handshake\":null}]},"
		  "{\"name\":\"wg\\\"1\",\"public_key\":null,\"has_private_key\":false,"
		  "\"listen_port\":0,\"fwmark\":0,\"counters\":null,\"peers\":[]}]}\n");
	/* no secret ever in JSON */
	CHECK(!strstr(out, K1) && !strstr(out, PSK));
	py = popen("python3 -c 'import json,sys; d=json.load(sys.stdin); "
		   "sys.exit(0 if d[\"interfaces\"][0][\"peers\"][1][\"rx_bytes\"]==2048 else 1)' "
		   "2>/dev/null", "w");
	if (py) {
		fputs(out, py);
		CHECK(pclose(py) == 0 || system("command -v python3 >/dev/null") != 0);
	}
	free(out);

	CAPTURE(out, wg_format_metrics(f, devs, NULL, 2));
	CHECK(!strstr(out, K1) && !strstr(out, PSK));
	CHECK(strstr(out, "# TYPE wireguard_device_peers gauge\n"
			  "wireguard_device_peers{interface=\"wg0\"} 2\n"
			  "wireguard_device_peers{interface=\"wg\\\"1\"} 0\n"));
	CHECK(strstr(out, "wireguard_device_listen_port{interface=\"wg0\"} 51820\n"));
	CHECK(strstr(out, "# TYPE wireguard_peer_receive_bytes_total counter\n"
			  "wireguard_peer_receive_bytes_total{interface=\"wg0\",public_key=\"Omf2bqs+7VJnbrjv94NXIgxMS7qQ26AqPHvAKsIQfjA=\"} 0\n"
			  "wireguard_peer_receive_bytes_total{interface=\"wg0\",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\"} 2048\n"));
	CHECK(strstr(out, "wireguard_peer_transmit_bytes_total{interface=\"wg0\",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\"} 123456789\n"));
	CHECK(strstr(out, "wireguard_peer_latest_handshake_seconds{interface=\"wg0\",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\"} 1799996275\n"));
	CHECK(strstr(out, "wireguard_peer_persistent_keepalive_seconds{interface=\"wg0\",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\"} 25\n"));
	CHECK(strstr(out, "wireguard_peer_allowed_ips{interface=\"wg0\",public_key=\"4Bob6bKMkCYsVkr14IyfMUoS3s8D1ocO25my5kmBpiM=\"} 2\n"));
	/* each family's HELP and TYPE exactly once */
	{
		const char *p = out;
		int n = 0;

		while ((p = strstr(p, "# TYPE ")))
			++n, ++p;
		CHECK(n == 7);
	}
	free(out);
	wg_device_free(devs[0]);
	wg_device_free(devs[1]);
}

int main(void)
{
	test_units();
	test_human();
	test_dump_and_fields();
	test_showconf();
	test_json_metrics();
	return check_report("test_format");
}
