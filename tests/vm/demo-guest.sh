#!/bin/bash
# `make demo`, inside the guest: two namespaces joined by veth, a WireGuard
# tunnel between them on our module, a ping across it, and `wg show`.
set -euo pipefail
run() { echo "# $*"; "$@"; }
umask 077
run modprobe wireguard
run modinfo -F filename wireguard
echo "# dmesg | grep -i wireguard"
dmesg | grep -i wireguard | tail -2
run ip netns add left
run ip netns add right
run ip link add veth0 netns left type veth peer name veth0 netns right
run ip -n left addr add 192.0.2.1/24 dev veth0
run ip -n right addr add 192.0.2.2/24 dev veth0
run ip -n left link set veth0 up
run ip -n right link set veth0 up
wg genkey > /tmp/left.key
wg genkey > /tmp/right.key
for side in left right; do
	run ip -n $side link add wg0 type wireguard
done
run ip netns exec left wg set wg0 private-key /tmp/left.key listen-port 51820 \
	peer "$(wg pubkey < /tmp/right.key)" endpoint 192.0.2.2:51820 allowed-ips 10.0.0.2/32
run ip netns exec right wg set wg0 private-key /tmp/right.key listen-port 51820 \
	peer "$(wg pubkey < /tmp/left.key)" endpoint 192.0.2.1:51820 allowed-ips 10.0.0.1/32
run ip -n left addr add 10.0.0.1/24 dev wg0
run ip -n right addr add 10.0.0.2/24 dev wg0
run ip -n left link set wg0 up
run ip -n right link set wg0 up
run ip -n left -d link show wg0
run ip netns exec left ping -c 3 -i 0.5 10.0.0.2
run ip netns exec left wg show
run ip netns exec right wg show
run ip -all netns delete
