#!/bin/bash
# build-module.sh [--check] ARCH SERIES
#
# Builds wireguard.ko for one of Debian's kernels fetched by `make deps`
# (ARCH: amd64|x86_64|arm64|armhf, SERIES: 5.10|6.1|6.12|7.3; armhf: armmp) in a
# private copy of the sources under $WG_CACHE/build/ARCH-SERIES, so builds
# for several kernels never share object files and never dirty the work
# tree. Prints the path of the .ko on stdout.
#
# --check: also run sparse (C=2) and fail on any compiler or sparse warning.
# --werror: fail on any compiler warning (no sparse: the cross builds).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

check=0 werror=0
case ${1:-} in
--check) check=1 werror=1; shift ;;
--werror) werror=1; shift ;;
esac
arch=${1:?usage: build-module.sh [--check] ARCH SERIES}
series=${2:?usage: build-module.sh [--check] ARCH SERIES}
[[ $arch = x86_64 ]] && arch=amd64

kdir=$(headers_dir "$arch" "$series")
[[ -f $kdir/Makefile ]] || die "no kernel headers at $kdir: run \`make deps\`"
kd=$(kernel_dir "$arch" "$series")
case $arch in
amd64) kargs=() ;;
arm64) kargs=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
armhf) kargs=(ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-) ;;
*) die "unknown architecture $arch" ;;
esac

# Debian's headers name the compiler the kernel was built with (bullseye's
# 5.10: gcc-10, which bookworm lacks); where that one is missing, the
# unversioned gcc of the same target builds a module that loads.
cross=
case $arch in arm64) cross=aarch64-linux-gnu- ;; armhf) cross=arm-linux-gnueabihf- ;; esac
kcc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(gcc-[0-9]*\) .*/\1/p' "$kdir/include/config/auto.conf" 2>/dev/null)
if [[ -n $kcc ]] && [[ ! -f $kd/BUILD_CHROOT ]] && ! command -v "$cross$kcc" >/dev/null; then
	kargs+=(CC="${cross}gcc")
fi

# WG_BUILD_ROOT: another place for the private copies (a second work tree
# testing at the same time as this one)
out=${WG_BUILD_ROOT:-$WG_CACHE/build}/$arch-$series
mkdir -p "$out"
# A private copy of exactly what Kbuild needs (rsync keeps timestamps, so
# only changed files rebuild).
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
	--include 'Kbuild' --include 'src/***' --include 'include/***' --include 'crypto/***' \
	--exclude '*' "$WG_TOP/" "$out/src-tree/" 2>/dev/null ||
	die "rsync failed (is it installed? make deps)"

log=$out/build.log
t0=$EPOCHREALTIME
if [[ $check = 1 ]]; then
	# sparse needs every file rechecked, not just the changed ones
	find "$out/src-tree" -name '*.o' -delete
	kargs+=(C=2)
fi
# 7.x: kbuild's tools need trixie's glibc and gcc-14, so the build runs in
# the trixie chroot of deps.sh, on a copy of the sources inside it (which
# keeps its objects between builds).
kargs+=(-j"$(nproc)")
run=(make -C "$kdir" M="$out/src-tree" "${kargs[@]}" modules)
if [[ -f $kd/BUILD_CHROOT ]]; then
	chroot_dir=$(cat "$kd/BUILD_CHROOT")
	inner=/build$out  # one copy per build folder (WG_BUILD_ROOT)
	mkdir -p "$chroot_dir$inner/src-tree"
	rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' --exclude '*.mod*' \
		--exclude 'Module.symvers' --exclude 'modules.order' \
		"$out/src-tree/" "$chroot_dir$inner/src-tree/"
	[[ $check = 1 ]] && find "$chroot_dir$inner/src-tree" -name '*.o' -delete
	kdir_real=$(readlink -f "$kdir")
	# objtool reads /proc: a private mount of it, gone with the build
	run=(unshare --mount --propagation private -- sh -c 'mount -t proc proc "$0/proc" && exec chroot "$@"'
		"$chroot_dir" "$chroot_dir" make -C "${kdir_real#"$chroot_dir"}" M="$inner/src-tree" "${kargs[@]}" modules)
	out=$chroot_dir$inner
fi
if ! "${run[@]}" >"$log" 2>&1; then
	cat "$log" >&2
	die "build of wireguard.ko for $arch $series failed"
fi
if [[ $werror = 1 ]] && grep -E 'warning:|error:' "$log" >&2; then
	die "build of wireguard.ko for $arch $series has warnings (above)"
fi
ko=$out/src-tree/wireguard.ko
[[ -f $ko ]] || die "no wireguard.ko after the build for $arch $series"
say "built $arch $series ($(basename "$kdir")) in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}')s$([[ $check = 1 ]] && echo ", sparse clean")$([[ $check = 0 && $werror = 1 ]] && echo ", no warnings")"
echo "$ko"
