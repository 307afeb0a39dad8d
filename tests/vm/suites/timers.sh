#!/bin/bash
# Timers, seen from outside through the byte counters (every message a peer
# sends counts in its tx bytes: initiation 148, keepalive 32):
#  - persistent keepalive: a keepalive every N seconds with no traffic;
#  - handshake retransmission: an unanswered initiation is resent every
#    REKEY_TIMEOUT (5 s, plus up to 1/3 s of jitter);
#  - passive keepalive: data received and nothing sent back for
#    KEEPALIVE_TIMEOUT (10 s) makes the receiver send a keepalive.
. /test/lib-guest.sh
umask 077
ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip -n ns1 addr add 192.0.2.1/24 dev veth1
ip -n ns2 addr add 192.0.2.2/24 dev veth2
ip -n ns1 link set veth1 up
ip -n ns2 link set veth2 up
wg genkey > /tmp/k1
wg genkey > /tmp/k2
pub1=$(wg pubkey < /tmp/k1) pub2=$(wg pubkey < /tmp/k2)
ip -n ns1 link add wg0 type wireguard
ip -n ns2 link add wg0 type wireguard
ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 1 \
	peer "$pub2" endpoint 192.0.2.2:2 allowed-ips 10.9.0.2/32
ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 2 \
	peer "$pub1" endpoint 192.0.2.1:1 allowed-ips 10.9.0.1/32
ip -n ns1 addr add 10.9.0.1/24 dev wg0
ip -n ns2 addr add 10.9.0.2/24 dev wg0
ip -n ns1 link set wg0 up
ip -n ns2 link set wg0 up
tx() { ip netns exec "$1" wg show wg0 transfer | cut -f3; }

step "passive keepalive after KEEPALIVE_TIMEOUT"
ip netns exec ns1 ping -c 1 -W 5 10.9.0.2 >/dev/null || fail "tunnel did not come up"
sleep 12	# let the keepalives of the ping exchange go out
before=$(tx ns1)
# One datagram to a closed port: ns2 answers with an ICMP error (data), and
# ns1 has nothing to send back, so ns1 owes a keepalive 10 s later.
ip netns exec ns1 bash -c 'echo x > /dev/udp/10.9.0.2/9' || true
sleep 3
mid=$(tx ns1)
sleep 10
after=$(tx ns1)
# ns1 sent: the datagram (16 header + 32 padded payload + 16 tag = 64)...
expect_eq "$((mid - before))" "64" "ns1 sent only the datagram in the first 3 s"
# ...and exactly one keepalive after KEEPALIVE_TIMEOUT.
expect_eq "$((after - mid))" "32" "ns1 sent one passive keepalive"

step "persistent keepalive"
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 1
sleep 1.5
before=$(tx ns2)
sleep 4
after=$(tx ns2)
n=$(( (after - before) / 32 ))
[[ $(( (after - before) % 32 )) = 0 && $n -ge 3 && $n -le 5 ]] ||
	fail "persistent keepalive every second: $((after - before)) bytes in 4 s"
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 0

step "handshake retransmission every REKEY_TIMEOUT"
# A peer that never answers: its endpoint is an address nobody uses.
wg genkey > /tmp/k3
ip netns exec ns1 wg set wg0 peer "$(wg pubkey < /tmp/k3)" endpoint 192.0.2.99:3 allowed-ips 10.9.0.99/32
ip -n ns1 neigh add 192.0.2.99 lladdr 02:00:00:00:00:99 dev veth1
ip netns exec ns1 ping -c 1 -W 1 10.9.0.99 >/dev/null 2>&1 || true
sleep 11.5
sent=$(ip netns exec ns1 wg show wg0 transfer | grep "^$(wg pubkey < /tmp/k3)" | cut -f3)
# t=0 first try, t~5 and t~10 retries: three initiations of 148 bytes.
expect_eq "$sent" "$((3 * 148))" "initiations sent to a silent peer in 11.5 s"
ip -all netns delete
pass
