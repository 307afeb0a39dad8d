#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-tree.sh DIR [--replace|--beside]
#
# Puts this module into the kernel source tree DIR, so a vendor (BSP) kernel
# build can have it as =m or =y like any driver:
#
#   --beside (default): drivers/net/wireguard-oot/, Kconfig symbol
#       CONFIG_WIREGUARD_OOT ("depends on WIREGUARD=n", so the in-tree driver
#       and this one are never both chosen); the module is still called
#       wireguard(.ko). The in-tree driver stays untouched.
#   --replace: drivers/net/wireguard/ holds this module instead of the
#       in-tree driver, under the same CONFIG_WIREGUARD symbol (the in-tree
#       WIREGUARD and WIREGUARD_DEBUG entries are swapped for ours), so an
#       existing defconfig with CONFIG_WIREGUARD=m/y picks it up unchanged.
#       One way: undo it with your tree's version control.
#
# Rerunning refreshes the copied sources (edits marked "wireguard-oot" in
# drivers/net/Kconfig and drivers/net/Makefile are rewritten, not doubled).
# Then, e.g.:  make olddefconfig && make drivers/net/wireguard-oot/
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "kernel-tree.sh: error: $*" >&2; exit 1; }
usage() { echo "usage: kernel-tree.sh DIR [--replace|--beside]" >&2; exit 2; }

ktree='' mode=beside
for a in "$@"; do
	case $a in
	--replace) mode=replace ;;
	--beside) mode=beside ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) [[ -z $ktree ]] || usage; ktree=$a ;;
	esac
done
[[ -n $ktree ]] || usage
kconfig=$ktree/drivers/net/Kconfig
kmake=$ktree/drivers/net/Makefile
[[ -f $kconfig && -f $kmake && -f $ktree/Makefile ]] ||
	die "$ktree does not look like a kernel source tree (no drivers/net/Kconfig)"
grep -q '^config WIREGUARD$' "$kconfig" || grep -q '^# wireguard-oot begin' "$kconfig" ||
	die "$kconfig has no WIREGUARD entry to replace or to sit beside (kernel older than 5.6?)"

if [[ $mode = replace ]]; then
	sym=WIREGUARD dir=wireguard
else
	sym=WIREGUARD_OOT dir=wireguard-oot
	grep -q '^# wireguard-oot begin (replace)' "$kconfig" &&
		die "this tree was set up with --replace: the in-tree entries are gone; restore them first"
fi
dest=$ktree/drivers/net/$dir

# 1. the sources: what Kbuild needs, nothing from a build
rm -rf "$dest"
mkdir -p "$dest"
(cd "$top" && tar -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' --exclude='README*' \
	Kbuild src include crypto) | tar -x -C "$dest"
# Our Kbuild builds an external module (obj-m); in a tree it follows Kconfig.
sed -i "s/^obj-m := wireguard\\.o\$/obj-\$(CONFIG_$sym) += wireguard.o/" "$dest/Kbuild"
grep -q "^obj-\$(CONFIG_$sym) += wireguard.o\$" "$dest/Kbuild" ||
	die "could not turn obj-m into obj-\$(CONFIG_$sym) in $dest/Kbuild"
cp "$top/LICENSE" "$dest/" 2>/dev/null || true
# A stale source copy of the other mode would be dead weight: say so.
other=$ktree/drivers/net/$([[ $mode = replace ]] && echo wireguard-oot || echo wireguard)
[[ $mode = replace && -d $other ]] &&
	echo "kernel-tree.sh: note: $other is left from an earlier --beside; remove it if unwanted" >&2

# 2. drivers/net/Kconfig: drop our earlier block, then add ours
awk '/^# wireguard-oot begin/{skip=1} !skip{print} /^# wireguard-oot end/{skip=0}' \
	"$kconfig" > "$kconfig.wg-tmp"
entry() {
	echo "# wireguard-oot begin ($mode): written by tools/kernel-tree.sh"
	echo "config $sym"
	echo "	tristate \"WireGuard secure network tunnel (wireguard-oot implementation)\""
	echo "	depends on NET && INET"
	echo "	depends on IPV6 || !IPV6"
	[[ $mode = beside ]] && echo "	depends on WIREGUARD=n"
	echo "	select NET_UDP_TUNNEL"
	echo "	select DST_CACHE"
	echo "	select GRO_CELLS"
	echo "	select CRYPTO"
	echo "	help"
	echo "	  WireGuard from the wireguard-oot sources: a drop-in for the"
	echo "	  kernel's own driver, with its own ChaCha20-Poly1305, BLAKE2s and"
	echo "	  Curve25519 (SIMD paths chosen at load). The module is named"
	echo "	  wireguard either way."
	[[ $mode = beside ]] && echo "	  Sits beside the in-tree driver: choose one (WIREGUARD=n here)."
	echo "# wireguard-oot end"
}
if [[ $mode = replace ]]; then
	# swap the in-tree WIREGUARD and WIREGUARD_DEBUG entries for ours: each
	# entry runs to the next config/menuconfig/if/endif/source/menu line
	entry > "$kconfig.wg-entry"
	awk -v ef="$kconfig.wg-entry" '
		function flush() { while ((getline l < ef) > 0) print l; close(ef); print "" }
		/^config WIREGUARD(_DEBUG)?$/ { if (!done) { flush(); done = 1 } skip = 1; next }
		skip && /^(config|menuconfig|if|endif|source|menu|endmenu|choice|comment) / { skip = 0 }
		skip && /^(endif|endmenu|endchoice)$/ { skip = 0 }
		!skip { print }
		END { if (!done) exit 1 }' "$kconfig.wg-tmp" > "$kconfig.wg-new" ||
		die "could not find the in-tree WIREGUARD entry in $kconfig"
	rm -f "$kconfig.wg-entry"
else
	entry > "$kconfig.wg-entry"
	# just before the in-tree entry, inside the same menu/if
	awk -v ef="$kconfig.wg-entry" '
		/^config WIREGUARD$/ { while ((getline l < ef) > 0) print l; print "" }
		{ print }' "$kconfig.wg-tmp" > "$kconfig.wg-new"
	rm -f "$kconfig.wg-entry"
fi
mv "$kconfig.wg-new" "$kconfig"
rm -f "$kconfig.wg-tmp"

# 3. drivers/net/Makefile: --replace keeps obj-$(CONFIG_WIREGUARD) += wireguard/
if [[ $mode = beside ]]; then
	sed -i '/# wireguard-oot$/d' "$kmake"
	sed -i "/^obj-\$(CONFIG_WIREGUARD) += wireguard\\/\$/a obj-\$(CONFIG_WIREGUARD_OOT) += wireguard-oot/ # wireguard-oot" "$kmake"
	grep -q '^obj-$(CONFIG_WIREGUARD_OOT) += wireguard-oot/' "$kmake" ||
		die "could not add our line to $kmake"
fi

echo "kernel-tree.sh: $mode: drivers/net/$dir, CONFIG_$sym" >&2
echo "  next: make menuconfig (or olddefconfig with CONFIG_$sym=m|y), then make" >&2
