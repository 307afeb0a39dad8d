#!/bin/bash
# check.sh [--all]
#
# `make check` (no argument): the tests that fit CI (90 minutes on a fresh
# 2-core machine; this tier is kept at or under 60 minutes here from a warm
# cache). Every kernel (5.10, 6.1, 6.12, 7.3) is built and booted with our
# module; every guest suite runs at least once per architecture; the
# in-tree module is compared with ours by the oracle suite on x86_64 6.1
# and 6.12 and arm64 6.12.
#
# `make check-all` (--all): the whole matrix, for a release or a long
# night: every guest suite on every kernel and architecture with both
# modules, the hardening suites on every kernel, the oracle on every
# kernel, our wg against the stock one everywhere.
#
# Each part prints its time budget before it runs and its time after; the
# summary gives both and the total. A part that boots fewer guests than it
# should (a configuration skipped for any reason) fails, loudly. All parts
# run regardless of earlier failures; the exit status is non-zero if any
# failed.
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

tier=check
[[ ${1:-} = --all ]] && tier=check-all

results=() failed=0 budget_total=0
# Each failed guest appends its verdict and console excerpt here
# (run-in-vm.sh); printed at the end, next to the summary, where a reader of
# a long log looks first.
VM_FAILURES=$(mktemp /tmp/wg-check-guests.XXXXXX)
VM_RUNS=$(mktemp /tmp/wg-check-runs.XXXXXX)
export VM_FAILURES VM_RUNS
trap 'rm -f "$VM_FAILURES" "$VM_RUNS"' EXIT
t_all=$EPOCHREALTIME

# part NAME BUDGET_SECONDS GUESTS CMD...: GUESTS is how many guests CMD must
# boot (0: none).
part() {
	local name=$1 budget=$2 guests=$3 t0=$EPOCHREALTIME rc booted t
	shift 3
	budget_total=$((budget_total + budget))
	echo "################ $name (budget ${budget}s$([[ $guests -gt 0 ]] && echo ", $guests guests"))"
	: > "$VM_RUNS"
	"$@"
	rc=$?
	booted=$(wc -l < "$VM_RUNS")
	t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
	if [[ $rc = 0 && $booted -lt $guests ]]; then
		echo "################ FAIL: $name booted $booted of its $guests guests: some were skipped" >&2
		rc=1
	fi
	if [[ $rc = 0 ]]; then
		results+=("PASS  $name (${t}s of ${budget}s)")
	else
		results+=("FAIL  $name (exit $rc, ${t}s of ${budget}s, $booted of $guests guests)")
		failed=1
	fi
}

# Both tiers: everything that boots no guest, and the harness self-test.
part "unit tests (userspace, ASan/UBSan; arm64/armhf under qemu-user)" 250 0 bash tests/unit/run.sh
part "module build: amd64 5.10, 6.1, 6.12, 7.3; -Werror, sparse" 180 0 make --no-print-directory check-build
part "cross build: arm64 5.10, 6.1, 6.12, 7.3; armhf 5.10, 6.1; -Werror" 240 0 make --no-print-directory check-cross
part "DKMS: life cycle for amd64 6.1 + 6.12, =y refused; upgrade 6.12 -> 7.3 in trixie" 200 0 make --no-print-directory check-dkms
part "kernel tree: tools/kernel-tree.sh in linux-source-6.1, --replace =m, --beside =y" 160 0 make --no-print-directory check-kernel-tree
part "tools/wg build" 10 0 make --no-print-directory tools
part "interop: protocol core vs wireguard-go" 20 0 make --no-print-directory check-interop
# its guests fail on purpose: they are not recorded
part "VM harness self-test (status, oops, hang, boot panic, key flips)" 150 5 env -u VM_FAILURES bash tests/vm/selftest-harness.sh

if [[ $tier = check ]]; then
	part "guest suites, ours: every suite on x86_64 6.12, arm64 6.12, armhf 6.1 (there all but batching); smoke (module-basics, tunnel) on x86_64 and arm64 5.10 and 7.3, armhf 5.10" 1100 8 \
		bash tests/vm/run-suites.sh x86_64:6.12:ours arm64:6.12:ours armhf:6.1:ours:-batching \
		x86_64:5.10:ours:smoke x86_64:7.3:ours:smoke arm64:5.10:ours:smoke arm64:7.3:ours:smoke armhf:5.10:ours:smoke
	part "oracle: in-tree module vs ours, every scenario, exact values: x86_64 6.1 and 6.12, arm64 6.12" 720 6 \
		bash tests/vm/run-oracle.sh x86_64:6.1 x86_64:6.12 arm64:6.12
	part "hardening suites (tests/vm/hostile, the fleet counters included): x86_64 6.12, arm64 6.1" 760 2 bash tests/vm/run-hostile.sh x86_64:6.12:ours arm64:6.1:ours
	part "tools/wg against the stock wg: x86_64 6.12 and arm64 6.1, ours" 180 2 \
		bash tests/vm/run-wgtool.sh x86_64:6.12:ours arm64:6.1:ours
	part "interop with the in-tree module, two guests: x86_64 6.12, arm64 6.1" 90 4 \
		bash -c 'bash tests/vm/interop-intree.sh --kernel 6.12; a=$?; bash tests/vm/interop-intree.sh --arch arm64 --kernel 6.1; b=$?; exit $((a | b))'
else
	part "guest suites: every suite, every kernel, x86_64 and arm64 with both modules, armhf with ours" 5400 18 bash tests/vm/run-suites.sh
	part "oracle: in-tree vs ours on every kernel, x86_64 and arm64" 2400 16 \
		bash tests/vm/run-oracle.sh x86_64:5.10 x86_64:6.1 x86_64:6.12 x86_64:7.3 arm64:5.10 arm64:6.1 arm64:6.12 arm64:7.3
	part "hardening suites: every kernel, x86_64 and arm64" 4800 8 bash tests/vm/run-hostile.sh \
		x86_64:5.10:ours x86_64:6.1:ours x86_64:6.12:ours x86_64:7.3:ours arm64:5.10:ours arm64:6.1:ours arm64:6.12:ours arm64:7.3:ours
	part "tools/wg against the stock wg: every kernel, x86_64 and arm64, both modules" 1800 16 bash tests/vm/run-wgtool.sh \
		x86_64:5.10:ours x86_64:5.10:intree x86_64:6.1:ours x86_64:6.1:intree x86_64:6.12:ours x86_64:6.12:intree \
		x86_64:7.3:ours x86_64:7.3:intree arm64:5.10:ours arm64:5.10:intree arm64:6.1:ours arm64:6.1:intree \
		arm64:6.12:ours arm64:6.12:intree arm64:7.3:ours arm64:7.3:intree
	part "interop with the in-tree module, two guests: every kernel, x86_64 and arm64" 300 16 bash -c '
		rc=0
		for a in x86_64 arm64; do for k in 5.10 6.1 6.12 7.3; do
			bash tests/vm/interop-intree.sh --arch $a --kernel $k || rc=1
		done; done
		exit $rc'
	# make check runs ours as loaded by default, outer UDP batching on;
	# the same configurations with it off
	part "outer UDP batching off (udp_gso=0 udp_gro=0): make check's guest suites, oracle and hardening" 2600 16 \
		env VM_WG_OPTIONS="udp_gso=0 udp_gro=0" bash -c '
		rc=0
		bash tests/vm/run-suites.sh x86_64:6.12:ours arm64:6.12:ours armhf:6.1:ours:-batching \
			x86_64:5.10:ours:smoke x86_64:7.3:ours:smoke arm64:5.10:ours:smoke arm64:7.3:ours:smoke armhf:5.10:ours:smoke || rc=1
		bash tests/vm/run-oracle.sh x86_64:6.1 x86_64:6.12 arm64:6.12 || rc=1
		bash tests/vm/run-hostile.sh x86_64:6.12:ours arm64:6.1:ours || rc=1
		exit $rc'
fi

# The excerpts come before the summary, so the summary stays the last thing
# printed.
if [[ -s $VM_FAILURES ]]; then
	echo "################ guests that failed or were booted again, with the console lines that show why"
	head -n 150 "$VM_FAILURES"
fi
echo "################ summary ($tier)"
printf '%s\n' "${results[@]}"
total=$(awk -v a="$t_all" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
echo "total: ${total}s of a ${budget_total}s budget"
if [[ $tier = check ]]; then
	echo "not part of make check: make check-all (the whole matrix: every suite x kernel x arch x module), make check-debug (every suite on a KASAN/lockdep/kmemleak kernel built from linux-source-6.1; see README)"
fi
exit $failed
