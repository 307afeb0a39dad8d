#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh (`make check-kernel-tree`): tools/kernel-tree.sh inside Debian's
# linux-source-6.1 tree, both ways, building only our module:
#
#   --replace, CONFIG_WIREGUARD=m:      make M=drivers/net/wireguard -> wireguard.ko
#   --beside,  CONFIG_WIREGUARD_OOT=y:  make drivers/net/wireguard-oot/ -> built-in.a
#                                       (and WIREGUARD_OOT=m refused while WIREGUARD=m)
#
# with Debian's amd64 6.1 config (debug info off) and its Module.symvers, and
# no compiler or modpost warning allowed. The extracted tree, its
# modules_prepare output and the objects live in
# $WG_CACHE/kernel-tree (about 1.6 GB), so a second run only rebuilds ours.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../vm/lib.sh"

tarball=/usr/src/linux-source-6.1.tar.xz
[[ -f $tarball ]] || die "no $tarball: run \`make deps\` (apt-get install linux-source-6.1)"
hdr=$(headers_dir amd64 6.1)
[[ -f $hdr/.config && -f $hdr/Module.symvers ]] || die "no .config/Module.symvers in $hdr: run \`make deps\`"
cache=$WG_CACHE/kernel-tree
tree=$cache/linux-source-6.1
pristine=$cache/pristine
jobs=$(nproc)
t0=$EPOCHREALTIME
elapsed() { awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}'; }
fail() { echo "[kernel-tree] FAIL: $*" >&2; exit 1; }
pass() { echo "[kernel-tree] ok: $* ($(elapsed)s)" >&2; }

# 1. the tree, extracted once per tarball; the files kernel-tree.sh edits
#    are kept pristine beside it and put back before each mode.
stamp="$(stat -c '%s %Y' "$tarball") v1"
if [[ ! -f $cache/stamp || $(cat "$cache/stamp") != "$stamp" ]]; then
	say "extracting $tarball into $cache (once)"
	rm -rf "$cache"
	mkdir -p "$cache/x"
	nice tar -xaf "$tarball" -C "$cache/x"
	mv "$cache"/x/linux-source-6.1 "$tree"
	rmdir "$cache/x"
	mkdir -p "$pristine"
	cp -a "$tree/drivers/net/Kconfig" "$tree/drivers/net/Makefile" \
		"$tree/drivers/net/wireguard" "$pristine/"
	# Debian's config; no debug info (faster, no BTF), no vendor cert files
	cp "$hdr/.config" "$tree/.config"
	"$tree/scripts/config" --file "$tree/.config" \
		-d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF4 \
		-d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE -d DEBUG_INFO_BTF \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		--set-str BUILD_SALT ""
	cp "$hdr/.config" "$cache/debian.config"
	cp "$hdr/Module.symvers" "$tree/Module.symvers"
	echo "$stamp" > "$cache/stamp"
fi

restore_tree() {
	rm -rf "$tree/drivers/net/wireguard" "$tree/drivers/net/wireguard-oot"
	cp -a "$pristine/wireguard" "$tree/drivers/net/"
	cp "$pristine/Kconfig" "$pristine/Makefile" "$tree/drivers/net/"
}

# set_config SYMBOL=VALUE...: then olddefconfig, then check each one held
set_config() {
	local kv args=()
	for kv in "$@"; do
		case ${kv#*=} in
		n) args+=(-d "${kv%%=*}") ;;
		m) args+=(-m "${kv%%=*}") ;;
		y) args+=(-e "${kv%%=*}") ;;
		esac
	done
	"$tree/scripts/config" --file "$tree/.config" "${args[@]}"
	nice make -C "$tree" -s olddefconfig >"$cache/config.log" 2>&1 ||
		{ cat "$cache/config.log"; fail "make olddefconfig"; }
}
config_is() {
	local sym=${1%%=*} want=${1#*=} got
	got=$(sed -n "s/^CONFIG_$sym=\\(.*\\)/\\1/p" "$tree/.config")
	[[ ${got:-n} = "$want" ]]
}

# build LOG ARGS...: make in the tree, no warnings allowed
build() {
	local log=$1
	shift
	if ! nice make -C "$tree" -j"$jobs" "$@" >"$log" 2>&1; then
		tail -40 "$log"
		fail "make $* failed (log: $log)"
	fi
	if grep -E 'warning:|error:|WARNING:' "$log" >&2; then
		fail "make $* has warnings (above; log: $log)"
	fi
}

# 2. --replace: same symbol, same folder, as a module
restore_tree
bash "$WG_TOP/tools/kernel-tree.sh" "$tree" --replace
grep -q '^# wireguard-oot begin (replace)' "$tree/drivers/net/Kconfig" || fail "no Kconfig entry after --replace"
[[ $(grep -c '^config WIREGUARD' "$tree/drivers/net/Kconfig") = 1 ]] ||
	fail "--replace left the in-tree WIREGUARD entries in drivers/net/Kconfig"
set_config WIREGUARD=m
config_is WIREGUARD=m || fail "CONFIG_WIREGUARD=m did not hold after olddefconfig"
build "$cache/prepare.log" modules_prepare
pass "modules_prepare"
rm -f "$tree/drivers/net/wireguard/wireguard.ko"
build "$cache/replace.log" M=drivers/net/wireguard modules
ko=$tree/drivers/net/wireguard/wireguard.ko
[[ -f $ko ]] || fail "no wireguard.ko after --replace"
modinfo -F version "$ko" | grep -qx "$(sed -n 's/^#define WG_MODULE_VERSION "\(.*\)"/\1/p' "$WG_TOP/src/version.h")" ||
	fail "the --replace wireguard.ko is not ours (version)"
[[ $(modinfo -F vermagic "$ko") = 6.1.* ]] || fail "vermagic of the --replace module: $(modinfo -F vermagic "$ko")"
pass "--replace, CONFIG_WIREGUARD=m: drivers/net/wireguard/wireguard.ko ($(stat -c %s "$ko") bytes), no warnings"

# 3. --beside: its own symbol and folder, built in
restore_tree
bash "$WG_TOP/tools/kernel-tree.sh" "$tree" --beside
bash "$WG_TOP/tools/kernel-tree.sh" "$tree" --beside 2>/dev/null	# rerun: no doubled entries
[[ $(grep -c '^config WIREGUARD_OOT$' "$tree/drivers/net/Kconfig") = 1 &&
   $(grep -c 'wireguard-oot/' "$tree/drivers/net/Makefile") = 1 ]] ||
	fail "--beside twice doubled its Kconfig or Makefile entries"
# the two drivers exclude each other
set_config WIREGUARD=m WIREGUARD_OOT=m
config_is WIREGUARD_OOT=n || fail "WIREGUARD_OOT=m was kept beside WIREGUARD=m"
set_config WIREGUARD=n WIREGUARD_OOT=y
config_is WIREGUARD_OOT=y || fail "CONFIG_WIREGUARD_OOT=y did not hold after olddefconfig"
config_is WIREGUARD=n || fail "CONFIG_WIREGUARD is not n"
build "$cache/prepare.log" modules_prepare
rm -f "$tree/drivers/net/wireguard-oot/built-in.a"
build "$cache/beside.log" drivers/net/wireguard-oot/
a=$tree/drivers/net/wireguard-oot/built-in.a
[[ -f $a ]] || fail "no built-in.a after --beside =y"
ar t "$a" | grep -q 'src/main.o' || fail "built-in.a has no src/main.o: $(ar t "$a" | head)"
[[ -f $tree/drivers/net/wireguard-oot/wireguard.ko ]] && fail "a wireguard.ko for =y?"
pass "--beside, CONFIG_WIREGUARD_OOT=y: drivers/net/wireguard-oot/built-in.a ($(ar t "$a" | wc -l) objects), no warnings"

restore_tree
say "kernel-tree checks passed in $(elapsed)s"
