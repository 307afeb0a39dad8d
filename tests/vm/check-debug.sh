#!/bin/bash
# check-debug.sh: `make check-debug`. Builds (once; cached) the x86_64 6.1
# debug kernel with KASAN, UBSAN, lockdep, DEBUG_OBJECTS and KMEMLEAK, then
# runs every guest suite (tests/vm/suites) and every hardening suite
# (tests/vm/hostile) on it with our module. A run fails on any report from
# the kernel's checkers, and on any kmemleak finding after the module is
# removed (init.sh scans at the end of each guest).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

t0=$EPOCHREALTIME
bash "$here/build-debug-kernel.sh" 6.1 || exit 1
rc=0
bash "$here/run-suites.sh" x86_64:6.1-debug:ours || rc=1
bash "$here/run-hostile.sh" x86_64:6.1-debug:ours || rc=1
say "check-debug took $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", (b-a)/60}') min: $([[ $rc = 0 ]] && echo PASS || echo FAIL)"
exit $rc
