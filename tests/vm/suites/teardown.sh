#!/bin/bash
# Tearing down with traffic running must leave nothing behind: namespaces
# deleted, devices deleted and the module unloaded while handshakes and a
# ping flood run, three times each. Any splat fails the run (harness).
. /test/lib-guest.sh
umask 077

setup() {
	ip netns add ns1
	ip netns add ns2
	ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
	ip -n ns1 addr add 192.0.2.1/24 dev veth1
	ip -n ns2 addr add 192.0.2.2/24 dev veth2
	ip -n ns1 link set veth1 up
	ip -n ns2 link set veth2 up
	wg genkey > /tmp/k1
	wg genkey > /tmp/k2
	ip -n ns1 link add wg0 type wireguard
	ip -n ns2 link add wg0 type wireguard
	ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 1 \
		peer "$(wg pubkey < /tmp/k2)" endpoint 192.0.2.2:2 allowed-ips 10.9.0.2/32 persistent-keepalive 1
	ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 2 \
		peer "$(wg pubkey < /tmp/k1)" endpoint 192.0.2.1:1 allowed-ips 10.9.0.1/32 persistent-keepalive 1
	ip -n ns1 addr add 10.9.0.1/24 dev wg0
	ip -n ns2 addr add 10.9.0.2/24 dev wg0
	ip -n ns1 link set wg0 up
	ip -n ns2 link set wg0 up
	ip netns exec ns1 ping -c 1 -W 5 10.9.0.2 >/dev/null || fail "tunnel did not come up"
	# traffic in both directions until torn down
	ip netns exec ns1 ping -f -s 1200 10.9.0.2 >/dev/null 2>&1 &
	ip netns exec ns2 ping -f -s 200 10.9.0.1 >/dev/null 2>&1 &
	sleep 1
}

# A namespace dies with its last process: stop the floods right after the
# teardown step, while their packets are still in the module's queues.
stop_traffic() {
	kill $(jobs -p) 2>/dev/null
	wait
}

for round in 1 2 3; do
	step "round $round: delete namespaces under load"
	setup
	ip netns del ns1
	ip netns del ns2
	stop_traffic
	step "round $round: delete devices under load"
	setup
	ip -n ns1 link del wg0
	ip -n ns2 link del wg0
	stop_traffic
	ip -all netns delete
	step "round $round: unload the module under load"
	setup
	modprobe -r wireguard || fail "module busy under load"
	[[ ! -d /sys/module/wireguard ]] || fail "module still loaded"
	stop_traffic
	ip -all netns delete
done
sleep 1
pass
