#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kconfig-check.sh KERNELDIR
#
# Refuses, with a message saying why and what to do, a kernel whose own
# WireGuard is built in (CONFIG_WIREGUARD=y): its "wireguard" netlink family
# and link kind are registered at boot, so our module would build but never
# load. Run by `make module` and by DKMS (PRE_BUILD and MAKE in dkms.conf)
# before any compiling, so the failure is this message and not a load error
# after an install. Plain sh: DKMS runs it on minimal systems.
kdir=${1:?usage: kconfig-check.sh KERNELDIR}

# include/config/auto.conf is what Kbuild reads; .config is the fallback for
# trees that were configured but not prepared.
for f in "$kdir/include/config/auto.conf" "$kdir/.config"; do
	[ -f "$f" ] || continue
	if grep -q '^CONFIG_WIREGUARD=y' "$f"; then
		cat >&2 <<-EOM
		error: this kernel has WireGuard built in (CONFIG_WIREGUARD=y in
		  $f).
		  A built-in WireGuard cannot be replaced by a module: the kernel
		  already owns the "wireguard" link kind and netlink family, so
		  wireguard.ko would fail to load. Either use the built-in driver, or
		  rebuild the kernel with CONFIG_WIREGUARD=m (or =n), or put this
		  module into the kernel tree instead: tools/kernel-tree.sh --replace.
		EOM
		exit 3
	fi
	exit 0
done
exit 0
