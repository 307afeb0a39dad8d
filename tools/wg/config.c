// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration file format and the `wg set` argument list. Both build
 * a struct wg_device describing a change; neither talks to the kernel, so
 * the file parser is a pure function of its input lines (the resolver is
 * a plug) and a fuzzer can drive it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "encoding.h"

static void set_msg(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_msg(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static void add_msg(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_msg(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; ++s)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool wg_parse_port(uint16_t *port, const char *value, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	int ret;

	if (all_digits(value)) {
		unsigned long v;

		errno = 0;
		v = strtoul(value, NULL, 10);
		/* The stock tool wraps 99999 to 34463 silently; refuse. */
		if (errno || v > 65535) {
			set_msg(err, errlen,
				"Listen port is not in the range 0-65535: `%s'",
				value);
			return false;
		}
		*port = (uint16_t)v;
		return true;
	}
	/* A service name, as the stock tool accepts through getaddrinfo. */
	ret = getaddrinfo(NULL, value, &hints, &res);
	if (ret || !res) {
		set_msg(err, errlen, "%s: `%s'",
			ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret),
			value);
		return false;
	}
	if (res->ai_family == AF_INET)
		*port = ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port);
	else
		*port = ntohs(((struct sockaddr_in6 *)res->ai_addr)->sin6_port);
	freeaddrinfo(res);
	return true;
}

bool wg_parse_fwmark(uint32_t *mark, const char *value, char *err,
		     size_t errlen)
{
	unsigned long long v;
	char *end;

	if (!strcasecmp(value, "off")) {
		*mark = 0;
		return true;
	}
	if (!isdigit((unsigned char)value[0]))
		goto bad;
	errno = 0;
	v = strtoull(value, &end, 0);
	if (errno || *end || v > 0xffffffffULL)
		goto bad;
	*mark = (uint32_t)v;
	return true;
bad:
	set_msg(err, errlen,
		"Fwmark is neither 0/off nor 0-0xffffffff: `%s'", value);
	return false;
}

bool wg_parse_keepalive(uint16_t *ka, const char *value, char *err,
			size_t errlen)
{
	unsigned long v;
	char *end;

	if (!strcasecmp(value, "off")) {
		*ka = 0;
		return true;
	}
	if (!isdigit((unsigned char)value[0]))
		goto bad;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || *end || v > 65535)
		goto bad;
	*ka = (uint16_t)v;
	return true;
bad:
	set_msg(err, errlen,
		"Persistent keepalive interval is neither 0/off nor 1-65535: `%s'",
		value);
	return false;
}

static const char *resolve_with(struct wg_endpoint *ep, const char *host,
				const char *port, int flags)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_DGRAM,
				  .ai_protocol = IPPROTO_UDP,
				  .ai_flags = flags };
	struct addrinfo *res = NULL;
	const char *env = getenv("WG_ENDPOINT_RESOLUTION_RETRIES");
	int ret, tries, max_tries = 15;

	if (env && !strcmp(env, "infinity"))
		max_tries = -1;
	else if (env && isdigit((unsigned char)env[0]))
		max_tries = atoi(env);
	if (flags & AI_NUMERICHOST)
		max_tries = 0;

	/* A resolver still coming up (boot, link not yet up) says "try
	 * again": retry once a second, WG_ENDPOINT_RESOLUTION_RETRIES times
	 * (default 15, or "infinity"), like the stock tool. */
	for (tries = 0;; ++tries) {
		ret = getaddrinfo(host, port, &hints, &res);
		if (ret != EAI_AGAIN || (max_tries >= 0 && tries >= max_tries))
			break;
		sleep(1);
	}
	if (ret || !res)
		return ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret);
	if ((res->ai_family == AF_INET &&
	     res->ai_addrlen == sizeof(struct sockaddr_in)) ||
	    (res->ai_family == AF_INET6 &&
	     res->ai_addrlen == sizeof(struct sockaddr_in6))) {
		memset(ep, 0, sizeof(*ep));
		memcpy(&ep->addr, res->ai_addr, res->ai_addrlen);
		freeaddrinfo(res);
		return NULL;
	}
	freeaddrinfo(res);
	return "Neither IPv4 nor IPv6 address found";
}

const char *wg_resolve_getaddrinfo(struct wg_endpoint *ep, const char *host,
				   const char *port)
{
	return resolve_with(ep, host, port, AI_ADDRCONFIG);
}

const char *wg_resolve_numeric(struct wg_endpoint *ep, const char *host,
			       const char *port)
{
	return resolve_with(ep, host, port, AI_NUMERICHOST | AI_NUMERICSERV);
}

bool wg_parse_endpoint(struct wg_endpoint *ep, const char *value,
		       wg_resolve_fn resolve, char *err, size_t errlen)
{
	char *copy, *host, *port;
	const char *msg;

	if (!*value) {
		set_msg(err, errlen, "Unable to parse empty endpoint");
		return false;
	}
	copy = strdup(value);
	if (!copy) {
		set_msg(err, errlen, "%s", strerror(errno));
		return false;
	}
	if (copy[0] == '[') {
		char *close = strchr(copy, ']');

		host = copy + 1;
		if (!close || close[1] != ':' || !close[2]) {
			set_msg(err, errlen,
				"Unable to find port of endpoint: `%s'", value);
			free(copy);
			return false;
		}
		*close = '\0';
		port = close + 2;
	} else {
		port = strrchr(copy, ':');
		host = copy;
		if (!port || !port[1]) {
			set_msg(err, errlen,
				"Unable to find port of endpoint: `%s'", value);
			free(copy);
			return false;
		}
		*port++ = '\0';
	}
	msg = resolve(ep, host, port);
	if (msg)
		set_msg(err, errlen, "%s: `%s'", msg, value);
	free(copy);
	return !msg;
}

/* One "ip[/cidr]" entry; "+" or "-" in front is for `set` only. */
static bool parse_one_allowedip(struct wg_peer *peer, char *entry, bool in_set,
				bool *incremental, char *err, size_t errlen,
				char *warn, size_t warnlen)
{
	struct wg_allowedip *a;
	struct wg_allowedip tmp = { 0 };
	uint32_t flags = 0;
	char *slash, *ip = entry;
	unsigned int max, i;
	unsigned long cidr;
	uint8_t *bytes;

	if (in_set && (*ip == '+' || *ip == '-')) {
		if (*ip == '-')
			flags = WGALLOWEDIP_REMOVE_ME;
		*incremental = true;
		++ip;
	}
	slash = strchr(ip, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, ip, &tmp.ip4) == 1) {
		tmp.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, ip, &tmp.ip6) == 1) {
		tmp.family = AF_INET6;
		max = 128;
	} else {
		set_msg(err, errlen, "Unable to parse IP address: `%s'", ip);
		return false;
	}
	cidr = max;
	if (slash) {
		char *end;

		if (!isdigit((unsigned char)slash[1]))
			goto bad_cidr;
		cidr = strtoul(slash + 1, &end, 10);
		if (*end || cidr > max)
			goto bad_cidr;
	}
	tmp.cidr = (uint8_t)cidr;
	/* A host part under the mask is legal but usually a typo. */
	bytes = tmp.family == AF_INET ? (uint8_t *)&tmp.ip4 :
					(uint8_t *)&tmp.ip6;
	for (i = 0; i < max / 8; ++i) {
		unsigned int keep = cidr >= (i + 1) * 8 ? 8 :
				    cidr > i * 8 ? cidr - i * 8 : 0;
		uint8_t mask = keep ? (uint8_t)(0xff << (8 - keep)) : 0;

		if (bytes[i] & ~mask) {
			add_msg(warn, warnlen,
				"Warning: AllowedIP has nonzero host part: %s/%lu\n",
				ip, cidr);
			break;
		}
	}
	a = wg_peer_add_allowedip(peer);
	a->family = tmp.family;
	a->ip6 = tmp.ip6;	/* the union: copies ip4 too */
	a->cidr = tmp.cidr;
	a->flags = flags;
	return true;
bad_cidr:
	*slash = '/';
	set_msg(err, errlen, "AllowedIP is not in the correct format: `%s'", ip);
	return false;
}

bool wg_parse_allowedips(struct wg_peer *peer, const char *value, bool in_set,
			 char *err, size_t errlen, char *warn, size_t warnlen)
{
	char *copy, *rest, *entry;
	bool incremental = false, ok = true;

	if (in_set)
		peer->flags |= WGPEER_REPLACE_ALLOWEDIPS;
	if (!*value)
		return true;
	copy = strdup(value);
	if (!copy) {
		set_msg(err, errlen, "%s", strerror(errno));
		return false;
	}
	/* Empty entries ("a,,b" or a trailing comma) are errors, as stock. */
	rest = copy;
	while ((entry = strsep(&rest, ",")) != NULL) {
		char *e;

		/* set arguments may carry spaces around commas */
		while (isspace((unsigned char)*entry))
			++entry;
		e = entry + strlen(entry);
		while (e > entry && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!parse_one_allowedip(peer, entry, in_set, &incremental,
					 err, errlen, warn, warnlen)) {
			ok = false;
			break;
		}
	}
	free(copy);
	/* "+a,-b" edits the list instead of replacing it; set.c resolves
	 * the edit against the current list. */
	if (incremental) {
		peer->flags &= ~WGPEER_REPLACE_ALLOWEDIPS;
		peer->flags |= WGPEER_INCREMENTAL_IPS;
	}
	return ok;
}

void wg_config_begin(struct wg_config_ctx *ctx, bool is_setconf,
		     wg_resolve_fn resolve)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->dev = wg_device_new();
	ctx->is_setconf = is_setconf;
	ctx->resolve = resolve ? resolve : wg_resolve_getaddrinfo;
	if (is_setconf)
		ctx->dev->flags |= WGDEV_REPLACE_PEERS | WGDEV_HAS_PRIVATE_KEY |
				   WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK;
}

static bool parse_key_value(struct wg_config_ctx *ctx, const char *key,
			    const char *value)
{
	struct wg_device *dev = ctx->dev;
	struct wg_peer *peer = ctx->peer;
	char *err = ctx->err;
	size_t el = sizeof(ctx->err);

	if (ctx->in_interface) {
		if (!strcasecmp(key, "ListenPort")) {
			if (!wg_parse_port(&dev->listen_port, value, err, el))
				return false;
			dev->flags |= WGDEV_HAS_LISTEN_PORT;
			return true;
		}
		if (!strcasecmp(key, "FwMark")) {
			if (!wg_parse_fwmark(&dev->fwmark, value, err, el))
				return false;
			dev->flags |= WGDEV_HAS_FWMARK;
			return true;
		}
		if (!strcasecmp(key, "PrivateKey")) {
			if (!wg_key_from_string(dev->private_key, value))
				goto bad_key;
			dev->flags |= WGDEV_HAS_PRIVATE_KEY;
			return true;
		}
	} else if (ctx->in_peer) {
		if (!strcasecmp(key, "PublicKey")) {
			if (!wg_key_from_string(peer->public_key, value))
				goto bad_key;
			peer->flags |= WGPEER_HAS_PUBLIC_KEY;
			return true;
		}
		if (!strcasecmp(key, "PresharedKey")) {
			if (!wg_key_from_string(peer->preshared_key, value))
				goto bad_key;
			peer->flags |= WGPEER_HAS_PRESHARED_KEY;
			return true;
		}
		if (!strcasecmp(key, "AllowedIPs"))
			return wg_parse_allowedips(peer, value, false, err, el,
						   ctx->warn,
						   sizeof(ctx->warn));
		if (!strcasecmp(key, "Endpoint"))
			return wg_parse_endpoint(&peer->endpoint, value,
						 ctx->resolve, err, el);
		if (!strcasecmp(key, "PersistentKeepalive")) {
			if (!wg_parse_keepalive(&peer->keepalive, value, err,
						el))
				return false;
			peer->flags |= WGPEER_HAS_KEEPALIVE;
			return true;
		}
	}
	return false;	/* caller reports the line */
bad_key:
	set_msg(err, el, "Key is not the correct length or format: `%s'",
		value);
	return false;
}

bool wg_config_read_line(struct wg_config_ctx *ctx, const char *line)
{
	char buf[4096], *eq;
	size_t n = 0;
	const char *p;
	bool ok;

	/* Whitespace is insignificant anywhere; '#' starts a comment. */
	for (p = line; *p && *p != '#' && *p != '\n'; ++p) {
		if (isspace((unsigned char)*p))
			continue;
		if (n + 1 >= sizeof(buf)) {
			set_msg(ctx->err, sizeof(ctx->err), "Line too long");
			return false;
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (!n)
		return true;

	if (!strcasecmp(buf, "[Interface]")) {
		ctx->in_interface = true;
		ctx->in_peer = false;
		ctx->peer = NULL;
		return true;
	}
	if (!strcasecmp(buf, "[Peer]")) {
		ctx->in_interface = false;
		ctx->in_peer = true;
		ctx->peer = wg_device_add_peer(ctx->dev);
		/* a file always gives a peer its whole list */
		ctx->peer->flags |= WGPEER_REPLACE_ALLOWEDIPS;
		return true;
	}
	ctx->err[0] = '\0';
	eq = strchr(buf, '=');
	/* "Key =" with nothing after it is not a line the format knows. */
	ok = eq && eq != buf && eq[1];
	if (ok) {
		*eq = '\0';
		ok = parse_key_value(ctx, buf, eq + 1);
		*eq = '=';
	}
	if (!ok && !ctx->err[0])
		set_msg(ctx->err, sizeof(ctx->err), "Line unrecognized: `%s'",
			buf);
	wg_memzero_explicit(buf, sizeof(buf));
	return ok;
}

struct wg_device *wg_config_finish(struct wg_config_ctx *ctx)
{
	struct wg_device *dev = ctx->dev;
	struct wg_peer *peer;

	for_each_peer(dev, peer) {
		if (!(peer->flags & WGPEER_HAS_PUBLIC_KEY)) {
			set_msg(ctx->err, sizeof(ctx->err),
				"A peer is missing a public key");
			wg_config_abort(ctx);
			return NULL;
		}
	}
	ctx->dev = NULL;
	ctx->peer = NULL;
	return dev;
}

void wg_config_abort(struct wg_config_ctx *ctx)
{
	wg_device_free(ctx->dev);
	ctx->dev = NULL;
	ctx->peer = NULL;
}

struct wg_device *wg_config_read_file(FILE *f, bool is_setconf)
{
	struct wg_config_ctx ctx;
	struct wg_device *dev;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool ok = true;

	wg_config_begin(&ctx, is_setconf, NULL);
	while ((len = getline(&line, &cap, f)) >= 0) {
		ok = wg_config_read_line(&ctx, line);
		wg_memzero_explicit(line, (size_t)len);
		if (!ok)
			break;
	}
	if (line) {
		wg_memzero_explicit(line, cap);
		free(line);
	}
	fputs(ctx.warn, stderr);
	if (!ok) {
		fprintf(stderr, "%s\nConfiguration parsing error\n", ctx.err);
		wg_config_abort(&ctx);
		return NULL;
	}
	dev = wg_config_finish(&ctx);
	if (!dev)
		fprintf(stderr, "%s\nInvalid configuration\n", ctx.err);
	return dev;
}

bool wg_read_key_file(uint8_t key[WG_KEY_LEN], const char *path, bool *empty)
{
	char buf[256];
	struct stat st;
	size_t n, len, i;
	FILE *f;
	bool ok = false;

	f = fopen(path, "r");
	if (!f) {
		perror("fopen");
		return false;
	}
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)))
		fprintf(stderr,
			"Warning: `%s' is %s readable by group or others; "
			"consider chmod 600\n",
			path, (st.st_mode & S_IRWXO) ? "world" : "group");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	*empty = false;
	if (!n) {
		/* An empty file means "no key", as with the stock tool. */
		memset(key, 0, WG_KEY_LEN);
		*empty = true;
		return true;
	}
	len = n;
	while (len && isspace((unsigned char)buf[len - 1]))
		--len;
	if (len == WG_KEY_LEN_HEX - 1) {
		/* Our extension: a hex key, as the UAPI uses. */
		buf[len] = '\0';
		if (wg_key_from_hex(key, buf)) {
			ok = true;
			goto out;
		}
	}
	if (n < WG_KEY_LEN_BASE64 - 1) {
		fprintf(stderr, "Invalid length key in key file\n");
		goto out;
	}
	for (i = WG_KEY_LEN_BASE64 - 1; i < n; ++i) {
		if (!isspace((unsigned char)buf[i])) {
			fprintf(stderr,
				"Found trailing character in key file: `%c'\n",
				buf[i]);
			goto out;
		}
	}
	buf[WG_KEY_LEN_BASE64 - 1] = '\0';
	ok = wg_key_from_base64(key, buf);
	if (!ok)
		fprintf(stderr, "Key is not the correct length or format: `%s'\n",
			buf);
out:
	wg_memzero_explicit(buf, sizeof(buf));
	return ok;
}

struct wg_device *wg_config_from_args(int argc, char *argv[],
				      wg_resolve_fn resolve)
{
	struct wg_device *dev = wg_device_new();
	struct wg_peer *peer = NULL;
	char err[512] = "", warn[1024] = "";
	bool empty;

	if (!resolve)
		resolve = wg_resolve_getaddrinfo;
	while (argc > 0) {
		const char *opt = argv[0], *val = argc > 1 ? argv[1] : NULL;

		if (!peer && !strcmp(opt, "listen-port") && val) {
			if (!wg_parse_port(&dev->listen_port, val, err,
					   sizeof(err)))
				goto fail;
			dev->flags |= WGDEV_HAS_LISTEN_PORT;
		} else if (!peer && !strcmp(opt, "fwmark") && val) {
			if (!wg_parse_fwmark(&dev->fwmark, val, err,
					     sizeof(err)))
				goto fail;
			dev->flags |= WGDEV_HAS_FWMARK;
		} else if (!peer && !strcmp(opt, "private-key") && val) {
			if (!wg_read_key_file(dev->private_key, val, &empty))
				goto fail_printed;
			dev->flags |= WGDEV_HAS_PRIVATE_KEY;
		} else if (!strcmp(opt, "peer") && val) {
			peer = wg_device_add_peer(dev);
			if (!wg_key_from_string(peer->public_key, val)) {
				snprintf(err, sizeof(err),
					 "Key is not the correct length or format: `%s'",
					 val);
				goto fail;
			}
			peer->flags |= WGPEER_HAS_PUBLIC_KEY;
		} else if (peer && !strcmp(opt, "remove")) {
			peer->flags |= WGPEER_REMOVE_ME;
			argv += 1;
			argc -= 1;
			continue;
		} else if (peer && !strcmp(opt, "update-only")) {
			peer->flags |= WGPEER_UPDATE_ONLY;
			argv += 1;
			argc -= 1;
			continue;
		} else if (peer && !strcmp(opt, "endpoint") && val) {
			if (!wg_parse_endpoint(&peer->endpoint, val, resolve,
					       err, sizeof(err)))
				goto fail;
		} else if (peer && !strcmp(opt, "allowed-ips") && val) {
			if (!wg_parse_allowedips(peer, val, true, err,
						 sizeof(err), warn,
						 sizeof(warn)))
				goto fail;
		} else if (peer && !strcmp(opt, "persistent-keepalive") && val) {
			if (!wg_parse_keepalive(&peer->keepalive, val, err,
						sizeof(err)))
				goto fail;
			peer->flags |= WGPEER_HAS_KEEPALIVE;
		} else if (peer && !strcmp(opt, "preshared-key") && val) {
			if (!wg_read_key_file(peer->preshared_key, val, &empty))
				goto fail_printed;
			peer->flags |= WGPEER_HAS_PRESHARED_KEY;
		} else {
			fprintf(stderr, "Invalid argument: %s\n", opt);
			goto fail_printed;
		}
		argv += 2;
		argc -= 2;
	}
	fputs(warn, stderr);
	return dev;
fail:
	fputs(warn, stderr);
	fprintf(stderr, "%s\n", err);
fail_printed:
	wg_device_free(dev);
	return NULL;
}
