/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The single source of the module's version: Makefile, dkms.conf (checked by
 * `make check-dkms`) and MODULE_VERSION all read it from here.
 */
#ifndef _WG_VERSION_H
#define _WG_VERSION_H

#define WG_MODULE_VERSION "0.1.0"

#endif /* _WG_VERSION_H */
