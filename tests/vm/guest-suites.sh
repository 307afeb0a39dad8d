#!/bin/bash
# Guest side of run-suites.sh: runs every suite given in /test (suite-*.sh
# or the names in $SUITES) one after the other, each from a clean state (no
# namespaces, module unloaded), and exits non-zero if any failed.
set -uo pipefail
cd /test
failed=() passed=0
for s in ${SUITES:-}; do
	ip -all netns delete 2>/dev/null
	killall wireguard-go 2>/dev/null
	rm -f /run/wireguard/*.sock
	modprobe -r wireguard 2>/dev/null
	echo "=== suite $s ($WG_MODULE module, $WG_ARCH $KREL)"
	t0=$(cut -d' ' -f1 /proc/uptime)
	if bash "/test/$s"; then
		passed=$((passed + 1))
	else
		failed+=("$s")
	fi
	echo "=== suite $s took $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN{printf "%.1f", b-a}')s"
done
echo "=== suites passed: $passed, failed: ${#failed[@]} ${failed[*]:-}"
[[ ${#failed[@]} -eq 0 ]]
