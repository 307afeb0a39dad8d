#!/bin/bash
# mkinitramfs.sh ARCH SERIES OUT.cpio
#
# Builds the base initramfs (uncompressed newc cpio: it boots faster than a
# compressed one under emulation) for one of Debian's kernels fetched by
# `make deps`:
#   - busybox-static as the base, merged-usr layout;
#   - the tools the suites use, with their shared libraries: bash, ip, ss,
#     wg, wg-quick, wireguard-go, iperf3, ping, nft, iptables, kmod, ...
#     (x86_64: the host's binaries and their `ldd` libraries; arm64: the
#     arm64 userland that deps.sh extracted);
#   - the kernel's modules a suite may need (the in-tree wireguard and its
#     dependencies, veth, tun, netfilter, ...), decompressed and depmod'ed;
#   - /init (init.sh).
# The test, its files and our module are appended at boot as a second small
# cpio by run-in-vm.sh, so changing them costs no rebuild of this one.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

arch=${1:?usage: mkinitramfs.sh ARCH SERIES OUT}
series=${2:?usage: mkinitramfs.sh ARCH SERIES OUT}
out=${3:?usage: mkinitramfs.sh ARCH SERIES OUT}
kd=$(kernel_dir "$arch" "$series")
krel=$(cat "$kd/KREL")
modsrc=$kd/root/lib/modules/$krel

root=$(mktemp -d "$WG_CACHE/.initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/usr/{bin,sbin,lib} "$root"/{dev,proc,sys,tmp,run,etc,root,test,mnt,var}
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
ln -s usr/lib "$root/lib"
ln -s ../run "$root/var/run"
chmod 1777 "$root/tmp"

# copy a file (links dereferenced) to the same path inside the image
put() {
	local src=$1 dst=${2:-$1}
	mkdir -p "$root$(dirname "$dst")"
	rm -f "$root$dst"
	cp -L "$src" "$root$dst"
}

if [[ $arch = amd64 ]]; then
	mkdir -p "$root/usr/lib64"
	ln -s usr/lib64 "$root/lib64"
	put /usr/bin/busybox /usr/bin/busybox
	add_libs() {
		local f lib
		for f; do
			ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
				[[ -e $root$lib ]] || put "$lib"
			done
		done
	}
	add_bin() {
		local path
		path=$(command -v "$1" 2>/dev/null) || { warn "host lacks $1 (skipped)"; return 0; }
		put "$(readlink -f "$path")" "/usr/bin/$1"
		add_libs "$(readlink -f "$path")"
	}
	for b in bash ip ss tc genl wg wireguard-go iperf3 ping nft kmod timeout strace tcpdump \
		ethtool xxd killall pkill pgrep ps stat date env seq head tail sort uniq wc tr cut \
		cat ls dd nproc getent taskset xtables-legacy-multi xtables-nft-multi; do
		add_bin "$b"
	done
	[[ -x /usr/bin/wg-quick ]] && put /usr/bin/wg-quick
	[[ -d /usr/lib/x86_64-linux-gnu/xtables ]] && {
		mkdir -p "$root/usr/lib/x86_64-linux-gnu"
		cp -a /usr/lib/x86_64-linux-gnu/xtables "$root/usr/lib/x86_64-linux-gnu/"
		add_libs /usr/lib/x86_64-linux-gnu/xtables/*.so
	}
	for t in iptables ip6tables iptables-save iptables-restore; do
		[[ -e $root/usr/bin/xtables-legacy-multi ]] && ln -sf xtables-legacy-multi "$root/usr/bin/$t"
	done
else
	# The foreign userland extracted by deps.sh, folded into merged-usr.
	ur=$kd/userroot
	for d in bin sbin lib; do
		[[ -d $ur/$d && ! -L $ur/$d ]] && cp -a "$ur/$d/." "$root/usr/$d/"
	done
	cp -a "$ur/usr/." "$root/usr/"
	[[ -d $ur/etc ]] && cp -a "$ur/etc/." "$root/etc/"
	rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/locale"
fi

# busybox applets fill every gap; real tools above take precedence
for a in $("$root/usr/bin/busybox" --list 2>/dev/null || /usr/bin/busybox --list); do
	[[ -e $root/usr/bin/$a || -e $root/usr/sbin/$a ]] || ln -s busybox "$root/usr/bin/$a"
done
for k in modprobe insmod rmmod lsmod depmod modinfo; do
	rm -f "$root/usr/sbin/$k" "$root/usr/bin/$k"
	ln -s ../bin/kmod "$root/usr/sbin/$k"
done
[[ -e $root/usr/bin/ping ]] && ln -sf ping "$root/usr/bin/ping6"

for f in /etc/protocols /etc/services /etc/nsswitch.conf; do [[ -e $f ]] && put "$f"; done
echo 'root:x:0:0:root:/root:/bin/bash' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
printf '127.0.0.1 localhost vm\n::1 localhost\n' > "$root/etc/hosts"
# Out-of-tree modules win over in-tree ones of the same name, as with DKMS.
mkdir -p "$root/etc/depmod.d"
echo 'search updates extra built-in' > "$root/etc/depmod.d/00-updates-first.conf"

# Kernel modules: each wanted one with its dependencies, decompressed.
mods=(wireguard tun veth dummy bridge macvlan ipvlan vxlan udp_tunnel ip6_udp_tunnel
	nf_conntrack nf_nat nf_tables nft_compat nft_chain_nat nft_masq nft_ct nft_reject_inet
	nft_fib_inet nft_limit nft_counter x_tables ip_tables ip6_tables iptable_filter
	iptable_nat iptable_mangle iptable_raw ip6table_filter ip6table_raw xt_mark xt_MASQUERADE
	xt_conntrack xt_tcpudp xt_addrtype xt_length xt_u32 xt_connmark ipt_REJECT ip6t_REJECT
	sch_netem sch_fq sch_fq_codel af_packet ipv6 virtio_net virtio_pci virtio_mmio)
mkdir -p "$root/lib/modules/$krel"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[[ -f $modsrc/$f ]] && cp "$modsrc/$f" "$root/lib/modules/$krel/"
done
declare -A seen=()
n=0
for m in "${mods[@]}"; do
	deps=$(modprobe -d "$kd/root" -S "$krel" --show-depends "$m" 2>/dev/null) || continue
	while read -r kind path _; do
		[[ $kind == insmod && -z ${seen[$path]:-} ]] || continue
		seen[$path]=1
		rel=${path#"$modsrc"/}
		dst=$root/lib/modules/$krel/${rel%.xz}
		mkdir -p "$(dirname "$dst")"
		case $path in
		*.ko.xz) xz -dc "$path" > "$dst" ;;
		*) cp "$path" "$dst" ;;
		esac
		n=$((n + 1))
	done <<<"$deps"
done
sed -i 's/\.ko\.xz$/.ko/' "$root/lib/modules/$krel/modules.order" 2>/dev/null || true
depmod -b "$root" "$krel"

install -m 755 "$here/init.sh" "$root/init"
tmp=$out.tmp.$$
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$tmp"
mv "$tmp" "$out"
say "$arch $krel: $n modules, $(du -h "$out" | cut -f1) initramfs"
