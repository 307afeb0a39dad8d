// SPDX-License-Identifier: GPL-2.0
/* set: one change described on the command line. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ipc.h"
#include "subcommands.h"

int wg_set_main(int argc, char *argv[])
{
	struct wg_device *dev;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(stderr,
			"Usage: %s %s <interface> [listen-port <port>] [fwmark <mark>] [private-key <file path>] [peer <base64 public key> [remove] [preshared-key <file path>] [endpoint <ip>:<port>] [persistent-keepalive <interval seconds>] [allowed-ips <ip1>/<cidr1>[,<ip2>/<cidr2>]...] ]...\n",
			wg_prog_name, argv[0]);
		return 1;
	}
	dev = wg_config_from_args(argc - 2, argv + 2, NULL);
	if (!dev)
		return 1;
	snprintf(dev->name, sizeof(dev->name), "%s", argv[1]);
	ret = wg_ipc_set_device(dev);
	wg_device_free(dev);
	if (ret) {
		wg_print_ipc_error("modify", ret);
		return 1;
	}
	return 0;
}
