#!/bin/bash
# Hostile generic netlink input (issue 8, item 3), with /test/bin/nlfuzz
# (tests/hostile/netlink/nlfuzz.c):
#  - probes: every named perturbation alone on a known state, one line each
#    (the table to compare ours with the in-tree module line by line);
#  - thousands of random SET/GET requests as root, the device dumped after
#    every SET: a refused request must change nothing (the in-tree module
#    applies peers one by one, so there such changes are counted, not
#    failed); meanwhile a second process dumps the device again and again;
#  - the same as uid 65534, then as uid 65534 in a new user namespace:
#    everything refused with EPERM, the device unchanged (root checks);
#  - uid 65534 in new user and network namespaces fuzzing its own device
#    there (allowed: it holds CAP_NET_ADMIN over that namespace);
#  - a dump read a message at a time is flagged NLM_F_DUMP_INTR when an
#    allowed IP changes between two of its messages, and only then;
#  - afterwards a valid SET reads back exactly, wg setconf works, the module
#    unloads, and dmesg holds nothing but the netlink core's rate-limited
#    notes about malformed attributes (and our "could not open the socket"
#    line per port refused as in use, counted).
# About 60 s on an x86_64 guest, 100 s on arm64.
# NLFUZZ_SEED (default: the time) reproduces a run; NLFUZZ_COUNT (5000)
# sets the number of root requests.
. /test/lib-guest.sh
fz=/test/bin/nlfuzz
[[ -x $fz ]] || fail "no $fz"
seed=${NLFUZZ_SEED:-$(date +%s)}
count=${NLFUZZ_COUNT:-5000}
# The in-tree module is the reference: where it applies part of a refused
# request, that is counted and reported, not failed.
tol=()
[[ ${WG_MODULE:-ours} == intree ]] && tol=(-t)
echo "nlfuzz seed $seed ($WG_MODULE module)"

[[ -e /proc/sys/kernel/unprivileged_userns_clone ]] &&
	echo 1 > /proc/sys/kernel/unprivileged_userns_clone
dmesg_before=$(dmesg | wc -l)
modprobe wireguard
ip link add wg0 type wireguard
ip link add wg1 type wireguard
wg set wg1 listen-port 51999
ip link set wg1 up
ip link set wg0 up

t() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(t)" 'BEGIN{printf "%.1f", b-a}'; }

step "probes: each perturbation alone"
t0=$(t)
$fz -i wg0 -p -P 51999 "${tol[@]}" > /tmp/probes 2>/tmp/probes.err ||
	{ cat /tmp/probes /tmp/probes.err; fail "probes (see above)"; }
cat /tmp/probes
echo "probes took $(since "$t0")s"

step "random requests as root: $count (another process dumping all along)"
t0=$(t)
$fz -i wg0 -s "$seed" -n "$count" -P 51999 -C "${tol[@]}" > /tmp/root 2>/tmp/root.err ||
	{ cat /tmp/root; head -c 8000 /tmp/root.err; fail "random requests as root (seed $seed)"; }
cat /tmp/root
head -c 4000 /tmp/root.err
echo "root run took $(since "$t0")s"

step "uid 65534: everything refused, nothing changed"
t0=$(t)
$fz -i wg0 -s "$((seed + 1))" -n 1500 -c 50 -u 65534 > /tmp/uid 2>&1 ||
	{ head -c 8000 /tmp/uid; fail "uid 65534 (seed $((seed + 1)))"; }
cat /tmp/uid
expect_match "$(cat /tmp/uid)" "accepted=0 " "nothing accepted from uid 65534"
echo "uid run took $(since "$t0")s"

step "uid 65534 in a new user namespace: everything refused, nothing changed"
t0=$(t)
$fz -i wg0 -s "$((seed + 2))" -n 1500 -c 50 -u 65534 -U > /tmp/userns 2>&1 ||
	{ head -c 8000 /tmp/userns; fail "uid 65534 in a user namespace (seed $((seed + 2)))"; }
cat /tmp/userns
expect_match "$(cat /tmp/userns)" "accepted=0 " "nothing accepted from a user namespace"
echo "userns run took $(since "$t0")s"

step "uid 65534 in new user and network namespaces, its own device"
t0=$(t)
$fz -N -s "$((seed + 3))" -n 1500 -u 65534 "${tol[@]}" > /tmp/netns 2>/tmp/netns.err ||
	{ cat /tmp/netns; head -c 8000 /tmp/netns.err; fail "own device in user+net namespaces (seed $((seed + 3)))"; }
cat /tmp/netns
echo "netns run took $(since "$t0")s"

step "a dump that spans a change is flagged"
# 6,000 allowed IPs on one peer: a dump of several messages. Read a message
# at a time, it is unflagged with no change, and flagged NLM_F_DUMP_INTR
# when an allowed IP is added between two reads (what tells wg to ask
# again, rather than show a mix of two states).
ip link add wg2 type wireguard
ips=$(for i in $(seq 0 5999); do printf '10.%d.%d.1/32,' $((60 + i / 250)) $((i % 250)); done)
wg set wg2 private-key <(wg genkey) peer "$(wg genkey | wg pubkey)" allowed-ips "${ips%,}"
$fz -i wg2 -D > /tmp/across 2>&1 || { cat /tmp/across; fail "a dump across a change"; }
cat /tmp/across
ip link del wg2

step "the device still works"
pub=$(wg genkey | wg pubkey)
printf '[Interface]\nPrivateKey = %s\nListenPort = 51998\n[Peer]\nPublicKey = %s\nAllowedIPs = 10.77.0.0/16, fd77::/48\nEndpoint = 127.0.0.1:1\n' \
	"$(wg genkey)" "$pub" > /tmp/final.conf
wg setconf wg0 /tmp/final.conf
expect_eq "$(wg show wg0 listen-port)" 51998 "listen port after fuzzing"
expect_eq "$(wg show wg0 peers)" "$pub" "the one peer after fuzzing"
expect_eq "$(wg show wg0 allowed-ips | cut -f2 | tr ' ' '\n' | sort | tr '\n' ' ')" \
	"10.77.0.0/16 fd77::/48 " "allowed IPs after fuzzing"
expect_eq "$(wg show wg0 endpoints)" "$pub	127.0.0.1:1" "endpoint after fuzzing"
ip link del wg0
ip link del wg1
modprobe -r wireguard || fail "module did not unload after fuzzing"

step "dmesg"
# The netlink core notes malformed attributes (rate limited), and our
# module logs each listen port it could not bind (counted: a caller can
# repeat that at will); anything else is a finding.
dmesg | tail -n +"$((dmesg_before + 1))" > /tmp/dmesg
grep -vE "netlink: [0-9]+ bytes leftover after parsing attributes|netlink: '[^']*': attribute type [0-9]+ has an invalid length|callbacks suppressed|wireguard: |WireGuard .*loaded|hrtimer: interrupt took|: could not open the IPv[46] socket on port [0-9]+: -98$" \
	/tmp/dmesg > /tmp/dmesg.other || true
echo "dmesg: $(wc -l < /tmp/dmesg) new lines, $(grep -c 'netlink: ' /tmp/dmesg || true) from the netlink core," \
	"$(grep -c 'could not open the IPv' /tmp/dmesg || true) about a listen port in use"
if [[ -s /tmp/dmesg.other ]]; then
	cat /tmp/dmesg.other
	fail "unexpected kernel messages (above)"
fi
pass
