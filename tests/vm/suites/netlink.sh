#!/bin/bash
# The generic netlink interface through the stock wg, the same for ours and
# the in-tree module: every device and peer field read back as written,
# dumps split across messages (a peer with thousands of allowed IPs, many
# peers), REPLACE_PEERS (setconf), addconf, peer removal, the mesh rules for
# our own public key, and refusals that change nothing.
. /test/lib-guest.sh
umask 077
ip link add wg0 type wireguard
for i in 1 2 3 4; do wg genkey > /tmp/k$i; wg pubkey < /tmp/k$i > /tmp/p$i; done
wg genpsk > /tmp/psk
p2=$(cat /tmp/p2) p3=$(cat /tmp/p3) p4=$(cat /tmp/p4)

step "device fields"
wg set wg0 private-key /tmp/k1 listen-port 40001 fwmark 0x1234
expect_eq "$(wg show wg0 private-key)" "$(cat /tmp/k1)" "private key"
expect_eq "$(wg show wg0 public-key)" "$(cat /tmp/p1)" "public key"
expect_eq "$(wg show wg0 listen-port)" "40001" "listen port while down"
expect_eq "$(wg show wg0 fwmark)" "0x1234" "fwmark"
ip link set wg0 up
expect_eq "$(wg show wg0 listen-port)" "40001" "listen port once up"
ss -uln | grep -q ':40001 ' || fail "no UDP socket on port 40001"
wg set wg0 fwmark 0
expect_eq "$(wg show wg0 fwmark)" "off" "fwmark cleared"

step "peer fields"
wg set wg0 peer "$p2" preshared-key /tmp/psk endpoint 192.0.2.9:1234 \
	persistent-keepalive 25 allowed-ips 10.1.0.0/16,fd00::/64,0.0.0.0/0
expect_eq "$(wg show wg0 preshared-keys)" "$p2	$(cat /tmp/psk)" "preshared key"
expect_eq "$(wg show wg0 endpoints)" "$p2	192.0.2.9:1234" "endpoint"
expect_eq "$(wg show wg0 persistent-keepalive)" "$p2	25" "keepalive"
ips() { wg show wg0 allowed-ips | grep "^$1" | cut -f2 | tr ' ' '\n' | sort | tr '\n' ' '; }
expect_eq "$(ips "$p2")" "0.0.0.0/0 10.1.0.0/16 fd00::/64 " "allowed IPs (any order)"
wg set wg0 peer "$p2" persistent-keepalive off endpoint '[fd00::9]:4321'
expect_eq "$(wg show wg0 persistent-keepalive)" "$p2	off" "keepalive off"
expect_eq "$(wg show wg0 endpoints)" "$p2	[fd00::9]:4321" "IPv6 endpoint"

step "an address moves to the peer that claims it last"
wg set wg0 peer "$p3" allowed-ips 10.1.0.0/16
expect_eq "$(ips "$p2")" "0.0.0.0/0 fd00::/64 " "re-parented prefix left the first peer"
expect_eq "$(ips "$p3")" "10.1.0.0/16 " "re-parented prefix went to the second peer"

step "mesh rules"
wg set wg0 peer "$(cat /tmp/p1)" allowed-ips 10.7.0.0/16
[[ $(wg show wg0 peers | grep -c "$(cat /tmp/p1)") = 0 ]] || fail "our own public key became a peer"
wg set wg0 private-key /tmp/k3
[[ $(wg show wg0 peers | grep -c "$p3") = 0 ]] || fail "the peer with our new public key was not removed"
expect_eq "$(wg show wg0 public-key)" "$p3" "new public key"

step "removal"
wg set wg0 peer "$p4" remove
wg set wg0 peer "$p2" remove
expect_eq "$(wg show wg0 peers)" "" "all peers removed"

step "split dumps: 3000 allowed IPs on one peer, 300 peers"
{
	echo "[Interface]"
	echo "PrivateKey = $(cat /tmp/k1)"
	echo "ListenPort = 40002"
	echo "[Peer]"
	echo "PublicKey = $p2"
	for a in $(seq 0 11); do for b in $(seq 0 249); do echo "AllowedIPs = 10.$a.$b.0/24"; done; done
} > /tmp/big.conf
wg setconf wg0 /tmp/big.conf
n=$(wg show wg0 allowed-ips | cut -f2 | tr ' ' '\n' | grep -c /24)
expect_eq "$n" "3000" "allowed IPs read back from a split dump"
expect_eq "$(wg show wg0 peers | wc -l)" "1" "one peer after a split dump merge"
{
	echo "[Interface]"
	echo "PrivateKey = $(cat /tmp/k1)"
	for i in $(seq 1 300); do
		echo "[Peer]"
		echo "PublicKey = $(wg genkey | wg pubkey)"
		echo "AllowedIPs = 10.200.$((i / 250)).$((i % 250))/32"
	done
} > /tmp/many.conf
wg setconf wg0 /tmp/many.conf
expect_eq "$(wg show wg0 peers | wc -l)" "300" "setconf replaced the peers"
# setconf without ListenPort asks for port 0: a fresh random port (as in-tree)
port=$(wg show wg0 listen-port)
[[ $port != 40002 && $port -gt 0 ]] || fail "setconf without a port left port $port"
wg showconf wg0 > /tmp/back.conf
expect_eq "$(grep -c '^PublicKey' /tmp/back.conf)" "300" "showconf peers"
wg addconf wg0 /tmp/big.conf
expect_eq "$(wg show wg0 peers | wc -l)" "301" "addconf added a peer"

step "refusals change nothing"
ip link add wg1 type wireguard
ip link set wg1 up
out=$(wg set wg1 listen-port 40002 2>&1) && fail "two devices bound the same port"
expect_match "$out" "Address already in use" "port in use"
expect_eq "$(wg show wg0 peers | wc -l)" "301" "wg0 untouched"
ip link del wg1
ip link del wg0
pass
