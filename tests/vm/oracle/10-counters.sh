#!/bin/bash
# Device and peer counters after known exchanges: a handshake and ten
# pings (inner and outer IPv4), inner IPv6, outer IPv6, a keepalive,
# packets with no peer, with a peer without endpoint, dropped on the way
# out, with no route out, and from a source the peer may not use. The
# counters of the devices after each step. The order keeps the timers out:
# a's retries after data that got no answer go to an unroutable endpoint
# (counted nowhere), and b's only unanswered data comes last.
. /test/lib-oracle.sh
pair

ip netns exec a ping -c 10 -i 0.05 -W 5 10.9.0.2 >/dev/null; o ping4.rc $?
stats ping4 a
stats ping4 b

ip netns exec a ping -6 -c 5 -i 0.05 -s 100 -W 5 fd00:9::2 >/dev/null; o ping6.rc $?
stats ping6 a
stats ping6 b

ip netns exec a wg set wg0 peer "$PUB_B" endpoint '[fd00:1::2]:51822'
ip netns exec a ping -c 3 -i 0.05 -s 1000 -W 5 10.9.0.2 >/dev/null; o outer6.rc $?
o outer6.b.endpoint "$(ip netns exec b wg show wg0 endpoints)"
stats outer6 a
stats outer6 b

# Setting a persistent keepalive on a running device sends one at once.
# Both ways: b's keepalive also disarms a's "data got no answer" timer if
# a armed it after the last reply had come (a module may arm it after the
# send returns), which would start a handshake 15 s on, in the middle of
# the steps below when the guest is slow.
ip netns exec a wg set wg0 peer "$PUB_B" persistent-keepalive 3600
ip netns exec b wg set wg0 peer "$PUB_A" persistent-keepalive 3600
sleep 1
stats keepalive a
stats keepalive b
ip netns exec a wg set wg0 peer "$PUB_B" persistent-keepalive 0
ip netns exec b wg set wg0 peer "$PUB_A" persistent-keepalive 0

# No peer owns 10.9.0.77.
ip netns exec a ping -c 2 -i 0.05 -W 1 10.9.0.77 >/dev/null; o nopeer.rc $?
ip netns exec a ping -6 -c 2 -i 0.05 -W 1 fd00:9::77 >/dev/null; o nopeer6.rc $?
stats nopeer a

# A peer without an endpoint owns 10.9.0.5.
ip netns exec a wg set wg0 peer "$PUB_C" allowed-ips 10.9.0.5/32
ip netns exec a ping -c 2 -i 0.05 -W 1 10.9.0.5 >/dev/null; o noendpoint.rc $?
stats noendpoint a

# The encrypted datagrams dropped by a filter on the way out (nft: the
# arm64 guests have no ip6tables).
ip netns exec a nft -f - <<-'NFT'
table ip6 oracle {
	chain out {
		type filter hook output priority filter;
		udp dport 51822 drop
	}
}
NFT
ip netns exec a ping -c 2 -i 0.05 -W 1 10.9.0.2 >/dev/null; o filtered.rc $?
ip netns exec a nft delete table ip6 oracle
stats filtered a

# No route to the endpoint.
ip netns exec a wg set wg0 peer "$PUB_B" endpoint 203.0.113.1:51822
ip netns exec a ping -c 2 -i 0.05 -W 1 10.9.0.2 >/dev/null; o noroute.rc $?
stats noroute a

# b sends from 10.9.0.3, which a does not allow for b: decrypted, dropped.
ip -n b addr add 10.9.0.3/24 dev wg0
ip netns exec b wg set wg0 peer "$PUB_A" allowed-ips 10.9.0.0/24,fd00:9::1/128
ip netns exec b ping -c 2 -i 0.05 -W 1 -I 10.9.0.3 10.9.0.1 >/dev/null; o badsrc.rc $?
stats badsrc a
stats badsrc b

exit 0
