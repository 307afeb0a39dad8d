#!/bin/bash
# Guest side of interop-intree.sh. SIDE=A (ours, 10.77.0.3 on eth0) or
# B (in-tree, the default, 10.77.0.2). Both ping across the tunnel; the two
# guests meet through files of neither: only packets cross.
set -euo pipefail
side=${SIDE:-B}
fail() { echo "FAIL [interop-intree $side]: $*" >&2; exit 1; }
# Transports first (6.1 builds virtio PCI as a module; arm64 guests use
# virtio-mmio), then the NIC driver.
modprobe virtio_pci 2>/dev/null || true
modprobe virtio_mmio 2>/dev/null || true
modprobe virtio_net 2>/dev/null || true
for _ in $(seq 50); do ip link show eth0 >/dev/null 2>&1 && break; sleep 0.1; done
if [[ $side = A ]]; then me=3 them=2 mykey=a.key theirkey=b.key; else me=2 them=3 mykey=b.key theirkey=a.key; fi
ip addr add 10.77.0.$me/24 dev eth0
ip link set eth0 up
modprobe wireguard
echo "side $side: $(modinfo -F filename wireguard)"
ip link add wg0 type wireguard
wg set wg0 private-key /test/$mykey listen-port 51820 \
	peer "$(wg pubkey < /test/$theirkey)" endpoint 10.77.0.$them:51820 allowed-ips 10.88.0.$them/32
ip addr add 10.88.0.$me/24 dev wg0
ip link set wg0 up
# Wait for the underlay: the other guest may still be booting.
for _ in $(seq 120); do ping -c 1 -W 1 10.77.0.$them >/dev/null 2>&1 && break; done
ping -c 1 -W 1 10.77.0.$them >/dev/null || fail "the other guest never answered on eth0"
# Each side pings until it gets 5 replies in a row (the other side may
# still be configuring), within a bound.
ok=0
for _ in $(seq 60); do
	if ping -c 5 -i 0.3 -W 2 10.88.0.$them >/tmp/ping 2>&1; then ok=1; break; fi
	sleep 0.5
done
cat /tmp/ping
[[ $ok = 1 ]] || fail "no replies across the tunnel"
wg show wg0
hs=$(wg show wg0 latest-handshakes | cut -f2)
[[ $hs -gt 0 ]] || fail "no handshake recorded"
# Stay up long enough for the other side to finish its own pings.
sleep 8
echo "PASS [interop-intree $side]"
