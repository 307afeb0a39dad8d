# Helpers for guest suites (sourced inside the guest, bash). Every check
# names what it checked; the first failure ends the suite with status 1.
set -euo pipefail
suite=${0##*/}
step() { echo "--- $suite: $*"; }
fail() { echo "FAIL [$suite]: $*" >&2; exit 1; }
pass() { echo "PASS [$suite]"; exit 0; }
expect_eq() { [[ $1 == "$2" ]] || fail "$3: got '$1', expected '$2'"; }
expect_match() { [[ $1 =~ $2 ]] || fail "$3: '$1' does not match /$2/"; }
expect_fail() { if eval "$1" >/dev/null 2>&1; then fail "$2: '$1' succeeded"; fi; }
# expect_quiet_dmesg MARK PATTERN WHAT: shows what the kernel logged after
# line MARK of dmesg (taken with `dmesg | wc -l`) and fails the suite if any
# of it matches PATTERN (grep -iE).
expect_quiet_dmesg() {
	local new
	new=$(dmesg | tail -n +$(($1 + 1)))
	[[ -n $new ]] && printf 'dmesg since the set-up:\n%s\n' "$new"
	if grep -qiE "$2" <<<"$new"; then fail "kernel messages $3"; fi
}

# two_ns_tunnel [--no-ipv6]: namespaces ns1 and ns2 joined by a veth
# (192.0.2.1/.2), each with wg0 up (10.9.0.1/.2), ns2 knowing ns1's
# endpoint; sets pub1 and pub2. --no-ipv6 turns IPv6 off in both
# namespaces before any link exists.
two_ns_tunnel() {
	local n
	umask 077
	wg genkey > /tmp/k1
	wg genkey > /tmp/k2
	pub1=$(wg pubkey < /tmp/k1) pub2=$(wg pubkey < /tmp/k2)
	ip netns add ns1
	ip netns add ns2
	if [[ ${1:-} = --no-ipv6 ]]; then
		for n in ns1 ns2; do
			ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		done
	fi
	ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
	ip -n ns1 addr add 192.0.2.1/24 dev veth1
	ip -n ns2 addr add 192.0.2.2/24 dev veth2
	for n in ns1 ns2; do
		ip -n $n link set lo up
		ip -n $n link add wg0 type wireguard
	done
	ip -n ns1 link set veth1 up
	ip -n ns2 link set veth2 up
	ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 51821 \
		peer "$pub2" allowed-ips 10.9.0.2/32
	ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 51822 \
		peer "$pub1" endpoint 192.0.2.1:51821 allowed-ips 10.9.0.1/32
	ip -n ns1 addr add 10.9.0.1/24 dev wg0
	ip -n ns2 addr add 10.9.0.2/24 dev wg0
	ip -n ns1 link set wg0 up
	ip -n ns2 link set wg0 up
}

# three_ns_underlay: the hardening suites' links. ns1, the gateway under
# test, reaches its peer ns2 over one veth (veth1a 192.0.2.1 - veth2
# 192.0.2.2) and an attacker ns3 over another (veth1b 198.51.100.1 -
# veth3 198.51.100.3), so what ns3 sends never shares ns2's link.
three_ns_underlay() {
	local n l
	for n in ns1 ns2 ns3; do ip netns add $n; ip -n $n link set lo up; done
	ip link add veth1a netns ns1 type veth peer name veth2 netns ns2
	ip link add veth1b netns ns1 type veth peer name veth3 netns ns3
	ip -n ns1 addr add 192.0.2.1/24 dev veth1a
	ip -n ns2 addr add 192.0.2.2/24 dev veth2
	ip -n ns1 addr add 198.51.100.1/24 dev veth1b
	ip -n ns3 addr add 198.51.100.3/24 dev veth3
	for l in ns1:veth1a ns1:veth1b ns2:veth2 ns3:veth3; do ip -n ${l%%:*} link set ${l#*:} up; done
}
