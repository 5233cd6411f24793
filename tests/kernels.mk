## `make check-kernels`: the kernel-facing suites on Debian's own kernels
## (bookworm's 6.1, bullseye's 5.10) booted under qemu; included from
## Makefile.am.  Kernels and busybox are fetched with a private apt state
## into $(KERNELS_CACHE) and kept there; the initramfs and the serial logs
## go to $(KERNELS_OUT).  Without qemu (or apt) it says why and skips (set
## KERNELS_STRICT=1 to make that an error).  `make clean-kernels` removes
## both directories.

KERNELS_CACHE = $(abs_top_builddir)/kernels-cache
KERNELS_OUT = $(abs_top_builddir)/kernels-out

# What depends on the kernel: the pidfd_getpid and pidfd API suites, and
# the functional and cgroup suites (tests/run-rung.sh) on each real rung,
# nothing emulated; pidfd-run and preloading.  Under TCG one rung takes
# about a minute; `make check-kernels KERNEL_SUITES='$$(KERNEL_SUITES_ALL)'`
# adds the seccomp-emulated rungs and tests/ladder (ptrace-emulated
# kernels: a quarter of an hour under TCG).  The build checks (ABI,
# headers, linking, manuals) need a compiler and no kernel.
KERNEL_SUITES = $(KERNEL_SUITES_DEFAULT)
KERNEL_SUITES_DEFAULT = \
	tests/fdinfo-parse \
	tests/file-actions-decode \
	tests/getpid \
	tests/pidfd-api \
	tests/rungs/auto.rung \
	tests/rungs/clone3.rung \
	tests/rungs/clone.rung \
	tests/rungs/pidfd_open.rung \
	tests/rungs/fork.rung \
	tests/cgroup-preload.sh
# tests/pidfd-run.sh times signals and timeouts in tenths of a second,
# which TCG's slowness upsets (timeout(1)'s 124 came back as 143 once):
# only in the full list.
KERNEL_SUITES_ALL = $(KERNEL_SUITES_DEFAULT) tests/pidfd-run.sh tests/ladder \
	tests/rungs/kernel-5.2-no-clone3.rung \
	tests/rungs/container-clone3-eperm.rung \
	tests/rungs/kernel-5.3-no-clone-pidfd.rung \
	tests/rungs/no-close-range.rung \
	tests/rungs/kernel-5.6-no-into-cgroup.rung \
	tests/rungs/qemu-user-7.2.rung

check-kernels: all
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) $(check_LTLIBRARIES) $(check_PROGRAMS)
	@rc=0; top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	  READELF='$(READELF)' bash $(abs_top_srcdir)/tests/check-kernels.sh \
	  '$(KERNELS_CACHE)' '$(KERNELS_OUT)' $(KERNEL_SUITES) || rc=$$?; \
	if test $$rc = 77; then echo "check-kernels: skipped"; exit 0; fi; \
	exit $$rc

clean-kernels:
	-rm -rf '$(KERNELS_CACHE)' '$(KERNELS_OUT)'

distclean-local: clean-kernels

.PHONY: check-kernels clean-kernels
EXTRA_DIST += tests/check-kernels.sh tests/kernels-init.sh tests/kernels.mk
