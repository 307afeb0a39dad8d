/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_CONFIG_H
#define WG_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "containers.h"

/*
 * Turns "host:port" or "[v6]:port" into a socket address; returns NULL on
 * success or the message to print. The default resolves names once with
 * getaddrinfo; the fuzzer and tests plug in a numeric-only one.
 */
typedef const char *(*wg_resolve_fn)(struct wg_endpoint *ep, const char *host,
				     const char *port);

/*
 * A pure line-oriented parser of the configuration file: feed it lines,
 * then finish. It never prints: errors land in err[] with the stock
 * tool's wording, quoting the bad value, and warnings in warn[].
 */
struct wg_config_ctx {
	struct wg_device *dev;
	struct wg_peer *peer;
	bool in_interface, in_peer;
	bool is_setconf;	/* setconf/syncconf: values default to zero */
	wg_resolve_fn resolve;
	char err[512];
	char warn[1024];
};

void wg_config_begin(struct wg_config_ctx *ctx, bool is_setconf,
		     wg_resolve_fn resolve);
bool wg_config_read_line(struct wg_config_ctx *ctx, const char *line);
/* Returns the device (owned by the caller) or NULL with err[] set. */
struct wg_device *wg_config_finish(struct wg_config_ctx *ctx);
/* Frees what a failed parse left behind. */
void wg_config_abort(struct wg_config_ctx *ctx);
/* Reads a whole file through the parser; prints errors like the stock tool. */
struct wg_device *wg_config_read_file(FILE *f, bool is_setconf);

/* `wg set` arguments (after the interface name); NULL on error, printed. */
struct wg_device *wg_config_from_args(int argc, char *argv[],
				      wg_resolve_fn resolve);

/* Value parsers shared by both front ends (return false, err filled). */
const char *wg_resolve_getaddrinfo(struct wg_endpoint *ep, const char *host,
				   const char *port);
const char *wg_resolve_numeric(struct wg_endpoint *ep, const char *host,
			       const char *port);
bool wg_parse_endpoint(struct wg_endpoint *ep, const char *value,
		       wg_resolve_fn resolve, char *err, size_t errlen);
bool wg_parse_allowedips(struct wg_peer *peer, const char *value, bool in_set,
			 char *err, size_t errlen, char *warn, size_t warnlen);
bool wg_parse_port(uint16_t *port, const char *value, char *err, size_t errlen);
bool wg_parse_fwmark(uint32_t *mark, const char *value, char *err, size_t errlen);
bool wg_parse_keepalive(uint16_t *ka, const char *value, char *err,
			size_t errlen);
/* Reads a key from a file as `set private-key FILE` does; warns when the
 * file is readable by group or others. */
bool wg_read_key_file(uint8_t key[WG_KEY_LEN], const char *path, bool *empty);

#endif
