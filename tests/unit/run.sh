#!/bin/bash
# Runs every userspace unit suite: each tests/unit/<suite>/ folder with a
# Makefile that has a `check` target (built and run natively, under ASan and
# UBSan where the suite says so). Exits non-zero if any suite fails.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
failed=()
ran=0
for mk in "$here"/*/Makefile; do
	[[ -e $mk ]] || continue
	suite=$(basename "$(dirname "$mk")")
	echo "=== unit suite: $suite"
	if make --no-print-directory -C "$(dirname "$mk")" check; then
		echo "=== unit suite $suite: PASS"
	else
		echo "=== unit suite $suite: FAIL"
		failed+=("$suite")
	fi
	ran=$((ran + 1))
done
echo "unit suites run: $ran, failed: ${#failed[@]} ${failed[*]:-}"
[[ $ran -gt 0 && ${#failed[@]} -eq 0 ]]
