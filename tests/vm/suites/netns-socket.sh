#!/bin/bash
# A device keeps its UDP socket in the namespace it was created in, even
# after moving to another one: two devices created here in the init
# namespace talk over 127.0.0.1 while each lives in its own namespace (the
# container case). Then the creating side goes away first.
. /test/lib-guest.sh
umask 077
wg genkey > /tmp/k1
wg genkey > /tmp/k2
ip link add wg1 type wireguard
ip link add wg2 type wireguard
wg set wg1 private-key /tmp/k1 listen-port 10001 \
	peer "$(wg pubkey < /tmp/k2)" endpoint 127.0.0.1:10002 allowed-ips 10.5.0.2/32
wg set wg2 private-key /tmp/k2 listen-port 10002 \
	peer "$(wg pubkey < /tmp/k1)" endpoint 127.0.0.1:10001 allowed-ips 10.5.0.1/32
ip netns add ns1
ip netns add ns2
ip link set wg1 netns ns1
ip link set wg2 netns ns2
ip -n ns1 addr add 10.5.0.1/24 dev wg1
ip -n ns2 addr add 10.5.0.2/24 dev wg2
ip -n ns1 link set wg1 up
ip -n ns2 link set wg2 up

step "sockets stay in the creating namespace"
ss -uln | grep -q ':10001 ' || fail "no socket on 10001 in the init namespace"
ip netns exec ns1 ss -uln | grep -q ':10001 ' && fail "socket followed the device into ns1"
expect_eq "$(ip netns exec ns1 wg show wg1 listen-port)" "10001" "port seen from ns1"

step "traffic between namespaces over the init namespace's loopback"
ip netns exec ns1 ping -c 3 -i 0.3 -W 5 10.5.0.2 >/tmp/p || { cat /tmp/p; fail "ping across"; }
expect_match "$(cat /tmp/p)" "3 received" "echo replies"
expect_eq "$(ip netns exec ns2 wg show wg2 endpoints | cut -f2)" "127.0.0.1:10001" "endpoint learned over loopback"

step "a device created inside a namespace, moved out, then that namespace deleted"
ip netns add ns3
ip -n ns3 link add wg3 type wireguard
ip netns exec ns3 wg set wg3 listen-port 10003
ip -n ns3 link set wg3 netns ns1
ip -n ns1 link set wg3 up
ip netns del ns3
sleep 1
ip -n ns1 link show wg3 >/dev/null || fail "device gone with its creating namespace"
# Its socket died with ns3: bringing it down and up again cannot reopen it
# there; the device stays usable for configuration and deletion.
ip -n ns1 link set wg3 down
ip -n ns1 link set wg3 up 2>/dev/null || true
ip netns exec ns1 wg show wg3 >/dev/null || fail "wg show on an orphaned device"
ip -n ns1 link del wg3
ip -all netns delete
pass
