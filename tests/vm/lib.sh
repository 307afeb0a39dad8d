# Shared helpers for the scripts in tests/vm (sourced, not run).
WG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Outside the work tree: Kbuild's `clean` deletes every *.ko below M=.
WG_CACHE=${WG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wireguard-oot}

say() { echo "[${0##*/}] $*" >&2; }
warn() { echo "[${0##*/}] warning: $*" >&2; }
die() { echo "[${0##*/}] error: $*" >&2; exit 1; }

# kernel_dir ARCH SERIES: the cache folder of a fetched kernel (dies with a
# clear message naming `make deps` when it is missing).
kernel_dir() {
	local d=$WG_CACHE/kernels/$1-$2
	[[ -f $d/KREL ]] || die "no $1 $2 kernel in $WG_CACHE/kernels: run \`make deps\` first"
	echo "$d"
}
kernel_release() { cat "$(kernel_dir "$1" "$2")/KREL"; }

# headers_dir ARCH SERIES: a KERNELDIR to build modules against.
headers_dir() {
	local d krel
	d=$(kernel_dir "$1" "$2") || exit 1
	krel=$(cat "$d/KREL")
	if [[ -d $d/build ]]; then
		# a kernel we built ourselves (build-debug-kernel.sh): its object tree
		echo "$d/build"
	elif [[ ($1 = amd64 || $1 = x86_64) && ! -d $d/root/usr/src/linux-headers-$krel ]]; then
		# bookworm's kernels: headers installed with apt, as DKMS wants
		echo "/usr/src/linux-headers-$krel"
	else
		echo "$d/root/usr/src/linux-headers-$krel"
	fi
}
