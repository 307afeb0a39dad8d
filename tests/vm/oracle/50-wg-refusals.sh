#!/bin/bash
# Requests the stock `wg` makes and the module refuses (or the tool refuses
# before asking): exit status and message, and what was left configured.
. /test/lib-oracle.sh
ip link add wg0 type wireguard
ip link add wg1 type wireguard
ip link add dmy0 type dummy
wg set wg0 private-key /tmp/key-a listen-port 51821
ip link set wg0 up
ip link set wg1 up
printf '%s\n' AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= > /tmp/key-zero
# req KEY CMD...: exit status and the message, one line
req() {
	local k=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	o "$k" "rc=$rc $(tr '\n' ' ' <<<"$out")"
}
req show.nosuchdev wg show nosuchdev
req show.dummy wg show dmy0
req set.dummy wg set dmy0 listen-port 1
req set.nosuchdev wg set nosuchdev listen-port 1
port=$(wg show wg1 listen-port)
req set.port.inuse wg set wg1 listen-port 51821
[[ $(wg show wg1 listen-port) = "$port" ]] && o port.inuse.left unchanged || o port.inuse.left changed
req set.port.big wg set wg0 listen-port 65536
req set.badkey wg set wg0 peer notakey
req set.keyfile.missing wg set wg0 private-key /nonexistent
req set.allowed.33 wg set wg0 peer "$PUB_B" allowed-ips 10.0.0.0/33
req set.endpoint.noport wg set wg0 peer "$PUB_B" endpoint 192.0.2.1
req set.keepalive.big wg set wg0 peer "$PUB_B" persistent-keepalive 65536
req set.fwmark.bad wg set wg0 fwmark xyz
req set.own.pubkey wg set wg0 peer "$PUB_A" allowed-ips 10.1.0.1/32
o own.pubkey.peers "$(wg show wg0 peers)"
req set.zero.pubkey wg set wg0 peer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= allowed-ips 10.1.0.2/32
o zero.pubkey.peers "$(wg show wg0 peers)"
req set.zero.privkey wg set wg1 private-key /tmp/key-zero
o zero.privkey.wg1 "$(wg show wg1 private-key) $(wg show wg1 public-key)"
req set.remove.unknown wg set wg0 peer "$PUB_C" remove
o remove.unknown.peers "$(wg show wg0 peers)"
# a peer with our own key once we have it; then our key becomes a peer's
req set.peer.then.key wg set wg1 peer "$PUB_B" allowed-ips 10.2.0.1/32
req set.key.of.peer wg set wg1 private-key /tmp/key-b
o key.of.peer.wg1 "$(wg show wg1 public-key) peers=$(wg show wg1 peers)"
req setconf.missing wg setconf wg0 /nonexistent
printf '[Interface]\nListenPort = 99999\n' > /tmp/bad.conf
req setconf.badport wg setconf wg0 /tmp/bad.conf
o after.wg0 "key=$(wg show wg0 private-key) peers=$(wg show wg0 peers | tr '\n' ' ')"
exit 0
