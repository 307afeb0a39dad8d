#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-dkms-upgrade.sh (part of `make check-dkms`): DKMS carries our module
# across a kernel upgrade, as a Debian user meets it. In the trixie chroot of
# `make deps` (trixie's 6.12 image and headers installed):
#
#   1. `make dkms-install`, as the README tells a user: our module built and
#      installed for 6.12 (modinfo -k names updates/dkms, our version);
#   2. the upgrade: apt installs the 7.3 headers from trixie-backports (the
#      packages were downloaded by `make deps`; no network here). Their
#      postinst hook runs dkms autoinstall, which must build ours for 7.3:
#      modinfo -k 7.3... names our file and version;
#   3. the 7.3 headers purged and the module removed from DKMS, so the
#      chroot is as it was and the next run is an upgrade again.
#
# Everything runs in a private mount namespace with /proc mounted for the
# chroot; the host's /lib/modules and DKMS registry are never touched.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../vm/lib.sh"

[[ $(id -u) = 0 ]] || die "needs root (chroot)"
T=$WG_CACHE/trixie-root
[[ -f $T/.dkms-upgrade-ready ]] || die "no trixie chroot prepared for the upgrade test: run \`make deps\`"
old=$(cat "$T/.dkms-upgrade-ready")
new=$(kernel_release amd64 7.3)
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$WG_TOP/dkms.conf")
version=$(sed -n 's/^#define WG_MODULE_VERSION "\(.*\)"/\1/p' "$WG_TOP/src/version.h")

# in_chroot CMD...: CMD in the chroot, with /proc, noninteractive apt
in_chroot() {
	unshare --mount --propagation private -- sh -c \
		'mount -t proc proc "$0/proc" && mount --bind /dev "$0/dev" && exec chroot "$@"' \
		"$T" "$T" env -u APT_CONFIG DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

cleanup() {
	local rc=$?
	trap - EXIT
	in_chroot dkms remove "$name/$version" --all >/dev/null 2>&1 || true
	in_chroot apt-get -q purge -y "linux-headers-$new" >/dev/null 2>&1 || true
	rm -rf "$T/root/wg-src" "$T/usr/src/$name-$version"
	exit $rc
}
[[ -n ${WG_KEEP:-} ]] || trap cleanup EXIT

# modinfo_check KREL WHAT: modinfo -k KREL wireguard names our DKMS file
modinfo_check() {
	local krel=$1 what=$2 file ver
	file=$(in_chroot modinfo -k "$krel" -F filename wireguard 2>&1) || true
	ver=$(in_chroot modinfo -k "$krel" -F version wireguard 2>&1) || true
	if [[ $file == /lib/modules/$krel/updates/dkms/wireguard.ko* && $ver = "$version" ]]; then
		say "ok: $what: modinfo -k $krel names $file, version $ver"
	else
		say "FAIL: $what: modinfo -k $krel gives '$file', version '$ver' (want updates/dkms, $version)"
		in_chroot sh -c "cat /var/lib/dkms/$name/$version/*/*/log/make.log 2>/dev/null | tail -30" >&2 || true
		exit 1
	fi
}

# A leftover of an interrupted run would make step 2 no upgrade at all.
in_chroot apt-get -q purge -y "linux-headers-$new" >/dev/null 2>&1 || true
in_chroot dkms remove "$name/$version" --all >/dev/null 2>&1 || true
[[ ! -e $T/lib/modules/$new/build ]] || die "the chroot already has $new headers"

say "1. make dkms-install in the trixie chroot (kernel $old)"
rm -rf "$T/root/wg-src"
mkdir -p "$T/root/wg-src"
(cd "$WG_TOP" && tar -c --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	Makefile Kbuild dkms.conf LICENSE src include crypto tools/dkms-install.sh tools/kconfig-check.sh) |
	tar -x -C "$T/root/wg-src"
in_chroot make -C /root/wg-src dkms-install KERNELDIR="/lib/modules/$old/build" > "$T/root/dkms-install.log" 2>&1 ||
	{ tail -30 "$T/root/dkms-install.log" >&2; die "make dkms-install failed for $old"; }
modinfo_check "$old" "installed for the running kernel"

say "2. upgrade: apt-get install linux-headers-$new (trixie-backports)"
in_chroot apt-get -q install -y --no-install-recommends --no-download "linux-headers-$new" > "$T/root/upgrade.log" 2>&1 ||
	{ tail -30 "$T/root/upgrade.log" >&2; die "installing linux-headers-$new failed"; }
grep -E 'Autoinstall|Installing' "$T/root/upgrade.log" >&2 || true
# The 7.3 image (linux-modules-7.3...) is not installed here: its postinst
# is what runs depmod in a real upgrade, so this stands in for it.
in_chroot depmod -a "$new"
modinfo_check "$new" "rebuilt by dkms autoinstall on the upgrade"
say "PASS: DKMS rebuilt $name $version for $new when its headers arrived"
