#!/bin/bash
# Interop proof on the wire: our protocol core (build/wg-interop, userspace,
# one UDP socket) against wireguard-go, each in its own network namespace
# joined by a veth pair, wireguard-go configured with the stock `wg`.
#   1. wireguard-go initiates (a ping from its side into the tunnel), we
#      respond, answer its ICMP echo and get ours answered  (psk set)
#   2. we initiate, then our echo goes through wireguard-go's TUN to the
#      kernel of its namespace and the reply comes back     (psk set)
#   3. we initiate again, without a preshared key
# Everything made here is removed on every exit.
set -uo pipefail
umask 077
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$here/build/wg-interop

skip_or_fail() {
	echo "interop: $*"
	# The lead decides whether a missing prerequisite is a skip or a failure.
	[[ ${WG_INTEROP_ALLOW_SKIP:-0} = 1 ]] && { echo "interop: SKIPPED"; exit 0; }
	exit 2
}
[[ $EUID -eq 0 ]] || skip_or_fail "needs root (network namespaces)"
for t in ip wg wireguard-go ping timeout; do
	command -v $t >/dev/null || skip_or_fail "needs $t (apt: iproute2 wireguard-tools wireguard-go iputils-ping)"
done
[[ -c /dev/net/tun ]] || skip_or_fail "needs /dev/net/tun"
[[ -x $bin ]] || { echo "interop: build $bin first (make -C tests/interop)"; exit 2; }

id=$$
ns_go=wgi-go-$id
ns_us=wgi-us-$id
ifname=wgi$((id % 100000))	# < IFNAMSIZ; the wg UAPI socket is named after it
veth_go=vgo$((id % 100000))
veth_us=vus$((id % 100000))
tmp=$(mktemp -d)
gopid=
ourpid=

cleanup() {
	[[ -n $ourpid ]] && kill "$ourpid" 2>/dev/null && wait "$ourpid" 2>/dev/null
	[[ -n $gopid ]] && kill "$gopid" 2>/dev/null && wait "$gopid" 2>/dev/null
	ip netns del "$ns_go" 2>/dev/null
	ip netns del "$ns_us" 2>/dev/null
	rm -f "/var/run/wireguard/$ifname.sock" "/var/run/wireguard/$ifname.name"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

set -e
ip netns add "$ns_go"
ip netns add "$ns_us"
ip link add "$veth_go" type veth peer name "$veth_us"
ip link set "$veth_go" netns "$ns_go"
ip link set "$veth_us" netns "$ns_us"
ip -n "$ns_go" addr add 172.31.99.1/24 dev "$veth_go"
ip -n "$ns_us" addr add 172.31.99.2/24 dev "$veth_us"
for ns in "$ns_go" "$ns_us"; do ip -n "$ns" link set lo up; done
ip -n "$ns_go" link set "$veth_go" up
ip -n "$ns_us" link set "$veth_us" up

ip netns exec "$ns_go" env WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 \
	wireguard-go -f "$ifname" >"$tmp/wireguard-go.log" 2>&1 &
gopid=$!
for _ in $(seq 50); do
	[[ -S /var/run/wireguard/$ifname.sock ]] && break
	sleep 0.1
done
[[ -S /var/run/wireguard/$ifname.sock ]] || { cat "$tmp/wireguard-go.log"; echo "interop: wireguard-go did not start"; exit 1; }

wg genkey >"$tmp/go.key"
wg genkey >"$tmp/us.key"
wg genpsk >"$tmp/psk"
go_pub=$(wg pubkey <"$tmp/go.key")
us_pub=$(wg pubkey <"$tmp/us.key")
ip netns exec "$ns_go" wg set "$ifname" private-key "$tmp/go.key" listen-port 51820 \
	peer "$us_pub" preshared-key "$tmp/psk" allowed-ips 10.99.0.2/32 \
	endpoint 172.31.99.2:51821
ip -n "$ns_go" addr add 10.99.0.1/24 dev "$ifname"
ip -n "$ns_go" link set "$ifname" up
set +e

ours() {
	ip netns exec "$ns_us" "$bin" --private "$(cat "$tmp/us.key")" \
		--peer "$go_pub" --listen 51821 --inner-src 10.99.0.2 \
		--inner-dst 10.99.0.1 --allowed 10.99.0.0/24 --timeout 25 "$@"
}

failed=0
result() {
	if [[ $1 -eq 0 ]]; then
		echo "interop: PASS: $2"
	else
		echo "interop: FAIL: $2"
		failed=$((failed + 1))
	fi
}

echo "=== 1. wireguard-go initiates, we respond (psk)"
ours --mode responder --psk "$(cat "$tmp/psk")" >"$tmp/ours1.log" 2>&1 &
ourpid=$!
sleep 0.5
ip netns exec "$ns_go" ping -c 3 -i 0.5 -W 5 10.99.0.2 >"$tmp/ping1.log" 2>&1
ping_rc=$?
wait $ourpid
ours_rc=$?
ourpid=
cat "$tmp/ours1.log" "$tmp/ping1.log"
result $((ours_rc | ping_rc)) "responder: handshake with wireguard-go, its ping answered by us, ours by its kernel"

echo "=== 2. we initiate (psk)"
ours --mode initiator --psk "$(cat "$tmp/psk")" --endpoint 172.31.99.1:51820 \
	>"$tmp/ours2.log" 2>&1
rc=$?
cat "$tmp/ours2.log"
result $rc "initiator: handshake with wireguard-go, ICMP echo through its TUN answered"

echo "=== 3. we initiate (no psk)"
ip netns exec "$ns_go" wg set "$ifname" peer "$us_pub" preshared-key /dev/null
ours --mode initiator --endpoint 172.31.99.1:51820 >"$tmp/ours3.log" 2>&1
rc=$?
cat "$tmp/ours3.log"
result $rc "initiator without psk"

echo "=== 4. we initiate while wireguard-go is under load (cookie reply)"
ours --mode initiator --endpoint 172.31.99.1:51820 --flood "${WG_INTEROP_FLOOD:-20000}" \
	>"$tmp/ours4.log" 2>&1
rc=$?
cat "$tmp/ours4.log"
if [[ $rc -eq 0 ]] && ! grep -q 'cookie replies taken [1-9]' "$tmp/ours4.log"; then
	# wireguard-go kept up with the flood: nothing to prove, nothing wrong
	echo "interop: NOT PROVOKED: wireguard-go never felt under load"
else
	result $rc "cookie reply from wireguard-go under load taken, handshake with mac2 completed"
fi

echo "=== wireguard-go's view"
ip netns exec "$ns_go" wg show "$ifname"
if [[ $failed -ne 0 ]]; then
	echo "--- wireguard-go log"
	cat "$tmp/wireguard-go.log"
fi
echo "interop: $failed failed"
[[ $failed -eq 0 ]]
