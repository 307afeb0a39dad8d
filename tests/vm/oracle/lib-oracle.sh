# Helpers for the oracle scenarios (sourced in the guest, bash). A scenario
# does not judge: it prints what it observed as `ORACLE <scenario>.<key>=<value>`
# lines, and run-oracle.sh compares the in-tree module's lines with ours.
# So every value printed must be the same on every run of one module: no
# keys generated at run time, no times, no interface indexes.
set -uo pipefail
scen=${0##*/}
scen=${scen%.sh}
scen=${scen#[0-9][0-9]-}
o() { local k=$1; shift; printf 'ORACLE %s.%s=%s\n' "$scen" "$k" "$*"; }
# A multi-line value as one line per row, numbered.
o_lines() {
	local k=$1 n=0 line
	while IFS= read -r line; do
		n=$((n + 1))
		o "$k.$n" "$line"
	done
}

# Fixed keys: the same public keys in every run, so outputs compare.
KEY_A=YOCU3IrnXqjzDEvv1xy4DOi56PiPg+0+pvK3S5eWuEs=
PUB_A=OdzHeIAdWURju2E0PaWGGBNuTrbMyoRNFaRvQQ+nWj0=
KEY_B=kFiZhQkXJAhryPnTfaT4HeNFSQfdvvb8CKfLnvP2Q0E=
PUB_B=ln1DcRQRZpUi/Iil+unvP1+jfxQdsqps+umPswhPBkE=
KEY_C=yNLj88OEqurJoUllVVIUOW5Go+ec3KNN0Si4HWw9/3w=
PUB_C=Jhsp1URdQXU0IhTsETevgSLNlytVAJqEVWnm/nWGmTI=
umask 077
printf '%s\n' "$KEY_A" > /tmp/key-a
printf '%s\n' "$KEY_B" > /tmp/key-b
printf '%s\n' "$KEY_C" > /tmp/key-c

# pair: namespaces a and b joined by veth (192.0.2.1-2, fd00:1::1-2), each
# with wg0 (10.9.0.1-2/24, fd00:9::1-2/64), ports 51821 and 51822; a knows
# b's endpoint, b learns a's from the handshake.
pair() {
	ip netns add a
	ip netns add b
	# a's veth takes no GSO skb whole (gso_max_segs 1, set at creation:
	# 5.10 and 6.1 cannot change it later), so b's veth sees datagrams as
	# a wire would even from a sender of UDP GSO trains (ours, udp_gso on
	# by default); the in-tree module never sends one. ORACLE_KEEP_TRAINS=1
	# lets trains cross whole (then ours differs on purpose: README,
	# "Outer UDP batching").
	local segs=1
	[[ -n ${ORACLE_KEEP_TRAINS:-} ]] && segs=65535
	ip link add va gso_max_segs $segs netns a type veth peer name vb netns b
	ip -n a addr add 192.0.2.1/24 dev va
	ip -n b addr add 192.0.2.2/24 dev vb
	ip -n a addr add fd00:1::1/64 dev va nodad
	ip -n b addr add fd00:1::2/64 dev vb nodad
	for n in a b; do
		ip -n $n link set lo up
		ip -n $n link add wg0 type wireguard
	done
	ip -n a link set va up
	ip -n b link set vb up
	ip netns exec a wg set wg0 private-key /tmp/key-a listen-port 51821 \
		peer "$PUB_B" endpoint 192.0.2.2:51822 allowed-ips 10.9.0.2/32,fd00:9::2/128
	ip netns exec b wg set wg0 private-key /tmp/key-b listen-port 51822 \
		peer "$PUB_A" allowed-ips 10.9.0.1/32,fd00:9::1/128
	ip -n a addr add 10.9.0.1/24 dev wg0
	ip -n b addr add 10.9.0.2/24 dev wg0
	ip -n a addr add fd00:9::1/64 dev wg0 nodad
	ip -n b addr add fd00:9::2/64 dev wg0 nodad
	ip -n a link set wg0 up
	ip -n b link set wg0 up
}

# stats KEY NS: the device counters of NS's wg0 that are not zero, on one
# line, and each peer's transfer counters.
stats() {
	local k=$1 ns=$2 p rx tx
	o "$k.$ns.dev" "$(ip netns exec "$ns" sh -c 'cd /sys/class/net/wg0/statistics &&
		for f in *; do v=$(cat $f); [ "$v" = 0 ] || printf "%s=%s " $f $v; done')"
	ip netns exec "$ns" wg show wg0 transfer | while read -r p rx tx; do
		o "$k.$ns.peer.${p:0:4}" "rx=$rx tx=$tx"
	done
}

# snmp NS PROTO FIELD: a field of /proc/net/snmp (Icmp, Ip) or snmp6.
snmp() {
	ip netns exec "$1" awk -v p="$2:" -v f="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) n[i] = $i; h = 1; next }
		$1 == p && h { for (i = 2; i <= NF; i++) if (n[i] == f) print $i }' /proc/net/snmp
}
snmp6() { ip netns exec "$1" awk -v f="$2" '$1 == f { print $2 }' /proc/net/snmp6; }
