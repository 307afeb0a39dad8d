/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_SUBCOMMANDS_H
#define WG_SUBCOMMANDS_H

/* The program name as invoked, for messages that carry it. */
extern const char *wg_prog_name;

int wg_show_main(int argc, char *argv[]);
int wg_showconf_main(int argc, char *argv[]);
int wg_set_main(int argc, char *argv[]);
int wg_setconf_main(int argc, char *argv[]);
int wg_genkey_main(int argc, char *argv[]);
int wg_pubkey_main(int argc, char *argv[]);

/* Prints "Unable to <what> interface: <reason>" and the kernel's message. */
void wg_print_ipc_error(const char *what, int err);

#endif
