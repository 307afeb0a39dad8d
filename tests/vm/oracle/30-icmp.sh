#!/bin/bash
# ICMP and ICMPv6 errors for packets wg0 cannot send: no peer owns the
# destination, or its peer has no endpoint; sent by r itself, forwarded
# from s, and forwarded from s with source NAT into wg0 (the error must
# reach s, translated back; s takes nothing from outside its subnet).
# For each: the error ping shows (or none), and r's ICMP counters and
# wg0's tx_errors, as differences. (Source NAT by masquerade: the
# guest has the modules for it, and it sets the same conntrack state.)
. /test/lib-oracle.sh
ip netns add r
ip netns add s
ip link add vr netns r type veth peer name vs netns s
ip -n r addr add 10.0.0.100/24 dev vr
ip -n s addr add 10.0.0.1/24 dev vs
ip -n r addr add fd00:10::100/64 dev vr nodad
ip -n s addr add fd00:10::1/64 dev vs nodad
for n in r s; do ip -n $n link set lo up; done
ip -n r link set vr up
ip -n s link set vs up
ip -n s route add 192.168.241.0/24 via 10.0.0.100
ip -n s route add fd00:241::/64 via fd00:10::100
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
ip netns exec r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n r link add wg0 type wireguard
ip netns exec r wg set wg0 private-key /tmp/key-a listen-port 51821 \
	peer "$PUB_B" endpoint 10.0.0.1:51822 allowed-ips 192.168.241.1/32,fd00:241::1/128
ip -n r addr add 192.168.241.2/24 dev wg0
ip -n r addr add fd00:241::2/64 dev wg0 nodad
ip -n r link set wg0 up
# r's only peer goes: nobody owns 192.168.241.1 any more.
ip netns exec r wg set wg0 peer "$PUB_B" remove

# try KEY NS FAMILY DEST
try() {
	local k=$1 ns=$2 fam=$3 dst=$4 u4 u6 te out
	u4=$(snmp r Icmp OutDestUnreachs) u6=$(snmp6 r Icmp6OutDestUnreachs)
	te=$(ip netns exec r cat /sys/class/net/wg0/statistics/tx_errors)
	out=$(ip netns exec "$ns" ping -$fam -c 1 -W 1 "$dst" 2>&1 | grep -E '^From ' | sed 's/ icmp_seq=[0-9]*//')
	o "$k.ping" "${out:-none}"
	o "$k.r.OutDestUnreachs" "$(($(snmp r Icmp OutDestUnreachs) - u4))"
	o "$k.r.Icmp6OutDestUnreachs" "$(($(snmp6 r Icmp6OutDestUnreachs) - u6))"
	o "$k.r.wg0.tx_errors" "$(($(ip netns exec r cat /sys/class/net/wg0/statistics/tx_errors) - te))"
}
nat() {
	ip netns exec r iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -d 192.168.241.0/24 -j MASQUERADE
	ip netns exec r nft -f - <<-'NFT'
	table ip6 oracle {
		chain post {
			type nat hook postrouting priority srcnat;
			ip6 saddr fd00:10::/64 ip6 daddr fd00:241::/64 masquerade
		}
	}
	NFT
}
nonat() {
	ip netns exec r iptables -t nat -F POSTROUTING
	ip netns exec r nft delete table ip6 oracle
}
cases() {
	local p=$1
	try $p.local4 r 4 192.168.241.1
	try $p.local6 r 6 fd00:241::1
	try $p.fwd4 s 4 192.168.241.1
	try $p.fwd6 s 6 fd00:241::1
	nat
	try $p.nat4 s 4 192.168.241.1
	try $p.nat6 s 6 fd00:241::1
	nonat
}
cases nopeer
ip netns exec r wg set wg0 peer "$PUB_C" allowed-ips 192.168.241.1/32,fd00:241::1/128
cases noendpoint
exit 0
