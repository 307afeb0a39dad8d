// SPDX-License-Identifier: GPL-2.0
/* What every subcommand shares: the program name and ipc error wording. */
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "subcommands.h"

const char *wg_prog_name = "wg";

void wg_print_ipc_error(const char *what, int err)
{
	const char *msg = wg_ipc_last_message();

	/* The stock wording first; the kernel's reason when it gave one. */
	if (msg[0])
		fprintf(stderr, "Unable to %s interface: %s (%s)\n", what,
			strerror(-err), msg);
	else
		fprintf(stderr, "Unable to %s interface: %s\n", what,
			strerror(-err));
}
