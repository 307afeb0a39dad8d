#!/bin/bash
# build-debug-kernel.sh [SERIES]
#
# Builds the x86_64 debug kernel that `run-in-vm.sh --kernel 6.1-debug`
# boots: Debian's linux-source-6.1 with x86_64 defconfig, the networking the
# suites need, and the kernel's own checkers switched on (tests/vm/
# debug-kernel.config: KASAN, UBSAN, lockdep with PROVE_LOCKING and
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS, KMEMLEAK, ...).
#
# The result lands where the harness looks for Debian's kernels:
#   $WG_CACHE/kernels/amd64-6.1-debug/{KREL, root/boot/vmlinuz-KREL,
#   root/lib/modules/KREL, build/}
# with build/ the object tree our module is built against. Built once and
# cached; rebuilt only when debug-kernel.config changes. About 40-70 minutes
# on 2 busy cores; `nice`d.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

series=${1:-6.1}
[[ $series = 6.1 ]] || die "only the 6.1 debug kernel is built (asked for '$series')"
tarball=/usr/src/linux-source-$series.tar.xz
[[ -f $tarball ]] || die "no $tarball: run \`make deps\` (package linux-source-$series)"

frag=$here/debug-kernel.config
dest=$WG_CACHE/kernels/amd64-$series-debug
work=$WG_CACHE/debug-kernel/$series
src=$work/linux-source-$series
obj=$dest/build
stamp=$(sha1sum <"$frag" | cut -c1-12)
stamp=${stamp}-$(stat -c %s "$tarball")

if [[ -f $dest/KREL && $(cat "$dest/STAMP" 2>/dev/null) = "$stamp" ]]; then
	say "debug kernel $(cat "$dest/KREL") is up to date ($dest)"
	exit 0
fi

exec 9>"$WG_CACHE/.debug-kernel.lock"
flock 9
mkdir -p "$work"
if [[ ! -f $src/Makefile ]]; then
	say "extracting $tarball"
	rm -rf "$src"
	tar -C "$work" -xf "$tarball"
fi

rm -rf "$dest"
mkdir -p "$obj"
t0=$EPOCHREALTIME
make -s -C "$src" O="$obj" defconfig >/dev/null
# Fragment over defconfig, then let Kconfig settle the rest.
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >"$work/merge.log" 2>&1 ||
	{ cat "$work/merge.log" >&2; die "merging $frag failed"; }
make -s -C "$src" O="$obj" olddefconfig >/dev/null
# Every option the fragment asks for must have survived olddefconfig;
# a silently dropped checker would make the whole run meaningless.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) opt=${line%%=*} val=${line#*=} ;;
	"# CONFIG_"*" is not set") opt=${line#\# } opt=${opt%% *} val=n ;;
	*) continue ;;
	esac
	if [[ $val = n ]]; then
		grep -qx "$opt=[ym]" "$obj/.config" && { warn "$opt is set but the fragment wants it off"; missing=1; }
	elif ! grep -qxF "$line" "$obj/.config"; then
		warn "$line did not survive olddefconfig (got: $(grep -E "^(# )?${opt}[= ]" "$obj/.config" || echo unset))"
		missing=1
	fi
done <"$frag"
[[ $missing = 0 ]] || die "the debug config lost options (above)"

say "building the debug kernel in $obj (log: $work/build.log)"
if ! nice -n 10 make -C "$src" O="$obj" -j"$(nproc)" bzImage modules >"$work/build.log" 2>&1; then
	tail -40 "$work/build.log" >&2
	die "debug kernel build failed"
fi
krel=$(make -s -C "$src" O="$obj" kernelrelease)
mkdir -p "$dest/root/boot"
cp "$obj/arch/x86/boot/bzImage" "$dest/root/boot/vmlinuz-$krel"
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$dest/root" modules_install >"$work/modules.log" 2>&1 ||
	{ tail -20 "$work/modules.log" >&2; die "modules_install failed"; }
# Out-of-tree modules are built against $obj; modules_install's links
# point at the source tree, which is not what the harness wants.
rm -f "$dest/root/lib/modules/$krel/build" "$dest/root/lib/modules/$krel/source"
echo "$krel" >"$dest/KREL"
echo "$stamp" >"$dest/STAMP"
say "debug kernel $krel built in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", (b-a)/60}') min"
