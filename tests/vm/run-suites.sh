#!/bin/bash
# run-suites.sh [CONFIG...]
#
# Runs the guest suites (tests/vm/suites/*.sh) in one guest per
# configuration. A CONFIG is ARCH:SERIES:MODULE[:SUITES], SUITES a
# comma-separated list of suite names (without .sh), -A,B for every
# suite but A and B, `smoke` for module-basics and tunnel (load, netlink, traffic: what a new kernel
# breaks first), or all of them when left out. With no CONFIG, the full
# matrix of `make check-all`: every kernel (5.10, 6.1, 6.12, 7.3) on
# x86_64 and arm64 with our module and Debian's in-tree one, and 32-bit arm
# (armmp 5.10 and 6.1) with ours. Prints a summary with times; exits
# non-zero if any configuration failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(
	x86_64:5.10:ours x86_64:5.10:intree x86_64:6.1:ours x86_64:6.1:intree
	x86_64:6.12:ours x86_64:6.12:intree x86_64:7.3:ours x86_64:7.3:intree
	arm64:5.10:ours arm64:5.10:intree arm64:6.1:ours arm64:6.1:intree
	arm64:6.12:ours arm64:6.12:intree arm64:7.3:ours arm64:7.3:intree
	armhf:5.10:ours armhf:6.1:ours
)

all_suites=()
for s in "$here"/suites/*.sh; do all_suites+=("$s"); done

summary=() failed=0
for c in "${configs[@]}"; do
	IFS=: read -r arch series module pick <<<"$c"
	[[ $pick = smoke ]] && pick=module-basics,tunnel
	suites=()
	if [[ -z $pick ]]; then
		suites=("${all_suites[@]}")
	elif [[ $pick = -* ]]; then
		# -A,B: every suite but these
		skip=,
		for n in ${pick//,/ }; do
			n=${n#-}
			[[ -f $here/suites/$n.sh ]] || die "no suite '$n' in $here/suites (config $c)"
			skip+=$n,
		done
		for s in "${all_suites[@]}"; do
			n=$(basename "$s" .sh)
			[[ $skip = *,$n,* ]] || suites+=("$s")
		done
	else
		for n in ${pick//,/ }; do
			[[ -f $here/suites/$n.sh ]] || die "no suite '$n' in $here/suites (config $c)"
			suites+=("$here/suites/$n.sh")
		done
	fi
	names=$(for s in "${suites[@]}"; do basename "$s"; done | tr '\n' ' ')
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
