/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Userspace shim of <linux/socket.h>: address families. */
#ifndef _WG_SHIM_LINUX_SOCKET_H
#define _WG_SHIM_LINUX_SOCKET_H

#include <sys/socket.h>

#endif /* _WG_SHIM_LINUX_SOCKET_H */
