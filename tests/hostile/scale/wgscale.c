// SPDX-License-Identifier: GPL-2.0
/*
 * wgscale: the many-peers configuration of tests/vm/hostile/scale.sh, made
 * fast enough for an emulated guest (bash would take minutes).
 *
 *   wgscale gen SEED PEERS IPS [noips]  > conf   a `wg setconf` file
 *   wgscale norm [sorted] < conf        > lines  one line per peer
 *   wgscale slab                                 bytes in use in every slab
 *
 * gen: an [Interface] with a private key and a listen port, then PEERS
 * peers sharing IPS allowed IPs (a mix of IPv4 and IPv6, lengths /8../32
 * and /16../128, nested in a few address blocks so the trie has real
 * joins, all distinct and masked so they read back as written). Public
 * keys are 32 random bytes (wg accepts any 32 bytes; the module only ever
 * uses them as a Diffie-Hellman input); one peer in 3 has a preshared key,
 * one in 2 an IPv4 or IPv6 endpoint, one in 4 a persistent keepalive; a
 * fifth of the allowed IPs go to 20 "site" peers (about a thousand each),
 * the rest a few per peer at random (some peers get none).
 * "noips" writes the same peers without their allowed IPs.
 *
 * norm: reads a configuration (ours, or `wg showconf` output) and writes
 * the interface as one line and each peer as one line: public key, then
 * preshared key, endpoint, keepalive and allowed IPs in canonical text, in
 * the order read; with "sorted" the allowed IPs of each peer and then the
 * peer lines are sorted, so two configurations can be compared whatever
 * order a module dumps them in.
 *
 * slab: each cache of /proc/slabinfo with the bytes its active objects
 * take (active objects times object size), one "name bytes" line each.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed, fast */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void b64(const unsigned char *in, char out[45])
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int i, o = 0;

	for (i = 0; i < 30; i += 3) {
		uint32_t v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		out[o++] = t[v >> 18];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = t[(v >> 6) & 63];
		out[o++] = t[v & 63];
	}
	{
		uint32_t v = in[30] << 16 | in[31] << 8;

		out[o++] = t[v >> 18];
		out[o++] = t[(v >> 12) & 63];
		out[o++] = t[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = 0;
}

static void key(char out[45], int clamp)
{
	unsigned char k[32];
	int i;

	for (i = 0; i < 32; ++i)
		k[i] = (unsigned char)rnd();
	if (clamp) {
		k[0] &= 248;
		k[31] = (k[31] & 127) | 64;
	}
	b64(k, out);
}

/* ------------------------------------------------------------ prefixes */

struct prefix {
	unsigned char fam, cidr, bits[16];
};

static void mask(unsigned char *b, int cidr, int bytes)
{
	int i;

	for (i = 0; i < bytes; ++i) {
		if (cidr >= 8 * (i + 1))
			continue;
		if (cidr > 8 * i)
			b[i] &= (unsigned char)(0xff << (8 - (cidr - 8 * i)));
		else
			b[i] = 0;
	}
}

static void random_prefix(struct prefix *p)
{
	static const unsigned char v4base[][4] = {
		{ 10, 0, 0, 0 }, { 172, 16, 0, 0 }, { 100, 64, 0, 0 }, { 192, 168, 0, 0 },
	};
	static const unsigned char v6base[][4] = {
		{ 0xfd, 0x00, 0x00, 0x00 }, { 0x20, 0x01, 0x0d, 0xb8 }, { 0x2a, 0x02, 0x00, 0x00 },
	};
	uint64_t r = rnd();
	int i, keep;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 16; ++i)
		p->bits[i] = (unsigned char)rnd();
	if (r % 5 < 3) {
		p->fam = 4;
		r /= 5;
		switch (r % 10) {
		case 0: p->cidr = 8 + rnd() % 16; break;
		case 1: case 2: p->cidr = 24; break;
		case 3: p->cidr = 25 + rnd() % 7; break;
		default: p->cidr = 32; break;
		}
		memcpy(p->bits, v4base[rnd() % 4], 2);
		keep = 12;
	} else {
		p->fam = 6;
		r /= 5;
		switch (r % 10) {
		case 0: p->cidr = 16 + rnd() % 32; break;
		case 1: case 2: p->cidr = 64; break;
		case 3: p->cidr = 48 + rnd() % 16; break;
		case 4: p->cidr = 65 + rnd() % 63; break;
		default: p->cidr = 128; break;
		}
		memcpy(p->bits, v6base[rnd() % 3], 4);
		keep = 20;
	}
	/* Blocks shared by many prefixes, so they nest and branch. */
	if (keep < p->cidr && rnd() % 2)
		p->bits[keep / 8] &= 0xf0;
	mask(p->bits, p->cidr, p->fam == 4 ? 4 : 16);
	if (p->fam == 4)
		memset(p->bits + 4, 0, 12);	/* compared whole when deduplicating */
}

static uint64_t prefix_hash(const struct prefix *p)
{
	uint64_t h = 1469598103934665603ULL;
	int i;

	h = (h ^ p->fam) * 1099511628211ULL;
	h = (h ^ p->cidr) * 1099511628211ULL;
	for (i = 0; i < 16; ++i)
		h = (h ^ p->bits[i]) * 1099511628211ULL;
	return h;
}

static void format_prefix(const struct prefix *p, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->fam == 4 ? AF_INET : AF_INET6, p->bits, a, sizeof(a));
	snprintf(out, len, "%s/%u", a, p->cidr);
}

static int gen(unsigned long seed, long peers, long ips, int noips)
{
	struct prefix *all, **set;
	long i, j, n, setsize, *count;
	char k[45], buf[64];

	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	if (peers < 1 || ips < 0)
		return 2;
	all = calloc(ips ? ips : 1, sizeof(*all));
	setsize = 4;
	while (setsize < 2 * ips)
		setsize *= 2;
	set = calloc(setsize, sizeof(*set));
	count = calloc(peers, sizeof(*count));
	if (!all || !set || !count)
		return 2;
	for (n = 0; n < ips;) {
		uint64_t h;

		random_prefix(&all[n]);
		h = prefix_hash(&all[n]);
		for (j = h & (setsize - 1); set[j]; j = (j + 1) & (setsize - 1))
			if (!memcmp(set[j], &all[n], sizeof(all[n])))
				break;
		if (set[j])
			continue;	/* drawn before */
		set[j] = &all[n++];
	}
	/*
	 * Split the IPs unevenly: most peers get a handful, a few get
	 * hundreds (a site-to-site peer routing many networks), some none.
	 */
	for (i = 0; i < ips; ++i) {
		uint64_t r = rnd();
		long p = (r % 100 < 20) ? (long)((rnd() % 20) * (peers / 20 ? peers / 20 : 1)) % peers
					 : (long)(rnd() % peers);
		count[p]++;
	}

	key(k, 1);
	printf("[Interface]\nPrivateKey = %s\nListenPort = 51820\n", k);
	n = 0;
	for (i = 0; i < peers; ++i) {
		uint64_t r = rnd();

		key(k, 0);
		printf("\n[Peer]\nPublicKey = %s\n", k);
		if (r % 3 == 0) {
			key(k, 0);
			printf("PresharedKey = %s\n", k);
		}
		if (count[i] && !noips) {
			printf("AllowedIPs = ");
			for (j = 0; j < count[i]; ++j) {
				format_prefix(&all[n + j], buf, sizeof(buf));
				printf("%s%s", j ? ", " : "", buf);
			}
			printf("\n");
		}
		n += count[i];
		r /= 3;
		if (r % 4 == 1)
			printf("Endpoint = 198.18.%u.%u:%u\n", (unsigned)(rnd() % 256),
			       (unsigned)(rnd() % 256), (unsigned)(1 + rnd() % 65535));
		else if (r % 4 == 2)
			printf("Endpoint = [2001:db8:%x::%x]:%u\n", (unsigned)(rnd() % 65536),
			       (unsigned)(rnd() % 65536), (unsigned)(1 + rnd() % 65535));
		r /= 4;
		if (r % 4 == 0)
			printf("PersistentKeepalive = %u\n", (unsigned)(1 + rnd() % 120));
	}
	free(all);
	free(set);
	free(count);
	return fflush(stdout) ? 1 : 0;
}

/* ---------------------------------------------------------------- norm */

struct peer {
	char *line;		/* everything but the allowed IPs */
	char **ips;
	long nips, cap;
};

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		++s;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* An allowed IP in the one canonical form inet_ntop gives. */
static char *canonical_ip(const char *s)
{
	char a[64], *slash, out[80];
	unsigned char bits[16];
	int fam;

	snprintf(a, sizeof(a), "%s", s);
	slash = strchr(a, '/');
	if (!slash)
		return NULL;
	*slash++ = 0;
	fam = strchr(a, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(fam, a, bits) != 1)
		return NULL;
	inet_ntop(fam, bits, out, sizeof(a));
	snprintf(out + strlen(out), sizeof(out) - strlen(out), "/%ld", strtol(slash, NULL, 10));
	return strdup(out);
}

/* [v6]:port in inet_ntop's form (the generator writes 2001:db8:0::1). */
static void canonical_endpoint(const char *v, char *out, size_t len)
{
	char a[64], *close;
	unsigned char bits[16];

	snprintf(out, len, "%s", v);
	if (v[0] != '[')
		return;
	snprintf(a, sizeof(a), "%s", v + 1);
	close = strchr(a, ']');
	if (!close)
		return;
	*close = 0;
	if (inet_pton(AF_INET6, a, bits) != 1)
		return;
	inet_ntop(AF_INET6, bits, a, sizeof(a));
	snprintf(out, len, "[%s]%s", a, strchr(v, ']') + 1);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmppeer(const void *a, const void *b)
{
	return strcmp(((const struct peer *)a)->line, ((const struct peer *)b)->line);
}

static int norm(int sorted)
{
	char line[1 << 16], *iface[16], cur[512] = "";
	int niface = 0;
	char pub[64] = "", psk[64] = "-", ep[96] = "-", ka[16] = "-";
	struct peer *peers = NULL, *p = NULL;
	long npeers = 0, cap = 0, i, j;
	int in_peer = 0;

#define FLUSH_PEER() do { \
		if (p) { \
			snprintf(cur, sizeof(cur), "%s psk=%s ep=%s ka=%s", pub, psk, ep, ka); \
			p->line = strdup(cur); \
		} \
	} while (0)

	while (fgets(line, sizeof(line), stdin)) {
		char *s = trim(line), *eq, *k, *v;

		if (!*s || *s == '#')
			continue;
		if (!strcmp(s, "[Peer]")) {
			FLUSH_PEER();
			if (npeers == cap) {
				cap = cap ? 2 * cap : 1024;
				peers = realloc(peers, cap * sizeof(*peers));
				if (!peers)
					return 2;
			}
			p = &peers[npeers++];
			memset(p, 0, sizeof(*p));
			strcpy(pub, "?");
			strcpy(psk, "-");
			strcpy(ep, "-");
			strcpy(ka, "-");
			in_peer = 1;
			continue;
		}
		if (!strcmp(s, "[Interface]"))
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, "wgscale norm: bad line '%s'\n", s);
			return 2;
		}
		*eq = 0;
		k = trim(s);
		v = trim(eq + 1);
		if (!in_peer) {
			if (niface == 16)
				return 2;
			snprintf(cur, sizeof(cur), "%s=%s", k, v);
			iface[niface++] = strdup(cur);
		} else if (!strcmp(k, "PublicKey")) {
			snprintf(pub, sizeof(pub), "%s", v);
		} else if (!strcmp(k, "PresharedKey")) {
			snprintf(psk, sizeof(psk), "%s", v);
		} else if (!strcmp(k, "Endpoint")) {
			canonical_endpoint(v, ep, sizeof(ep));
		} else if (!strcmp(k, "PersistentKeepalive")) {
			snprintf(ka, sizeof(ka), "%s", v);
		} else if (!strcmp(k, "AllowedIPs")) {
			char *save = NULL, *tok;

			for (tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				char *c = canonical_ip(trim(tok));

				if (!c) {
					fprintf(stderr, "wgscale norm: bad allowed IP '%s'\n", tok);
					return 2;
				}
				if (p->nips == p->cap) {
					p->cap = p->cap ? 2 * p->cap : 8;
					p->ips = realloc(p->ips, p->cap * sizeof(*p->ips));
					if (!p->ips)
						return 2;
				}
				p->ips[p->nips++] = c;
			}
		} else {
			fprintf(stderr, "wgscale norm: unknown key '%s'\n", k);
			return 2;
		}
	}
	FLUSH_PEER();
	qsort(iface, niface, sizeof(char *), cmpstr);
	fputs("interface", stdout);
	for (i = 0; i < niface; ++i)
		printf(" %s", iface[i]);
	putchar('\n');
	if (sorted) {
		for (i = 0; i < npeers; ++i)
			qsort(peers[i].ips, peers[i].nips, sizeof(char *), cmpstr);
		qsort(peers, npeers, sizeof(*peers), cmppeer);
	}
	for (i = 0; i < npeers; ++i) {
		fputs(peers[i].line, stdout);
		fputs(" ips=", stdout);
		for (j = 0; j < peers[i].nips; ++j)
			printf("%s%s", j ? "," : "", peers[i].ips[j]);
		putchar('\n');
	}
	return fflush(stdout) ? 1 : 0;
}

/* ---------------------------------------------------------------- slab */

static int slab(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	unsigned long active, num, size;
	char line[512], name[128];

	if (!f) {
		perror("/proc/slabinfo");
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %lu %lu %lu", name, &active, &num, &size) != 4)
			continue;
		printf("%s %llu\n", name, (unsigned long long)active * size);
	}
	fclose(f);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "gen"))
		return gen(strtoul(argv[2], NULL, 0), strtol(argv[3], NULL, 0),
			   strtol(argv[4], NULL, 0), argc > 5 && !strcmp(argv[5], "noips"));
	if (argc >= 2 && !strcmp(argv[1], "norm"))
		return norm(argc > 2 && !strcmp(argv[2], "sorted"));
	if (argc == 2 && !strcmp(argv[1], "slab"))
		return slab();
	fprintf(stderr, "usage: wgscale gen SEED PEERS IPS [noips] | norm [sorted] | slab\n");
	return 2;
}
