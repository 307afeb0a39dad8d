#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-dkms.sh (`make check-dkms`): the DKMS life cycle on this machine, for
# Debian's amd64 6.1 and 6.12 kernels (headers installed by `make deps`):
#
#   dkms add; then for each kernel dkms build -k KREL and dkms install -k KREL,
#   checking that wireguard.ko lands under /lib/modules/KREL/updates/, that
#   modinfo -k KREL finds that file (so modprobe prefers it; also checked
#   against the kernel's own drivers/net/wireguard in a scratch module tree)
#   with our version; then dkms remove --all must leave nothing of ours.
#   Last, a kernel whose config has CONFIG_WIREGUARD=y must be refused with
#   the clear message, by `make module` and by `dkms build`.
#
# Isolation: sources and the DKMS registry live in a temporary folder
# (--sourcetree, --dkmstree), so neither /usr/src nor /var/lib/dkms is
# touched; a real install's wireguard.ko in /lib/modules/KREL/updates/dkms is
# moved aside and put back, and files depmod creates are removed, on every
# exit (trap).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../vm/lib.sh"

[[ $(id -u) = 0 ]] || die "needs root (dkms install writes /lib/modules)"
command -v dkms >/dev/null || die "dkms is not installed: run \`make deps\`"

name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' "$WG_TOP/dkms.conf")
version=$(sed -n 's/^#define WG_MODULE_VERSION "\(.*\)"/\1/p' "$WG_TOP/src/version.h")
krels=()
for s in 6.1 6.12; do
	k=$(kernel_release amd64 "$s")
	[[ -f /lib/modules/$k/build/Makefile ]] ||
		die "no headers for $k in /lib/modules/$k/build: run \`make deps\`"
	krels+=("$k")
done

made_force_file='' force_file='' made_dirs=''
tmp=$(mktemp -d /tmp/wg-check-dkms.XXXXXX)
dk=(dkms --sourcetree "$tmp/src" --dkmstree "$tmp/dkms")
mkdir -p "$tmp/src" "$tmp/dkms" "$tmp/backup" "$tmp/before"

# State before, to restore and to compare with at the end.
snapshot() { find "$1" -mindepth 1 2>/dev/null | LC_ALL=C sort; }
for k in "${krels[@]}"; do
	snapshot "/lib/modules/$k" > "$tmp/before/$k"
done
snapshot /var/lib/dkms > "$tmp/before/var-lib-dkms"

restore() {
	local rc=$? k f
	trap - EXIT INT TERM
	"${dk[@]}" remove "$name/$version" --all >/dev/null 2>&1 || true
	for k in "${krels[@]}"; do
		rm -f "/lib/modules/$k/updates/dkms/wireguard.ko"*
		if [[ -d $tmp/backup/$k ]]; then
			mkdir -p "/lib/modules/$k/updates/dkms"
			cp -a "$tmp/backup/$k/." "/lib/modules/$k/updates/dkms/"
		fi
		# depmod output and folders that were not there before
		snapshot "/lib/modules/$k" | LC_ALL=C comm -13 "$tmp/before/$k" - |
			LC_ALL=C sort -r | while read -r f; do
			case $f in
			*/modules.*) rm -f "$f" ;;
			*/updates|*/updates/dkms) rmdir "$f" 2>/dev/null || true ;;
			esac
		done
		if grep -qx "/lib/modules/$k/modules.dep" "$tmp/before/$k"; then
			depmod -a "$k" 2>/dev/null || true
		fi
	done
	# dkms may have made a signing key pair (mok.key, mok.pub) for this run
	snapshot /var/lib/dkms | LC_ALL=C comm -13 "$tmp/before/var-lib-dkms" - |
		grep -E '/mok\.(key|pub)$' | xargs -r rm -f
	[[ -n $made_force_file ]] && rm -f "$force_file"
	for f in $made_dirs; do rmdir "$f" 2>/dev/null || true; done
	rm -rf "$tmp"
	exit $rc
}
trap restore EXIT
trap 'exit 130' INT TERM

fail() { echo "[check-dkms] FAIL: $*" >&2; exit 1; }
pass() { echo "[check-dkms] ok: $*" >&2; }
t0=$EPOCHREALTIME

# A real install's module is set aside so ours cannot clash with it.
for k in "${krels[@]}"; do
	if compgen -G "/lib/modules/$k/updates/dkms/wireguard.ko*" >/dev/null; then
		mkdir -p "$tmp/backup/$k"
		mv "/lib/modules/$k/updates/dkms/wireguard.ko"* "$tmp/backup/$k/"
		say "set aside an installed wireguard.ko of $k (put back at the end)"
	fi
done

# What `make dkms-install` sets up so dkms does not skip our module for the
# in-tree one's higher version (1.0.0); removed at the end if we made it.
force_file=/usr/share/dkms/modules_to_force_install/$name
if [[ ! -e $force_file ]]; then
	[[ -d /usr/share/dkms ]] || made_dirs="/usr/share/dkms $made_dirs"
	[[ -d ${force_file%/*} ]] || made_dirs="${force_file%/*} $made_dirs"
	mkdir -p "${force_file%/*}"
	echo "${name}_version-override" > "$force_file"
	made_force_file=1
fi
bash "$WG_TOP/tools/dkms-install.sh" --copy-only "$tmp/src/$name-$version"
"${dk[@]}" add "$name/$version" > "$tmp/add.log" 2>&1 || { cat "$tmp/add.log"; fail "dkms add"; }
pass "dkms add $name/$version"

for k in "${krels[@]}"; do
	"${dk[@]}" build "$name/$version" -k "$k" > "$tmp/build.log" 2>&1 || {
		cat "$tmp/build.log" "$tmp/dkms/$name/$version/build/make.log" 2>/dev/null
		fail "dkms build for $k"
	}
	if grep -E 'warning:|error:' "$tmp/dkms/$name/$version/$k/x86_64/log/make.log" >&2; then
		fail "dkms build for $k has warnings (above)"
	fi
	pass "dkms build -k $k"
	"${dk[@]}" install "$name/$version" -k "$k" > "$tmp/install.log" 2>&1 || {
		cat "$tmp/install.log"; fail "dkms install for $k"
	}
	ko=$(find "/lib/modules/$k/updates" -name 'wireguard.ko*' 2>/dev/null || true)
	[[ $(wc -l <<< "$ko") = 1 && -n $ko ]] ||
		{ cat "$tmp/install.log"; fail "after dkms install, expected one wireguard.ko under /lib/modules/$k/updates, found: ${ko:-none}"; }
	pass "dkms install -k $k: $ko"
	got=$(modinfo -k "$k" -F filename wireguard) || fail "modinfo -k $k wireguard"
	[[ $got = "$ko" ]] || fail "modinfo -k $k resolves wireguard to $got, not $ko"
	got=$(modinfo -k "$k" -F version wireguard)
	[[ $got = "$version" ]] || fail "modinfo -k $k -F version: '$got', expected $version"
	pass "modinfo -k $k: $ko, version $got"

	# depmod's choice against the kernel's own module, whether or not the
	# host has that kernel's modules installed: a scratch tree with both.
	intree=$(find "$(kernel_dir amd64 "$([[ $k = 6.1.* ]] && echo 6.1 || echo 6.12)")/root/lib/modules/$k/kernel/drivers/net/wireguard" \
		-name 'wireguard.ko*' 2>/dev/null | head -1)
	[[ -n $intree ]] || fail "no in-tree wireguard.ko for $k in the kernel cache (make deps)"
	sc=$tmp/scratch/lib/modules/$k
	mkdir -p "$sc/kernel/drivers/net/wireguard" "$sc/${ko#/lib/modules/$k/}"
	rmdir "$sc/${ko#/lib/modules/$k/}"
	cp "$intree" "$sc/kernel/drivers/net/wireguard/"
	cp "$ko" "$sc/${ko#/lib/modules/$k/}"
	depmod -b "$tmp/scratch" "$k" 2>/dev/null
	got=$(modinfo -b "$tmp/scratch" -k "$k" -F filename wireguard)
	[[ $got = "$tmp/scratch${ko}" ]] ||
		fail "with the in-tree module beside it, depmod picks $got for $k"
	pass "depmod prefers ${ko#/lib/modules/$k/} over kernel/drivers/net/wireguard/ ($k)"
done

"${dk[@]}" remove "$name/$version" --all > "$tmp/remove.log" 2>&1 || {
	cat "$tmp/remove.log"; fail "dkms remove --all"
}
left=$(find /lib/modules/*/updates -name 'wireguard.ko*' 2>/dev/null || true)
[[ -z $left ]] || fail "dkms remove left modules behind: $left"
[[ ! -e $tmp/dkms/$name && ! -e /var/lib/dkms/$name ]] ||
	fail "dkms remove left a registry entry for $name"
"${dk[@]}" status | grep -q "$name" && fail "dkms status still lists $name"
for k in "${krels[@]}"; do
	modinfo -k "$k" -F filename wireguard 2>/dev/null | grep -q '/updates/' &&
		fail "after remove, modinfo -k $k still finds a wireguard.ko under updates/"
done
pass "dkms remove --all: nothing left under /lib/modules/*/updates nor in the registry"

# A kernel with WireGuard built in: a scratch KERNELDIR whose config says =y
# (headers otherwise real, linked, so dkms sees a normal kernel tree).
k=${krels[0]}
fake=$tmp/fake-kernel
# link_tree SRC DST SKIP: DST gets a link to every entry of SRC but SKIP
link_tree() {
	local f
	mkdir -p "$2"
	for f in "$1"/* "$1"/.[!.]*; do
		[[ -e $f && ${f##*/} != "$3" ]] && ln -s "$(readlink -f "$f")" "$2/"
	done
	return 0
}
b=$(readlink -f "/lib/modules/$k/build")
link_tree "$b" "$fake" include
link_tree "$b/include" "$fake/include" config
link_tree "$b/include/config" "$fake/include/config" auto.conf
rm -f "$fake/.config"
sed 's/^CONFIG_WIREGUARD=m/CONFIG_WIREGUARD=y/' "$b/.config" > "$fake/.config"
sed 's/^CONFIG_WIREGUARD=m/CONFIG_WIREGUARD=y/' \
	"$b/include/config/auto.conf" > "$fake/include/config/auto.conf"
grep -q '^CONFIG_WIREGUARD=y' "$fake/.config" || fail "could not make the =y config"

if out=$(make -C "$WG_TOP" --no-print-directory KERNELDIR="$fake" module 2>&1); then
	fail "make module accepted a kernel with CONFIG_WIREGUARD=y"
fi
grep -q 'has WireGuard built in' <<< "$out" || { echo "$out"; fail "make module: no clear message for =y"; }
grep -qE '^ *(CC|LD) ' <<< "$out" && fail "make module compiled before refusing =y"
pass "make module refuses CONFIG_WIREGUARD=y with the message"

"${dk[@]}" add "$name/$version" >/dev/null 2>&1 || fail "dkms add (for the =y case)"
if out=$("${dk[@]}" build "$name/$version" -k "$k" --kernelsourcedir "$fake" 2>&1); then
	fail "dkms build accepted a kernel with CONFIG_WIREGUARD=y"
fi
grep -q 'has WireGuard built in' <<< "$out" || { echo "$out"; fail "dkms build: no clear message for =y"; }
grep -q 'has WireGuard built in' "$tmp/dkms/$name/$version/build/make.log" ||
	fail "dkms build for =y: the message is not in make.log"
pass "dkms build refuses CONFIG_WIREGUARD=y with the message (on screen and in make.log)"
"${dk[@]}" remove "$name/$version" --all >/dev/null 2>&1 || fail "dkms remove after the =y case"

say "all DKMS checks passed in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')s"
