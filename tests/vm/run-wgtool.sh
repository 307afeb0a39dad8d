#!/bin/bash
# run-wgtool.sh [CONFIG...]: our tools/wg against the stock wg in guests
# (tests/vm/wgtool-compare.sh), on our module and on the in-tree one,
# x86_64 and arm64 (a cross-built wg). A CONFIG is ARCH:SERIES:MODULE as for
# run-suites.sh; the default is x86_64 6.12 and 6.1, arm64 6.1. Exits
# non-zero if any run failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
make --no-print-directory -C "$WG_TOP/tools/wg" >/dev/null || die "tools/wg does not build"
arm64_root=$(kernel_dir arm64 6.1)/userroot
make --no-print-directory -C "$WG_TOP/tools/wg" cross-arm64 ARM64_ROOT="$arm64_root" >/dev/null ||
	die "tools/wg does not cross-build for arm64"
failed=0
configs=("$@")
[[ ${#configs[@]} -gt 0 ]] ||
	configs=(x86_64:6.12:ours x86_64:6.12:intree x86_64:6.1:ours arm64:6.1:ours arm64:6.1:intree)
for c in "${configs[@]}"; do
	IFS=: read -r arch series module <<<"$c"
	wg=$WG_TOP/tools/wg/wg
	[[ $arch = arm64 ]] && wg=$WG_TOP/tools/wg/build/arm64/wg
	say "=== wg tool vs stock: $arch $series $module"
	bash "$here/run-in-vm.sh" --arch "$arch" --kernel "$series" --module "$module" \
		--timeout 900 "$here/wgtool-compare.sh" "$wg" || failed=1
done
exit $failed
