#!/bin/bash
# run-suites.sh [CONFIG...]
#
# Runs every guest suite (tests/vm/suites/*.sh) in one guest per
# configuration, against our module and against Debian's in-tree one, so
# each suite proves the same behaviour on the reference. A CONFIG is
# ARCH:SERIES:MODULE; the default list covers 6.1 and 6.12 on x86_64 and
# 6.1 and 6.12 on arm64, and 32-bit arm (armhf, armmp 6.1) with our
# module. Prints a summary with times; exits non-zero if any
# configuration failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(
	x86_64:6.1:ours x86_64:6.1:intree
	x86_64:6.12:ours x86_64:6.12:intree
	arm64:6.1:ours arm64:6.1:intree
	arm64:6.12:ours
	armhf:6.1:ours
)

suites=()
for s in "$here"/suites/*.sh; do suites+=("$s"); done
names=$(for s in "${suites[@]}"; do basename "$s"; done | tr '\n' ' ')

summary=() failed=0
for c in "${configs[@]}"; do
	IFS=: read -r arch series module <<<"$c"
	# lockdep, KASAN and kmemleak make the debug kernel 2-3x slower (and
	# x86_64 guests run both vCPUs on one QEMU thread)
	timeout=900
	[[ $series = *-debug ]] && timeout=3600
	say "=== $arch $series $module: $names"
	t0=$EPOCHREALTIME
	VMENV_SUITES="$names" bash "$here/run-in-vm.sh" --arch "$arch" --kernel "$series" \
		--module "$module" --timeout "$timeout" "$here/guest-suites.sh" \
		"$here/lib-guest.sh" "${suites[@]}"
	rc=$?
	t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
	if [[ $rc = 0 ]]; then summary+=("PASS $c (${t}s)"); else summary+=("FAIL $c (exit $rc, ${t}s)"); failed=1; fi
done
say "summary:"
printf '  %s\n' "${summary[@]}" >&2
exit $failed
