#!/bin/bash
# The MTU changes while packets wait: a packet sent at MTU 1420 waits for a
# handshake (the first initiation is dropped on the way), the device's MTU
# becomes 1300, then the retried handshake lets it go. Which MTU did its
# padding follow? The outer lengths a sends, seen on b's veth.
. /test/lib-oracle.sh
pair
ip netns exec b iptables -A INPUT -p udp --dport 51822 -j DROP
ip netns exec b /test/udplens vb 51821 > /tmp/lens.out 2>/tmp/udplens.err &
tpid=$!
for i in $(seq 1 100); do
	grep -q 'listening on' /tmp/udplens.err 2>/dev/null && break
	sleep 0.1
done
# 1297 and 1301 bytes inside: padded to 1312 and 1312 at MTU 1420, to 1300
# and 1316 (1301 modulo 1300, padded) at 1300.
ip netns exec a bash -c 'printf "%*s" 1269 "" > /dev/udp/10.9.0.2/9; printf "%*s" 1273 "" > /dev/udp/10.9.0.2/9'
sleep 1
ip -n a link set wg0 mtu 1300
ip netns exec b iptables -D INPUT -p udp --dport 51822 -j DROP
# the initiation is retried after REKEY_TIMEOUT (5 s)
for i in $(seq 1 20); do
	[[ $(ip netns exec a wg show wg0 latest-handshakes | cut -f2) != 0 ]] && break
	sleep 0.5
done
sleep 1
kill $tpid
wait $tpid 2>/dev/null
o staged.outer "$(awk '$1 != 32 && $1 != 148' /tmp/lens.out | tr '\n' ' ')"
exit 0
