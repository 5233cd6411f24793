## make check-cross (included from Makefile.am): the library and
## tools/pidfd-run cross-compiled, warning-free, for the architectures
## below, their ABI checked with readelf (tests/configs/check-cross.sh).
## aarch64 is built with -mbranch-protection=standard, x86_64 and i686
## with -fcf-protection: tests/abi/branch-protection.sh must find the
## notes kept.  A missing cross compiler is a skip (CROSS_STRICT=1: a failure).
##   make check-cross [CROSS_CONFIGS='TRIPLET[:FLAGS] ...'] [CROSS_JOBS=N]
CROSS_CONFIGS = \
	aarch64-linux-gnu:-mbranch-protection=standard \
	x86_64-linux-gnu:-fcf-protection \
	i686-linux-gnu:-fcf-protection \
	arm-linux-gnueabihf \
	powerpc64le-linux-gnu \
	s390x-linux-gnu \
	riscv64-linux-gnu
CROSS_OUT = $(abs_top_builddir)/cross-builds
CROSS_JOBS = 2

check-cross:
	$(AM_V_at)rc=0; $(SHELL) $(abs_top_srcdir)/tests/configs/check-cross.sh \
	  '$(abs_top_srcdir)' '$(CROSS_OUT)' '$(CROSS_JOBS)' $(CROSS_CONFIGS) \
	  || rc=$$?; \
	if test $$rc = 77; then echo "check-cross: skipped"; exit 0; fi; \
	exit $$rc

clean-local: clean-cross
clean-cross:
	-rm -rf '$(CROSS_OUT)'

EXTRA_DIST += tests/cross.mk tests/configs/check-cross.sh
.PHONY: check-cross clean-cross
