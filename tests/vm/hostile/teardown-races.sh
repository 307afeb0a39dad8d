#!/bin/bash
# Teardown races (issue 8, item 6): namespace deletion, device deletion and
# module unload while handshakes and traffic run, RACES_ROUNDS rounds of
# each (default 10: about 25 s a round in an emulated x86_64 guest), on
# the guest's 2 vCPUs.
#
# Every round makes two underlay namespaces u1/u2 joined by veth, and two
# overlay namespaces o1/o2; three times, the WireGuard devices are created
# in the underlays (so their UDP sockets live there) and moved into the
# overlays, where the traffic runs: ping floods both ways, a TCP stream
# (iperf3), a UDP blast (iperf3 -u, unlimited), and two loops forcing new
# handshakes all the time (o1 swaps its private key away and back, which
# voids every session; o2 removes and re-adds its peer). Then one of:
#   link    delete both devices
#   rmmod   unload the module (retried while a `wg` call holds it)
#   netns   delete all four namespaces (the underlays die at once, taking
#           the sockets away under the devices; the overlays with their
#           last process, which is killed right after)
# After each: no WireGuard device left (after netns: no namespace), the
# module's reference count back to 0 when idle; after rmmod the module is
# gone and loads again; at the end it unloads (so no device of a deleted
# namespace lingers). The harness fails the run on any oops, WARN, lockdep
# or KASAN report; the suite also fails on "waiting for ... to become free"
# (a leaked device reference) or a hung task.
# Env: RACES_ROUNDS (10; 4 on arm64), RACES_LOAD_SECS (time under load
#      before each teardown, 0.6).
. /test/lib-guest.sh
umask 077
trap 'echo "FAIL [$suite]: line $LINENO: $BASH_COMMAND" >&2' ERR

# An emulated arm64 guest is several times slower: fewer rounds there.
rounds=${RACES_ROUNDS:-$([[ $WG_ARCH == x86_64 ]] && echo 10 || echo 4)}
load=${RACES_LOAD_SECS:-0.6}
echo "teardown-races: $rounds rounds of link, rmmod and netns ($WG_MODULE module, $(nproc) CPUs)"

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

# Keep the kernel's shared switches still for the whole suite, so that
# only the module comes and goes: a VXLAN device holds the UDP tunnel
# modules (otherwise unloaded with wireguard and reloaded at the next
# device) and the UDP encapsulation static keys, and a slow ping on lo the
# timestamping one. Each flip of a static key patches kernel text; under
# QEMU's TCG that once left a stale int3 executed in __alloc_skb (an oops
# with the in-tree module, round 7), unrelated to WireGuard.
modprobe vxlan 2>/dev/null || true
ip link add vxpin4 type vxlan id 4242 dstport 4789 local 127.0.0.1 2>/dev/null &&
	ip link set vxpin4 up 2>/dev/null || true
ip link add vxpin6 type vxlan id 4243 dstport 4790 local ::1 2>/dev/null &&
	ip link set vxpin6 up 2>/dev/null || true
ping -q -i 5 127.0.0.1 >/dev/null 2>&1 &
pin_ping=$!

wg genkey > /tmp/k1
wg genkey > /tmp/k1b
wg genkey > /tmp/k2
pub1=$(wg pubkey < /tmp/k1)
pub2=$(wg pubkey < /tmp/k2)
dmesg_base=$(dmesg | wc -l)

pids=()
# The underlay and overlay namespaces, once per round.
make_netns() {
	local n
	for n in u1 u2 o1 o2; do ip netns add $n; ip -n $n link set lo up; done
	ip link add veth1 netns u1 type veth peer name veth2 netns u2
	ip -n u1 addr add 192.0.2.1/24 dev veth1
	ip -n u2 addr add 192.0.2.2/24 dev veth2
	ip -n u1 link set veth1 up
	ip -n u2 link set veth2 up
}

# The devices (created in the underlays, moved into the overlays), a
# working tunnel, and the load.
setup() {
	ip -n u1 link add wg0 type wireguard || fail "round $r ($1): ip link add (u1)"
	ip -n u2 link add wg0 type wireguard || fail "round $r ($1): ip link add (u2)"
	ip -n u1 link set wg0 netns o1
	ip -n u2 link set wg0 netns o2
	ip netns exec o1 wg set wg0 private-key /tmp/k1 listen-port 1 \
		peer "$pub2" endpoint 192.0.2.2:2 allowed-ips 10.9.0.2/32 persistent-keepalive 1 ||
		fail "round $r ($1): wg set (o1)"
	ip netns exec o2 wg set wg0 private-key /tmp/k2 listen-port 2 \
		peer "$pub1" endpoint 192.0.2.1:1 allowed-ips 10.9.0.1/32 persistent-keepalive 1 ||
		fail "round $r ($1): wg set (o2)"
	ip -n o1 addr add 10.9.0.1/24 dev wg0
	ip -n o2 addr add 10.9.0.2/24 dev wg0
	ip -n o1 link set wg0 up
	ip -n o2 link set wg0 up
	ip netns exec o1 ping -c 1 -W 5 10.9.0.2 >/dev/null || fail "round $r ($1): the tunnel did not come up"

	pids=()
	ip netns exec o2 iperf3 -s -p 5201 >/dev/null 2>&1 & pids+=($!)
	ip netns exec o2 iperf3 -s -p 5202 >/dev/null 2>&1 & pids+=($!)
	ip netns exec o1 ping -f -s 1200 10.9.0.2 >/dev/null 2>&1 & pids+=($!)
	ip netns exec o2 ping -f -s 100 10.9.0.1 >/dev/null 2>&1 & pids+=($!)
	sleep 0.2
	ip netns exec o1 iperf3 -c 10.9.0.2 -p 5201 -t 60 >/dev/null 2>&1 & pids+=($!)
	ip netns exec o1 iperf3 -c 10.9.0.2 -p 5202 -u -b 0 -l 1300 -t 60 >/dev/null 2>&1 & pids+=($!)
	# New handshakes all the time. Errors (the device gone) are expected;
	# once the module is gone, no call to autoload it again (each load
	# runs the module's selftests: seconds in an emulated guest).
	ip netns exec o1 bash -c 'while [[ -d /sys/module/wireguard ]]; do
		wg set wg0 private-key /tmp/k1b; wg set wg0 private-key /tmp/k1
		sleep 0.05; done' >/dev/null 2>&1 & pids+=($!)
	ip netns exec o2 bash -c 'while [[ -d /sys/module/wireguard ]]; do
		wg set wg0 peer '"$pub1"' remove
		wg set wg0 peer '"$pub1"' endpoint 192.0.2.1:1 allowed-ips 10.9.0.1/32 persistent-keepalive 1
		sleep 0.05; done' >/dev/null 2>&1 & pids+=($!)
	sleep "$load"
}

# A namespace dies with its last process: stop everything right after the
# teardown step, while packets are still in the module's queues.
# A loop's `wg` call in flight outlives the loop (and may load the module
# again, whose selftests take seconds on the debug kernel): wait for it.
stop_load() {
	kill "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
	pids=()
	for _ in $(seq 300); do pgrep -x wg >/dev/null || break; sleep 0.1; done
	if [[ -d /sys/module/wireguard ]]; then
		for _ in $(seq 300); do
			[[ $(cat /sys/module/wireguard/initstate 2>/dev/null) != coming ]] && break
			sleep 0.1
		done
	fi
}

no_devices() {
	local n
	for n in $(ip netns list | awk '{print $1}') ""; do
		expect_eq "$(ip ${n:+-n $n} -o link show type wireguard)" "" \
			"round $r ($1): WireGuard devices left${n:+ in $n}"
	done
}

# The module idles at reference count 0 (netns cleanup is asynchronous).
refcount_zero() {
	local i c
	for i in $(seq 100); do
		c=$(cat /sys/module/wireguard/refcnt)
		[[ $c == 0 ]] && return 0
		sleep 0.1
	done
	fail "round $r ($1): module refcount $c when idle"
}

declare -A took
add_time() { took[$1]=$(awk -v a="${took[$1]:-0}" -v b="$(since "$2")" 'BEGIN{print a+b}'); }
t_all=$(now)
modprobe wireguard
for r in $(seq "$rounds"); do
	make_netns

	t0=$(now)
	setup link
	ip -n o1 link del wg0 || fail "round $r: ip link del (o1)"
	ip -n o2 link del wg0 || fail "round $r: ip link del (o2)"
	stop_load
	no_devices link
	refcount_zero link
	add_time link "$t0"

	t0=$(now)
	setup rmmod
	tries=0
	# A `wg` call in flight holds a module reference (EBUSY): retry.
	until modprobe -r wireguard 2>/dev/null; do
		tries=$((tries + 1))
		[[ $tries -lt 200 ]] || fail "round $r: modprobe -r under load failed 200 times"
		sleep 0.02
	done
	stop_load
	no_devices rmmod
	# Loaded again by a last `wg` call? Then it must go again, idle.
	if [[ -d /sys/module/wireguard ]]; then
		modprobe -r wireguard || fail "round $r (rmmod): the module does not unload when idle"
	fi
	[[ ! -d /sys/module/wireguard ]] || fail "round $r (rmmod): the module is still loaded"
	modprobe wireguard || fail "round $r (rmmod): the module does not load again"
	refcount_zero rmmod
	add_time rmmod "$t0"

	t0=$(now)
	setup netns
	ip netns del u1
	ip netns del u2
	ip netns del o1
	ip netns del o2
	stop_load
	expect_eq "$(ip netns list)" "" "round $r (netns): namespaces left"
	no_devices netns
	refcount_zero netns
	add_time netns "$t0"
	echo "round $r done ($(since "$t_all")s so far; rmmod retries $tries)"
done
# Every device of the deleted namespaces is gone: the module unloads.
# (No busybox `timeout` around it: on arm64 it exits 1 although modprobe
# succeeded. A hung unload is caught by the harness's own timeout.)
out=$(modprobe -r wireguard 2>&1)
if [[ -d /sys/module/wireguard ]]; then
	echo "modprobe -r: $out; refcnt $(cat /sys/module/wireguard/refcnt 2>&1);" \
		"holders: $(ls /sys/module/wireguard/holders 2>&1); namespaces: $(ip netns list | tr '\n' ' ')" >&2
	fail "the module does not unload at the end"
fi
kill $pin_ping 2>/dev/null || true
ip link del vxpin4 2>/dev/null || true
ip link del vxpin6 2>/dev/null || true
echo "teardown-races: $rounds rounds each; seconds in total: link ${took[link]}, rmmod ${took[rmmod]}, netns ${took[netns]}"

step "the kernel logged nothing suspicious"
expect_quiet_dmesg "$dmesg_base" 'BUG|WARN|Oops|KASAN|UBSAN|refcount|leak|call trace|become free|blocked for more|stall' "during the suite"
pass
