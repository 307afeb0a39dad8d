#!/bin/bash
# `make demo`: boot Debian's 6.12 kernel in a guest with our module and show
# it at work. DEMO_KERNEL / DEMO_ARCH pick another guest.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec bash "$here/run-in-vm.sh" --kernel "${DEMO_KERNEL:-6.12}" --arch "${DEMO_ARCH:-x86_64}" \
	--timeout 600 "$here/demo-guest.sh"
