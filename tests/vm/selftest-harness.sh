#!/bin/bash
# The harness must be able to fail: a script's own status comes back, an
# oops fails the run whatever the script returns, and a hung guest is killed
# at its timeout. Each case boots a guest (x86_64 6.12 by default).
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
expect_status 125 oops 'echo c > /proc/sysrq-trigger; exit 0'
expect_status 124 hang 'sleep 3600' --timeout 60
exit $failed
