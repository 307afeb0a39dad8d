#!/bin/bash
# run-oracle.sh [CONFIG...]
#
# The in-tree module as the oracle: runs the scenarios of tests/vm/oracle/
# (NN-name.sh) in one guest per CONFIG (ARCH:SERIES; default x86_64:6.1
# x86_64:6.12 arm64:6.12) with Debian's in-tree module, then in one with
# ours, takes the `ORACLE key=value` lines each guest printed, and compares
# them exactly. Any difference fails the run and is printed (a unified
# diff, the in-tree module's lines first). Keeps the outputs in
# $WG_CACHE/oracle/ (or ORACLE_OUT) for a look afterwards.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(x86_64:6.1 x86_64:6.12 arm64:6.12)
out=${ORACLE_OUT:-$WG_CACHE/oracle}
mkdir -p "$out"
# ORACLE_SKIP="NN-name ...": scenarios left out of this run
scenarios=()
for s in "$here"/oracle/[0-9][0-9]-*.sh; do
	n=${s##*/}
	[[ " ${ORACLE_SKIP:-} " == *" ${n%.sh} "* ]] && { say "left out: $n (ORACLE_SKIP)"; continue; }
	scenarios+=("$s")
done

summary=() failed=0
for c in "${configs[@]}"; do
	IFS=: read -r arch series <<<"$c"
	ok=1
	# the scenarios' helper programs, static, for the guest's arch
	case $arch in arm64|aarch64) cc=aarch64-linux-gnu-gcc ;; *) cc=gcc ;; esac
	mkdir -p "$out/bin-$arch"
	helpers=()
	for h in udpsend udplens; do
		$cc -static -O2 -Wall -Wextra -Werror -o "$out/bin-$arch/$h" "$here/oracle/$h.c" || break
		helpers+=("$out/bin-$arch/$h")
	done
	if [[ ${#helpers[@]} != 2 ]]; then
		summary+=("FAIL $c: the helper programs did not build")
		failed=1
		continue
	fi
	for module in intree ours; do
		f=$out/$arch-$series-$module
		say "=== $arch $series $module: ${scenarios[*]##*/}"
		t0=$EPOCHREALTIME
		VM_LOG=$f.log bash "$here/run-in-vm.sh" --arch "$arch" --kernel "$series" \
			--module "$module" --timeout 900 "$here/oracle/guest.sh" \
			"$here/oracle/lib-oracle.sh" "${helpers[@]}" "${scenarios[@]}"
		rc=$?
		t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
		grep -a '^ORACLE ' "$f.log" 2>/dev/null > "$f.out"
		missing=
		for s in "${scenarios[@]}"; do
			n=${s##*/}
			grep -q "^ORACLE ${n%.sh}.exit=" "$f.out" || missing+=" $n"
		done
		if [[ $rc != 0 || -n $missing ]]; then
			[[ -n $missing ]] && say "no result from:$missing"
			summary+=("FAIL $c $module: the guest failed (exit $rc, ${t}s)")
			ok=0
		else
			summary+=("     $c $module: $(wc -l < "$f.out") values (${t}s)")
		fi
	done
	if [[ $ok = 1 ]]; then
		if diff -u --label "intree $c" --label "ours $c" \
			"$out/$arch-$series-intree.out" "$out/$arch-$series-ours.out" > "$out/$arch-$series.diff"; then
			summary+=("PASS $c: ours printed exactly what the in-tree module printed")
		else
			cat "$out/$arch-$series.diff" >&2
			summary+=("FAIL $c: $(grep -c '^+ORACLE' "$out/$arch-$series.diff") of our values differ (diff above, kept in $out/$arch-$series.diff)")
			ok=0
		fi
	fi
	[[ $ok = 1 ]] || failed=1
done
say "summary:"
printf '  %s\n' "${summary[@]}" >&2
exit $failed
