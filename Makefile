# SPDX-License-Identifier: GPL-2.0
#
# Entry point for building, installing and testing the module, the tool and
# the tests. `make help` lists the targets.

WG_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
WG_VERSION := $(shell sed -n 's/^\#define WG_MODULE_VERSION "\(.*\)"/\1/p' $(WG_TOP)/src/version.h)

KERNELRELEASE_HOST := $(shell uname -r)
KERNELDIR ?= /lib/modules/$(KERNELRELEASE_HOST)/build
PREFIX ?= /usr
DESTDIR ?=

# Forwarded to Kbuild only when given, so a native build stays native.
KBUILD_ARGS := $(if $(ARCH),ARCH=$(ARCH)) $(if $(CROSS_COMPILE),CROSS_COMPILE=$(CROSS_COMPILE)) \
	$(if $(C),C=$(C)) $(if $(V),V=$(V))

.PHONY: all module clean help tools deps demo install dkms-install \
	check check-all check-build check-unit check-interop check-vm check-cross check-dkms check-debug \
	bench bench-crypto bench-tunnel check-kerneldir check-kernel-tree

all: module

check-kerneldir:
	@if [ ! -f "$(KERNELDIR)/Makefile" ]; then \
		echo "error: no kernel build folder at $(KERNELDIR)." >&2; \
		echo "  Install headers for your kernel (apt-get install linux-headers-$(KERNELRELEASE_HOST))," >&2; \
		echo "  or run \`make deps\` and build against Debian's kernels, e.g." >&2; \
		echo "  make KERNELDIR=/usr/src/linux-headers-$$(cat $(WG_TOP)/.cache/kernels/amd64-6.12/KREL 2>/dev/null || echo 6.12.X+deb12-amd64)" >&2; \
		exit 2; \
	fi

module: check-kerneldir
	@sh $(WG_TOP)/tools/kconfig-check.sh $(KERNELDIR)
	$(MAKE) -C $(KERNELDIR) M=$(WG_TOP) $(KBUILD_ARGS) modules

clean:
	@if [ -f "$(KERNELDIR)/Makefile" ]; then $(MAKE) -C $(KERNELDIR) M=$(WG_TOP) clean; fi
	@if [ -f tools/wg/Makefile ]; then $(MAKE) -C tools/wg clean; fi
	rm -rf tests/unit/*/build tests/interop/build

help:
	@echo "make                 build wireguard.ko for KERNELDIR ($(KERNELDIR))"
	@echo "make tools           build tools/wg/wg"
	@echo "make deps            install and cache everything the build and tests need (apt)"
	@echo "make demo            boot a guest, load the module, show it working"
	@echo "make check           the tests that fit CI: every kernel, every suite once per arch (<= 60 min)"
	@echo "make check-all       the whole matrix: every suite x kernel x arch x module (hours)"
	@echo "make check-unit      userspace unit tests (ASan/UBSan)"
	@echo "make check-build     module builds for Debian 5.10, 6.1, 6.12, 7.3 amd64, -Werror, sparse"
	@echo "make check-cross     cross builds for arm64 (5.10, 6.1, 6.12, 7.3) and armhf (5.10, 6.1)"
	@echo "make check-kernel-tree  the module built inside Debian's linux-source-6.1"
	@echo "make check-vm        every guest suite on every kernel and arch, ours and in-tree"
	@echo "make check-interop   protocol core against wireguard-go"
	@echo "make check-dkms      dkms add/build/install/remove; DKMS across a 6.12 -> 7.3 upgrade"
	@echo "make check-debug     every guest suite on a KASAN/lockdep/kmemleak 6.1 kernel"
	@echo "make bench           benchmarks (BENCH lines)"
	@echo "make install         modules_install + depmod for KERNELDIR; tools to PREFIX"

tools:
	@if [ ! -f tools/wg/Makefile ]; then echo "tools/wg is not written yet" >&2; exit 1; fi
	$(MAKE) -C tools/wg

deps:
	bash tests/vm/deps.sh

demo:
	bash tests/vm/demo.sh

install: module
	$(MAKE) -C $(KERNELDIR) M=$(WG_TOP) $(KBUILD_ARGS) INSTALL_MOD_DIR=updates modules_install
	depmod -a $$(sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KERNELDIR)/include/generated/utsrelease.h)
	@if [ -f tools/wg/Makefile ]; then $(MAKE) -C tools/wg install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR); fi

# KERNELDIR given: that kernel's release only; otherwise every kernel in
# /lib/modules that has headers.
dkms-install:
	bash tools/dkms-install.sh $(if $(filter command line environment,$(origin KERNELDIR)),-k $$(sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KERNELDIR)/include/generated/utsrelease.h))

# ---------------------------------------------------------------- tests ---
# `make check` runs every test that exists; each part below names itself.
check:
	bash tests/check.sh

check-all:
	bash tests/check.sh --all

check-unit:
	bash tests/unit/run.sh

check-build:
	@test "$$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)" = "$(WG_VERSION)" || \
		{ echo "dkms.conf PACKAGE_VERSION differs from src/version.h ($(WG_VERSION))" >&2; exit 1; }
	bash tests/vm/build-module.sh --check amd64 5.10
	bash tests/vm/build-module.sh --check amd64 6.1
	bash tests/vm/build-module.sh --check amd64 6.12
	bash tests/vm/build-module.sh --check amd64 7.3

check-cross:
	bash tests/vm/build-module.sh --werror arm64 5.10
	bash tests/vm/build-module.sh --werror arm64 6.1
	bash tests/vm/build-module.sh --werror arm64 6.12
	bash tests/vm/build-module.sh --werror arm64 7.3
	bash tests/vm/build-module.sh --werror armhf 5.10
	bash tests/vm/build-module.sh --werror armhf 6.1

check-vm:
	bash tests/vm/run-suites.sh

check-interop:
	@if [ ! -f tests/interop/Makefile ]; then echo "check-interop: the interop test is not written yet" >&2; exit 1; fi
	$(MAKE) -C tests/interop check

check-dkms:
	bash tests/dkms/check-dkms.sh
	bash tests/dkms/check-dkms-upgrade.sh

# tools/kernel-tree.sh in Debian's linux-source-6.1 (cached in ~/.cache)
check-kernel-tree:
	bash tests/kernel-tree/check.sh

# every guest suite on a KASAN/lockdep/kmemleak kernel built from
# linux-source-6.1 (built once, cached in ~/.cache)
check-debug:
	bash tests/vm/check-debug.sh

# ----------------------------------------------------------- benchmarks ---
bench: bench-crypto bench-tunnel

bench-crypto:
	@if [ ! -f tests/bench/crypto/Makefile ]; then echo "bench-crypto: the crypto benchmark is not written yet" >&2; exit 1; fi
	$(MAKE) -C tests/bench/crypto bench

bench-tunnel:
	bash tests/bench/tunnel/run.sh
