#!/bin/bash
# What the stack shows of the device: `ip -d link show` (down and up, with
# its interface indexes left out), the attributes in /sys/class/net/wg0,
# `ethtool -k` and `ethtool -i`, the queues, the addresses the stack gives
# it on its own, and MTU changes.
. /test/lib-oracle.sh
ip link add wg0 type wireguard
norm() { sed -E 's/^[0-9]+: //; s/ (ifindex|iflink|link-netnsid) [0-9]+//g'; }
ip -d link show wg0 | norm | o_lines ipd.down
ip link set wg0 up
ip -d link show wg0 | norm | o_lines ipd.up
ip -s -s -d link show wg0 | norm | o_lines ipsd.up
for f in /sys/class/net/wg0/*; do
	[[ -f $f ]] || continue
	# threaded: 1 for 7.x's in-tree module, 0 for ours (README,
	# deliberate differences)
	case ${f##*/} in ifindex|iflink|uevent|threaded) continue ;; esac
	o "sys.${f##*/}" "$(cat "$f" 2>&1 | tr '\n' ' ')"
done
o sys.queues "$(ls /sys/class/net/wg0/queues | tr '\n' ' ')"
for f in /sys/class/net/wg0/queues/tx-0/*; do
	[[ -f $f ]] && o "sys.queues.tx-0.${f##*/}" "$(cat "$f" 2>&1 | tr '\n' ' ')"
done
ethtool -k wg0 2>&1 | o_lines ethtool.k
# Deliberate difference: ours has ethtool statistics (`ethtool -S`, the
# fleet counters), so its "supports-statistics" says yes; the rest of
# `ethtool -i` is compared.
ethtool -i wg0 2>&1 | grep -v '^supports-statistics:' | o_lines ethtool.i
ip addr show dev wg0 | norm | o_lines addr.up
o ipv6.conf.addr_gen_mode "$(cat /proc/sys/net/ipv6/conf/wg0/addr_gen_mode)"
o ipv6.conf.mtu "$(cat /proc/sys/net/ipv6/conf/wg0/mtu)"
for m in 0 67 68 1279 1280 65535 65536 2147483552 2147483553; do
	out=$(ip link set wg0 mtu $m 2>&1)
	o "mtu.$m" "rc=$? $out mtu=$(cat /sys/class/net/wg0/mtu)"
done
ip link set wg0 mtu 1420
ip -6 addr add fd00::1/64 dev wg0 nodad
ip link set wg0 mtu 1200
o mtu.1200.ipv6 "$(ip -6 addr show dev wg0 | grep -c inet6)"
ip link set wg0 mtu 1420
o mtu.1420.ipv6 "$(ip -6 addr show dev wg0 | grep -c inet6)"
ip link set wg0 down
ip -d link show wg0 | norm | o_lines ipd.downagain
ip link add wg1 mtu 1280 txqueuelen 5 numtxqueues 2 type wireguard 2>&1 | o_lines create.options
ip -d link show wg1 2>&1 | norm | o_lines ipd.wg1
exit 0
