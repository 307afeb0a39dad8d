// SPDX-License-Identifier: GPL-2.0
/* show and showconf: read devices over ipc, print with format.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "ipc.h"
#include "stats.h"
#include "subcommands.h"

static void show_usage(void)
{
	fprintf(stderr,
		"Usage: %s show { <interface> | all | interfaces } [public-key | private-key | listen-port | fwmark | peers | preshared-keys | endpoints | allowed-ips | latest-handshakes | transfer | persistent-keepalive | dump]\n",
		wg_prog_name);
}

static bool use_color(void)
{
	const char *mode = getenv("WG_COLOR_MODE");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	return isatty(STDOUT_FILENO);
}

static bool show_keys(void)
{
	const char *v = getenv("WG_HIDE_KEYS");

	return v && !strcmp(v, "never");
}

static bool is_our_format(const char *field)
{
	return !strcmp(field, "json") || !strcmp(field, "metrics") ||
	       !strcmp(field, "counters");
}

/* Appends ", name" (or "name") to a growing list for one message. */
static void add_name(char **list, size_t *len, const char *name)
{
	size_t n = strlen(name);

	*list = realloc(*list, *len + n + 3);
	if (!*list) {
		perror("realloc");
		exit(1);
	}
	if (*len) {
		memcpy(*list + *len, ", ", 2);
		*len += 2;
	}
	memcpy(*list + *len, name, n + 1);
	*len += n;
}

/*
 * The per-reason counters of each device, for counters, json and metrics:
 * stats[i] is NULL where there are none. Why there are none is said once
 * per run on stderr, naming every interface concerned, so a scrape of
 * `all` does not repeat it per device. Returns 1 if reading failed for a
 * reason other than "not provided", else 0.
 */
static int read_counters(struct wg_device *const *devs, size_t n,
			 struct wg_stats **stats)
{
	char *absent = NULL, *userspace = NULL;
	size_t absent_len = 0, userspace_len = 0, i;
	int ret = 0, err;

	for (i = 0; i < n; ++i) {
		stats[i] = NULL;
		if (wg_ipc_is_userspace(devs[i]->name)) {
			add_name(&userspace, &userspace_len, devs[i]->name);
			continue;
		}
		err = wg_stats_get(&stats[i], devs[i]->name);
		if (err == 1) {
			add_name(&absent, &absent_len, devs[i]->name);
		} else if (err) {
			const char *msg = wg_ipc_last_message();

			fprintf(stderr, "Unable to read the counters of interface %s: %s\n",
				devs[i]->name, strerror(-err));
			if (msg[0])
				fprintf(stderr, "Kernel says: %s\n", msg);
			ret = 1;
		}
	}
	if (absent)
		fprintf(stderr, "wg: per-reason counters are not available on %s: the loaded wireguard module does not provide them (the in-tree module has only the transfer counters)\n",
			absent);
	if (userspace)
		fprintf(stderr, "wg: per-reason counters are not available on %s: a userspace WireGuard implementation does not provide them (only this project's kernel module does)\n",
			userspace);
	free(absent);
	free(userspace);
	return ret;
}

/* counters, json and metrics of devs; 1 if a device's counters failed. */
static int show_counted(struct wg_device *const *devs, size_t n,
			const char *field)
{
	struct wg_stats **stats = calloc(n ? n : 1, sizeof(*stats));
	size_t i;
	int ret;

	if (!stats) {
		perror("calloc");
		exit(1);
	}
	ret = read_counters(devs, n, stats);
	if (!strcmp(field, "json")) {
		wg_format_json(stdout, devs, stats, n);
	} else if (!strcmp(field, "metrics")) {
		wg_format_metrics(stdout, devs, stats, n);
	} else {
		wg_format_counters(stdout, devs, stats, n);
	}
	for (i = 0; i < n; ++i)
		wg_stats_free(stats[i]);
	free(stats);
	return ret;
}

static bool is_known_field(const char *field)
{
	static const char *const fields[] = {
		"public-key", "private-key", "listen-port", "fwmark", "peers",
		"preshared-keys", "endpoints", "allowed-ips",
		"latest-handshakes", "transfer", "persistent-keepalive", "dump",
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); ++i)
		if (!strcmp(field, fields[i]))
			return true;
	return is_our_format(field);
}

static int show_many(const char *names, const char *field)
{
	struct wg_device **devs = NULL;
	size_t n = 0, i;
	const char *name;
	int ret = 0, err;

	for (name = names; *name; name += strlen(name) + 1) {
		struct wg_device *dev;

		err = wg_ipc_get_device(&dev, name);
		if (err) {
			fprintf(stderr, "Unable to access interface %s: %s\n",
				name, strerror(-err));
			ret = 1;
			continue;
		}
		devs = realloc(devs, (n + 1) * sizeof(*devs));
		if (!devs) {
			perror("realloc");
			exit(1);
		}
		devs[n++] = dev;
	}
	if (!field) {
		for (i = 0; i < n; ++i) {
			wg_format_human_keys(stdout, devs[i], time(NULL),
					     use_color(), show_keys());
			if (i + 1 < n)
				putchar('\n');
		}
	} else if (is_our_format(field)) {
		ret |= show_counted(devs, n, field);
	} else {
		for (i = 0; i < n; ++i)
			wg_format_field(stdout, devs[i], field, true);
	}
	for (i = 0; i < n; ++i)
		wg_device_free(devs[i]);
	free(devs);
	fflush(stdout);
	return ret;
}

int wg_show_main(int argc, char *argv[])
{
	struct wg_device *dev;
	const char *field = argc == 3 ? argv[2] : NULL;
	char *names;
	int ret;

	if (argc > 3) {
		show_usage();
		return 1;
	}
	if (argc == 3 && !is_known_field(field)) {
		fprintf(stderr, "Invalid parameter: `%s'\n", field);
		show_usage();
		return 1;
	}
	if (argc == 1 || !strcmp(argv[1], "all") ||
	    !strcmp(argv[1], "interfaces")) {
		if (argc == 3 && !strcmp(argv[1], "interfaces")) {
			show_usage();
			return 1;
		}
		names = wg_ipc_list_devices();
		if (!names) {
			perror("Unable to list interfaces");
			return 1;
		}
		if (argc > 1 && !strcmp(argv[1], "interfaces")) {
			const char *name;

			for (name = names; *name; name += strlen(name) + 1)
				printf("%s%c", name,
				       name[strlen(name) + 1] ? ' ' : '\n');
			free(names);
			return 0;
		}
		ret = show_many(names, field);
		free(names);
		return ret;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		/* asked for: usage on stderr, but success, as stock */
		show_usage();
		return 0;
	}
	ret = wg_ipc_get_device(&dev, argv[1]);
	if (ret) {
		wg_print_ipc_error("access", ret);
		return 1;
	}
	if (!field)
		wg_format_human_keys(stdout, dev, time(NULL), use_color(),
				     show_keys());
	else if (is_our_format(field))
		ret = show_counted(&dev, 1, field);
	else
		wg_format_field(stdout, dev, field, false);
	wg_device_free(dev);
	return fflush(stdout) || ret ? 1 : 0;
}

int wg_showconf_main(int argc, char *argv[])
{
	struct wg_device *dev;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s showconf <interface>\n", wg_prog_name);
		return 1;
	}
	ret = wg_ipc_get_device(&dev, argv[1]);
	if (ret) {
		wg_print_ipc_error("access", ret);
		return 1;
	}
	wg_format_showconf(stdout, dev);
	wg_device_free(dev);
	return fflush(stdout) ? 1 : 0;
}
