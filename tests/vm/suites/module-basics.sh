#!/bin/bash
# The module at its most basic, the same for ours and the in-tree one:
# it loads (and modinfo names the right file), registers the link kind and
# the generic netlink family, creates and deletes devices, survives moving a
# device between namespaces and deleting namespaces with devices alive, and
# unloads with devices still present, leaving nothing behind.
. /test/lib-guest.sh

step "load"
modprobe wireguard
file=$(modinfo -F filename wireguard)
if [[ $WG_MODULE = ours ]]; then
	expect_eq "$file" "/lib/modules/$KREL/updates/wireguard.ko" "modinfo filename"
	expect_eq "$(cat /sys/module/wireguard/version)" "$(modinfo -F version "$file")" "loaded version"
	# Every crypto path passed its selftest, and the SIMD ones were chosen.
	line=$(dmesg | grep 'core and crypto selftests passed' | tail -1)
	echo "$line"
	case $(uname -m) in
	aarch64) expect_match "$line" "chacha20=neon poly1305=neon" "NEON paths selected" ;;
	armv7l) expect_match "$line" "chacha20=neon" "NEON ChaCha20 selected (Cortex-A15)" ;;
	x86_64) expect_match "$line" "chacha20=avx2" "AVX2 ChaCha20 selected (-cpu max)" ;;
	esac
	# RFC 7748's 1,000-iteration X25519 result, at load, on every path.
	rmmod wireguard
	modprobe wireguard crypto_selftest_x25519_iterations=1000 ||
		fail "load with the 1000-iteration X25519 selftest"
else
	expect_match "$file" "/kernel/drivers/net/wireguard/wireguard.ko" "modinfo filename"
fi
family=$(genl ctrl get name wireguard) || fail "genl family 'wireguard' not registered"
expect_match "$family" "Name: wireguard" "genl family name"
expect_match "$family" "Version: 0x1 " "genl family version"
# 7.x's in-tree module puts the policy on each command, not the family
if [[ ${KREL%%.*} -ge 7 ]]; then
	expect_match "$family" "max attribs: 0 " "genl family attributes (per-command policies)"
else
	expect_match "$family" "max attribs: 8 " "genl family attributes"
fi

step "link kind"
ip link add wg0 type wireguard
info=$(ip -d link show wg0)
expect_match "$info" "<POINTOPOINT,NOARP>" "flags"
expect_match "$info" "mtu 1420 " "default MTU"
expect_match "$info" "link/none" "no L2 address"
expect_match "$info" " wireguard " "link kind"
expect_match "$info" " minmtu 0 maxmtu 2147483552[^0-9]" "MTU range (the in-tree one)"
ip link set wg0 mtu 1280
expect_match "$(ip link show wg0)" "mtu 1280 " "MTU change"
ip link set wg0 mtu 70000
expect_match "$(ip link show wg0)" "mtu 70000 " "an MTU past 65535"
out=$(ip link set wg0 mtu 2147483553 2>&1) && fail "an MTU past the maximum was taken"
expect_match "$out" "mtu greater than device maximum" "the kernel's refusal"
expect_match "$(ip link show wg0)" "mtu 70000 " "MTU unchanged by a refusal"
ip link set wg0 mtu 1280
expect_eq "$(wg show wg0 listen-port)" "0" "listen port of a fresh device, down"
expect_eq "$(wg show wg0 peers)" "" "peers of a fresh device"
ip link set wg0 up
expect_match "$(ip link show wg0)" "UP" "link up"
expect_eq "$(wg show interfaces)" "wg0" "wg show interfaces"
ip link add wg1 type wireguard
expect_eq "$(wg show interfaces | tr ' ' '\n' | sort | tr '\n' ' ')" "wg0 wg1 " "two devices"
ip link del wg1
ip link del wg0
expect_fail "ip link show wg0" "device gone after ip link del"

step "netlink errors"
ip link add dmy0 type dummy
out=$(wg show dmy0 2>&1) && fail "wg show on a non-WireGuard device succeeded"
expect_match "$out" "(Operation not supported|No such device)" "wg show on a dummy device"
ip link del dmy0
out=$(wg show nosuchdev 2>&1) && fail "wg show on a missing device succeeded"
expect_match "$out" "No such device" "wg show on a missing device"

step "namespaces"
ip netns add ns1
ip netns add ns2
ip link add wg0 type wireguard
ip link set wg0 netns ns1
expect_fail "ip link show wg0" "device left the init namespace"
ip -n ns1 link show wg0 >/dev/null || fail "device not in ns1"
expect_eq "$(ip netns exec ns1 wg show interfaces)" "wg0" "wg sees the device in ns1"
ip -n ns1 link set wg0 netns ns2
ip -n ns2 link set wg0 up
expect_eq "$(ip netns exec ns2 wg show interfaces)" "wg0" "wg sees the device in ns2"
# A device created inside a namespace, then that namespace deleted with
# the device alive and up.
ip -n ns1 link add wg5 type wireguard
ip -n ns1 link set wg5 up
ip netns del ns1
# The device that moved to ns2 outlives its creating namespace (init).
ip netns del ns2
sleep 1
expect_eq "$(wg show interfaces)" "" "no devices left after namespace teardown"

step "unload with devices alive"
ip link add wg0 type wireguard
ip link add wg1 type wireguard
ip netns add ns3
ip -n ns3 link add wg2 type wireguard
ip link set wg0 up
rmmod wireguard
expect_fail "ip link show wg0" "wg0 removed by unload"
expect_fail "ip -n ns3 link show wg2" "wg2 in ns3 removed by unload"
[[ ! -d /sys/module/wireguard ]] || fail "module still present after rmmod"
ip netns del ns3
# Reload and unload once more: registration must be repeatable.
modprobe wireguard
ip link add wg0 type wireguard
rmmod wireguard
[[ ! -d /sys/module/wireguard ]] || fail "module still present after second rmmod"

pass
