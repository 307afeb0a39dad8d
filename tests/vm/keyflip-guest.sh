#!/bin/bash
# Guest script for selftest-harness.sh: flips a static key in core UDP code
# (udp_encap_needed_key, taken by a wireguard socket and released with it)
# in a loop while UDP and ICMP traffic run through the patched code on the
# other vCPU. Every flip rewrites kernel text with an int3-based patch. On
# x86_64 with one QEMU thread per vCPU this oopses within a minute ("Oops:
# int3" in udp_queue_rcv_one_skb), whichever module is loaded: the reason
# run-in-vm.sh runs x86_64 vCPUs on one host thread. Exits 0 unless the
# flips stopped; an oops fails the run in the harness.
secs=${SECS:-60}
ip link set lo up
iperf3 -s -D >/dev/null 2>&1 || { echo "iperf3 server did not start"; exit 1; }
sleep 1
iperf3 -c 127.0.0.1 -u -b 0 -l 64 -t "$secs" >/dev/null 2>&1 &
ping -f -q 127.0.0.1 >/dev/null 2>&1 &
wg genkey > /tmp/k
flips=0
end=$((SECONDS + secs))
while (( SECONDS < end )); do
	ip link add wg0 type wireguard &&
	wg set wg0 private-key /tmp/k listen-port 51820 &&
	ip link set wg0 up &&
	ip link del wg0 || { echo "flip $flips failed"; exit 1; }
	flips=$((flips + 1))
done
kill %1 %2 2>/dev/null
wait
echo "static key flips under traffic: $flips in ${secs}s"
(( flips > 0 ))
