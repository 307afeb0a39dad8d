#!/bin/bash
# Fleet counters (issue 17): each counter of <wg/stats_uapi.h> this suite
# can provoke rises by exactly the number of inputs of its kind. ns1 is
# the gateway under test (wg0, port 51820), ns2 its peer, ns3 an attacker
# on another link. Counters are read with /test/bin/wgstats (the
# wireguard-stats family, read without tools/wg) and, where the guest has
# ethtool, `ethtool -S wg0` must say the same. Ours only: the in-tree
# module has none of these.
. /test/lib-guest.sh
[[ $WG_MODULE == ours ]] || { echo "counters: ours only (the in-tree module has no such counters)"; pass; }

S=/test/bin/wgstats
three_ns_underlay

umask 077
for k in 1 2 hub lost self; do wg genkey > /tmp/k$k; done
pub1=$(wg pubkey < /tmp/k1)
pub2=$(wg pubkey < /tmp/k2)
pubhub=$(wg pubkey < /tmp/khub)
publost=$(wg pubkey < /tmp/klost)
pubself=$(wg pubkey < /tmp/kself)
ip -n ns1 link add wg0 type wireguard
ip -n ns2 link add wg0 type wireguard
ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 51820 \
	peer "$pub2" allowed-ips 10.9.0.2/32 \
	peer "$pubhub" endpoint 192.0.2.2:9 allowed-ips 10.77.0.0/24 \
	peer "$publost" allowed-ips 10.9.0.5/32 \
	peer "$pubself" allowed-ips 10.9.0.6/32
ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 51822 \
	peer "$pub1" endpoint 192.0.2.1:51820 allowed-ips 10.9.0.1/32
ip -n ns1 addr add 10.9.0.1/24 dev wg0
ip -n ns2 addr add 10.9.0.2/24 dev wg0
ip -n ns1 link set wg0 up
ip -n ns2 link set wg0 up
ip -n ns1 route add 10.77.0.0/24 dev wg0

stats() { ip netns exec "$1" $S wg0 || fail "wgstats in $1"; }
# dev NS NAME / peer NS PUBKEY NAME: one counter
dev() { stats "$1" | awk -v k="$2" '$1 == "dev" && $2 == k { print $3 }'; }
peer() { stats "$1" | awk -v p="$2" -v k="$3" '$1 == "peer" && $2 == p && $3 == k { print $4 }'; }
# expect_counters NS WHAT EXPECTED: "name=value ..." of a peer (WHAT = its
# key) or of the device (WHAT = dev), the named ones only
expect_counters() {
	local ns=$1 what=$2 want=$3 got="" kv
	for kv in $want; do
		if [[ $what == dev ]]; then
			got+="${kv%%=*}=$(dev "$ns" "${kv%%=*}") "
		else
			got+="${kv%%=*}=$(peer "$ns" "$what" "${kv%%=*}") "
		fi
	done
	expect_eq "${got% }" "$want" "$4"
}

step "a hub that never answers: initiations every 5 s until the retry limit"
# 140 packets wait for a handshake with a peer whose endpoint answers
# nothing (a closed port on ns2): the staging queue keeps the last 128
# (12 pushed out); 1 initiation and 19 retries, each unanswered, then the
# give-up drops the 128. About 100 s: it runs while the steps below do.
ip netns exec ns1 bash -c 'for i in $(seq 140); do echo x > /dev/udp/10.77.0.1/9; done' ||
	fail "sending to the hub"
hub_t0=$(date +%s)

# The handshake below and some data both ways, captured on ns2's veth for
# the replay step.
F=/test/bin/udpfuzz
rm -f /tmp/cap /tmp/cap.ready
ip netns exec ns2 $F capture veth2 51820 4 /tmp/cap >/tmp/cap.out &
cap_pid=$!
for _ in $(seq 50); do [[ -e /tmp/cap.ready ]] && break; sleep 0.1; done
[[ -e /tmp/cap.ready ]] || fail "the capture did not start"

step "handshake and keepalive: a persistent keepalive set on ns2 with no session"
# No session: the keepalive needs a handshake first; ns2 initiates, ns1
# responds, and ns2 confirms with the keepalive itself (nothing staged).
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 3600
for _ in $(seq 50); do [[ $(peer ns1 "$pub2" keepalives_received) == 1 ]] && break; sleep 0.1; done
ip netns exec ns2 wg set wg0 peer "$pub1" persistent-keepalive 0
expect_counters ns2 "$pub1" "handshake_initiations_sent=1 handshake_responses_received=1 handshakes_completed=1 keepalives_sent=1 keepalives_received=0" "ns2's peer after its handshake"
expect_counters ns1 "$pub2" "handshake_initiations_sent=0 handshake_responses_received=0 handshakes_completed=1 keepalives_sent=0 keepalives_received=1 endpoint_changes=0" "ns1's peer after ns2's handshake"
ip netns exec ns2 ping -c 2 -i 0.3 -W 5 10.9.0.1 >/dev/null || fail "ping for the capture"
wait $cap_pid || fail "nothing captured"
cat /tmp/cap.out

step "datagrams no WireGuard message can be, from ns3"
# each file is sent as one datagram (one write on a connected UDP socket)
msg() {
	local f=/tmp/m.$1
	shift
	printf "$1" > "$f"
	if [[ -n ${2:-} ]]; then head -c "$2" /dev/zero >> "$f"; fi
	echo "$f"
}
send() {
	local f=$1 n=$2 i
	for i in $(seq "$n"); do
		ip netns exec ns3 bash -c "exec 3<>/dev/udp/198.51.100.1/51820 && dd if=$f bs=65536 count=1 >&3 2>/dev/null" ||
			fail "sending $f"
	done
}
send "$(msg short '\x01\x00\x00')" 3			# 3 bytes: no type word
send "$(msg init100 '\x01\x00\x00\x00' 96)" 2		# an initiation is 148
send "$(msg data20 '\x04\x00\x00\x00' 16)" 2		# data is 32 at least
send "$(msg type9 '\x09\x00\x00\x00' 36)" 4		# no such type
send "$(msg type1hi '\x01\x00\x01\x00' 144)" 1		# reserved bytes not zero
send "$(msg init '\x01\x00\x00\x00' 144)" 5		# right length, mac1 zero
send "$(msg resp '\x02\x00\x00\x00' 88)" 1		# likewise
send "$(msg dataidx '\x04\x00\x00\x00\xef\xbe\xad\xde' 40)" 3	# index nobody has
send "$(msg cookie '\x03\x00\x00\x00\x78\x56\x34\x12' 56)" 2	# likewise, a cookie reply
sleep 1
expect_counters ns1 dev "rx_dropped_bad_length=7 rx_dropped_unknown_type=5 rx_dropped_bad_mac1=6 rx_dropped_unknown_index=5 rx_dropped_unknown_peer=0 cookie_replies_sent=0 rx_dropped_rate_limited=0 rx_dropped_queue_full=0" "ns1's device after 29 bad datagrams"

step "replays from ns3: ns2's packets again, cut or lengthened, and ns1's own"
# udpfuzz says what each datagram it sent must count as (EXPECT); the
# counters must rise by exactly that: replayed data, a stale initiation,
# failed tags, bad lengths, ns1's own packets with mac1 or index not its.
declare -A before
for k in rx_dropped_bad_length rx_dropped_bad_mac1 rx_dropped_unknown_index; do before[$k]=$(dev ns1 $k); done
for k in data_dropped_replay data_dropped_auth handshake_rejected_stale_timestamp; do before[$k]=$(peer ns1 "$pub2" $k); done
ip netns exec ns3 $F fuzz -t 198.51.100.1:51820 -k "$pub1" -s "$(( (RANDOM << 15) | RANDOM ))" -n 60 \
	-c /tmp/cap replay > /tmp/replay.out || { cat /tmp/replay.out; fail "udpfuzz replay"; }
sleep 1
grep -E '^(udpfuzz|SENT|EXPECT)' /tmp/replay.out
want=$(sed -n 's/^EXPECT //p' /tmp/replay.out)
[[ $want == *"other=0"* ]] || fail "udpfuzz replayed something it cannot predict: $want"
got=""
for kv in ${want% other=0}; do
	k=${kv%%=*}
	case $k in
	rx_dropped_*) v=$(dev ns1 "$k") ;;
	*) v=$(peer ns1 "$pub2" "$k") ;;
	esac
	got+="$k=$((v - before[$k])) "
done
expect_eq "${got% }" "${want% other=0}" "ns1's counters after 60 replayed datagrams"

step "a peer that speaks for itself from ns3: a spent session, a bad timestamp, a burst"
# udpfuzz peer holds the key of ns1's peer "self" and makes its own
# handshakes: each EXPECT line is the rise of that peer's counters.
ip netns exec ns3 $F peer -t 198.51.100.1:51820 -k "$pub1" -p /tmp/kself -n 8 -e 3 > /tmp/peer.out ||
	{ cat /tmp/peer.out; fail "udpfuzz peer"; }
sleep 1
cat /tmp/peer.out
answered=$(sed -n 's/^BURST sent=8 answered=\([0-9]*\)$/\1/p' /tmp/peer.out)
[[ -n $answered ]] || fail "udpfuzz peer printed no BURST line"
expect_counters ns1 "$pubself" "handshakes_completed=$((1 + answered)) keepalives_received=2 data_dropped_no_keypair=3 handshake_rejected_decrypt=1" "ns1's peer self after a spent session, a bad timestamp and $answered answered initiations"
refused=$(( $(peer ns1 "$pubself" handshake_rejected_flood) + $(peer ns1 "$pubself" handshake_rejected_stale_timestamp) ))
expect_eq "$refused" "$((8 - answered))" "initiations of the burst refused as a flood or stale (answered: $answered)"
(( $(peer ns1 "$pubself" handshake_rejected_flood) >= 1 )) ||
	fail "8 initiations back to back, and none refused as a flood"
expect_counters ns1 "$pub2" "handshake_rejected_flood=0 handshake_rejected_decrypt=0 data_dropped_no_keypair=0" "ns2's peer, which did none of it"

step "a source address ns2 may not use, counted against ns2"
ip -n ns2 addr add 10.9.0.3/24 dev wg0
ip netns exec ns2 wg set wg0 peer "$pub1" allowed-ips 10.9.0.0/24
ip netns exec ns2 ping -c 2 -i 0.2 -W 1 -I 10.9.0.3 10.9.0.1 >/dev/null 2>&1 &&
	fail "a packet from a source ns1 does not allow for ns2 came back"
expect_counters ns1 "$pub2" "data_dropped_source=2 data_dropped_no_keypair=0 data_dropped_malformed=0" "ns1's peer ns2 after two forbidden sources"
expect_counters ns1 "$pubhub" "data_dropped_source=0" "the other peer"

step "malformed inner packets: IPv4 headers that claim more than they hold"
# ns2's device takes them as IPv4 and encrypts them; ns1 decrypts them and
# finds them malformed, counted against ns2.
ip netns exec ns2 /test/bin/rawip wg0 10.9.0.2 10.9.0.1 100 3 || fail "rawip"
for _ in $(seq 30); do [[ $(peer ns1 "$pub2" data_dropped_malformed) == 3 ]] && break; sleep 0.1; done
expect_counters ns1 "$pub2" "data_dropped_malformed=3 data_dropped_source=2 data_dropped_no_keypair=0" "ns1's peer ns2 after three malformed packets"

step "roaming: ns2 moves to another port"
ip netns exec ns2 wg set wg0 listen-port 51823
ip netns exec ns2 ping -c 1 -W 5 10.9.0.1 >/dev/null || fail "ping after ns2 moved"
expect_counters ns1 "$pub2" "endpoint_changes=1" "ns1's peer ns2 after it moved"
expect_eq "$(ip netns exec ns1 wg show wg0 endpoints | grep "$pub2" | cut -f2)" "192.0.2.2:51823" "ns2's new endpoint"

step "nothing sent: no peer, no endpoint"
ip netns exec ns1 ping -c 2 -i 0.2 -W 1 10.9.0.77 >/dev/null 2>&1 || true
ip netns exec ns1 ping -c 3 -i 0.2 -W 1 10.9.0.5 >/dev/null 2>&1 || true
expect_counters ns1 dev "tx_dropped_no_peer=2 tx_dropped_no_endpoint=3 tx_dropped_staging_overflow=12" "ns1's device after packets it could not send"

if command -v ethtool >/dev/null; then
	step "ethtool -S says what the family says"
	expect_eq "$(ip netns exec ns1 ethtool -S wg0 | awk 'NR > 1 { sub(":", "", $1); print $1, $2 }')" \
		"$(stats ns1 | awk '$1 == "dev" { print $2, $3 }')" "ethtool -S wg0 against wireguard-stats"
else
	echo "counters: no ethtool in this guest, ethtool -S not compared"
fi

step "the hub: gave up after 20 unanswered initiations, dropping the 128 packets"
for _ in $(seq 160); do
	[[ $(peer ns1 "$pubhub" handshake_give_ups) == 1 ]] && break
	sleep 1
done
expect_counters ns1 "$pubhub" "handshake_initiations_sent=20 handshake_attempts_unanswered=20 handshake_give_ups=1 tx_dropped_no_handshake=128 handshakes_completed=0" "the hub after the retry limit ($(( $(date +%s) - hub_t0 )) s)"
failed_at=$(peer ns1 "$pubhub" last_failed_handshake)
(( failed_at >= hub_t0 + 90 && failed_at <= $(date +%s) )) ||
	fail "the hub's last failed handshake at $failed_at, not between $((hub_t0 + 90)) and now"
expect_counters ns1 "$publost" "handshake_initiations_sent=0 handshake_attempts_unanswered=0" "the peer without endpoint never tried"

ip -all netns delete
pass
