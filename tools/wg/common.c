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

	/* The stock line unchanged, so scripts matching it still do; the
	 * kernel's reason, when it gave one, on a line of its own. */
	fprintf(stderr, "Unable to %s interface: %s\n", what, strerror(-err));
	if (msg[0])
		fprintf(stderr, "Kernel says: %s\n", msg);
}
