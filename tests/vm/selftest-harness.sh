#!/bin/bash
# The harness must be able to fail: a script's own status comes back, an
# oops fails the run whatever the script returns, a hung guest is killed at
# its timeout, and a kernel that panics before the test starts is booted once
# more, then fails. A failure or a boot retry is recorded for the summary
# (VM_FAILURES). And an x86_64 guest whose kernel patches its own text under
# traffic lives. Each case boots a guest (x86_64 6.12 by default).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

expect_status() {
	local want=$1 name=$2 script=$3
	shift 3
	printf '%s\n' "$script" > "$tmp/$name.sh"
	bash "$here/run-in-vm.sh" "$@" "$tmp/$name.sh" >"$tmp/$name.log" 2>&1
	local got=$?
	if [[ $got = "$want" ]]; then
		say "ok: $name -> exit $got"
	else
		say "FAIL: $name: exit $got, expected $want; log:"
		tail -20 "$tmp/$name.log" >&2
		failed=1
	fi
}

expect_status 7 script-status 'echo hello from the guest; exit 7'
# An oops (sysrq-c dereferences NULL) after which the script "succeeds".
VM_FAILURES=$tmp/failures expect_status 125 oops 'echo c > /proc/sysrq-trigger; exit 0'
# ... and the failure is recorded for the summary with the oops itself
if grep -q '^=== .*FAIL: kernel panic' "$tmp/failures" && grep -q 'sysrq' "$tmp/failures"; then
	say "ok: oops -> recorded with its console lines"
else
	say "FAIL: oops: not recorded in VM_FAILURES:"
	cat "$tmp/failures" >&2
	failed=1
fi
expect_status 124 hang 'sleep 3600' --timeout 60
# A kernel that panics while booting (here: no init to run) is booted once
# more, then the run fails.
VM_APPEND="rdinit=/no-such-init init=/no-such-init" VM_FAILURES=$tmp/failures-boot \
	expect_status 125 boot-panic 'exit 0'
boots=$(grep -c '\] booting ' "$tmp/boot-panic.log")
if [[ $boots = 2 ]] && grep -q 'booting once more' "$tmp/boot-panic.log" &&
   [[ $(grep -c '^=== .*not a failure: the first boot panicked' "$tmp/failures-boot") = 1 &&
      $(grep -c '^=== .*FAIL: kernel panic' "$tmp/failures-boot") = 1 ]]; then
	say "ok: boot-panic -> booted twice, both recorded"
else
	say "FAIL: boot-panic: $boots boots, expected 2 with a retry, each recorded:"
	cat "$tmp/failures-boot" >&2
	failed=1
fi
# x86_64 guests survive the kernel patching its own text under traffic
# (see run-in-vm.sh: the vCPUs share one QEMU thread for this reason).
VMENV_SECS=60 expect_status 0 static-key-flips "$(cat "$here/keyflip-guest.sh")" --timeout 300
grep -h 'static key flips' "$tmp/static-key-flips.log" >&2
exit $failed
