#!/bin/bash
# Drop-in fidelity (issue 13), asserted to the in-tree module's values
# (taken from it in guests, 6.1 and 6.12), the same on both modules: the
# device counts whole WireGuard messages, handshake and keepalives included,
# as `wg show transfer` does, and not a packet dropped for a source address
# its peer may not use.
. /test/lib-guest.sh
two_ns_tunnel
stat() { ip netns exec "$1" cat "/sys/class/net/wg0/statistics/$2"; }
# the device's four counters, as one string
counters() {
	echo "rx $(stat "$1" rx_bytes)/$(stat "$1" rx_packets) tx $(stat "$1" tx_bytes)/$(stat "$1" tx_packets)"
}

step "device counters: a handshake and ten pings from ns2"
ip netns exec ns2 ping -c 10 -f -W 5 10.9.0.1 >/dev/null || fail "ping over the tunnel"
# ns2 sent the initiation (148) and ten data messages (128), received the
# response (92) and ten replies.
expect_eq "$(ip netns exec ns2 wg show wg0 transfer | cut -f2,3)" "1372	1428" "ns2's peer transfer"
expect_eq "$(counters ns2)" "rx 1372/11 tx 1428/11" "ns2's device counters"
expect_eq "$(counters ns1)" "rx 1428/11 tx 1372/11" "ns1's device counters"

step "device counters: a keepalive counts, a packet from a forbidden source does not"
# Setting a persistent keepalive on a running device sends one at once.
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 3600
sleep 1
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 0
expect_eq "$(counters ns1)" "rx 1460/12 tx 1372/11" "ns1's counters after a keepalive"
ip -n ns2 addr add 10.9.0.3/24 dev wg0
ip netns exec ns2 wg set wg0 peer "$pub1" allowed-ips 10.9.0.0/24
ip netns exec ns2 ping -c 2 -i 0.2 -W 1 -I 10.9.0.3 10.9.0.1 >/dev/null 2>&1 &&
	fail "a packet from a source ns1 does not allow for ns2 came back"
expect_eq "$(counters ns1)" "rx 1460/12 tx 1372/11" "ns1's counters after two packets it dropped"
expect_eq "$(stat ns1 rx_errors) $(stat ns1 rx_frame_errors)" "2 2" "ns1's rx_errors and rx_frame_errors"
ip -n ns2 addr del 10.9.0.3/24 dev wg0
ip netns exec ns2 wg set wg0 peer "$pub1" allowed-ips 10.9.0.1/32

ip -all netns delete
pass
