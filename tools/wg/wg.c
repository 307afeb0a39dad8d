// SPDX-License-Identifier: GPL-2.0
/*
 * wg: configure WireGuard interfaces. A drop-in for the stock command
 * line; the dispatch table below is the whole list of subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encoding.h"

#include "ipc.h"
#include "subcommands.h"

#define WG_TOOL_VERSION "0.1"

static const struct {
	const char *name;
	int (*handler)(int argc, char *argv[]);
	const char *help;
} subcommands[] = {
	{ "show", wg_show_main,
	  "Shows the current configuration and device information" },
	{ "showconf", wg_showconf_main,
	  "Shows the current configuration of a given WireGuard interface, for use with `setconf'" },
	{ "set", wg_set_main,
	  "Change the current configuration, add peers, remove peers, or change peers" },
	{ "setconf", wg_setconf_main,
	  "Applies a configuration file to a WireGuard interface" },
	{ "addconf", wg_setconf_main,
	  "Appends a configuration file to a WireGuard interface" },
	{ "syncconf", wg_setconf_main,
	  "Synchronizes a configuration file to a WireGuard interface" },
	{ "genkey", wg_genkey_main,
	  "Generates a new private key and writes it to stdout" },
	{ "genpsk", wg_genkey_main,
	  "Generates a new preshared key and writes it to stdout" },
	{ "pubkey", wg_pubkey_main,
	  "Reads a private key from stdin and writes a public key to stdout" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <cmd> [<args>]\n\n", wg_prog_name);
	fputs("Available subcommands:\n", f);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); ++i)
		fprintf(f, "  %s: %s\n", subcommands[i].name,
			subcommands[i].help);
	fputs("You may pass `--help' to any of these subcommands to view usage.\n",
	      f);
}

/* stdout carries keys (genkey, showconf, dump): give it a buffer we wipe */
static char stdout_buf[8192];

static void wipe_stdout(void)
{
	fflush(stdout);
	wg_memzero_explicit(stdout_buf, sizeof(stdout_buf));
}

int main(int argc, char *argv[])
{
	size_t i;

	wg_prog_name = argv[0];
	setvbuf(stdout, stdout_buf, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF,
		sizeof(stdout_buf));
	atexit(wipe_stdout);
	if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version") ||
			  !strcmp(argv[1], "version"))) {
		printf("wg (wireguard.ko project tools) v%s\n", WG_TOOL_VERSION);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "help"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 1) {
		static char *show_argv[] = { "show", NULL };

		return wg_show_main(1, show_argv);
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); ++i) {
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].handler(argc - 1, argv + 1);
	}
	fprintf(stderr, "Invalid subcommand: `%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
