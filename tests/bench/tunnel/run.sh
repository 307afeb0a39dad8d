#!/bin/bash
# make bench-tunnel: TCP throughput through a tunnel between two namespaces
# of one guest, one stream and four, and what it cost: guest CPU seconds
# (from /proc/stat, both namespaces together) per GB moved; and UDP packet
# rates at 64 and 1400 bytes (received, per second) with CPU time per
# packet. Our module as
# loaded by default (outer UDP batching on), ours with batching off
# (udp_gso=0 udp_gro=0: the gain shown by itself), and the in-tree module, each in its own guest of the same configuration,
# one after the other (never two guests at once). Emulated guests measure
# the emulator as much as the module: read the ratios, not the absolute
# figures. BENCH_CONFIGS picks guests (default: x86_64:6.12 and arm64:6.12),
# BENCH_SECONDS each iperf3 run (10), BENCH_VARIANTS the modules (default
# "ours nobatch intree").
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
here=$top/tests/bench/tunnel
status=0
variants=(${BENCH_VARIANTS:-ours nobatch intree})
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a > 0 && b > 0) printf "%.2f", a/b; else print "nan" }'; }
declare -A r=()
tests="tcp1 tcp4 udp64 udp1400"
for c in ${BENCH_CONFIGS:-x86_64:6.12 arm64:6.12}; do
	IFS=: read -r arch series <<<"$c"
	for v in "${variants[@]}"; do
		m=$v opts=
		[[ $v = nobatch ]] && m=ours opts="udp_gso=0 udp_gro=0"
		out=$(VM_WG_OPTIONS=$opts VMENV_SECONDS_RUN=${BENCH_SECONDS:-10} bash "$top/tests/vm/run-in-vm.sh" \
			--arch "$arch" --kernel "$series" --module "$m" --timeout 600 "$here/guest.sh" 2>&1)
		for t in $tests; do
			read -r mbit cost < <(sed -n "s/^RESULT $t \([0-9.]*\) \([0-9.]*\).*/\1 \2/p" <<<"$out" | tail -1)
			if [[ -z ${mbit:-} || $mbit = 0.0 ]]; then
				echo "$out" | tail -20 >&2
				status=1
				mbit=0 cost=0
			fi
			r[$c,$v,$t]=$mbit r[$c,$v,$t,cost]=$cost
		done
	done
done
printf '%-16s %-7s %-7s %10s %12s %10s %12s\n' "guest" "test" "module" "rate" "vs in-tree" "CPU cost" "vs in-tree"
echo "(rate: TCP Mbit/s, UDP thousand packets received per second; CPU cost: TCP CPU s per GB, UDP CPU us per packet)"
for c in ${BENCH_CONFIGS:-x86_64:6.12 arm64:6.12}; do
	for t in $tests; do
		unit=Mbit/s cunit=cpu-s/GB
		[[ $t = udp* ]] && unit=kpps cunit=cpu-us/pkt
		for v in "${variants[@]}"; do
			printf '%-16s %-7s %-7s %10s %12s %10s %12s\n' "$c" "$t" "$v" "${r[$c,$v,$t]}" \
				"$(ratio "${r[$c,$v,$t]}" "${r[$c,intree,$t]:-0}")" "${r[$c,$v,$t,cost]}" \
				"$(ratio "${r[$c,intree,$t,cost]:-0}" "${r[$c,$v,$t,cost]}")"
		done
		for v in "${variants[@]}"; do
			[[ $v = intree ]] && continue
			echo "BENCH tunnel-$t-$v-${c/:/-} ours=${r[$c,$v,$t]} intree=${r[$c,intree,$t]:-0} ratio=$(ratio "${r[$c,$v,$t]}" "${r[$c,intree,$t]:-0}") unit=$unit"
			# cost: ratio above 1 when ours spends less CPU per GB
			echo "BENCH tunnel-cost-$t-$v-${c/:/-} ours=${r[$c,$v,$t,cost]} intree=${r[$c,intree,$t,cost]:-0} ratio=$(ratio "${r[$c,intree,$t,cost]:-0}" "${r[$c,$v,$t,cost]}") unit=$cunit"
		done
	done
done
exit $status
