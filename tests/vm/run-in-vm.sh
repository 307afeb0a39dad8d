#!/bin/bash
# run-in-vm.sh [--kernel 5.10|6.1|6.12|7.3|6.1-debug] [--arch x86_64|arm64|armhf] [--module ours|intree]
#              [--smp N] [--timeout SECONDS] [--net listen:PORT|connect:PORT]
#              [--no-lock] SCRIPT [FILE...]
#
# The one way into a guest. Boots one of Debian's kernels (fetched by
# `make deps`) under QEMU (software emulation), with an initramfs holding:
#   - with --module ours (the default): our wireguard.ko, freshly built for
#     that kernel and installed under /lib/modules/KREL/updates/ as DKMS
#     would, so `modprobe wireguard` and `ip link add ... type wireguard`
#     load it and `modinfo wireguard` names that file;
#   - with --module intree: nothing of ours, so the same names load Debian's
#     own wireguard.ko (the reference every suite can be run against);
#   - the stock wg and wg-quick, wireguard-go, ip, ping, iperf3, bash, nft,
#     iptables, and the FILEs given (in /test, beside the script).
# Runs SCRIPT as root under bash (cwd /test; env WG_MODULE=ours|intree,
# WG_ARCH, WG_SERIES, KREL), streams the guest's console, and exits with
# SCRIPT's status, except:
#   124  the guest hung or SCRIPT overran --timeout (default 900 s)
#   125  kernel panic, oops, BUG/WARN splat, KASAN/UBSAN/lockdep/kmemleak
#        report or hung-task report seen, whatever SCRIPT returned
#   126  the guest died without reporting, or the set-up failed
# --kernel 6.1-debug (x86_64 only) boots the debug kernel that
# build-debug-kernel.sh builds (KASAN, UBSAN, lockdep, KMEMLEAK, ...); at the
# end of the script the guest removes the module and fails the run on any
# kmemleak report.
# --arch armhf boots Debian's 32-bit armmp kernel (6.1 only) on an emulated
# Cortex-A15 with NEON.
# Guests are serialised with a lock (two emulated guests on two cores slow
# each other down many times); the wait for it (VM_LOCK_WAIT seconds, 7200)
# is not counted in the timeout.
# --net gives the guest an eth0 joined to another guest's through a QEMU
# socket on loopback (one listens, one connects); a caller that runs such a
# pair holds the lock itself and passes --no-lock to both.
#
# Env: VM_MEM (MiB, 1024), VM_APPEND (extra kernel command line),
#      VM_DMESG=1 (print all of dmesg at the end), VM_LOG=FILE (keep the
#      console log), VM_FAILURES=FILE (on failure, append why and the
#      console lines that show it, for a summary at the end of a long run),
#      VM_TCG_THREAD=single|multi (QEMU's vCPU threads; see below),
#      VM_RUNS=FILE (append "ARCH SERIES MODULE" for each guest booted),
#      VM_LOCK_WAIT=SECONDS (longest wait for the one-guest lock, 7200),
#      VM_WG_OPTIONS="udp_gso=0 ..." (our module's parameters, for every
#      load of it in the guest),
#      VMENV_X=y (exported as X=y in the guest).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

usage() {
	sed -n '2,3p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}/usage: /;2s/^usage: /       /' >&2
	exit 126
}

series=6.12 arch=x86_64 module=ours smp=2 timeout=900 net= lock=1
while [[ $# -gt 0 ]]; do
	case $1 in
	--kernel) series=${2:-}; shift 2 ;;
	--arch) arch=${2:-}; shift 2 ;;
	--module) module=${2:-}; shift 2 ;;
	--smp) smp=${2:-}; shift 2 ;;
	--timeout) timeout=${2:-}; shift 2 ;;
	--net) net=${2:-}; shift 2 ;;
	--no-lock) lock=0; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "run-in-vm.sh: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
script=${1:-}
[[ -n $script ]] || usage
shift
[[ -f $script ]] || { echo "run-in-vm.sh: no such script '$script'" >&2; exit 126; }
case $series in 5.10|6.1|6.12|7.3|6.1-debug) ;; *) echo "run-in-vm.sh: unknown kernel '$series' (5.10, 6.1, 6.12, 7.3 or 6.1-debug)" >&2; exit 126 ;; esac
case $arch in
x86_64|amd64) arch=x86_64 karch=amd64 ;;
arm64|aarch64) arch=arm64 karch=arm64 ;;
armhf|arm) arch=armhf karch=armhf ;;
*) echo "run-in-vm.sh: unknown arch '$arch' (x86_64, arm64 or armhf)" >&2; exit 126 ;;
esac
case $module in ours|intree) ;; *) echo "run-in-vm.sh: unknown module '$module' (ours or intree)" >&2; exit 126 ;; esac
[[ $smp =~ ^[1-8]$ ]] || { echo "run-in-vm.sh: --smp '$smp' must be 1..8" >&2; exit 126; }
[[ $timeout =~ ^[0-9]+$ ]] || { echo "run-in-vm.sh: --timeout '$timeout' must be seconds" >&2; exit 126; }
[[ -z $net || $net =~ ^(listen|connect):[0-9]+$ ]] || { echo "run-in-vm.sh: --net '$net' must be listen:PORT or connect:PORT" >&2; exit 126; }

if [[ $series = *-debug ]]; then
	[[ $arch = x86_64 ]] || { echo "run-in-vm.sh: the debug kernel is x86_64 only" >&2; exit 126; }
	[[ -f $WG_CACHE/kernels/$karch-$series/KREL ]] ||
		{ say "no debug kernel: build it with tests/vm/build-debug-kernel.sh (make check-debug does)"; exit 126; }
	# KASAN's shadow and kmemleak's pool need room.
	VM_MEM=${VM_MEM:-2048}
fi
kd=$(kernel_dir "$karch" "$series") || exit 126
krel=$(cat "$kd/KREL")
kernel=$kd/root/boot/vmlinuz-$krel
[[ -f $kernel ]] || { say "no kernel image $kernel: run \`make deps\`"; exit 126; }

t_start=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="${2:-$EPOCHREALTIME}" 'BEGIN{printf "%.1f", b-a}'; }

# The base initramfs, rebuilt when its scripts change.
base=$WG_CACHE/initramfs/$karch-$krel.cpio
mkdir -p "$WG_CACHE/initramfs"
if [[ ! -s $base || $here/mkinitramfs.sh -nt $base || $here/init.sh -nt $base ]]; then
	say "building the base initramfs for $karch $krel"
	(
		flock -w 600 9 || exit 1
		bash "$here/mkinitramfs.sh" "$karch" "$series" "$base"
	) 9>"$WG_CACHE/initramfs/.lock" || { say "FAIL: initramfs build failed"; exit 126; }
fi

work=$(mktemp -d "$WG_CACHE/.run.XXXXXX")
qpid=
cleanup() {
	[[ -n $qpid ]] && kill "$qpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT TERM

# The overlay: test, files, our module, a fresh init.
mkdir -p "$work/ov/test/updates"
install -m 755 "$script" "$work/ov/test/run.sh"
install -m 755 "$here/init.sh" "$work/ov/init"
for f in "$@"; do
	[[ -e $f ]] || { say "FAIL: no such file '$f'"; exit 126; }
	cp -a "$f" "$work/ov/test/"
done
if [[ $module = ours ]]; then
	ko=$(bash "$here/build-module.sh" "$karch" "$series") || { say "FAIL: module build failed"; exit 126; }
	cp "$ko" "$work/ov/test/updates/wireguard.ko"
	# module parameters for every load of ours in the guest, suites that
	# unload and reload it included (the in-tree module knows none of them)
	if [[ -n ${VM_WG_OPTIONS:-} ]]; then
		mkdir -p "$work/ov/etc/modprobe.d"
		echo "options wireguard $VM_WG_OPTIONS" > "$work/ov/etc/modprobe.d/wireguard-test.conf"
	fi
fi
{
	printf 'export WG_MODULE=%q WG_ARCH=%q WG_SERIES=%q\n' "$module" "$arch" "$series"
	while IFS='=' read -r n v; do
		[[ $n == VMENV_?* ]] && printf 'export %s=%q\n' "${n#VMENV_}" "${!n}"
	done < <(env)
} > "$work/ov/test/.env"
(cd "$work/ov" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) > "$work/ov.cpio"
cat "$base" "$work/ov.cpio" > "$work/initrd.cpio"

token=$RANDOM$RANDOM$RANDOM
common_append="panic=-1 oops=panic softlockup_panic=1 hung_task_panic=1 nmi_watchdog=0 \
quiet loglevel=3 mitigations=off random.trust_cpu=on vmtest.token=$token \
vmtest.loglevel=5 vmtest.dmesg=${VM_DMESG:-0} ${VM_APPEND:-}"
if [[ $arch = x86_64 ]]; then
	qemu=(qemu-system-x86_64 -machine pc -cpu max -nodefaults
		-chardev stdio,id=con,signal=off -serial chardev:con)
	append="console=ttyS0 vmtest.console=ttyS0 tsc=reliable $common_append"
elif [[ $arch = arm64 ]]; then
	qemu=(qemu-system-aarch64 -machine virt -cpu cortex-a72 -nodefaults
		-chardev stdio,id=con,signal=off -serial chardev:con)
	append="console=ttyAMA0 vmtest.console=ttyAMA0 $common_append"
else
	# highmem=off: the armmp kernel (no LPAE) cannot reach PCI/RAM above 4 GiB
	qemu=(qemu-system-arm -machine virt,highmem=off -cpu cortex-a15 -nodefaults
		-chardev stdio,id=con,signal=off -serial chardev:con)
	append="console=ttyAMA0 vmtest.console=ttyAMA0 $common_append"
fi
# x86_64 guests run their vCPUs on one host thread. With one thread per
# vCPU (MTTCG), QEMU 7.2 can let a vCPU execute the int3 that the kernel
# writes while it patches a static branch at a moment when the kernel no
# longer expects it: "Oops: int3" in core code, then a panic. A
# guest that flips a UDP static key in a loop under traffic (a wireguard
# socket up and down) hits it within a minute with our module and with the
# in-tree one alike; with one thread, 150 s of the same ran clean for both.
# arm64 and armhf patch a branch with one atomic instruction write and keep
# a thread per vCPU. VM_TCG_THREAD=single|multi overrides.
tcg_thread=${VM_TCG_THREAD:-$([[ $arch = x86_64 ]] && echo single || echo multi)}
[[ $tcg_thread =~ ^(single|multi)$ ]] || { say "VM_TCG_THREAD '$tcg_thread' must be single or multi"; exit 126; }
qemu+=(-accel "tcg,thread=$tcg_thread" -smp "$smp" -m "${VM_MEM:-1024}" -no-reboot
	-display none -monitor none)
if [[ -n $net ]]; then
	# The listening side is 02, the connecting side 03, in MAC and in name.
	mac=52:54:00:00:00:0$([[ $net = listen:* ]] && echo 2 || echo 3)
	[[ $arch = x86_64 ]] && nic=virtio-net-pci || nic=virtio-net-device
	qemu+=(-netdev "socket,id=n0,${net%%:*}=127.0.0.1:${net#*:}" -device "$nic,netdev=n0,mac=$mac")
else
	qemu+=(-nic none)
fi
qemu+=(
	-kernel "$kernel" -initrd "$work/initrd.cpio" -append "$append")

log=$work/console.log

# Kernel messages carry a timestamp; that keeps a script's own output from
# passing for a splat.
splat_re='^\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|Oops|general protection fault|kernel BUG|UBSAN:|KASAN:|kmemleak: [0-9]+ new suspected|refcount_t:|list_(add|del) corruption|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|soft lockup)'

# A long run (make check) prints only its summary at the end; a failure
# deep in its output is easy to lose. With VM_FAILURES set, each failed
# guest appends the verdict and the console lines that show the cause: the
# first kernel report with what follows it, or else the last lines. A boot
# that is tried again is recorded the same way, as not a failure.
record_failure() {
	[[ -n ${VM_FAILURES:-} ]] || return 0
	local first
	first=$(grep -n -m1 -E "$splat_re|Kernel panic - not syncing" "$log" | cut -d: -f1)
	{
		echo "=== $karch $krel, module $module: $*"
		if [[ -n $first ]]; then
			sed -n "$((first > 3 ? first - 3 : 1)),$((first + 25))p" "$log"
		else
			# a suite's own failure: what led to its first FAIL line
			first=$(grep -n -m1 '^FAIL \[' "$log" | cut -d: -f1)
			if [[ -n $first ]]; then
				sed -n "$((first > 20 ? first - 20 : 1)),$((first + 2))p" "$log"
			else
				tail -n 25 "$log"
			fi
		fi
	} >> "$VM_FAILURES"
}
fail_with() {
	local code=$1
	shift
	say "$@"
	record_failure "$*"
	exit "$code"
}

: > "$log"
# One guest at a time on this machine. The wait is not the guest's: a
# short --timeout (the harness self-test's hang case) must time out a guest
# that hangs, not a wait behind another one. VM_LOCK_WAIT bounds it.
exec 8>"$WG_CACHE/.qemu.lock"
if [[ $lock = 1 ]] && ! flock -w "${VM_LOCK_WAIT:-7200}" 8; then
	say "FAIL: another guest held the QEMU lock for ${VM_LOCK_WAIT:-7200}s"
	exit 126
fi
for attempt in 1 2; do
	: > "$log"
	rm -f "$work/t_test" "$work/t_end"
	t_qemu=$EPOCHREALTIME
	say "booting $karch $krel (module: $module, smp $smp, tcg $tcg_thread, timeout ${timeout}s)"
	# stdin from /dev/null: qemu must never touch the caller's terminal.
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>"$work/qemu.err" |
	while IFS= read -r line || [[ -n $line ]]; do
		line=${line//$'\r'/}
		[[ $line == '@@VMTEST: START'* ]] && echo "$EPOCHREALTIME" > "$work/t_test"
		[[ $line == '@@VMTEST: END'* ]] && echo "$EPOCHREALTIME" > "$work/t_end"
		printf '%s\n' "$line"
		printf '%s\n' "$line" >> "$log"
	done
	qrc=${PIPESTATUS[0]}
	# A panic before the test starts cannot be the module's: init has not
	# loaded it yet (START comes first). Seen once in CI: an int3 in
	# enqueue_timer at 1.3 s, untainted, no modules: the text-patch oops
	# that one QEMU thread for x86_64 vCPUs (above) now avoids. Kept, as
	# emulation may have other boot-time faults that no test is about:
	# that boot alone is tried again; anything after START fails as it
	# comes.
	if [[ $attempt = 1 && ! -f $work/t_test ]] &&
	   grep -q 'Kernel panic - not syncing' "$log"; then
		say "the guest kernel panicked while booting, before the test started and before our module could load; booting once more"
		record_failure "not a failure: the first boot panicked before START, so the guest booted again"
		continue
	fi
	break
done
exec 8>&-
# make check counts the guests each part booted (a part that skipped its
# guests fails there, loudly).
[[ -n ${VM_RUNS:-} ]] && echo "$karch $series $module" >> "$VM_RUNS"
[[ -n ${VM_LOG:-} ]] && cp "$log" "$VM_LOG"

boot=? testt=?
[[ -f $work/t_test ]] && boot=$(elapsed "$t_qemu" "$(cat "$work/t_test")")
[[ -f $work/t_test && -f $work/t_end ]] && testt=$(elapsed "$(cat "$work/t_test")" "$(cat "$work/t_end")")
say "timing: boot ${boot}s, script ${testt}s, total $(elapsed "$t_start")s ($karch $krel, $module)"

rc=$(sed -n "s/^@@VMTEST-RESULT-$token rc=\([0-9]*\)\$/\1/p" "$log" | tail -1)
panic=$(grep -m3 -E 'Kernel panic - not syncing|end Kernel panic' "$log")
splat=$(grep -m3 -E "$splat_re" "$log")
[[ -z $splat ]] && grep -q '^@@VMTEST: KERNEL-SPLAT ' "$log" && splat="(see the dmesg excerpt above)"
if [[ $qrc == 124 || $qrc == 137 ]]; then
	[[ -n $panic ]] && say "kernel panic seen: $panic"
	fail_with 124 "FAIL: the guest did not finish within ${timeout}s (hung or too slow); killed"
fi
if [[ -n $panic ]]; then
	[[ -n $splat ]] && say "first report: $splat"
	fail_with 125 "FAIL: kernel panic: $panic"
fi
if [[ -z $rc ]]; then
	[[ -s $work/qemu.err ]] && cat "$work/qemu.err" >&2
	fail_with 126 "FAIL: the guest stopped without reporting a result (qemu exit $qrc)"
fi
if [[ -n $splat ]]; then
	fail_with 125 "FAIL: the kernel reported a problem (script exit $rc): $splat"
fi
[[ $rc = 0 ]] || fail_with "$rc" "FAIL: script exit $rc"
say "PASS"
exit 0
