#!/bin/bash
# run-hostile.sh [CONFIG...]
#
# Runs the hardening suites (tests/vm/hostile/*.sh: hostile UDP input,
# hostile netlink, handshake flood, scale, teardown races) in one guest per
# configuration, with their static helper programs (tests/hostile/*/, built
# here for the guest's architecture) in /test/bin (call them by that path). A CONFIG is
# ARCH:SERIES:MODULE as for run-suites.sh; SERIES may be 6.1-debug (the
# debug kernel of tests/vm/build-debug-kernel.sh). Exits non-zero if any
# configuration failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"

configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || # x86_64 6.1 passes them too (551 s) but is left to check-debug's 6.1
# kernel, to keep make check well inside CI's 90 minutes.
configs=(x86_64:6.12:ours arm64:6.1:ours)

# HOSTILE_SUITES="a.sh b.sh" picks some of them.
suites=()
for s in "$here"/hostile/*.sh; do
	[[ -e $s ]] || continue
	[[ -z ${HOSTILE_SUITES:-} || " $HOSTILE_SUITES " == *" ${s##*/} "* ]] && suites+=("$s")
done
[[ ${#suites[@]} -gt 0 ]] || { say "no suites in $here/hostile"; exit 1; }
names=$(for s in "${suites[@]}"; do basename "$s"; done | tr '\n' ' ')

summary=() failed=0
for c in "${configs[@]}"; do
	IFS=: read -r arch series module <<<"$c"
	case $arch in arm64|aarch64) barch=arm64 ;; *) barch=x86_64 ;; esac
	make --no-print-directory -C "$top/tests/hostile" guest-bins ARCH="$barch" >&2 ||
		{ summary+=("FAIL $c (helper programs did not build)"); failed=1; continue; }
	bins=$(mktemp -d)
	mkdir -p "$bins/bin"
	cp -a "$top/tests/hostile/build/$barch/." "$bins/bin/"
	say "=== hostile $arch $series $module: $names"
	t0=$EPOCHREALTIME
	VMENV_SUITES="$names" \
		bash "$here/run-in-vm.sh" --arch "$arch" --kernel "$series" \
		--module "$module" --timeout "$([[ $series = *-debug ]] && echo 7200 || echo 1500)" "$here/guest-suites.sh" \
		"$here/lib-guest.sh" "$bins/bin" "${suites[@]}"
	rc=$?
	rm -rf "$bins"
	t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
	if [[ $rc = 0 ]]; then summary+=("PASS $c (${t}s)"); else summary+=("FAIL $c (exit $rc, ${t}s)"); failed=1; fi
done
say "summary:"
printf '  %s\n' "${summary[@]}" >&2
exit $failed
