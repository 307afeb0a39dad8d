#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-install.sh [--copy-only DIR] [-k KREL]...
#
# `make dkms-install`: copies what a module build needs (Kbuild, Makefile,
# dkms.conf, src/, include/, crypto/, tools/kconfig-check.sh) to
# /usr/src/wireguard-oot-VERSION, then `dkms add`, `dkms build` and
# `dkms install` for each -k KREL, or, with no -k, for every kernel in
# /lib/modules that has headers (a build/Makefile). A version already
# registered is removed first, so the command can be rerun after an edit.
# Also writes $force_dir/wireguard-oot (see below) so that dkms does not
# skip our module because the kernel's own one has a higher version number.
#
# --copy-only DIR: only copy the sources into DIR (tests/dkms uses it).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$top/dkms.conf")
version=$(sed -n 's/^#define WG_MODULE_VERSION "\(.*\)"/\1/p' "$top/src/version.h")
force_dir=/usr/share/dkms/modules_to_force_install
die() { echo "dkms-install: error: $*" >&2; exit 1; }
[[ $(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf") = "$version" ]] ||
	die "dkms.conf PACKAGE_VERSION differs from src/version.h ($version)"

# copy_sources DIR: the build inputs only, no objects from an earlier build
copy_sources() {
	local dest=$1
	rm -rf "$dest"
	mkdir -p "$dest/tools"
	(cd "$top" && tar -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
		Kbuild Makefile dkms.conf LICENSE src include crypto) |
		tar -x -C "$dest"
	install -m 755 "$top/tools/kconfig-check.sh" "$dest/tools/"
}

krels=() copy_only=
while [[ $# -gt 0 ]]; do
	case $1 in
	--copy-only) copy_only=${2:?}; shift 2 ;;
	-k) krels+=("${2:?}"); shift 2 ;;
	*) die "unknown argument $1" ;;
	esac
done

if [[ -n $copy_only ]]; then
	copy_sources "$copy_only"
	exit 0
fi

[[ $(id -u) = 0 ]] || die "needs root (dkms writes /usr/src, /var/lib/dkms, /lib/modules)"
command -v dkms >/dev/null || die "dkms is not installed (apt-get install dkms)"
if [[ ${#krels[@]} = 0 ]]; then
	for d in /lib/modules/*/build/Makefile; do
		[[ -f $d ]] && krels+=("$(basename "$(dirname "$(dirname "$d")")")")
	done
	[[ ${#krels[@]} -gt 0 ]] ||
		die "no kernel headers in /lib/modules/*/build: apt-get install linux-headers-\$(uname -r)"
fi

if dkms status "$name/$version" 2>/dev/null | grep -q .; then
	echo "dkms-install: removing the registered $name/$version first"
	dkms remove "$name/$version" --all
fi
copy_sources "/usr/src/$name-$version"
# dkms installs nothing (and still exits 0) when the kernel's own
# wireguard.ko has a higher version (the in-tree module says 1.0.0). This
# file, dkms's own mechanism, skips that comparison for this package, also
# for AUTOINSTALL after a kernel upgrade.
mkdir -p "$force_dir"
echo "${name}_version-override" > "$force_dir/$name"
dkms add "$name/$version"
for k in "${krels[@]}"; do
	dkms build "$name/$version" -k "$k"
	dkms install "$name/$version" -k "$k"
done
dkms status "$name/$version"
