#!/bin/bash
# Scale (issue 8, item 5): 10,000 peers and 100,000 allowed IPs (IPv4 and
# IPv6, /8 to /128, nested; a third of the peers with a preshared key, half
# with an endpoint, a quarter with a persistent keepalive; 20 "site" peers
# with about a thousand allowed IPs each) configured with the stock
# `wg setconf`, read back with `wg showconf` and compared, then removed;
# the slab memory a peer and an allowed IP cost (slab in use before, with
# the whole configuration, and after `wg syncconf` stripped the allowed
# IPs); then add/remove cycles of a smaller configuration (1,000 peers and
# 10,000 allowed IPs, so ten cycles fit the time of one large one: as many
# peer and allowed-IP lifetimes as the large configuration has) that must
# bring slab and per-CPU memory back to where they were (no leak), and the
# module must unload. The device stays down: nothing is sent to the
# endpoints. Times are printed, never asserted (a shared emulated machine).
# Env: SCALE_PEERS (10000; 2500 on arm64), SCALE_IPS (100000; 25000),
#      SCALE_CYCLES (10), SCALE_CYCLE_PEERS (1000; 250),
#      SCALE_CYCLE_IPS (10000; 2500),
#      SCALE_SEED (random, printed), SCALE_LEAK_KIB (tolerance, 256).
. /test/lib-guest.sh

W=/test/bin/wgscale
# An emulated arm64 guest is several times slower than an x86_64 one:
# a quarter of the size there, unless asked otherwise.
div=1
[[ $WG_ARCH == x86_64 ]] || div=4
peers=${SCALE_PEERS:-$((10000 / div))}
ips=${SCALE_IPS:-$((100000 / div))}
cycles=${SCALE_CYCLES:-10}
cpeers=${SCALE_CYCLE_PEERS:-$((1000 / div))}
cips=${SCALE_CYCLE_IPS:-$((10000 / div))}
seed=${SCALE_SEED:-$(( (RANDOM << 15) | RANDOM ))}
tolerance=$(( ${SCALE_LEAK_KIB:-256} * 1024 ))
echo "scale: $peers peers, $ips allowed IPs; $cycles cycles of $cpeers peers, $cips allowed IPs; seed $seed ($WG_MODULE module)"

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

# Slab in use, after giving back what can be given back: reclaimable
# caches dropped, RCU callbacks (peers and trie nodes are freed after a
# grace period) given time to run, every cache's empty slabs released.
# Prints SUnreclaim bytes; leaves the per-cache figures in $1.
slab_now() {
	local prev=-1 cur i
	for i in 1 2 3 4 5 6; do
		sleep 0.5
		echo 3 > /proc/sys/vm/drop_caches
		for s in /sys/kernel/slab/*/shrink; do echo 1 > "$s"; done 2>/dev/null
		cur=$(awk '/^SUnreclaim:/{print $2 * 1024}' /proc/meminfo)
		# settled: two readings within 64 KiB
		(( prev >= 0 && (cur - prev < 65536 && prev - cur < 65536) )) && break
		prev=$cur
	done
	$W slab > "$1"
	echo "$cur"
}
percpu() { awk '/^Percpu:/{print $2 * 1024}' /proc/meminfo; }
# The caches that grew most from snapshot $1 to $2.
slab_growth() {
	awk 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (d > 65536 || d < -65536) printf "  %s %d KiB\n", $1, d / 1024 }' "$1" "$2" |
		sort -k2,2nr | head -n 8
}
active_total() { awk '{ s += $2 } END { print s }' "$1"; }

step "generate the configuration"
t0=$(now)
$W gen "$seed" "$peers" "$ips" > /tmp/full.conf || fail "wgscale gen"
$W gen "$seed" "$peers" "$ips" noips > /tmp/noips.conf || fail "wgscale gen noips"
sed -n '1,/^$/p' /tmp/full.conf > /tmp/empty.conf
$W gen "$((seed + 1))" "$cpeers" "$cips" > /tmp/cycle.conf || fail "wgscale gen (cycles)"
sed -n '1,/^$/p' /tmp/cycle.conf > /tmp/cycle-empty.conf
echo "generated in $(since "$t0")s: $(grep -c '^\[Peer\]' /tmp/full.conf) peers, $(wc -c < /tmp/full.conf) bytes"
$W norm < /tmp/full.conf > /tmp/want.ordered || fail "wgscale norm (input)"
$W norm sorted < /tmp/full.conf > /tmp/want.sorted || fail "wgscale norm sorted (input)"
expect_eq "$(($(wc -l < /tmp/want.sorted) - 1))" "$peers" "peers in the generated configuration"
n=$(awk '/ ips=/ { sub(/.* ips=/, ""); if ($0 != "") n += split($0, x, ",") } END { print n }' /tmp/want.sorted)
expect_eq "$n" "$ips" "allowed IPs in the generated configuration"

modprobe wireguard
ip link add wg0 type wireguard || fail "ip link add"
dmesg_base=$(dmesg | wc -l)
base=$(slab_now /tmp/slab.base)
echo "baseline: SUnreclaim $((base / 1024)) KiB, slab objects $(( $(active_total /tmp/slab.base) / 1024 )) KiB"

step "the whole configuration: $peers peers, $ips allowed IPs"
t0=$(now)
wg setconf wg0 /tmp/full.conf || fail "wg setconf (full)"
echo "setconf $peers peers + $ips allowed IPs: $(since "$t0")s"
expect_eq "$(wg show wg0 peers | wc -l)" "$peers" "peers configured"
s2=$(slab_now /tmp/slab.full)
echo "slab for the whole configuration: $(( (s2 - base) / 1024 )) KiB (SUnreclaim), $(( ($(active_total /tmp/slab.full) - $(active_total /tmp/slab.base)) / 1024 )) KiB (active objects)"
slab_growth /tmp/slab.base /tmp/slab.full

step "read it back with wg showconf"
t0=$(now)
wg showconf wg0 > /tmp/got.conf || fail "wg showconf"
echo "showconf: $(since "$t0")s, $(wc -c < /tmp/got.conf) bytes"
$W norm < /tmp/got.conf > /tmp/got.ordered || fail "wgscale norm (showconf)"
$W norm sorted < /tmp/got.conf > /tmp/got.sorted || fail "wgscale norm sorted (showconf)"
if ! cmp -s /tmp/want.sorted /tmp/got.sorted; then
	diff /tmp/want.sorted /tmp/got.sorted | head -n 6 | cut -c1-300
	fail "showconf does not read back what setconf configured (sorted comparison)"
fi
echo "read back identical (peers and allowed IPs sorted)"
if cmp -s /tmp/want.ordered /tmp/got.ordered; then
	echo "dump order: peers and allowed IPs in the order configured"
else
	awk '{print $1}' /tmp/want.ordered > /tmp/want.keys
	awk '{print $1}' /tmp/got.ordered > /tmp/got.keys
	if cmp -s /tmp/want.keys /tmp/got.keys; then
		echo "dump order: peers in the order configured, allowed IPs of a peer in another order"
	else
		echo "dump order: peers in another order than configured"
	fi
fi

if [[ $WG_MODULE == ours ]]; then
	step "the fleet counters of all $peers peers, dumped over many messages"
	t0=$(now)
	/test/bin/wgstats wg0 > /tmp/stats || fail "wgstats (the wireguard-stats dump)"
	echo "wireguard-stats dump: $(since "$t0")s, $(wc -l < /tmp/stats) lines"
	# each peer once, with every counter (17) and its last failure (18
	# lines), all zero: the device is down, nothing was sent
	expect_eq "$(awk '$1 == "peer" { print $2 }' /tmp/stats | sort -u | wc -l)" "$peers" "peers in the counters dump"
	expect_eq "$(grep -c '^peer ' /tmp/stats)" "$((peers * 18))" "peer counter lines"
	expect_eq "$(awk '$1 == "peer" && $4 != 0' /tmp/stats | wc -l)" "0" "peer counters not zero"
	expect_eq "$(awk '$1 == "peer" { print $2 }' /tmp/stats | sort -u)" \
		"$(wg show wg0 peers | sort)" "the dump's peers are the configured ones"
fi

step "strip the allowed IPs (wg syncconf to the same peers without them)"
t0=$(now)
wg syncconf wg0 /tmp/noips.conf || fail "wg syncconf (no allowed IPs)"
echo "syncconf removing $ips allowed IPs: $(since "$t0")s"
expect_eq "$(wg show wg0 peers | wc -l)" "$peers" "peers kept"
expect_eq "$(wg show wg0 allowed-ips | grep -vc '(none)$' || true)" "0" "peers with allowed IPs left"
s1=$(slab_now /tmp/slab.peers)
echo "slab per peer: $(( (s1 - base) / peers )) bytes (SUnreclaim), $(( ($(active_total /tmp/slab.peers) - $(active_total /tmp/slab.base)) / peers )) bytes (active objects)"
echo "slab per allowed IP: $(( (s2 - s1) / ips )) bytes (SUnreclaim), $(( ($(active_total /tmp/slab.full) - $(active_total /tmp/slab.peers)) / ips )) bytes (active objects)"

step "remove every peer (setconf with no peers)"
t0=$(now)
wg setconf wg0 /tmp/empty.conf || fail "wg setconf (no peers)"
echo "setconf removing $peers peers: $(since "$t0")s"
expect_eq "$(wg show wg0 peers | wc -l)" "0" "peers left"
r0=$(slab_now /tmp/slab.r0)
echo "after removal: SUnreclaim $(( (r0 - base) / 1024 )) KiB above the baseline"

step "$cycles add/remove cycles ($cpeers peers, $cips allowed IPs)"
wg setconf wg0 /tmp/cycle-empty.conf || fail "wg setconf (the cycles' interface)"
r0=$(slab_now /tmp/slab.r0)
p0=$(percpu)
for c in $(seq "$cycles"); do
	t0=$(now)
	wg setconf wg0 /tmp/cycle.conf || fail "cycle $c: wg setconf"
	ta=$(since "$t0")
	[[ $(wg show wg0 peers | wc -l) == "$cpeers" ]] || fail "cycle $c: peer count"
	t0=$(now)
	wg setconf wg0 /tmp/cycle-empty.conf || fail "cycle $c: wg setconf (no peers)"
	tr=$(since "$t0")
	[[ $(wg show wg0 peers | wc -l) == 0 ]] || fail "cycle $c: peers left"
	echo "cycle $c: add ${ta}s, remove ${tr}s"
done
r1=$(slab_now /tmp/slab.r1)
p1=$(percpu)
echo "after $cycles cycles: SUnreclaim $(( (r1 - r0) / 1024 )) KiB, Percpu $(( (p1 - p0) / 1024 )) KiB, slab objects $(( ($(active_total /tmp/slab.r1) - $(active_total /tmp/slab.r0)) / 1024 )) KiB above the level before them"
slab_growth /tmp/slab.r0 /tmp/slab.r1
# Leaking one 32-byte object per peer would be 320 KiB here, one per
# allowed IP 3 MiB.
(( r1 - r0 + p1 - p0 < tolerance )) ||
	fail "slab and per-CPU memory grew by $(( (r1 - r0 + p1 - p0) / 1024 )) KiB over $cycles cycles (tolerance $((tolerance / 1024)) KiB): a leak"

step "delete the device and unload the module"
ip link del wg0 || fail "ip link del"
modprobe -r wireguard || fail "modprobe -r wireguard"
[[ ! -d /sys/module/wireguard ]] || fail "the module is still loaded"
expect_quiet_dmesg "$dmesg_base" 'BUG|WARN|Oops|KASAN|UBSAN|refcount|leak|call trace|stall' "during the suite"
pass
