#!/bin/bash
# Byte-for-byte comparison of our wg with the stock wg (a black box we only
# run), both talking to the same fake userspace device (fake_uapi.py) over
# the cross-platform UAPI socket: every show format, showconf, and the exact
# set requests each tool sends for set/setconf/addconf, with stderr and exit
# codes, for good and bad input. Needs root (the socket lives in
# /var/run/wireguard) and /usr/bin/wg; skips itself without them.
# Usage: compare.sh PATH-TO-OUR-WG
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ours=$(readlink -f "$1")
stock=${STOCK_WG:-/usr/bin/wg}
if [[ ! -x $stock ]] || ! command -v python3 >/dev/null ||
   ! mkdir -p /var/run/wireguard 2>/dev/null || [[ ! -w /var/run/wireguard ]]; then
	echo "compare.sh: SKIP (needs root, python3 and the stock wg)"
	exit 0
fi
tmp=$(mktemp -d)
ifn=wgc$$
ifn2=wgd$$
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -f "/var/run/wireguard/$ifn.sock" "/var/run/wireguard/$ifn2.sock"
	rm -rf "$tmp"
}
trap cleanup EXIT
# Both tools are invoked as plain `wg`, so usage lines name the same program.
mkdir -p "$tmp/ours" "$tmp/stock"
ln -s "$ours" "$tmp/ours/wg"
ln -s "$stock" "$tmp/stock/wg"
cd "$tmp"
umask 077

key() { "$stock" genkey; }
pub() { echo "$1" | "$stock" pubkey; }
hex() { python3 -c 'import base64,sys;print(base64.b64decode(sys.argv[1]).hex())' "$1"; }
K1=$(key); K2=$(key); K3=$(key); PSK=$("$stock" genpsk)
P2=$(pub "$K2"); P3=$(pub "$K3")
cat > state <<EOS
private_key=$(hex "$K1")
listen_port=51820
fwmark=4660
public_key=$(hex "$P2")
preshared_key=$(hex "$PSK")
protocol_version=1
endpoint=192.0.2.1:51820
last_handshake_time_sec=@NOW-3725
last_handshake_time_nsec=0
tx_bytes=123456789
rx_bytes=2048
persistent_keepalive_interval=25
allowed_ip=10.0.0.0/24
allowed_ip=fd00::/64
public_key=$(hex "$P3")
preshared_key=0000000000000000000000000000000000000000000000000000000000000000
endpoint=[2001:db8::1]:443
last_handshake_time_sec=@NOW-31626061
tx_bytes=1023
rx_bytes=1125899906842624
persistent_keepalive_interval=65535
allowed_ip=192.168.0.0/16
EOS
# a second device: no keys, no port, peers out of handshake order
cat > state2 <<EOS
listen_port=0
public_key=$(hex "$(pub "$(key)")")
last_handshake_time_sec=0
public_key=$(hex "$(pub "$(key)")")
endpoint=1.1.1.1:1
last_handshake_time_sec=@NOW-0
rx_bytes=1048575
tx_bytes=5
persistent_keepalive_interval=60
public_key=$(hex "$(pub "$(key)")")
last_handshake_time_sec=@NOW--100
EOS
start() {
	python3 "$here/fake_uapi.py" "/var/run/wireguard/$1.sock" "$2" "$3" \
		>"$tmp/srv.$1" 2>&1 &
	pids+=($!)
	for _ in $(seq 50); do
		grep -q ready "$tmp/srv.$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "fake server did not start"; exit 1
}
start "$ifn" state log
start "$ifn2" state2 log2

pass=0 fail=0
run_one() { # dir args... -> stdout, stderr and rc in one blob
	local dir=$1; shift
	(cd "$tmp" && PATH="$tmp/$dir:$PATH" wg "$@" 2>&1; echo "rc=$?")
}
same() { # description, args...
	local a b
	for _ in 1 2; do	# relative times may straddle a second: retry once
		a=$(run_one stock "$@")
		b=$(run_one ours "$@")
		[[ $a == "$b" ]] && break
	done
	if [[ $a == "$b" ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "DIFF: wg $*"
		diff <(echo "$a") <(echo "$b") | head -20
	fi
}
# Same output AND the same request sent to the device.
same_set() {
	local a b la lb
	: > log; a=$(run_one stock "$@"); la=$(cat log)
	: > log; b=$(run_one ours "$@"); lb=$(cat log)
	if [[ $a == "$b" && $la == "$lb" ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "DIFF: wg $*"
		diff <(echo "$a"; echo "$la") <(echo "$b"; echo "$lb") | head -20
	fi
}

for dev in "$ifn" "$ifn2"; do
	same show "$dev"
	same showconf "$dev"
	for f in public-key private-key listen-port fwmark peers preshared-keys \
		 endpoints allowed-ips latest-handshakes transfer \
		 persistent-keepalive dump; do
		same show "$dev" "$f"
	done
	WG_COLOR_MODE=always same show "$dev"
	WG_HIDE_KEYS=never same show "$dev"
	WG_HIDE_KEYS=never WG_COLOR_MODE=always same show "$dev"
	WG_HIDE_KEYS=always same show "$dev"
done
for f in dump endpoints peers transfer; do same show all "$f"; done
same show nonexistent0
same show nonexistent0 dump
same showconf nonexistent0
same show "$ifn" bogus
same show "$ifn" dump extra
same showconf
same showconf "$ifn" extra
same bogus
same genkey extra
same genpsk extra
same pubkey extra
same set
same setconf "$ifn"
same addconf "$ifn" /nonexistent/file
for a in --help -h help "show --help" "show -h" "showconf --help" "set --help" \
	 "setconf --help" "addconf --help" "syncconf --help" "genkey --help" \
	 "genpsk --help" "pubkey --help" "show all bogus" "show interfaces dump" \
	 "show interfaces x y" "show all dump extra"; do
	same $a
done

# keys: our pubkey on stock keys and stock pubkey on ours, and bad input
for _ in 1 2 3 4 5; do
	k=$(PATH="$tmp/ours:$PATH" wg genkey)
	[[ $(pub "$k") == $(echo "$k" | "$ours" pubkey) ]] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "DIFF: pubkey of $k"; }
	k=$("$stock" genpsk)
	[[ $(pub "$k") == $(echo "$k" | "$ours" pubkey) ]] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "DIFF: pubkey of psk $k"; }
done
for input in "" "x" "$K1 trailing" "$(hex "$K1")" "$K1" "  $K1" "${K1%=}"; do
	a=$(printf '%s\n' "$input" | PATH="$tmp/stock:$PATH" wg pubkey 2>&1; echo "rc=$?")
	b=$(printf '%s\n' "$input" | PATH="$tmp/ours:$PATH" wg pubkey 2>&1; echo "rc=$?")
	[[ $a == "$b" ]] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "DIFF: pubkey <<< '$input'"; diff <(echo "$a") <(echo "$b"); }
done
# genkey into a world-readable file warns; under umask 077 it does not
for cmd in genkey genpsk; do
	a=$(umask 022; rm -f o1; PATH="$tmp/stock:$PATH" wg $cmd 2>&1 >o1; echo "rc=$? $(wc -c <o1)")
	b=$(umask 022; rm -f o2; PATH="$tmp/ours:$PATH" wg $cmd 2>&1 >o2; echo "rc=$? $(wc -c <o2)")
	[[ $a == "$b" ]] && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "DIFF: $cmd warning"; diff <(echo "$a") <(echo "$b"); }
done

# set: the request on the wire must be identical
echo "$K3" > k3file
echo "$PSK" > pskfile
: > emptyfile
same_set set "$ifn" listen-port 1234
same_set set "$ifn" listen-port 0 fwmark 0x10
same_set set "$ifn" fwmark off
same_set set "$ifn" fwmark 4294967295
same_set set "$ifn" fwmark 4294967296
same_set set "$ifn" fwmark -1
same_set set "$ifn" listen-port abc
same_set set "$ifn" listen-port domain
same_set set "$ifn" private-key k3file
same_set set "$ifn" private-key emptyfile
same_set set "$ifn" private-key /nonexistent
same_set set "$ifn" private-key pskfile peer "$P2" remove
same_set set "$ifn" peer "$P2" remove
same_set set "$ifn" peer "$P2" preshared-key pskfile endpoint 192.0.2.7:9 \
	persistent-keepalive 21 allowed-ips "10.1.0.0/16, 10.2.0.1,fd00::/8"
same_set set "$ifn" peer "$P2" endpoint "[2001:db8::5]:51820"
same_set set "$ifn" peer "$P2" endpoint "[::ffff:1.2.3.4]:1"
same_set set "$ifn" peer "$P2" endpoint 192.0.2.7
same_set set "$ifn" peer "$P2" endpoint "[2001:db8::5]"
same_set set "$ifn" peer "$P2" endpoint ":5"
same_set set "$ifn" peer "$P2" endpoint localhost:51820
same_set set "$ifn" peer "$P2" endpoint localhost:domain
same_set set "$ifn" peer "$P2" endpoint "[localhost]:7"
same_set set "$ifn" peer "$P2" endpoint no-such-host.invalid:7
same_set set "$ifn" peer "$P2" persistent-keepalive off
same_set set "$ifn" peer "$P2" persistent-keepalive 0
same_set set "$ifn" peer "$P2" persistent-keepalive 65536
same_set set "$ifn" peer "$P2" persistent-keepalive x
same_set set "$ifn" peer "$P2" allowed-ips ""
same_set set "$ifn" peer "$P2" allowed-ips 10.0.0.0/33
same_set set "$ifn" peer "$P2" allowed-ips 10.0.0.300
same_set set "$ifn" peer "$P2" allowed-ips 10.0.0.0/8,
same_set set "$ifn" peer "$P2" allowed-ips 10.0.0.1/24
same_set set "$ifn" peer "$P2" allowed-ips fd00::1/129
same_set set "$ifn" peer "$P2" allowed-ips 10.0.0.0/-1
same_set set "$ifn" peer "$P2" preshared-key emptyfile
same_set set "$ifn" peer "$P2" preshared-key k3file peer "$P3" remove
same_set set "$ifn" peer notakey
same_set set "$ifn" peer
same_set set "$ifn" bogus
same_set set "$ifn" listen-port
same_set set "$ifn" remove
same_set set "$ifn" peer "$P2" listen-port 5
printf '%s' "${K3:0:20}" > shortkey
printf '%sxyz\n' "$K3" > trailkey
printf '%s\n\n\n' "$K3" > newlineskey
same_set set "$ifn" private-key shortkey
same_set set "$ifn" private-key trailkey
same_set set "$ifn" private-key newlineskey
same_set set "$ifn" peer "$P2" preshared-key trailkey

# configuration files
cfg() { printf '%b' "$1" > conf; }
check_conf() {
	local c
	for c in setconf addconf; do same_set "$c" "$ifn" conf; done
}
cfg "[Interface]\nPrivateKey = $K1\nListenPort = 51820\nFwMark = 0x20\n\n[Peer]\nPublicKey = $P2\nPresharedKey = $PSK\nAllowedIPs = 10.0.0.0/24, fd00::/64\nAllowedIPs = 10.9.0.0/16\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n[Peer]\nPublicKey = $P3\nEndpoint = [2001:db8::1]:443\n"
check_conf
cfg "# comment\n  [interface] # trailing\nprivatekey=$K1\nLISTENPORT = 7\n[PEER]\npublickey = $P2\n"
check_conf
cfg "[Interface]\nAddress = 10.0.0.1/24\n"; check_conf
cfg "[Interface]\nDNS = 1.1.1.1\n"; check_conf
cfg "[Interface]\nMTU = 1420\n"; check_conf
cfg "[Interface]\nTable = off\n"; check_conf
cfg "[Interface]\nPostUp = echo hi\n"; check_conf
cfg "[Interface]\nSaveConfig = true\n"; check_conf
cfg "[Interface]\nPrivateKey = abc\n"; check_conf
cfg "[Interface]\nPrivateKey\n"; check_conf
cfg "[Interface]\nPrivateKey =\n"; check_conf
cfg "[Interface]\nListenPort = x\n"; check_conf
cfg "[Interface]\nFwMark = foo\n"; check_conf
cfg "[Interface]\nFwMark = off\n"; check_conf
cfg "[Bogus]\nx=1\n"; check_conf
cfg "ListenPort = 1\n"; check_conf
cfg "[Peer]\nEndpoint = 1.2.3.4:5\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nAllowedIPs = 10.0.0.0/33\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nAllowedIPs = 10.0.0.0/8,\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nAllowedIPs =\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nAllowedIPs = 10.1.2.3/8\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nEndpoint = 1.2.3.4\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nPersistentKeepalive = 70000\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nPersistentKeepalive = off\n"; check_conf
cfg "[Peer]\nPublicKey = $P2\nPresharedKey = $P3\n[Peer]\nPublicKey = $P3\nPublicKey = $P2\n"; check_conf
cfg "[Interface]\n[Peer]\n[Interface]\nListenPort = 5\n"; check_conf
cfg ""; check_conf

# Ours only (the stock tool has no such syntax): "+a,-b" edits the list
# from the device's current one and sends it whole, so it works on kernels
# without the per-IP remove flag.
: > log
PATH="$tmp/ours:$PATH" wg set "$ifn" peer "$P2" allowed-ips "+10.5.0.0/16,-fd00::/64" 2>&1
got=$(cat log)
want="set=1
public_key=$(hex "$P2")
replace_allowed_ips=true
allowed_ip=10.0.0.0/24
allowed_ip=10.5.0.0/16"
[[ $got == "$want" ]] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "DIFF: incremental allowed-ips"; diff <(echo "$want") <(echo "$got"); }
# Ours only: syncconf sends just the difference. P2 unchanged (its IPs in
# another order) is not sent at all, P4 is added, P3 removed, and the
# device values equal to the current ones are left out.
P4=$(pub "$(key)")
cfg "[Interface]\nPrivateKey = $K1\nListenPort = 51820\nFwMark = 0x1234\n[Peer]\nPublicKey = $P2\nPresharedKey = $PSK\nAllowedIPs = fd00::/64, 10.0.0.0/24\nEndpoint = 192.0.2.1:51820\nPersistentKeepalive = 25\n[Peer]\nPublicKey = $P4\nAllowedIPs = 10.4.0.0/16\n"
: > log
PATH="$tmp/ours:$PATH" wg syncconf "$ifn" conf 2>&1
got=$(cat log)
want="set=1
public_key=$(hex "$P4")
replace_allowed_ips=true
allowed_ip=10.4.0.0/16
public_key=$(hex "$P3")
remove=true"
[[ $got == "$want" ]] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "DIFF: syncconf difference"; diff <(echo "$want") <(echo "$got"); }
# ... and a changed port and keepalive are sent, nothing else
cfg "[Interface]\nPrivateKey = $K1\nListenPort = 51821\nFwMark = 0x1234\n[Peer]\nPublicKey = $P2\nPresharedKey = $PSK\nAllowedIPs = fd00::/64, 10.0.0.0/24\nPersistentKeepalive = 5\n[Peer]\nPublicKey = $P3\nAllowedIPs = 192.168.0.0/16\n"
: > log
PATH="$tmp/ours:$PATH" wg syncconf "$ifn" conf 2>&1
got=$(cat log)
want="set=1
listen_port=51821
public_key=$(hex "$P2")
preshared_key=$(hex "$PSK")
persistent_keepalive_interval=5
replace_allowed_ips=true
allowed_ip=fd00::/64
allowed_ip=10.0.0.0/24"
[[ $got == "$want" ]] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "DIFF: syncconf changed values"; diff <(echo "$want") <(echo "$got"); }
# json and metrics through the real ipc path, never a private key
out=$(PATH="$tmp/ours:$PATH" wg show all json 2>/dev/null)
if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); i=[x for x in d["interfaces"] if x["name"]==sys.argv[2]][0]; assert i["listen_port"]==51820 and i["peers"][0]["rx_bytes"]==2048 and i["peers"][0]["allowed_ips"]==["10.0.0.0/24","fd00::/64"]' "$out" "$ifn" &&
   [[ $out != *"$K1"* && $out != *"$PSK"* ]]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "BAD: show all json: $out"
fi
out=$(PATH="$tmp/ours:$PATH" wg show "$ifn" metrics 2>/dev/null)
if [[ $out == *"wireguard_peer_receive_bytes_total{interface=\"$ifn\",public_key=\"$P2\"} 2048"* &&
      $out == *"wireguard_device_peers{interface=\"$ifn\"} 2"* && $out != *"$K1"* && $out != *"$PSK"* ]]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "BAD: show metrics: $out"
fi

# Per-reason counters: a userspace device has none. counters prints
# nothing, JSON says null, metrics have no counter family, each says why
# once on stderr (naming every interface concerned), and all exit 0.
expect() { # description, condition...
	local what=$1; shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "BAD: $what"
	fi
}
ours_run() { # args -> $out, $err, $rc
	out=$(PATH="$tmp/ours:$PATH" wg "$@" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
}
sentence="wg: per-reason counters are not available on"
ours_run show "$ifn" counters
expect "counters of a userspace device: $rc [$out] [$err]" \
	test "$rc" = 0 -a -z "$out" -a "$err" = "$sentence $ifn: a userspace WireGuard implementation does not provide them (only this project's kernel module does)"
ours_run show all counters
expect "all counters: once, naming both: $rc [$out] [$err]" \
	test "$rc" = 0 -a -z "$out" -a "$(grep -c "^$sentence" <<<"$err")" = 1 -a "$(wc -l <<<"$err")" = 1
expect "all counters: names $ifn and $ifn2: [$err]" \
	grep -qE "on ($ifn, $ifn2|$ifn2, $ifn):" <<<"$err"
ours_run show all json
expect "json without counters: $rc [$err] $out" test "$rc" = 0 -a "$(wc -l <<<"$err")" = 1
expect "json without counters is schema 2 with nulls: $out" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["schema"] == 2
for i in d["interfaces"]:
    assert i["counters"] is None
    for p in i["peers"]:
        assert p["counters"] is None and p["last_failed_handshake"] is None
' "$out"
expect "json is valid for json.tool" python3 -m json.tool <<<"$out" >/dev/null
ours_run show all metrics
expect "metrics without counters: $rc [$err]" \
	test "$rc" = 0 -a "$(wc -l <<<"$err")" = 1 -a -n "$out"
expect "metrics without counters has no counter family" \
	test "$(grep -c 'dropped\|handshake_give_ups\|unnamed' <<<"$out")" = 0
expect "metrics pass promcheck.py" python3 "$here/promcheck.py" <<<"$out"
if command -v promtool >/dev/null; then
	expect "metrics pass promtool" promtool check metrics <<<"$out"
fi
# the stock-compatible outputs read no counters, so say nothing of them
ours_run show all dump
expect "dump says nothing of counters: [$err]" test -z "$err"

echo "compare.sh: $pass same, $fail different"
[[ $fail -eq 0 ]]
