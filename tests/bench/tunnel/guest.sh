#!/bin/bash
# Guest side of the tunnel benchmark: two namespaces over veth, a tunnel on
# this guest's module, iperf3 TCP for $SECONDS_RUN seconds, printed as
# "RESULT <Mbit/s>" (receiver side).
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
ip netns exec b iperf3 -s -1 -D -B 10.9.0.2 >/dev/null
sleep 0.5
ip netns exec a iperf3 -c 10.9.0.2 -t "${SECONDS_RUN:-10}" -J > /tmp/iperf.json
bps=$(awk -F: '/"sum_received"/{f=1} f && /"bits_per_second"/{gsub(/[^0-9.e+-]/,"",$2); print $2; exit}' /tmp/iperf.json)
echo "RESULT $(awk -v b="$bps" 'BEGIN{printf "%.1f", b/1e6}')"
