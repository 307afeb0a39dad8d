#!/bin/bash
# Outer UDP batching (issue 16), on whatever our module's udp_gso/udp_gro
# parameters say in this guest (both on by default; run-in-vm.sh
# VM_WG_OPTIONS sets them), udp_gso turned the other way at run time, and
# on the in-tree module (which has neither): the same outcomes every way.
#   - a burst of inner packets of mixed lengths: every packet arrives, and
#     the sender's device counts one datagram per message, trains or not;
#   - seen where the stack has cut the trains (the sender's veth without
#     UDP segmentation), every datagram is one message: none longer than
#     the device's MTU plus the outer headers, and as many as were sent;
#   - a route to the peer whose MTU is below the messages: everything
#     still arrives (trains fall back to single datagrams, fragmented as
#     ever);
#   - TCP through the tunnel, outer IPv4 and IPv6.
# What batching changes on purpose is not judged, only shown: a capture
# (or netfilter hook) before the stack cuts a train sees it whole.
. /test/lib-guest.sh
params=/sys/module/wireguard/parameters
modprobe wireguard
gso=$(cat $params/udp_gso 2>/dev/null || echo none)
gro=$(cat $params/udp_gro 2>/dev/null || echo none)
step "module $WG_MODULE: udp_gso=$gso udp_gro=$gro"
if [[ -n ${EXPECT_UDP_GSO:-} && $gso != none ]]; then
	expect_eq "$gso" "$EXPECT_UDP_GSO" "udp_gso as the harness set it"
elif [[ $gso != none && ! -e /etc/modprobe.d/wireguard-test.conf ]]; then
	# no parameters given (run-in-vm.sh VM_WG_OPTIONS): both on by default
	expect_eq "$gso" "Y" "udp_gso by default"
	expect_eq "$gro" "Y" "udp_gro by default"
fi
# nft counts what reaches b's veth by length; where the guest has no nft
# (arm64), b's veth's own packet count, with the neighbours pinned so that
# nothing else crosses the veth while counting
nft=0
command -v nft >/dev/null && nft=1
# tcpdump on the outer device where the guest has it (not arm64 or armhf:
# there nft's counter or b's veth count stands for it)
tap=0
command -v tcpdump >/dev/null && tap=1

# setup 4|6: namespaces a and b over veth, a knows b's endpoint in that family
setup() {
	local fam=$1 ep
	ip -all netns delete 2>/dev/null || true
	umask 077
	wg genkey > /tmp/ka
	wg genkey > /tmp/kb
	ip netns add a
	ip netns add b
	# no router solicitations or DAD on the veth: nothing but the
	# tunnel's datagrams crosses it while b's veth counts packets
	for n in a b; do
		ip netns exec $n sysctl -qw net.ipv6.conf.default.router_solicitations=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	ip link add va netns a type veth peer name vb netns b
	ip -n a addr add 192.0.2.1/24 dev va
	ip -n b addr add 192.0.2.2/24 dev vb
	ip -n a addr add fd00:1::1/64 dev va nodad
	ip -n b addr add fd00:1::2/64 dev vb nodad
	for n in a b; do
		ip -n $n link set lo up
		ip -n $n link add wg0 type wireguard
	done
	ip -n a link set va up
	ip -n b link set vb up
	if [[ $fam = 4 ]]; then ep=192.0.2.2:51822; else ep=[fd00:1::2]:51822; fi
	ip netns exec a wg set wg0 private-key /tmp/ka listen-port 51821 \
		peer "$(wg pubkey < /tmp/kb)" endpoint "$ep" allowed-ips 10.9.0.2/32,fd00:9::2/128
	ip netns exec b wg set wg0 private-key /tmp/kb listen-port 51822 \
		peer "$(wg pubkey < /tmp/ka)" allowed-ips 10.9.0.1/32,fd00:9::1/128
	ip -n a addr add 10.9.0.1/24 dev wg0
	ip -n b addr add 10.9.0.2/24 dev wg0
	ip -n a addr add fd00:9::1/64 dev wg0 nodad
	ip -n b addr add fd00:9::2/64 dev wg0 nodad
	ip -n a link set wg0 up
	ip -n b link set wg0 up
	# what reaches b's veth from a's socket: all of it, and any longer
	# than one message can be (1420 + 32 + 48): a train not yet cut
	# (5.10's guest has nft but not its named counters: then as without)
	if [[ $nft = 1 ]] && ! ip netns exec b nft -f - 2>/dev/null <<-'NFT'
	table inet wgb {
		counter seen {}
		counter long {}
		chain pre {
			type filter hook prerouting priority -400; policy accept;
			udp sport 51821 counter name "seen"
			udp sport 51821 meta length > 1500 counter name "long"
		}
	}
	NFT
	then
		nft=0
	fi
	ip -n a neigh replace 192.0.2.2 lladdr "$(mac b vb)" dev va nud permanent
	ip -n b neigh replace 192.0.2.1 lladdr "$(mac a va)" dev vb nud permanent
	ip -n a neigh replace fd00:1::2 lladdr "$(mac b vb)" dev va nud permanent
	ip -n b neigh replace fd00:1::1 lladdr "$(mac a va)" dev vb nud permanent
	# the handshake, and the inner neighbours, before anything is counted
	ip netns exec a ping -c 1 -W 5 10.9.0.2 >/dev/null || fail "ping (outer IPv$fam)"
	ip netns exec a ping -6 -c 1 -W 5 fd00:9::2 >/dev/null || fail "ping -6 (outer IPv$fam)"
	# nothing listens on b's port 9: no ICMP errors back (they would
	# only cross the tunnel the other way, but need not be made)
	ip netns exec b sysctl -qw net.ipv4.icmp_ratelimit=1000000 net.ipv6.icmp.ratelimit=1000000
	# the multicast listener reports of the new addresses are over
	[[ $nft = 1 ]] || sleep 3
}

stat_of() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
mac() { ip -n "$1" link show "$2" | awk '/link\/ether/{print $2}'; }
# counter seen|long: packets from a's socket at b's veth (all, or longer
# than a message); without nft, every packet b's veth received, and 0
counter() {
	if [[ $nft = 1 ]]; then
		ip netns exec b nft list counter inet wgb "$1" | awk '/packets/{print $2}'
	elif [[ $1 = seen ]]; then
		stat_of b vb rx_packets
	else
		echo 0
	fi
}

# The burst: lengths that make runs of equal messages, with shorter and
# longer ones between (the inner UDP payload with IPv4 inside; 20 less
# with IPv6 inside, so that every packet fits the MTU of 1420), written by
# one bash, as fast as it goes.
pattern="1372 1372 1372 1372 1000 1372 1372 600 600 600 1392 1392 1392 1392 1392 1392 80 80 80 21 1300 1300 1301 1301 1372"
burst() {
	local dst=$1 rounds=$2 less=0
	[[ $dst = *:* ]] && less=20
	ip netns exec a bash -c 'for ((r = 0; r < $2; r++)); do
		for len in $3; do printf "%*s" $((len - $4)) "" > /dev/udp/$1/9; done
	done' - "$dst" "$rounds" "$pattern" "$less" 2>/dev/null
}

# tcpdump on a's veth, the outer device, while the stack cuts trains
# before it (as on a device without UDP segmentation offload): every
# datagram it shows must be one message (UDP length at most 1420 + 32)
tap_start() {
	rm -f /tmp/tap.pcap /tmp/tap.err
	ip netns exec a tcpdump -Z root -i va -nn -U -w /tmp/tap.pcap udp and src port 51821 2>/tmp/tap.err &
	tap_pid=$!
	for ((i = 0; i < 50; i++)); do
		grep -q listening /tmp/tap.err 2>/dev/null && return 0
		sleep 0.1
	done
	fail "tcpdump on a's veth did not start: $(cat /tmp/tap.err)"
}
tap_check() {
	local n=$1 what=$2 lens count longest
	kill -INT "$tap_pid"
	wait "$tap_pid" 2>/dev/null || true
	tcpdump -Z root -r /tmp/tap.pcap -nn > /tmp/tap.txt 2>/tmp/tap.rerr ||
		fail "tcpdump could not read its capture ($what): $(cat /tmp/tap.err /tmp/tap.rerr)"
	lens=$(sed -n 's/.*UDP, length \([0-9]*\).*/\1/p' /tmp/tap.txt)
	count=$(wc -w <<<"$lens")
	longest=$(tr ' ' '\n' <<<"$lens" | sort -n | tail -1)
	step "tcpdump on a's veth ($what): $count datagrams, the longest ${longest:-0} bytes of UDP payload"
	expect_eq "$count" "$n" "datagrams tcpdump saw on the outer device ($what)"
	[[ ${longest:-0} -le 1452 ]] || fail "tcpdump saw a datagram of ${longest} bytes on the outer device ($what): a train, not a message"
}

# check_burst 4|6 cut|whole: the burst, inner IPv4 and IPv6, and what
# every counter says of it
check_burst() {
	local fam=$1 cut=$2 n per tx0 rx0 all0 tr0 tx rx all tr
	per=$(wc -w <<<"$pattern")
	n=$((per * 8 * 2))
	tx0=$(stat_of a wg0 tx_packets) rx0=$(stat_of b wg0 rx_packets)
	all0=$(counter seen) tr0=$(counter long)
	[[ $cut = cut && $tap = 1 ]] && tap_start
	burst 10.9.0.2 8
	burst fd00:9::2 8
	sleep 1
	[[ $cut = cut && $tap = 1 ]] && tap_check "$n" "outer IPv$fam"
	tx=$(($(stat_of a wg0 tx_packets) - tx0))
	rx=$(($(stat_of b wg0 rx_packets) - rx0))
	all=$(($(counter seen) - all0))
	tr=$(($(counter long) - tr0))
	step "outer IPv$fam, a's veth $cut: $n sent, a counted $tx, b got $rx; on b's veth $all packets, $tr of them trains"
	expect_eq "$rx" "$n" "packets b received (outer IPv$fam, $cut)"
	expect_eq "$tx" "$n" "datagrams a's device counted (outer IPv$fam, $cut)"
	if [[ $cut = cut ]]; then
		expect_eq "$tr" "0" "datagrams longer than one message on the wire (outer IPv$fam)"
		expect_eq "$all" "$n" "datagrams on the wire, one per message (outer IPv$fam)"
	fi
	return 0
}

# a_uso on|off: whether a's veth takes UDP GSO skbs as they are; "cut"
# when it does not, so the stack cuts trains before the veth and its taps.
# ethtool where the guest has it; a segment limit of 1 everywhere (a GSO
# skb of more segments than a device takes is cut in software, arm64's
# guest has no ethtool).
a_uso() {
	local segs=65535
	[[ $1 = off ]] && segs=1
	ip netns exec a ethtool -K va tx-udp-segmentation "$1" >/dev/null 2>&1 || true
	ip -n a link set va gso_max_segs $segs 2>/dev/null || true
	if ip -d -n a link show va | grep -q 'gso_max_segs 1 ' ||
	   ip netns exec a ethtool -k va 2>/dev/null | grep -q '^tx-udp-segmentation: off'; then
		echo cut
	else
		echo whole
	fi
}

tcp() {
	local dst=$1 what=$2
	ip netns exec b iperf3 -s -1 -D -B "$dst" >/dev/null
	sleep 0.5
	ip netns exec a timeout 120 iperf3 -c "$dst" -n 4M >/tmp/iperf.out 2>&1 ||
		{ cat /tmp/iperf.out; fail "4 MB of TCP to $dst ($what)"; }
}

for fam in 4 6; do
	setup $fam
	step "outer IPv$fam: mixed lengths, the stack cutting trains before the veth"
	check_burst $fam "$(a_uso off)"
	step "outer IPv$fam: mixed lengths, the veth taking trains whole"
	check_burst $fam "$(a_uso on)"
	# TCP, inner IPv6 (inner IPv4 follows over the small route; tunnel.sh
	# runs more)
	tcp fd00:9::2 "outer IPv$fam"
	# netfilter on a's output path: a length match sees a train as one
	# packet (as it sees a TCP TSO superpacket: trains are shown, not
	# judged); with udp_gso off it sees each datagram, as with the in-tree
	# module: a rule for datagrams longer than a message matches none
	if [[ $fam = 4 && $nft = 1 ]]; then
		ip netns exec a nft -f - <<-'NFT'
		table inet wga {
			counter outlong {}
			chain out {
				type filter hook output priority 0; policy accept;
				udp sport 51821 meta length > 1500 counter name "outlong"
			}
		}
		NFT
		outlong() { ip netns exec a nft list counter inet wga outlong | awk '/packets/{print $2}'; }
		o0=$(outlong)
		burst 10.9.0.2 8
		sleep 1
		step "a's output hook, udp_gso=$gso: $(($(outlong) - o0)) packets longer than one message"
		[[ $gso = Y ]] || expect_eq "$(($(outlong) - o0))" 0 "packets longer than a message at a's output hook (udp_gso $gso)"
		if [[ $gso = Y ]]; then
			echo 0 > $params/udp_gso
			o0=$(outlong)
			burst 10.9.0.2 8
			sleep 1
			expect_eq "$(($(outlong) - o0))" 0 "packets longer than a message at a's output hook, udp_gso turned off"
			echo Y > $params/udp_gso
		fi
		ip netns exec a nft delete table inet wga
	fi
	# the switch turned the other way, at run time, without a reload
	if [[ $fam = 4 && $gso != none ]]; then
		if [[ $gso = Y ]]; then flip=0; else flip=1; fi
		echo $flip > $params/udp_gso
		step "udp_gso turned to $(cat $params/udp_gso) at run time"
		check_burst $fam "$(a_uso off)"
		echo "$gso" > $params/udp_gso
	fi

	step "outer IPv$fam: a route to b below the messages' size"
	if [[ $fam = 4 ]]; then
		ip -n a route add 192.0.2.2/32 dev va mtu 1300
	else
		ip -n a route add fd00:1::2/128 dev va mtu 1300
	fi
	tx0=$(stat_of a wg0 tx_packets) rx0=$(stat_of b wg0 rx_packets)
	burst 10.9.0.2 4
	sleep 1
	n=$(($(wc -w <<<"$pattern") * 4))
	expect_eq "$(($(stat_of b wg0 rx_packets) - rx0))" "$n" "packets b received over the small route (outer IPv$fam)"
	expect_eq "$(($(stat_of a wg0 tx_packets) - tx0))" "$n" "datagrams a counted over the small route (outer IPv$fam)"
	tcp 10.9.0.2 "outer IPv$fam, route MTU 1300"
done
pass
