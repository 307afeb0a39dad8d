#!/bin/bash
# Guest side of run-oracle.sh: runs every scenario in /test (NN-name.sh, in
# order), each from a clean state, and prints their ORACLE lines. A
# scenario's exit status is printed too; nothing here judges a value.
cd /test
for s in /test/[0-9][0-9]-*.sh; do
	ip -all netns delete 2>/dev/null
	modprobe -r wireguard 2>/dev/null
	modprobe wireguard
	name=${s##*/}
	echo "=== oracle scenario $name ($WG_MODULE module, $WG_ARCH $KREL)"
	t0=$(cut -d' ' -f1 /proc/uptime)
	bash "$s"
	echo "ORACLE ${name%.sh}.exit=$?"
	echo "=== oracle scenario $name took $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN{printf "%.1f", b-a}')s"
done
ip -all netns delete 2>/dev/null
echo "=== oracle: all scenarios ran"
