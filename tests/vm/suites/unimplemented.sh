#!/bin/bash
# What this build cannot do yet must say so plainly, not fail obscurely:
# configuration through netlink is refused with EOPNOTSUPP (and an
# extended-ack message) by our module, while the in-tree module accepts it.
# This suite shrinks as the data path lands.
. /test/lib-guest.sh

ip link add wg0 type wireguard
wg genkey > /tmp/key
if [[ $WG_MODULE = ours ]]; then
	out=$(wg set wg0 listen-port 51820 2>&1) && fail "setting a listen port succeeded"
	expect_match "$out" "Operation not supported" "listen-port refused"
	out=$(wg set wg0 private-key /tmp/key 2>&1) && fail "setting a private key succeeded"
	expect_match "$out" "Operation not supported" "private-key refused"
	expect_eq "$(wg show wg0 listen-port)" "0" "refused request changed nothing"
else
	wg set wg0 listen-port 51820 private-key /tmp/key
	expect_eq "$(wg show wg0 listen-port)" "51820" "in-tree listen port"
fi
ip link del wg0
pass
