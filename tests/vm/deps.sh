#!/bin/bash
# deps.sh: install and cache, idempotently and with apt only, everything that
# building and testing need (`make deps` runs this).
#
#  1. host packages (compilers, qemu, sparse, libmnl, wireguard-tools, ...),
#     installed with apt-get only when one is missing;
#  2. Debian's amd64 kernels 6.1 and 6.12: headers installed with apt (so
#     /usr/src/linux-headers-KREL is a KERNELDIR and DKMS finds it), the
#     image extracted into the cache (never installed: the host cannot boot it);
#  3. Debian's arm64 kernels 6.1 and 6.12: image, headers (+ -common) and the
#     amd64 kbuild tools of the same version extracted into the cache, so
#     cross builds work with no kernel source tree; plus an arm64 userland
#     (busybox, iproute2, wg, ...) for arm64 guests. A private APT_CONFIG
#     keeps the host's dpkg architectures untouched.
#
# Everything large lives in $WG_CACHE (default: ~/.cache/wireguard-oot, outside
# the work tree, since Kbuild's clean deletes every *.ko below M=). A second
# run downloads nothing. Results: $WG_CACHE/kernels/<arch>-<ver>/
# with a KREL file naming the exact release.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

export DEBIAN_FRONTEND=noninteractive

HOST_PACKAGES=(
	build-essential make gcc clang python3 sparse pkg-config libmnl-dev libsodium-dev libssl-dev
	valgrind llvm libclang-rt-14-dev
	kmod cpio xz-utils zstd bc flex bison libelf-dev pahole dkms linux-source-6.1
	qemu-system-x86 qemu-system-arm qemu-user-static busybox-static
	iproute2 iputils-ping wireguard-tools wireguard-go iperf3 ncat nftables iptables
	strace tcpdump ethtool conntrack xxd psmisc procps util-linux rsync debootstrap
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
)

apt_updated=0
apt_update_once() {
	[[ $apt_updated = 1 ]] && return
	say "apt-get update"
	apt-get -q update >/dev/null
	apt_updated=1
}

install_host_packages() {
	local missing=() p
	for p in "${HOST_PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return
	apt_update_once
	say "installing: ${missing[*]}"
	apt-get -q install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# Newest release of a series, e.g. 6.1 -> 6.1.0-56-amd64, 6.12 -> 6.12.117+deb12-amd64.
resolve_amd64_krel() {
	local series=$1 re
	case $series in
	6.1) re='^linux-headers-6\.1\.0-[0-9]+-amd64$' ;;
	6.12) re='^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' ;;
	*) die "unknown kernel series $series" ;;
	esac
	apt-cache search --names-only "$re" | cut -d' ' -f1 |
		sed 's/^linux-headers-//' | sort -V | tail -1
}

fetch_amd64_kernel() {
	local series=$1 krel deb
	local dir=$WG_CACHE/kernels/amd64-$series
	if [[ -f $dir/KREL ]]; then
		krel=$(cat "$dir/KREL")
		if [[ -f $dir/root/boot/vmlinuz-$krel && -d /usr/src/linux-headers-$krel ]]; then
			return
		fi
	fi
	apt_update_once
	krel=$(resolve_amd64_krel "$series")
	[[ -n $krel ]] || die "cannot find Debian's amd64 $series kernel in apt"
	say "amd64 $series: $krel"
	dpkg-query -W -f='${Status}' "linux-headers-$krel" 2>/dev/null | grep -q 'install ok installed' ||
		apt-get -q install -y --no-install-recommends "linux-headers-$krel" >/dev/null
	mkdir -p "$WG_CACHE/debs" "$dir"
	(cd "$WG_CACHE/debs" && apt-get -q -o APT::Sandbox::User=root download "linux-image-$krel-unsigned" >/dev/null)
	deb=$(ls -t "$WG_CACHE"/debs/linux-image-"$krel"-unsigned_*.deb | head -1)
	rm -rf "$dir/root"
	mkdir -p "$dir/root"
	dpkg-deb -x "$deb" "$dir/root"
	depmod -b "$dir/root" "$krel"
	echo "$krel" > "$dir/KREL"
}

# private_apt_conf DIR ARCH...: an apt configuration whose state, cache and
# sources all live in DIR, seeing amd64 and the ARCHes.
private_apt_conf() {
	local a=$1 arches='"amd64";' x
	shift
	for x in "$@"; do arches+=" \"$x\";"; done
	mkdir -p "$a"/lists/partial "$a"/cache/archives/partial "$a"/prefs.d
	touch "$a/status"
	cat > "$a/apt.conf" <<-EOC
	Dir::State::Lists "$a/lists";
	Dir::State::status "$a/status";
	Dir::Cache "$a/cache";
	Dir::Etc::SourceList "$a/sources.list";
	Dir::Etc::SourceParts "$a/none";
	Dir::Etc::PreferencesParts "$a/prefs.d";
	APT::Architecture "amd64";
	APT::Architectures { $arches };
	Acquire::Retries "3";
	EOC
}

# Private apt state for foreign-architecture downloads.
foreign_apt() {
	local arch=$1
	local a=$WG_CACHE/apt-$arch
	export APT_CONFIG=$a/apt.conf
	[[ -f $a/updated ]] && return
	private_apt_conf "$a" "$arch"
	local k=/usr/share/keyrings/debian-archive-keyring.gpg
	{
		echo "deb [signed-by=$k] http://deb.debian.org/debian bookworm main"
		echo "deb [signed-by=$k] http://deb.debian.org/debian bookworm-updates main"
		echo "deb [signed-by=$k] http://deb.debian.org/debian-security bookworm-security main"
	} > "$a/sources.list"
	if ! apt-get -q update > "$a/update.log" 2>&1; then
		# A mirror mid-sync on one suite drops it; fall back to main alone
		# so that image, headers and kbuild versions stay consistent.
		warn "apt update for $arch with security failed; using bookworm main only"
		sed -i '/debian-security/d' "$a/sources.list"
		rm -rf "$a"/lists/*; mkdir -p "$a"/lists/partial
		apt-get -q update >> "$a/update.log" 2>&1
	fi
	touch "$a/updated"
}

# Packages of the guest userland for a foreign architecture.
FOREIGN_USERLAND=(busybox-static iproute2 wireguard-tools wireguard-go iperf3 bash kmod iputils-ping)

fetch_foreign_kernel() {
	local arch=$1 series=$2 krel ver kb common
	local dir=$WG_CACHE/kernels/$arch-$series
	[[ -f $dir/KREL && -d $dir/root/boot && -d $dir/userroot/bin ]] && return
	foreign_apt "$arch"
	local flavour
	case $arch in arm64) flavour=arm64 ;; armhf) flavour=armmp ;; esac
	case $series in
	6.12) krel=$(apt-cache search --names-only "^linux-headers-6\.12\.[0-9]+\+deb12-$flavour\$" |
		cut -d' ' -f1 | sed 's/^linux-headers-//' | sort -V | tail -1) ;;
	6.1) krel=$(apt-cache search --names-only "^linux-headers-6\.1\.0-[0-9]+-$flavour\$" |
		cut -d' ' -f1 | sed 's/^linux-headers-//' | sort -V | tail -1) ;;
	esac
	[[ -n $krel ]] || die "cannot find Debian's $arch $series kernel in apt"
	ver=$(apt-cache show "linux-headers-$krel:$arch" | sed -n 's/^Version: //p' | sort -V | tail -1)
	kb=$(apt-cache show "linux-headers-$krel:$arch=$ver" |
		sed -n 's/^Depends: .*\(linux-kbuild-[^ ,]*\).*/\1/p' | head -1)
	common=$(apt-cache show "linux-headers-$krel:$arch=$ver" |
		sed -n 's/^Depends: .*\(linux-headers-[^ ,]*-common[^ ,]*\).*/\1/p' | head -1)
	say "$arch $series: $krel ($ver; $kb, $common)"
	local debs=$WG_CACHE/debs-$arch-$series
	rm -rf "$debs"; mkdir -p "$debs"
	# The amd64 kbuild tools must be the same source version as the headers.
	(cd "$debs" && apt-get -q -o APT::Sandbox::User=root download "linux-image-$krel:$arch=$ver" \
		"linux-headers-$krel:$arch=$ver" "$common=$ver" "$kb:amd64=$ver" >/dev/null)
	local libs
	libs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances \
		$(printf '%s:'"$arch"' ' "${FOREIGN_USERLAND[@]}") 2>/dev/null |
		grep -E "^(lib[^ ]*|zlib1g):$arch\$" | sort -u |
		grep -vE '^lib(debian-installer|newt|slang|textwrap)' || true)
	(cd "$debs" && apt-get -q -o APT::Sandbox::User=root download $(printf '%s:'"$arch"' ' "${FOREIGN_USERLAND[@]}") \
		$libs >/dev/null)
	rm -rf "$dir"; mkdir -p "$dir/root" "$dir/userroot"
	local d
	for d in "$debs"/linux-*.deb; do dpkg-deb -x "$d" "$dir/root"; done
	for d in "$debs"/*_"$arch".deb; do
		case $(basename "$d") in linux-*) ;; *) dpkg-deb -x "$d" "$dir/userroot" ;; esac
	done
	local kdir=$dir/root/usr/src/linux-headers-$krel
	# Debian's arch headers Makefile includes the -common tree by absolute path.
	sed -i "s#^include /usr/src/#include $dir/root/usr/src/#" "$kdir/Makefile"
	depmod -b "$dir/root" "$krel"
	echo "$krel" > "$dir/KREL"
	rm -rf "$debs"
	unset APT_CONFIG
}

# ---- kernels beyond bookworm: 5.10 (bullseye) and 7.3 (trixie-backports)
#
# suite_apt NAME SUITE...: a private apt state that sees those Debian
# suites for amd64, arm64 and armhf, so the host's own sources stay as they
# are. Exports APT_CONFIG for the caller's subshell.
suite_apt() {
	local name=$1 a=$WG_CACHE/apt-$1 s k=/usr/share/keyrings/debian-archive-keyring.gpg
	shift
	export APT_CONFIG=$a/apt.conf
	[[ -f $a/updated ]] && return
	private_apt_conf "$a" arm64 armhf
	for s in "$@"; do echo "deb [signed-by=$k] http://deb.debian.org/debian $s main"; done > "$a/sources.list"
	apt-get -q update > "$a/update.log" 2>&1 || { cat "$a/update.log" >&2; die "apt update for $*"; }
	touch "$a/updated"
}

# The 7.x kbuild tools need trixie's glibc and the kernel's gcc-14: module
# builds for 7.x run in a trixie chroot (tests/vm/build-module.sh does it),
# which also holds the DKMS upgrade test (tests/dkms/check-dkms.sh).
TRIXIE_ROOT=$WG_CACHE/trixie-root
TRIXIE_PACKAGES=(build-essential gcc-14 gcc-14-aarch64-linux-gnu gcc-aarch64-linux-gnu sparse bc flex bison
	libelf-dev libssl-dev pahole kmod rsync dkms xz-utils zstd)
fetch_trixie_root() {
	[[ -f $TRIXIE_ROOT/.ready ]] && return
	say "trixie chroot for 7.x builds: $TRIXIE_ROOT (debootstrap, about a minute)"
	rm -rf "$TRIXIE_ROOT"
	debootstrap --variant=buildd trixie "$TRIXIE_ROOT" http://deb.debian.org/debian > "$WG_CACHE/debootstrap.log" 2>&1 ||
		{ tail -20 "$WG_CACHE/debootstrap.log" >&2; die "debootstrap trixie failed"; }
	printf '%s\n' "deb http://deb.debian.org/debian trixie main" \
		"deb http://deb.debian.org/debian trixie-backports main" > "$TRIXIE_ROOT/etc/apt/sources.list"
	# no daemons in a chroot (dkms and kernel hooks try to)
	printf '#!/bin/sh\nexit 101\n' > "$TRIXIE_ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$TRIXIE_ROOT/usr/sbin/policy-rc.d"
	env -u APT_CONFIG chroot "$TRIXIE_ROOT" apt-get -q update >/dev/null
	env -u APT_CONFIG chroot "$TRIXIE_ROOT" apt-get -q install -y --no-install-recommends "${TRIXIE_PACKAGES[@]}" >>"$WG_CACHE/trixie-apt.log" 2>&1 ||
		die "installing the build tools in the trixie chroot failed"
	touch "$TRIXIE_ROOT/.ready"
}

# For tests/dkms/check-dkms-upgrade.sh: trixie's newest 6.12 headers
# installed in the chroot (the kernel a user runs today) and the 7.3 headers
# downloaded but not installed (the upgrade the test performs, offline).
prepare_dkms_upgrade() {
	local h612 h73
	[[ -f $TRIXIE_ROOT/.dkms-upgrade-ready ]] && return
	fetch_trixie_root
	h612=$(env -u APT_CONFIG chroot "$TRIXIE_ROOT" apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb13-amd64$' |
		cut -d' ' -f1 | sort -V | tail -1)
	h73=linux-headers-$(cat "$WG_CACHE/kernels/amd64-7.3/KREL")
	[[ -n $h612 ]] || die "no 6.12 headers in trixie"
	say "DKMS upgrade test: $h612 installed in the trixie chroot, $h73 downloaded"
	env -u APT_CONFIG chroot "$TRIXIE_ROOT" apt-get -q install -y --no-install-recommends "$h612" >>"$WG_CACHE/trixie-apt.log" 2>&1 ||
		die "installing $h612 in the trixie chroot failed"
	env -u APT_CONFIG chroot "$TRIXIE_ROOT" apt-get -q install -y --no-install-recommends --download-only "$h73" >>"$WG_CACHE/trixie-apt.log" 2>&1 ||
		die "downloading $h73 in the trixie chroot failed"
	echo "${h612#linux-headers-}" > "$TRIXIE_ROOT/.dkms-upgrade-ready"
}

# fetch_suite_kernel ARCH SERIES: Debian's kernel image, headers (+common)
# and the amd64 kbuild tools of the same version, extracted into
# $WG_CACHE/kernels/ARCH-SERIES/root. 7.x lives in the trixie chroot (its
# kbuild runs there); a BUILD_CHROOT file says so. Guests of these kernels
# use the bookworm userland fetched for 6.1.
fetch_suite_kernel() {
	local arch=$1 series=$2 flavour re suites name krel ver kb common img
	local dir=$WG_CACHE/kernels/$arch-$series
	[[ -f $dir/KREL && -e $dir/root/boot/vmlinuz-$(cat "$dir/KREL") ]] && return
	case $arch in amd64) flavour=amd64 ;; arm64) flavour=arm64 ;; armhf) flavour=armmp ;; esac
	case $series in
	5.10) name=bullseye; suites=(bullseye); re="^linux-headers-5\.10\.0-[0-9]+-$flavour\$" ;;
	7.3) name=trixie; suites=(trixie trixie-backports); re="^linux-headers-7\.3\.[0-9]+\+deb13-$flavour\$" ;;
	*) die "unknown kernel series $series" ;;
	esac
	(
	suite_apt "$name" "${suites[@]}"
	krel=$(apt-cache search --names-only "$re" | cut -d' ' -f1 | sed 's/^linux-headers-//' | sort -V | tail -1)
	[[ -n $krel ]] || die "cannot find Debian's $arch $series kernel in apt"
	ver=$(apt-cache show "linux-headers-$krel:$arch" | sed -n 's/^Version: //p' | sort -V | tail -1)
	kb=$(apt-cache show "linux-headers-$krel:$arch=$ver" |
		sed -n 's/^Depends: .*\(linux-kbuild-[^ ,]*\).*/\1/p' | head -1)
	common=$(apt-cache show "linux-headers-$krel:$arch=$ver" |
		sed -n 's/^Depends: .*\(linux-headers-[^ ,]*-common[^ ,]*\).*/\1/p' | head -1)
	case $series in
	7.*) img=("linux-binary-$krel:$arch=$ver" "linux-modules-$krel:$arch=$ver") ;;
	*) img=("linux-image-$krel$([[ $arch = armhf ]] || echo -unsigned):$arch=$ver") ;;
	esac
	say "$arch $series: $krel ($ver; $kb, $common)"
	local debs=$WG_CACHE/debs-$arch-$series root=$dir/root inroot=
	rm -rf "$debs"; mkdir -p "$debs"
	(cd "$debs" && apt-get -q -o APT::Sandbox::User=root download "${img[@]}" \
		"linux-headers-$krel:$arch=$ver" "$common=$ver" "$kb:amd64=$ver" >/dev/null) ||
		die "download of the $arch $series kernel failed"
	rm -rf "$dir"; mkdir -p "$dir"
	if [[ $series = 7.* ]]; then
		fetch_trixie_root
		inroot=/opt/wg-kernels/$arch-$series
		rm -rf "${TRIXIE_ROOT:?}$inroot"; mkdir -p "$TRIXIE_ROOT$inroot"
		ln -s "$TRIXIE_ROOT$inroot" "$root"
		echo "$TRIXIE_ROOT" > "$dir/BUILD_CHROOT"
	else
		mkdir -p "$root"
	fi
	local d
	for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$root/"; done
	# 7.x keeps its image and modules under /usr/lib/modules only.
	[[ -e $root/lib ]] || ln -s usr/lib "$root/lib"
	if [[ ! -e $root/boot/vmlinuz-$krel && -f $root/usr/lib/modules/$krel/vmlinuz ]]; then
		mkdir -p "$root/boot"
		ln -s "../usr/lib/modules/$krel/vmlinuz" "$root/boot/vmlinuz-$krel"
	fi
	local kdir=$root/usr/src/linux-headers-$krel
	# the arch headers' Makefile names the -common tree (and on 7.x itself,
	# as KBUILD_OUTPUT) by absolute path
	sed -i "s#/usr/src/#${inroot:-$root}/usr/src/#g" "$kdir/Makefile"
	depmod -b "$root" "$krel"
	[[ $arch = amd64 ]] || ln -s "$(kernel_dir "$arch" 6.1)/userroot" "$dir/userroot"
	echo "$krel" > "$dir/KREL"
	rm -rf "$debs"
	)
}

main() {
	[[ $(id -u) = 0 ]] || die "make deps needs root (apt-get); run it with sudo"
	install_host_packages
	fetch_amd64_kernel 6.1
	fetch_amd64_kernel 6.12
	fetch_foreign_kernel arm64 6.1
	fetch_foreign_kernel arm64 6.12
	fetch_foreign_kernel armhf 6.1
	fetch_suite_kernel amd64 5.10
	fetch_suite_kernel arm64 5.10
	fetch_suite_kernel armhf 5.10
	fetch_suite_kernel amd64 7.3
	fetch_suite_kernel arm64 7.3
	prepare_dkms_upgrade
	local d
	for d in "$WG_CACHE"/kernels/*/KREL; do
		say "kernel ready: $(basename "$(dirname "$d")") $(cat "$d")"
	done
}

main "$@"
