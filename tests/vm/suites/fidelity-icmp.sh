#!/bin/bash
# Drop-in fidelity (issue 13), asserted to the in-tree module's values,
# the same on both modules: a packet that no peer can take (none owns the
# destination, or its peer has no endpoint), forwarded with source NAT into
# wg0, is answered with an ICMP (ICMPv6) unreachable that reaches its
# sender.
. /test/lib-guest.sh
umask 077
wg genkey > /tmp/k1
pub2=$(wg genkey | wg pubkey)
step "ICMP unreachable for a packet NATed into wg0 that no peer takes"
ip netns add r
ip netns add s
ip link add vr netns r type veth peer name vs netns s
ip -n r addr add 10.0.0.100/24 dev vr
ip -n s addr add 10.0.0.1/24 dev vs
ip -n r addr add fd00:10::100/64 dev vr nodad
ip -n s addr add fd00:10::1/64 dev vs nodad
ip -n r link set vr up
ip -n s link set vs up
ip -n s route add 192.168.241.0/24 via 10.0.0.100
ip -n s route add fd00:241::/64 via fd00:10::100
# Source NAT needs iptables and nft, which the arm64 guests do not have:
# there the packets are forwarded without NAT (the same path in wg0).
nat=0
command -v iptables >/dev/null && command -v nft >/dev/null && nat=1
[[ $nat = 1 ]] || step "no iptables or nft in this guest: forwarded without source NAT"
if [[ $nat = 1 ]]; then
# s takes nothing from outside its subnet: the error must come from r.
ip netns exec s iptables -A INPUT ! -s 10.0.0.0/24 -j DROP
# (IPv6 with nft: the arm64 guests have no ip6tables)
ip netns exec s nft -f - <<-'NFT'
table ip6 only_subnet {
	chain in {
		type filter hook input priority filter;
		ip6 saddr != fd00:10::/64 drop
	}
}
NFT
fi
ip netns exec r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n r link add wg0 type wireguard
ip netns exec r wg set wg0 private-key /tmp/k1 listen-port 51821 \
	peer "$pub2" endpoint 10.0.0.1:51822 allowed-ips 192.168.241.1/32,fd00:241::1/128
ip -n r addr add 192.168.241.2/24 dev wg0
ip -n r addr add fd00:241::2/64 dev wg0 nodad
ip -n r link set wg0 up
if [[ $nat = 1 ]]; then
ip netns exec r iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -d 192.168.241.0/24 -j MASQUERADE
ip netns exec r nft -f - <<-'NFT'
table ip6 nat6 {
	chain post {
		type nat hook postrouting priority srcnat;
		ip6 saddr fd00:10::/64 ip6 daddr fd00:241::/64 masquerade
	}
}
NFT
fi
ip netns exec r wg set wg0 peer "$pub2" remove
unreach() {
	local out
	# ping exits 1 on an error reply as on silence: the output tells
	out=$(ip netns exec s ping -$1 -c 1 -W 1 "$2" 2>&1) || true
	expect_match "$out" "$3" "$4"
}
unreach 4 192.168.241.1 "From 10.0.0.100 icmp_seq=1 Destination Host Unreachable" "no peer, IPv4"
unreach 6 fd00:241::1 "From fd00:10::100 icmp_seq=1 Destination unreachable: Address unreachable" "no peer, IPv6"
ip netns exec r wg set wg0 peer "$pub2" allowed-ips 192.168.241.1/32,fd00:241::1/128
unreach 4 192.168.241.1 "From 10.0.0.100 icmp_seq=1 Destination Host Unreachable" "a peer without endpoint, IPv4"
unreach 6 fd00:241::1 "From fd00:10::100 icmp_seq=1 Destination unreachable: Address unreachable" "a peer without endpoint, IPv6"
ip -all netns delete
pass
