#!/bin/bash
# Timers as a user sees them, in whole seconds: latest-handshake right
# after a handshake and later; the passive keepalive of a peer that got
# data and had nothing to send (10 s); persistent keepalives (one at once
# when set, then one per interval); the new handshake after data that got
# no answer (15 s) and its retry (5 s later). Times come from polling the
# transfer counters, so each is printed as the whole-second range the
# protocol allows ("10-11"), or the measured value when outside it: the
# guest is emulated and shared, and a poll can be late by a second or
# more, never early: so each event is known to lie between the last poll
# that did not see it and the first that did, and a time is in its range
# when that interval meets the range.
. /test/lib-oracle.sh
pair

now() { date +%s.%N; }
# field NS N: the Nth field of the first peer's `wg show wg0 dump` line
field() { ip netns exec "$1" wg show wg0 dump | awk -v n="$2" 'NR == 2 { print $n }'; }
rx() { field "$1" 6; }
tx() { field "$1" 7; }
# in_range "EARLIEST LATEST" LO HI: "LO-HI" when the interval meets
# [LO, HI+1), else the interval
in_range() {
	awk -v iv="$1" -v lo="$2" -v hi="$3" 'BEGIN {
		n = split(iv, t, " "); if (n == 1) t[2] = t[1]
		if (t[2] >= lo && t[1] < hi + 1) print lo "-" hi
		else printf "%.2f..%.2f\n", t[1], t[2] }'
}
# wait_growth NS rx|tx BASE BYTES LIMIT: "EARLIEST LATEST", seconds from
# the caller's $t0 between which NS's counter reached BASE+BYTES (the
# last poll that had not seen it, the first that had), polling every
# 0.1 s; "none" after LIMIT seconds
wait_growth() {
	local ns=$1 which=$2 base=$3 bytes=$4 limit=$5 v t prev=0
	while :; do
		v=$($which "$ns")
		t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
		if (( v >= base + bytes )); then
			echo "$prev $t"
			return
		fi
		awk -v t="$t" -v l="$limit" 'BEGIN { exit !(t > l) }' && { echo none; return; }
		prev=$t
		sleep 0.1
	done
}
# interval_between "A0 A1" "B0 B1": the bounds of B - A
interval_between() {
	awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); print y[1] - x[2], y[2] - x[1] }'
}
# send_one: one 30-byte IPv4 packet (UDP, 2 bytes) a -> b's port 51822;
# as a data message, 16 + 32 (padded) + 16 = 64 bytes
send_one() { ip netns exec a bash -c 'echo x > /dev/udp/10.9.0.2/51822'; }
# hs_within NS: whether NS's latest-handshake lies in the ping's window
hs_within() {
	local h
	h=$(field "$1" 5)
	(( h >= ping_start && h <= ping_end )) && echo "within the handshake's ping" ||
		echo "$h outside $ping_start..$ping_end"
}

o before.a.latest "$(field a 5)"
ping_start=$(date +%s)
ip netns exec a ping -c 1 -W 5 10.9.0.2 >/dev/null; o ping.rc $?
ping_end=$(date +%s)
o fresh.a.latest "$(hs_within a)"
o fresh.b.latest "$(hs_within b)"
hs_a=$(field a 5)

# One datagram a -> b that b does not answer: b got data, sent nothing,
# so b sends a keepalive 10 s later (and a's own keepalive, due after the
# ping's reply, is cancelled by this send). It goes to b's own WireGuard
# port, where a socket takes it (and drops it as no WireGuard message)
# without the port unreachable an unused port would send back; no filter
# needed, which the arm64 guests could not set.
base=$(rx a)
t0=$(now)
send_one
t=$(wait_growth a rx "$base" 32 14)
o passive.keepalive "$(in_range "$t" 10 11)"
o passive.a.rx_growth "$(( $(rx a) - base ))"

# Persistent keepalive of 2 s: one at once, then one every 2 s. About
# 7 s: the count must be 1 + one per 2 s of the window, whose length is
# known between the end of the set and the start of the read (shortest)
# and the start of the set and the end of the read (longest).
base=$(rx b)
w0=$(now)
ip netns exec a wg set wg0 peer "$PUB_B" persistent-keepalive 2
w1=$(now)
sleep 7
w2=$(now)
n=$(( ($(rx b) - base) / 32 ))
w3=$(now)
ip netns exec a wg set wg0 peer "$PUB_B" persistent-keepalive 0
o persistent.b.keepalives "$(awk -v n="$n" -v a="$w0" -v b="$w1" -v c="$w2" -v d="$w3" 'BEGIN {
	lo = 1 + int((c - b) / 2.4); hi = 1 + int((d - a) / 2)
	if (n >= lo && n <= hi) print "one at once and one per 2 s"
	else printf "%d in %.2f..%.2f s\n", n, c - b, d - a }')"

# b goes down: a's next datagram gets no answer, so a initiates a new
# handshake 15 s later (+ up to a third of a second of jitter), then again
# 5 s after that, as nothing answers.
ip -n b link set wg0 down
base=$(tx a)
t0=$(now)
send_one
t1=$(wait_growth a tx "$base" $((64 + 148)) 19)
o unanswered.first_initiation "$(in_range "$t1" 15 16)"
t2=$(wait_growth a tx "$base" $((64 + 148 * 2)) 25)
o unanswered.retry_after "$(in_range "$(interval_between "$t1" "$t2")" 5 6)"
# No handshake completed since the first: latest-handshake did not move.
o unanswered.a.latest_unchanged "$([[ $(field a 5) == "$hs_a" ]] && echo yes || echo "no: $hs_a -> $(field a 5)")"
# latest-handshake is still the time of that handshake by the guest's clock
o unanswered.a.latest "$(hs_within a)"
exit 0
