#!/bin/bash
# A tunnel between two namespaces joined by veth, both ends this guest's
# module (ours, or the in-tree one as the reference): handshake, IPv4 and
# IPv6 traffic inside and outside, counters, and refusals at the edges
# (no route to a peer, a source address the peer may not use).
. /test/lib-guest.sh

ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip -n ns1 addr add 192.0.2.1/24 dev veth1
ip -n ns2 addr add 192.0.2.2/24 dev veth2
ip -n ns1 addr add fd00:1::1/64 dev veth1 nodad
ip -n ns2 addr add fd00:1::2/64 dev veth2 nodad
ip -n ns1 link set veth1 up
ip -n ns2 link set veth2 up
ip -n ns1 link set lo up
ip -n ns2 link set lo up

umask 077
wg genkey > /tmp/k1
wg genkey > /tmp/k2
wg genpsk > /tmp/psk
pub1=$(wg pubkey < /tmp/k1)
pub2=$(wg pubkey < /tmp/k2)

step "configure"
ip -n ns1 link add wg0 type wireguard
ip -n ns2 link add wg0 type wireguard
ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 51821 \
	peer "$pub2" preshared-key /tmp/psk endpoint 192.0.2.2:51822 allowed-ips 10.9.0.2/32,fd00:9::2/128
ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 51822 \
	peer "$pub1" preshared-key /tmp/psk allowed-ips 10.9.0.1/32,fd00:9::1/128
ip -n ns1 addr add 10.9.0.1/24 dev wg0
ip -n ns2 addr add 10.9.0.2/24 dev wg0
ip -n ns1 addr add fd00:9::1/64 dev wg0 nodad
ip -n ns2 addr add fd00:9::2/64 dev wg0 nodad
ip -n ns1 link set wg0 up
ip -n ns2 link set wg0 up
expect_eq "$(ip netns exec ns1 wg show wg0 listen-port)" "51821" "listen port ns1"
expect_eq "$(ip netns exec ns1 wg show wg0 public-key)" "$pub1" "public key derived from the private key"
expect_eq "$(ip netns exec ns1 wg show wg0 peers)" "$pub2" "peer list"
expect_eq "$(ip netns exec ns1 wg show wg0 allowed-ips)" "$pub2	10.9.0.2/32 fd00:9::2/128" "allowed IPs read back"
expect_eq "$(ip netns exec ns1 wg show wg0 endpoints)" "$pub2	192.0.2.2:51822" "endpoint read back"
expect_eq "$(ip netns exec ns2 wg show wg0 endpoints)" "$pub1	(none)" "no endpoint before a handshake"

step "ping over IPv4 inside, IPv4 outside"
ip netns exec ns1 ping -c 3 -i 0.3 -W 5 10.9.0.2 >/tmp/ping.out || { cat /tmp/ping.out; fail "ping 10.9.0.2"; }
expect_match "$(cat /tmp/ping.out)" "3 received" "3 echo replies"
step "roaming: ns2 learned ns1's endpoint from its packets"
expect_eq "$(ip netns exec ns2 wg show wg0 endpoints)" "$pub1	192.0.2.1:51821" "endpoint learned"
hs=$(ip netns exec ns1 wg show wg0 latest-handshakes | cut -f2)
[[ $hs -gt 0 ]] || fail "no handshake time recorded ($hs)"

step "ping over IPv6 inside, large packets"
ip netns exec ns2 ping -6 -c 3 -i 0.3 -s 1300 -W 5 fd00:9::1 >/tmp/ping6.out || { cat /tmp/ping6.out; fail "ping fd00:9::1"; }
expect_match "$(cat /tmp/ping6.out)" "3 received" "3 IPv6 echo replies"

step "jumbo MTUs: 9000, and 70000 (more than an IPv4 packet can carry)"
for mtu in 9000 70000; do
	ip -n ns1 link set wg0 mtu $mtu
	ip -n ns2 link set wg0 mtu $mtu
	ip netns exec ns1 ping -c 2 -i 0.3 -s 8000 -W 5 10.9.0.2 >/tmp/pingj.out ||
		{ cat /tmp/pingj.out; fail "ping -s 8000 at MTU $mtu"; }
	ip netns exec ns2 ping -6 -c 2 -i 0.3 -s 30000 -W 5 fd00:9::1 >/tmp/pingj.out ||
		{ cat /tmp/pingj.out; fail "IPv6 ping -s 30000 at MTU $mtu"; }
done
ip -n ns1 link set wg0 mtu 1420
ip -n ns2 link set wg0 mtu 1420

step "IPv6 outside"
ip netns exec ns1 wg set wg0 peer "$pub2" endpoint "[fd00:1::2]:51822"
ip netns exec ns1 ping -c 2 -i 0.3 -W 5 10.9.0.2 >/dev/null || fail "ping over an IPv6 underlay"
expect_eq "$(ip netns exec ns2 wg show wg0 endpoints)" "$pub1	[fd00:1::1]:51821" "endpoint roamed to IPv6"

step "counters"
read -r rx tx < <(ip netns exec ns1 wg show wg0 transfer | cut -f2,3 | tr '\t' ' ')
[[ $rx -gt 3000 && $tx -gt 3000 ]] || fail "transfer counters too small: rx=$rx tx=$tx"
pk=$(ip -n ns1 -s link show wg0 | awk '/RX:/{getline; print $2}')
[[ $pk -ge 8 ]] || fail "wg0 RX packet counter $pk < 8"

step "bulk TCP"
ip netns exec ns2 iperf3 -s -1 -D -B 10.9.0.2 >/dev/null
sleep 0.5
ip netns exec ns1 iperf3 -c 10.9.0.2 -t 3 -J >/tmp/iperf.json || fail "iperf3 over the tunnel"
bytes=$(awk '/"sum_received"/{f=1} f && /"bytes"/{gsub(/[^0-9]/,""); print; exit}' /tmp/iperf.json)
[[ ${bytes:-0} -gt 100000 ]] || fail "iperf3 moved only ${bytes:-0} bytes"
echo "iperf3: $bytes bytes in 3 s"

step "no peer for a destination: unreachable"
out=$(ip netns exec ns1 ping -c 1 -W 2 10.9.0.77 2>&1) && fail "ping to an address no peer owns succeeded"
expect_match "$out" "(Unreachable|unreachable|100% packet loss)" "no route through any peer"

step "cryptokey routing: a source the peer may not use is dropped"
ip netns exec ns1 wg set wg0 peer "$pub2" allowed-ips 10.9.0.2/32,10.9.0.3/32
ip -n ns2 addr add 10.9.0.3/24 dev wg0
ip netns exec ns2 wg set wg0 peer "$pub1" allowed-ips 10.9.0.1/32
ip netns exec ns1 ping -c 1 -W 5 10.9.0.3 >/dev/null || fail "ping 10.9.0.3 while allowed"
ip netns exec ns1 wg set wg0 peer "$pub2" allowed-ips 10.9.0.2/32
out=$(ip netns exec ns2 ping -c 2 -W 2 -I 10.9.0.3 10.9.0.1 2>&1) && fail "a packet from a source the peer may not use got through"
ip netns exec ns2 ping -c 1 -W 5 -I 10.9.0.2 10.9.0.1 >/dev/null || fail "control: ping from an allowed source"

step "peer removal stops traffic"
ip netns exec ns1 wg set wg0 peer "$pub2" remove
expect_eq "$(ip netns exec ns1 wg show wg0 peers)" "" "peer removed"
expect_fail "ip netns exec ns1 ping -c 1 -W 2 10.9.0.2" "ping after removal"

ip netns del ns1
ip netns del ns2
pass
