#!/bin/bash
# `make demo`, inside the guest: what the module can show today. It loads,
# creates wg0 in a namespace, and shows it to ip and to the stock wg.
# (A tunnel with a ping across it comes with the data path; see README.)
set -euo pipefail
run() { echo "# $*"; "$@"; }
run modprobe wireguard
run modinfo -F filename wireguard
echo "# dmesg | grep -i wireguard"; dmesg | grep -i wireguard | tail -3
run ip netns add demo
run ip -n demo link add wg0 type wireguard
run ip -n demo address add 10.0.0.1/24 dev wg0
run ip -n demo link set wg0 up
run ip -n demo -d link show wg0
run ip netns exec demo wg show
echo "# the data path (keys, peers, a ping across the tunnel) is not built yet"
run ip netns del demo
