#!/bin/bash
# Guest side of the tunnel benchmark: two namespaces over veth, a tunnel on
# this guest's module, iperf3 TCP with one stream and with four for
# $SECONDS_RUN seconds each, printed as "RESULT tcp1|tcp4 <Mbit/s>
# <CPU seconds per GB>" (receiver side; the guest's CPU time over the run,
# from /proc/stat, per gigabyte moved); then UDP as fast as iperf3 sends,
# 64-byte and 1400-byte payloads, "RESULT udp64|udp1400 <thousand packets
# received per second> <CPU microseconds per packet received>".
set -euo pipefail
umask 077
ip netns add a
ip netns add b
ip link add v0 netns a type veth peer name v0 netns b
ip -n a addr add 192.0.2.1/24 dev v0
ip -n b addr add 192.0.2.2/24 dev v0
ip -n a link set v0 up
ip -n b link set v0 up
wg genkey > /tmp/ka
wg genkey > /tmp/kb
ip -n a link add wg0 type wireguard
ip -n b link add wg0 type wireguard
ip netns exec a wg set wg0 private-key /tmp/ka listen-port 1 peer "$(wg pubkey < /tmp/kb)" \
	endpoint 192.0.2.2:2 allowed-ips 10.9.0.2/32
ip netns exec b wg set wg0 private-key /tmp/kb listen-port 2 peer "$(wg pubkey < /tmp/ka)" \
	endpoint 192.0.2.1:1 allowed-ips 10.9.0.1/32
ip -n a addr add 10.9.0.1/24 dev wg0
ip -n b addr add 10.9.0.2/24 dev wg0
ip -n a link set wg0 up
ip -n b link set wg0 up
ip netns exec a ping -c 2 -W 5 10.9.0.2 >/dev/null
# busy: the guest's CPU time so far, both namespaces and every CPU
# together, in seconds (/proc/stat's first line: all but idle and iowait)
busy() {
	awk -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" \
		'/^cpu /{printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit}' /proc/stat
}
# run NAME STREAMS: one iperf3 run; "RESULT NAME <Mbit/s> <CPU s per GB>"
run() {
	local name=$1 streams=$2 b0 b1 bps bytes
	ip netns exec b iperf3 -s -1 -D -B 10.9.0.2 >/dev/null
	sleep 0.5
	b0=$(busy)
	ip netns exec a iperf3 -c 10.9.0.2 -P "$streams" -t "${SECONDS_RUN:-10}" -J > /tmp/iperf.json
	b1=$(busy)
	bps=$(awk -F: '/"sum_received"/{f=1} f && /"bits_per_second"/{gsub(/[^0-9.e+-]/,"",$2); print $2; exit}' /tmp/iperf.json)
	bytes=$(awk -F: '/"sum_received"/{f=1} f && /"bytes"/{gsub(/[^0-9.e+-]/,"",$2); print $2; exit}' /tmp/iperf.json)
	echo "RESULT $name $(awk -v b="$bps" -v n="$bytes" -v c0="$b0" -v c1="$b1" \
		'BEGIN{printf "%.1f %.2f", b/1e6, (n > 0 ? (c1 - c0) / (n / 1e9) : 0)}')"
	sleep 1
}
# run_udp NAME LEN: one UDP run at full speed; what arrived, per second
run_udp() {
	local name=$1 len=$2 b0 b1 secs pkts lost
	ip netns exec b iperf3 -s -1 -D -B 10.9.0.2 >/dev/null
	sleep 0.5
	b0=$(busy)
	ip netns exec a iperf3 -u -b 0 -l "$len" -c 10.9.0.2 -t "${SECONDS_RUN:-10}" -J > /tmp/iperf.json
	b1=$(busy)
	# the "sum" of iperf3's "end" section (the receiver's report)
	read -r secs pkts lost < <(awk -F: '/"end":/ && /[{]/ { e = 1 } e && /"sum":/ { s = 1 }
		s && /"seconds"/ { gsub(/[^0-9.]/, "", $2); t = $2 }
		s && /"lost_packets"/ { gsub(/[^0-9]/, "", $2); l = $2 }
		s && /"packets"/ && !/lost/ { gsub(/[^0-9]/, "", $2); n = $2 }
		s && /}/ { exit } END { print t + 0, n + 0, l + 0 }' /tmp/iperf.json)
	echo "RESULT $name $(awk -v t="$secs" -v n="$pkts" -v l="$lost" -v c0="$b0" -v c1="$b1" \
		'BEGIN{r = n - l; printf "%.1f %.1f", (t > 0 ? r / t / 1e3 : 0), (r > 0 ? (c1 - c0) / r * 1e6 : 0)}')"
	sleep 1
}
run tcp1 1
run tcp4 4
run_udp udp64 64
run_udp udp1400 1400
