#!/bin/bash
# `make check`: every test that exists and fits CI's 90 minutes, in order
# from fastest to slowest, each part named with its time; a summary at the
# end. Exits non-zero if any part failed (all parts run regardless).
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

results=() failed=0
# Each failed guest appends its verdict and console excerpt here
# (run-in-vm.sh); printed at the end, next to the summary, where a reader of
# a long log looks first.
VM_FAILURES=$(mktemp /tmp/wg-check-guests.XXXXXX)
export VM_FAILURES
trap 'rm -f "$VM_FAILURES"' EXIT
part() {
	local name=$1 t0=$EPOCHREALTIME rc
	shift
	echo "################ $name"
	"$@"
	rc=$?
	local t
	t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
	if [[ $rc = 0 ]]; then
		results+=("PASS  $name (${t}s)")
	else
		results+=("FAIL  $name (exit $rc, ${t}s)")
		failed=1
	fi
}

part "unit tests (userspace, ASan/UBSan)" bash tests/unit/run.sh
part "module build: amd64 6.1 + 6.12, -Werror, sparse" make --no-print-directory check-build
part "cross build: arm64 6.1 + 6.12, armhf 6.1 (NEON ChaCha20)" make --no-print-directory check-cross
part "DKMS: add/build/install/remove for amd64 6.1 + 6.12, CONFIG_WIREGUARD=y refused" make --no-print-directory check-dkms
part "kernel tree: tools/kernel-tree.sh in linux-source-6.1, --replace =m, --beside =y" make --no-print-directory check-kernel-tree
[[ -f tools/wg/Makefile ]] && part "tools/wg build" make --no-print-directory tools
[[ -f tests/interop/Makefile ]] && part "interop: protocol core vs wireguard-go" make --no-print-directory check-interop
# its guests fail on purpose: they are not recorded
part "VM harness self-test (status, oops, hang)" env -u VM_FAILURES bash tests/vm/selftest-harness.sh
part "VM suites: x86_64 6.1/6.12, arm64 6.1/6.12, armhf 6.1; ours and in-tree" bash tests/vm/run-suites.sh
part "hardening suites (tests/vm/hostile): x86_64 6.12, arm64 6.1" bash tests/vm/run-hostile.sh
part "tools/wg against the stock wg in guests (ours and in-tree modules)" bash tests/vm/run-wgtool.sh
part "interop with the in-tree module, two guests: x86_64 6.12" bash tests/vm/interop-intree.sh --kernel 6.12
part "interop with the in-tree module, two guests: x86_64 6.1" bash tests/vm/interop-intree.sh --kernel 6.1
part "interop with the in-tree module, two guests: arm64 6.1" bash tests/vm/interop-intree.sh --arch arm64 --kernel 6.1

# The excerpts come before the summary, so the summary stays the last thing
# printed.
if [[ -s $VM_FAILURES ]]; then
	echo "################ guests that failed or were booted again, with the console lines that show why"
	head -n 150 "$VM_FAILURES"
fi
echo "################ summary"
printf '%s\n' "${results[@]}"
echo "not part of make check: make check-debug (every suite on a KASAN/lockdep/kmemleak kernel built from linux-source-6.1; see README)"
exit $failed
