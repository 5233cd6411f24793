## `make check-kernels`: the kernel-facing suites on Debian's own kernels
## (bookworm's 6.1, bullseye's 5.10) for the build's architecture (x86_64
## or aarch64, a cross build too) booted under qemu; included from
## Makefile.am.  Kernels and busybox are fetched with a private apt state
## into $(KERNELS_CACHE) and kept there; the initramfs and the serial logs
## go to $(KERNELS_OUT).  Without qemu (or apt) it says why and skips (set
## KERNELS_STRICT=1 to make that an error).  `make clean-kernels` removes
## both directories.

KERNELS_CACHE = $(abs_top_builddir)/kernels-cache
KERNELS_OUT = $(abs_top_builddir)/kernels-out
# The guest's architecture: the configured host's (x86_64 or aarch64 boot;
# tests/configs/check-kernels.sh skips any other).
KERNELS_ARCH = $(host_cpu)

# What depends on the kernel: the pidfd_getpid and pidfd API suites, the
# ladder (seccomp- and ptrace-emulated kernels), the functional and cgroup
# suites (tests/suites) on each real rung, races and faults on each real
# rung, nothing emulated; pidfd-run and preloading.  The differential suite
# is not run there (tests/configs/kernels-init.sh says why).  Names as in
# TESTS.  The same list on every architecture;
# `make check-kernels KERNEL_SUITES='$$(KERNEL_SUITES_ALL)'` adds the
# functional and cgroup suites on the seccomp-emulated rungs.  The build
# checks (ABI, headers, linking, manuals) need a compiler and no kernel.
KERNEL_SUITES = $(KERNEL_SUITES_DEFAULT)
KERNEL_SUITES_DEFAULT = \
	tests/unit/fdinfo-parse \
	tests/unit/file-actions-decode \
	tests/kernel/getpid \
	tests/kernel/pidfd-api \
	tests/kernel/ladder \
	tests/suites/functional-auto.suite \
	tests/suites/cgroup-auto.suite \
	tests/suites/functional-clone3.suite \
	tests/suites/cgroup-clone3.suite \
	tests/suites/functional-clone.suite \
	tests/suites/cgroup-clone.suite \
	tests/suites/functional-pidfd_open.suite \
	tests/suites/cgroup-pidfd_open.suite \
	tests/suites/functional-fork.suite \
	tests/suites/cgroup-fork.suite \
	tests/suites/races-clone3.suite \
	tests/suites/races-clone.suite \
	tests/suites/races-pidfd_open.suite \
	tests/suites/races-fork.suite \
	tests/suites/faults-clone3.suite \
	tests/suites/faults-clone.suite \
	tests/suites/faults-pidfd_open.suite \
	tests/suites/faults-fork.suite \
	tests/tools/pidfd-run.sh \
	tests/abi/cgroup-preload.sh
KERNEL_SUITES_ALL = $(KERNEL_SUITES_DEFAULT) \
	tests/suites/functional-kernel-5.2-no-clone3.suite \
	tests/suites/cgroup-kernel-5.2-no-clone3.suite \
	tests/suites/functional-container-clone3-eperm.suite \
	tests/suites/cgroup-container-clone3-eperm.suite \
	tests/suites/functional-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/cgroup-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/functional-no-close-range.suite \
	tests/suites/cgroup-no-close-range.suite \
	tests/suites/functional-kernel-5.6-no-into-cgroup.suite \
	tests/suites/cgroup-kernel-5.6-no-into-cgroup.suite \
	tests/suites/functional-qemu-user-7.2.suite \
	tests/suites/cgroup-qemu-user-7.2.suite

check-kernels: all
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) $(check_LTLIBRARIES) $(check_PROGRAMS)
	@rc=0; top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	  READELF='$(READELF)' CC='$(CC)' KERNELS_ARCH='$(KERNELS_ARCH)' \
	  bash $(abs_top_srcdir)/tests/configs/check-kernels.sh \
	  '$(KERNELS_CACHE)' '$(KERNELS_OUT)' $(KERNEL_SUITES) || rc=$$?; \
	if test $$rc = 77; then echo "check-kernels: skipped"; exit 0; fi; \
	exit $$rc

clean-kernels:
	-rm -rf '$(KERNELS_CACHE)' '$(KERNELS_OUT)'

distclean-local: clean-kernels

.PHONY: check-kernels clean-kernels
EXTRA_DIST += tests/configs/check-kernels.sh tests/configs/kernels-init.sh tests/kernels.mk
