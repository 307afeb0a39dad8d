#!/bin/bash
# Interop on the wire with an implementation we did not write: this guest's
# kernel module (ours, or the in-tree one as the reference) in ns1 and
# wireguard-go in ns2, each initiating in turn, IPv4 and IPv6 inside.
. /test/lib-guest.sh
export WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1
gopid=
cleanup() {
	if [[ -n $gopid ]]; then
		kill "$gopid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$gopid" 2>/dev/null || break; sleep 0.1; done
	fi
	rm -f /run/wireguard/wgo0.sock
	ip -all netns delete 2>/dev/null
}
trap cleanup EXIT

ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip -n ns1 addr add 192.0.2.1/24 dev veth1
ip -n ns2 addr add 192.0.2.2/24 dev veth2
ip -n ns1 link set veth1 up
ip -n ns2 link set veth2 up
ip -n ns1 link set lo up
ip -n ns2 link set lo up
umask 077
wg genkey > /tmp/k1
wg genkey > /tmp/k2
pub1=$(wg pubkey < /tmp/k1)
pub2=$(wg pubkey < /tmp/k2)

step "wireguard-go up in ns2"
# A different name than wg0: wg looks for the userspace socket by name first.
ip netns exec ns2 wireguard-go -f wgo0 >/tmp/go.log 2>&1 &
gopid=$!
for _ in $(seq 50); do [[ -S /run/wireguard/wgo0.sock ]] && break; sleep 0.1; done
[[ -S /run/wireguard/wgo0.sock ]] || { cat /tmp/go.log; fail "wireguard-go did not start"; }
ip netns exec ns2 wg set wgo0 private-key /tmp/k2 listen-port 51822 \
	peer "$pub1" endpoint 192.0.2.1:51821 allowed-ips 10.9.0.1/32,fd00:9::1/128
ip -n ns2 addr add 10.9.0.2/24 dev wgo0
ip -n ns2 addr add fd00:9::2/64 dev wgo0 nodad
ip -n ns2 link set wgo0 up

step "kernel side up in ns1"
ip -n ns1 link add wg0 type wireguard
ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 51821 \
	peer "$pub2" endpoint 192.0.2.2:51822 allowed-ips 10.9.0.2/32,fd00:9::2/128
ip -n ns1 addr add 10.9.0.1/24 dev wg0
ip -n ns1 addr add fd00:9::1/64 dev wg0 nodad
ip -n ns1 link set wg0 up

step "kernel initiates"
ip netns exec ns1 ping -c 3 -i 0.3 -W 5 10.9.0.2 >/tmp/p1 || { cat /tmp/p1; fail "ping kernel -> go"; }
expect_match "$(cat /tmp/p1)" "3 received" "kernel -> go echo replies"
ip netns exec ns1 ping -6 -c 2 -i 0.3 -W 5 -s 1200 fd00:9::2 >/dev/null || fail "IPv6 ping kernel -> go"
hs=$(ip netns exec ns2 wg show wgo0 latest-handshakes | cut -f2)
[[ $hs -gt 0 ]] || fail "wireguard-go recorded no handshake"

step "go initiates (fresh session on both sides)"
ip netns exec ns1 wg set wg0 peer "$pub2" remove
ip netns exec ns1 wg set wg0 peer "$pub2" allowed-ips 10.9.0.2/32,fd00:9::2/128
ip netns exec ns2 wg set wgo0 peer "$pub1" remove
ip netns exec ns2 wg set wgo0 peer "$pub1" endpoint 192.0.2.1:51821 allowed-ips 10.9.0.1/32,fd00:9::1/128
ip netns exec ns2 ping -c 3 -i 0.3 -W 5 10.9.0.1 >/tmp/p2 || { cat /tmp/p2; fail "ping go -> kernel"; }
expect_match "$(cat /tmp/p2)" "3 received" "go -> kernel echo replies"
expect_eq "$(ip netns exec ns1 wg show wg0 endpoints)" "$pub2	192.0.2.2:51822" "kernel learned go's endpoint"

step "bulk TCP kernel -> go"
ip netns exec ns2 iperf3 -s -1 -D -B 10.9.0.2 >/dev/null
sleep 0.5
ip netns exec ns1 iperf3 -c 10.9.0.2 -t 2 -J >/tmp/iperf.json || fail "iperf3 kernel -> go"
bytes=$(awk '/"sum_received"/{f=1} f && /"bytes"/{gsub(/[^0-9]/,""); print; exit}' /tmp/iperf.json)
[[ ${bytes:-0} -gt 100000 ]] || fail "iperf3 moved only ${bytes:-0} bytes"
echo "iperf3 kernel -> go: $bytes bytes in 2 s"
pass
