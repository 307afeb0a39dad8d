#!/bin/sh
# PID 1 of the test guest (busybox sh). Mounts the usual file systems,
# installs the module shipped in /test/updates as DKMS would, runs
# /test/run.sh under bash on the console, reports kernel splats from dmesg,
# prints the result line that run-in-vm.sh waits for, and powers off.
#
# Busybox's sh runs its own applets before PATH (its `ip` has no netns, its
# depmod writes no indexes), so real tools are called by full path here.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C WG_COLOR_MODE=never
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm /dev/net /run/netns /run/wireguard /run/lock
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/netns /run/wireguard /run/lock
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# bash process substitution needs /dev/fd
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
[ -e /dev/net/tun ] || mknod /dev/net/tun c 10 200
/usr/bin/hostname vm 2>/dev/null
/usr/bin/ip link set lo up

cmdline=$(cat /proc/cmdline)
arg() {
	for w in $cmdline; do
		case $w in "$1"=*) echo "${w#*=}"; return ;; esac
	done
	echo "$2"
}
token=$(arg vmtest.token none)
console=$(arg vmtest.console ttyS0)
echo "$(arg vmtest.loglevel 5)" > /proc/sys/kernel/printk
echo 1 > /proc/sys/kernel/panic_on_oops

KREL=$(uname -r)
if ls /test/updates/*.ko >/dev/null 2>&1; then
	mkdir -p /lib/modules/$KREL/updates
	cp /test/updates/*.ko /lib/modules/$KREL/updates/
fi
/usr/sbin/depmod -a || echo "@@VMTEST: depmod failed"
[ -f /test/.env ] && . /test/.env
export KREL PATH=/test:$PATH

# Debug kernels: forget what kmemleak saw before the test (boot-time
# allocations it cannot follow), so a report after it is the test's.
kmemleak=/sys/kernel/debug/kmemleak
# The periodic scan goes off too: mid-run it sees objects in flight (skbs
# in queues, keys in a worker's registers) and reports them as suspected
# leaks; the verdict is the scan after everything is torn down, below.
[ -w $kmemleak ] && { echo scan=off > $kmemleak; echo scan > $kmemleak; echo clear > $kmemleak; }

stty -F /dev/$console -onlcr 2>/dev/null
read up _ < /proc/uptime
echo "@@VMTEST: START uptime=$up kernel=$KREL arch=$(uname -m) cpus=$(nproc) @@"
cd /test
if [ -f /test/run.sh ]; then
	setsid -c /usr/bin/bash /test/run.sh </dev/$console >/dev/$console 2>&1
	rc=$?
else
	echo "@@VMTEST: /test/run.sh missing"
	rc=127
fi
read up2 _ < /proc/uptime
echo "@@VMTEST: END rc=$rc uptime=$up2 @@"
# Debug kernels: with the test's devices, namespaces and the module gone,
# anything kmemleak still finds unreferenced is a leak. An object must be
# older than 5 s to be reported, hence the wait.
if [ -w $kmemleak ]; then
	/usr/bin/ip -all netns delete 2>/dev/null
	for dev in $(/usr/bin/ip -o link show type wireguard 2>/dev/null | cut -d: -f2 | cut -d@ -f1); do
		/usr/bin/ip link del "$dev"
	done
	/usr/sbin/modprobe -r wireguard 2>/dev/null
	sleep 6
	echo scan > $kmemleak
	echo scan > $kmemleak
	if [ -s $kmemleak ]; then
		echo "@@VMTEST: KERNEL-SPLAT (kmemleak report follows)"
		head -n 200 $kmemleak
		echo "@@VMTEST: KERNEL-SPLAT-END"
	else
		echo "@@VMTEST: kmemleak: no leaks"
	fi
fi
# Splats may have been below the console log level: look in dmesg too.
if dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace:|UBSAN:|KASAN:|kmemleak: [0-9]+ new suspected|refcount_t:|list_(add|del) corruption|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|soft lockup' >/tmp/splat 2>/dev/null; then
	echo "@@VMTEST: KERNEL-SPLAT (the matching lines, then the end of dmesg)"
	head -n 20 /tmp/splat
	echo "@@VMTEST: ..."
	dmesg | tail -n 150
	echo "@@VMTEST: KERNEL-SPLAT-END"
fi
[ "$(arg vmtest.dmesg 0)" = 1 ] && { echo "@@VMTEST: dmesg"; dmesg; }
echo "@@VMTEST-RESULT-$token rc=$rc"
sync
poweroff -f
sleep 5
echo o > /proc/sysrq-trigger
