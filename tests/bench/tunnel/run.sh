#!/bin/bash
# make bench-tunnel: TCP throughput through a tunnel between two namespaces
# of one guest, our module and then the in-tree one, in the same guest
# configuration, one after the other (never two guests at once). Emulated
# guests measure the emulator as much as the module: read the ratio, not
# the absolute figure. BENCH_CONFIGS picks guests (default: x86_64:6.12
# and arm64:6.1), BENCH_SECONDS the iperf3 run (10).
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here=$top/tests/bench/tunnel
status=0
printf '%-28s %12s %12s %8s\n' "tunnel TCP (guest)" "ours Mbit/s" "in-tree" "ratio"
for c in ${BENCH_CONFIGS:-x86_64:6.12 arm64:6.1}; do
	IFS=: read -r arch series <<<"$c"
	declare -A r=()
	for m in ours intree; do
		out=$(VMENV_SECONDS_RUN=${BENCH_SECONDS:-10} bash "$top/tests/vm/run-in-vm.sh" \
			--arch "$arch" --kernel "$series" --module "$m" --timeout 600 "$here/guest.sh" 2>&1)
		r[$m]=$(sed -n 's/^RESULT \([0-9.]*\).*/\1/p' <<<"$out" | tail -1)
		if [[ -z ${r[$m]} || ${r[$m]} = 0.0 ]]; then
			echo "$out" | tail -20 >&2
			status=1
			r[$m]=0
		fi
	done
	ratio=$(awk -v a="${r[ours]}" -v b="${r[intree]}" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "nan" }')
	printf '%-28s %12s %12s %8s\n' "$arch $series" "${r[ours]}" "${r[intree]}" "$ratio"
	echo "BENCH tunnel-tcp-$arch-$series ours=${r[ours]} intree=${r[intree]} ratio=$ratio unit=Mbit/s"
	unset r
done
exit $status
