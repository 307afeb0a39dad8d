#!/bin/bash
# Outer datagram length for inner packets around each multiple of 16 up to
# the MTU and past it, IPv4 and IPv6 inside, with the device's MTU (1420)
# and with a smaller route MTU (1299): the UDP payload length (the
# WireGuard message) of each datagram a sends, seen on b's veth (udplens.c:
# the arm64 guests have no tcpdump).
# The inner packets are UDP datagrams written by bash (no process per
# packet); what the inner stack fragments shows as several datagrams.
. /test/lib-oracle.sh
pair
ip netns exec a ping -c 1 -W 5 10.9.0.2 >/dev/null; o handshake.rc $?

# lengths HEADER MAX: inner packet lengths to try: each side of every
# multiple of 16 (16k pads to itself, 16k+1 to 16k+16), and the MTU and
# the two below it
lengths() {
	local hdr=$1 max=$2 k
	for ((k = 16; k <= max + 16; k += 16)); do
		((k > hdr)) && echo $k
		((k + 1 > hdr)) && echo $((k + 1))
	done | awk -v m="$max" '$1 <= m'
	echo $((max - 2))
	echo $((max - 1))
	echo "$max"
}

# capture_start, capture_stop: the UDP payload lengths a sends to b, less
# keepalives (32) and handshake initiations (148; no data message has that
# length), one a line in /tmp/outer
capture_start() {
	ip netns exec b /test/udplens vb 51821 > /tmp/lens.out 2>/tmp/udplens.err &
	tpid=$!
	# until it listens (slow emulated guests take a while to start it)
	for i in $(seq 1 100); do
		grep -q 'listening on' /tmp/udplens.err 2>/dev/null && break
		sleep 0.1
	done
}
capture_stop() {
	sleep 1
	kill $tpid
	wait $tpid 2>/dev/null
	awk '$1 != 32 && $1 != 148' /tmp/lens.out > /tmp/outer
}

# sweep KEY FAMILY MTU [FROM]: send, capture, print one line per inner length
sweep() {
	local k=$1 fam=$2 max=$3 hdr dst len got
	if [[ $fam = 4 ]]; then hdr=28 dst=10.9.0.2; else hdr=48 dst=fd00:9::2; fi
	lengths $hdr "$max" | awk -v m="${4:-0}" '$1 >= m' | sort -un > /tmp/lens
	capture_start
	# one shell for all: bash writes each datagram itself
	ip netns exec a bash -c 'while read -r len; do
		printf "%*s" $((len - $1)) "" > /dev/udp/$2/9
	done' - $hdr $dst < /tmp/lens 2>/dev/null
	capture_stop
	o "$k.count" "$(wc -l < /tmp/lens) sent, $(wc -l < /tmp/outer) captured"
	if [[ $(wc -l < /tmp/lens) = $(wc -l < /tmp/outer) ]]; then
		paste -d' ' /tmp/lens /tmp/outer | while read -r len got; do o "$k.$len" "$got"; done
	else
		o "$k.all" "$(tr '\n' ' ' < /tmp/outer)"
	fi
}

# probe KEY FAMILY LENGTH...: UDP datagrams that ignore the route's MTU
# (IP_PMTUDISC_PROBE: the device's MTU limits them), so longer than the
# route's MTU: the outer lengths of all of them on one line
probe() {
	local k=$1 fam=$2 dst
	shift 2
	if [[ $fam = 4 ]]; then dst=10.9.0.2; else dst=fd00:9::2; fi
	capture_start
	o "$k.send" "$(ip netns exec a /test/udpsend $fam $dst 9 probe "$@" 2>&1; echo "rc=$?")"
	capture_stop
	o "$k" "$* -> $(tr '\n' ' ' < /tmp/outer)"
}

sweep v4 4 1420
sweep v6 6 1420
ip -n a route add 10.9.0.2/32 dev wg0 mtu 1299
ip -n a -6 route add fd00:9::2/128 dev wg0 mtu 1299
sweep v4.route1299 4 1299
sweep v6.route1299 6 1299
probe v4.route1299.probe 4 1300 1310 1314 1315 1330 1400 1420
probe v6.route1299.probe 6 1300 1310 1314 1315 1330 1400 1420
# The device's MTU changed: padding follows it at once.
ip -n a route del 10.9.0.2/32 dev wg0
ip -n a -6 route del fd00:9::2/128 dev wg0
ip -n a link set wg0 mtu 1300
ip -n b link set wg0 mtu 1300
sweep v4.dev1300 4 1300 1200
sweep v6.dev1300 6 1300 1200
exit 0
