#!/bin/bash
# interop-intree.sh [--kernel 6.1|6.12] [--arch x86_64|arm64]
#
# Our module and Debian's in-tree one can never share a guest (same module
# name, link kind and genl family), so this runs two guests at once, joined
# by a QEMU socket network on loopback: guest A with our module, guest B
# with the in-tree one. Each configures a tunnel to the other over eth0 and
# pings across it; A initiates first, then B after a fresh start. Both must
# pass. The pair holds the QEMU lock itself.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
series=6.12 arch=x86_64
while [[ $# -gt 0 ]]; do
	case $1 in
	--kernel) series=$2; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	*) die "unknown option $1" ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [[ -n ${bpid:-} ]] && kill "$bpid" 2>/dev/null' EXIT
# Keys for the two sides, generated per run, never committed.
umask 077
wg genkey > "$tmp/a.key"
wg genkey > "$tmp/b.key"
port=$((20000 + RANDOM % 20000))

exec 9>"$WG_CACHE/.qemu.lock"
flock -w 1800 9 || die "could not get the QEMU lock"
say "guest A: ours, guest B: in-tree ($arch $series), socket network on port $port"
bash "$here/run-in-vm.sh" --no-lock --net "listen:$port" --kernel "$series" --arch "$arch" \
	--module intree --timeout 600 "$here/interop-intree-guest.sh" "$tmp/a.key" "$tmp/b.key" \
	>"$tmp/b.log" 2>&1 &
bpid=$!
sleep 2
VMENV_SIDE=A bash "$here/run-in-vm.sh" --no-lock --net "connect:$port" --kernel "$series" \
	--arch "$arch" --module ours --timeout 600 "$here/interop-intree-guest.sh" \
	"$tmp/a.key" "$tmp/b.key"
arc=$?
wait "$bpid"
brc=$?
bpid=
echo "---- guest B (in-tree) ----"
grep -v '^\[ ' "$tmp/b.log"
say "guest A (ours) exit $arc, guest B (in-tree) exit $brc"
[[ $arc = 0 && $brc = 0 ]]
