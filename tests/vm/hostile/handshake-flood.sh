#!/bin/bash
# Handshake flood (issue 8, item 4). ns3 floods ns1's port with initiations
# that carry a valid mac1 and random content, from 1024 source addresses
# (an AnyIP route makes 10.200.0.0/16 local in ns3, and udpfuzz picks the
# source of each datagram with IP_PKTINFO). Meanwhile a legitimate peer in
# ns2 must still complete its handshake through the cookie mechanism (a
# cookie reply, then an initiation with mac2) and pass traffic. Two
# rounds: a flooder that ignores its cookie replies, and one that opens
# them and puts a valid mac2 on its next initiations, from 4 sources (so it
# reaches the per-source rate limiter, 20/s each, and the DH).
# The mac2 flood is kept to a few sources on purpose: every source holding
# a valid cookie may cost the device 20 DH a second, and on an emulated
# arm64 guest (some 120 DH/s on one worker) 1024 such sources keep the
# handshake queue full and seconds deep, so a legitimate initiation is
# either dropped or answered after its sender gave up on it: the peer is
# locked out, with our module (measured; FLOOD_MAC2_SOURCES=1024 shows it).
# The fleet counters (ours): every handshake message that reached ns1 in
# a round was answered with a response or counted exactly once, as a
# cookie reply, over the rate limit, a full queue, or from no peer (the
# flood's random content); time under load grows, no more than the round.
# Reported, not asserted (the machine is noisy): the legitimate peer's time
# to connect (ping start to first reply) with and without flood, and the
# handshake messages the device processed per second under flood, measured
# as the cookie replies the flooder received per second (under load every
# initiation with a valid mac1 and no valid mac2 is answered by one).
# Env: FLOOD_SECS (the least a round floods, default 10), FLOOD_SOURCES
# (1024, split between two flooders), FLOOD_MAC2_SOURCES (4).
. /test/lib-guest.sh

F=/test/bin/udpfuzz
secs=${FLOOD_SECS:-10}
nsrc=${FLOOD_SOURCES:-1024}
nsrc2=${FLOOD_MAC2_SOURCES:-4}
seed=${FLOOD_SEED:-$(( (RANDOM << 15) | RANDOM ))}
sysctl -qw net.core.netdev_max_backlog=100000

three_ns_underlay
ip -n ns3 route add local 10.200.0.0/16 dev lo
ip -n ns1 route add 10.200.0.0/16 via 198.51.100.3

umask 077
wg genkey > /tmp/k1
wg genkey > /tmp/k2
pub1=$(wg pubkey < /tmp/k1)
pub2=$(wg pubkey < /tmp/k2)
ip -n ns1 link add wg0 type wireguard
ip -n ns2 link add wg0 type wireguard
ip netns exec ns1 wg set wg0 private-key /tmp/k1 listen-port 51820 \
	peer "$pub2" allowed-ips 10.9.0.2/32
ip netns exec ns2 wg set wg0 private-key /tmp/k2 listen-port 51822
ip -n ns1 addr add 10.9.0.1/24 dev wg0
ip -n ns2 addr add 10.9.0.2/24 dev wg0
ip -n ns1 link set wg0 up
ip -n ns2 link set wg0 up
dmesg_base=$(dmesg | wc -l)

drops() { echo $(ip netns exec ns1 cat /sys/class/net/wg0/statistics/rx_errors /sys/class/net/wg0/statistics/rx_dropped); }
# With our module, a kprobe counts the initiations that reached the DH
# (wg_noise_handshake_consume_initiation), best effort: reported only.
kp=/sys/kernel/tracing
if [[ $WG_MODULE == ours ]] && { [[ -e $kp/kprobe_events ]] || mount -t tracefs nodev $kp 2>/dev/null; } &&
	echo 'p:wgflood/consume_init wg_noise_handshake_consume_initiation' >>$kp/kprobe_events 2>/dev/null &&
	echo 1 >$kp/events/wgflood/enable 2>/dev/null; then
	dh_count() { awk '/consume_init/{print $2; exit}' $kp/kprobe_profile; }
	trap '{ echo 0 >$kp/events/wgflood/enable; echo "-:wgflood/consume_init" >>$kp/kprobe_events; } 2>/dev/null || true' EXIT
	echo "kprobe on wg_noise_handshake_consume_initiation: $(grep consume_init $kp/kprobe_profile)"
else
	dh_count() { echo 0; }
fi
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

# A fresh peer on ns2's side (no session, no cookie), then the time from
# the start of a ping to its first reply; the capture on ns2's veth counts
# the initiations ns2 sent and the cookie replies it got.
connect() {
	local what=$1 t0
	ip netns exec ns2 wg set wg0 peer "$pub1" remove
	ip netns exec ns2 wg set wg0 peer "$pub1" endpoint 192.0.2.1:51820 allowed-ips 10.9.0.1/32
	rm -f /tmp/cap /tmp/cap.ready
	ip netns exec ns2 $F capture veth2 51820 "${CAPSECS:-45}" /tmp/cap >/tmp/cap.out &
	cap_pid=$!
	for _ in $(seq 50); do [[ -e /tmp/cap.ready ]] && break; sleep 0.1; done
	t0=$(now)
	ip netns exec ns2 ping -c 1 -i 0.5 -w 40 10.9.0.1 >/tmp/ping.out ||
		{ cat /tmp/ping.out; fail "$what: the legitimate peer got no reply in 40 s"; }
	connect_time=$(since "$t0")
	kill "$cap_pid" 2>/dev/null || true
	wait "$cap_pid" 2>/dev/null || true
	inits=$(sed -n 's/.*to port 51820: init \([0-9]*\).*/\1/p' /tmp/cap.out)
	cookies=$(sed -n 's/.*from it: init [0-9]* resp [0-9]* cookie \([0-9]*\).*/\1/p' /tmp/cap.out)
	[[ -n $inits && -n $cookies ]] || { cat /tmp/cap.out; fail "$what: no capture summary"; }
	# for the fate of every handshake message (below): what ns2 sent
	# ns1 (initiations, responses) and how many ns1 answered (responses)
	legit_in=$((legit_in + inits + $(sed -n 's/.*to port 51820: init [0-9]* resp \([0-9]*\).*/\1/p' /tmp/cap.out)))
	legit_ok=$((legit_ok + $(sed -n 's/.*from it: init [0-9]* resp \([0-9]*\).*/\1/p' /tmp/cap.out)))
	echo "$what: time to connect ${connect_time}s (legitimate initiations sent: $inits, cookie replies received: $cookies)"
}

legit_in=0 legit_ok=0
step "no flood: the legitimate peer connects"
connect "no flood"
[[ $cookies == 0 ]] || fail "no flood: the device sent cookie replies without being under load ($cookies)"
t_noflood=$connect_time

# Two flooders (one per vCPU of the guest), each with half the sources:
# on a slow emulated CPU one alone may not outrun the device's DH.
procs=2
flood_sum() { # the sum of a FLOOD field over the flooders
	cat /tmp/flood.[0-9].out | sed -n "s/^FLOOD.* $1=\([0-9]*\).*/\1/p" | awk '{s+=$1} END{print s+0}'
}
# fleet: ns1's cookie_replies_sent and under_load_ms (ours only)
fleet() {
	[[ $WG_MODULE == ours ]] || { echo "0 0"; return; }
	ip netns exec ns1 /test/bin/wgstats wg0 |
		awk '$2 == "cookie_replies_sent" { c = $3 } $2 == "under_load_ms" { u = $3 } END { print c + 0, u + 0 }'
}
# fate: the sum of the counters of which each handshake message ns1 did
# not answer with a response adds to exactly one (ours only)
fate_counters="cookie_replies_sent rx_dropped_rate_limited rx_dropped_queue_full rx_dropped_unknown_peer"
fate() {
	[[ $WG_MODULE == ours ]] || { echo 0; return; }
	ip netns exec ns1 /test/bin/wgstats wg0 |
		awk -v names=" $fate_counters " '$1 == "dev" && index(names, " " $2 " ") { s += $3 } END { print s + 0 }'
}
# fate_settled SECONDS: the fate sum once it stood still for a second
# (the handshake queue drained), waiting at most SECONDS
fate_settled() {
	local prev=-1 now i
	now=$(fate)
	for ((i = 0; i < $1 && now != prev; i++)); do
		sleep 1
		prev=$now now=$(fate)
	done
	echo "$now"
}
dev_counter() {
	[[ $WG_MODULE == ours ]] || { echo 0; return; }
	ip netns exec ns1 /test/bin/wgstats wg0 | awk -v k="$1" '$1 == "dev" && $2 == k { print $3 }'
}
# datagrams to ns1 lost on the way (veth drops, counted on both ends)
lost() {
	echo $(( $(ip netns exec ns3 cat /sys/class/net/veth3/statistics/tx_dropped) +
		 $(ip netns exec ns1 cat /sys/class/net/veth1b/statistics/rx_dropped) ))
}
round=0
for mode in mac1 mac2; do
	round=$((round + 1))
	flags=() n=$nsrc
	[[ $mode == mac2 ]] && flags=(-m) n=$nsrc2
	half=$((n / procs))
	step "flood ($mode, $n sources, at least ${secs}s) while the legitimate peer connects"
	read -r e0 d0 <<<"$(drops)"
	k0=$(dh_count)
	read -r cr0 ul0 <<<"$(fleet)"
	fate0=$(fate) lost0=$(lost) legit_in=0 legit_ok=0 rl0=$(dev_counter rx_dropped_rate_limited)
	t_flood=$(now)
	pids=()
	rm -f /tmp/flood.[0-9].out
	start_flooder() { # N: the Nth flooder, on the sources of flooder N % procs
		ip netns exec ns3 $F flood -t 198.51.100.1:51820 -k "$pub1" -b 10.200.$(($1 % procs * 128)).0 \
			-N "$half" -d 300 -s $((seed + round * 10 + $1)) "${flags[@]}" >"/tmp/flood.$1.out" 2>&1 &
		pids+=($!)
	}
	for p in $(seq 0 $((procs - 1))); do start_flooder "$p"; done
	# Wait for the device to be under load: the flooders get cookie
	# replies only then. A device whose handshake workers keep up with
	# the flood is not under load (the debug kernel's flooders, slowed by
	# KASAN, may be no faster than its workers): then two more flooders
	# join every 20 s, up to 8, taking CPU time from the workers as an
	# attacker with more machines would.
	for i in $(seq 120); do
		grep -q 'cookie-replies/s=[1-9]' /tmp/flood.[0-9].out && break
		if (( i % 40 == 0 && ${#pids[@]} < 8 )); then
			echo "flood $mode: not under load after $((i / 2)) s with ${#pids[@]} flooders: two more"
			start_flooder ${#pids[@]}
			start_flooder ${#pids[@]}
		fi
		sleep 0.5
	done
	grep -q 'cookie-replies/s=[1-9]' /tmp/flood.[0-9].out ||
		{ cat /tmp/flood.[0-9].out; fail "flood $mode: no cookie replies in 60 s from ${#pids[@]} flooders: the flood never put the device under load"; }
	# The device may drop out of load for a moment (the flood's rate
	# varies on a noisy machine): a peer that got in without a cookie
	# then proves nothing, so it tries again, up to 3 times.
	for try in 1 2 3; do
		connect "flood $mode (try $try)"
		[[ $cookies -ge 1 ]] && break
	done
	[[ $cookies -ge 1 ]] || { grep -h 'flood t=' /tmp/flood.[0-9].out | tr '\n' ' ';
		fail "flood $mode: the legitimate peer never went through a cookie round in 3 tries (was the device under load?)"; }
	declare "t_$mode=$connect_time" "c_$mode=$cookies" "i_$mode=$inits"
	ip netns exec ns2 ping -c 2 -i 0.3 -W 5 10.9.0.1 >/dev/null || fail "flood $mode: traffic after the handshake"
	# At least $secs of flood, for the rates.
	left=$(awk -v a="$t_flood" -v b="$(now)" -v s="$secs" 'BEGIN{l=s-(b-a); print (l>0)?l:0}')
	sleep "$left"
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { cat /tmp/flood.[0-9].out; fail "a flooder died"; }; done
	kill -TERM "${pids[@]}"
	for p in "${pids[@]}"; do wait "$p" || { cat /tmp/flood.[0-9].out; fail "udpfuzz flood"; }; done
	read -r e1 d1 <<<"$(drops)"
	k1=$(dh_count)
	fsecs=$(since "$t_flood")
	grep -E '^flood t=' /tmp/flood.0.out | sed 's/flood //' | tr '\n' ' ' | sed 's/^/flooder 0 per second: /;s/ $/\n/'
	sent=$(flood_sum sent) replies=$(flood_sum cookie_replies)
	res="${#pids[@]} flooders, ${fsecs}s: sent $sent ($(awk -v n="$sent" -v t="$fsecs" 'BEGIN{printf "%.0f", n/t}')/s),"
	res+=" cookie replies $replies ($(awk -v n="$replies" -v t="$fsecs" 'BEGIN{printf "%.0f", n/t}')/s),"
	res+=" cookies opened $(flood_sum cookies_opened), sent with mac2 $(flood_sum sent_with_mac2);"
	res+=" device rx_errors +$((e1 - e0)) rx_dropped +$((d1 - d0))"
	[[ $WG_MODULE == ours ]] &&
		res+=", initiations that reached the DH $((k1 - k0)) ($(awk -v n="$((k1 - k0))" -v t="$fsecs" 'BEGIN{printf "%.0f", n/t}')/s)"
	echo "$res"
	[[ $replies -gt 0 ]] || fail "flood $mode: no cookie replies: the flood never put the device under load"
	if [[ $WG_MODULE == ours ]]; then
		# The fleet counters: every cookie reply the flooders and the
		# peer got was counted (the flooders' sockets may lose some, so
		# at least), and time under load was.
		read -r cr1 ul1 <<<"$(fleet)"
		echo "fleet counters: cookie_replies_sent +$((cr1 - cr0)), under_load_ms +$((ul1 - ul0))"
		(( cr1 - cr0 >= replies + c_$mode )) ||
			fail "flood $mode: cookie_replies_sent grew by $((cr1 - cr0)), the flooders and the peer got $((replies + c_$mode))"
		(( ul1 - ul0 > 0 )) || fail "flood $mode: under load, but under_load_ms did not grow"
		# no longer than the round, and the second the state outlives it
		(( ul1 - ul0 <= $(awk -v a="$t_flood" -v b="$(now)" 'BEGIN{printf "%.0f", (b - a + 1) * 1000}') )) ||
			fail "flood $mode: under_load_ms grew by $((ul1 - ul0)), more than the round lasted"
		# Every handshake message that reached ns1 this round, the
		# flooders' and the peer's, was answered with a response or
		# counted once: by a cookie reply, the rate limit, a full queue
		# or as from no peer of ours (the flood's random content, at the
		# DH). The queue may still hold some: wait until the sum stands.
		fate1=$(fate_settled 60)
		lost1=$(lost)
		echo "fate of the round's handshake messages: $(ip netns exec ns1 /test/bin/wgstats wg0 |
			awk -v names=" $fate_counters " '$1 == "dev" && index(names, " " $2 " ") { printf "%s=%s ", $2, $3 }')(totals); lost on the veth $((lost1 - lost0)); the peer sent $legit_in, answered $legit_ok"
		# 4 sources with a cookie each, far over 20 a second: the
		# limiter must have refused some
		[[ $mode == mac1 ]] || (( $(dev_counter rx_dropped_rate_limited) > rl0 )) ||
			fail "flood mac2: $nsrc2 sources over their rate, and rx_dropped_rate_limited did not grow"
		expect_eq "$((fate1 - fate0))" "$((sent - (lost1 - lost0) + legit_in - legit_ok))" \
			"flood $mode: handshake messages counted by their fate (flood $sent - lost $((lost1 - lost0)) + the peer's $legit_in - answered $legit_ok)"
	fi
	declare "r_$mode=$res"
done

if [[ $WG_MODULE == ours ]]; then
	step "a flood that fills the handshake queue: $nsrc sources, each holding a cookie"
	# Each source that holds a cookie may put 20 initiations a second
	# (5 at once) past the cookie check and into the queue, which the DH
	# empties at some 100 a second here: the queue fills and what comes
	# then is counted as rx_dropped_queue_full. No peer connects (it
	# would be locked out, see above); every message is still counted
	# once, as in the rounds above.
	fate0=$(fate) lost0=$(lost) qf0=$(dev_counter rx_dropped_queue_full)
	pids=()
	rm -f /tmp/flood.[0-9].out
	for p in $(seq 0 $((procs - 1))); do
		ip netns exec ns3 $F flood -t 198.51.100.1:51820 -k "$pub1" -b 10.200.$((p * 128)).0 \
			-N $((nsrc / procs)) -d "${FLOOD_FILL_SECS:-8}" -s $((seed + 100 + p)) -m >"/tmp/flood.$p.out" 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || { cat /tmp/flood.[0-9].out; fail "udpfuzz flood (queue)"; }; done
	sent=$(flood_sum sent)
	fate1=$(fate_settled 90)
	lost1=$(lost) qf1=$(dev_counter rx_dropped_queue_full)
	echo "queue flood: sent $sent, with mac2 $(flood_sum sent_with_mac2), cookies opened $(flood_sum cookies_opened); rx_dropped_queue_full +$((qf1 - qf0)); lost on the veth $((lost1 - lost0))"
	(( qf1 > qf0 )) || fail "queue flood: $nsrc sources with cookies, and rx_dropped_queue_full did not grow"
	expect_eq "$((fate1 - fate0))" "$((sent - (lost1 - lost0)))" "queue flood: handshake messages counted by their fate"
fi

step "after the flood: traffic both ways"
ip netns exec ns1 ping -c 2 -i 0.3 -W 5 10.9.0.2 >/dev/null || fail "ping ns1 -> ns2 after the flood"
ip netns exec ns2 ping -c 2 -i 0.3 -W 5 -s 1200 10.9.0.1 >/dev/null || fail "ping ns2 -> ns1 after the flood"

echo "handshake-flood summary ($WG_MODULE, $WG_ARCH $KREL): time to connect: no flood ${t_noflood}s;" \
	"mac1 flood ${t_mac1}s (initiations $i_mac1, cookie replies $c_mac1);" \
	"mac2 flood ${t_mac2}s (initiations $i_mac2, cookie replies $c_mac2)"
echo "  mac1 flood: $r_mac1"
echo "  mac2 flood: $r_mac2"

step "the kernel logged nothing"
expect_quiet_dmesg "$dmesg_base" 'BUG|WARN|Oops|KASAN|UBSAN|refcount|leak|wireguard|wg0|call trace' "during the flood"

ip -all netns delete
pass
