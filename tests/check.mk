## `make check`: every test program, script and suite it builds and runs;
## included from Makefile.am.
##
##   tests/unit/      the library's hidden internals (parsers, decoders, the
##                    child region), linked with the convenience library
##   tests/spawn/     pidfd_spawn(p) itself: the functional, cgroup and
##                    differential suites, run once per rung
##   tests/kernel/    the ladder and what it meets in the kernel: emulated
##                    kernels, races, faults, pidfd_getpid, the pidfd API
##   tests/abi/       the installed interface: symbols, headers, linking,
##                    manuals, real clients, packaging
##   tests/tools/     tools/pidfd-run, and running under qemu-user, valgrind
##   tests/support/   what the tests share: the probe (the spawned program),
##                    seccomp-run, libtestutil
##   tests/rungs/     one rung of the ladder each (or an emulated kernel or
##                    sandbox): FORCE, REFUSE, EXPECT_RUNG
##   tests/suites/    one (suite, rung) pair each, run by tests/run-suite.sh:
##                    every pair has its own line in the summary
##
## CMocka programs exit with the number of failed tests, 77 to skip.  A test
## program needs one _SOURCES line: the flags below are every program's
## default; the few exceptions say why.

# ---------------------------------------------------------------- flags
# The library's internals (lib/), the shared helpers (tests/support/), the
# kernel headers configure linked where $(CC) lacks them (musl).  config.h
# comes from -I$(top_builddir), included under HAVE_CONFIG_H.
AM_CPPFLAGS = $(BASE_CPPFLAGS) -I$(top_srcdir)/lib -I$(top_srcdir)/tests/support \
	$(KERNEL_HEADERS_CPPFLAGS)
AM_CFLAGS = $(BASE_CFLAGS) $(CMOCKA_CFLAGS)
# The convenience library: the same objects as the .so, plus the hidden
# internals the tests inspect (decoders, parser, last rung used).
LDADD = tests/support/libtestutil.la lib/libpidfdspawn-internal.la \
	$(CMOCKA_LIBS) $(PTHREAD_LIBS) $(DLOPEN_LIBS)
AM_LDFLAGS = -no-install

TEST_EXTENSIONS = .sh .suite
SH_LOG_COMPILER = $(SHELL)
SUITE_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/run-suite.sh
AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; top_srcdir='$(abs_top_srcdir)'; \
	READELF='$(READELF)'; NM='$(NM)'; CC='$(CC)'; CXX='$(CXX)'; \
	CPPFLAGS='$(CPPFLAGS)'; CFLAGS='$(CFLAGS)'; CXXFLAGS='$(CXXFLAGS)'; \
	CXX_STD_FLAG='$(CXX_STD_FLAG)'; LDFLAGS='$(LDFLAGS)'; \
	HARDEN_LDFLAGS='$(HARDEN_LDFLAGS)'; \
	PROVIDE_PIDFD_API='$(PROVIDE_PIDFD_API)'; LIBC_FAMILY='$(LIBC_FAMILY)'; \
	SANITIZERS='$(SANITIZERS)'; SANITIZE_FLAGS='$(SANITIZE_FLAGS)'; \
	DLOPEN_LIBS='$(DLOPEN_LIBS)'; \
	export top_builddir top_srcdir READELF NM CC CXX CPPFLAGS CFLAGS \
	  CXXFLAGS CXX_STD_FLAG LDFLAGS HARDEN_LDFLAGS PROVIDE_PIDFD_API \
	  LIBC_FAMILY SANITIZERS SANITIZE_FLAGS DLOPEN_LIBS;

# ---------------------------------------------------------------- support
check_LTLIBRARIES = tests/support/libtestutil.la
tests_support_libtestutil_la_SOURCES = \
	tests/support/call-spawn.c tests/support/call-spawn.h \
	tests/support/child-checks.c tests/support/child-checks.h \
	tests/support/pid-reporter.c tests/support/pid-reporter.h \
	tests/support/seccomp-filter.c tests/support/seccomp-filter.h \
	tests/support/spawn-compat.c tests/support/spawn-compat.h \
	tests/support/test-util.c tests/support/test-util.h

# The probe: spawned by the tests, reports its own state.  Plain C, no
# library: what it reports must not depend on what it tests.  Never
# sanitized: ASan's runtime installs signal handlers and would change the
# dispositions the probe reports.
check_PROGRAMS = tests/support/probe
tests_support_probe_SOURCES = tests/support/probe.c
tests_support_probe_CFLAGS = $(WARN_CFLAGS)
tests_support_probe_LDADD =

# Runs a command under seccomp refusals (tests/rungs/*.rung, REFUSE).  No
# library; its own object names: seccomp-filter.c is in libtestutil too.
check_PROGRAMS += tests/support/seccomp-run
tests_support_seccomp_run_SOURCES = tests/support/seccomp-run.c \
	tests/support/seccomp-filter.c tests/support/seccomp-filter.h
tests_support_seccomp_run_CPPFLAGS = $(AM_CPPFLAGS)
tests_support_seccomp_run_LDADD =

# ---------------------------------------------------------------- unit
check_PROGRAMS += tests/unit/fdinfo-parse tests/unit/file-actions-decode \
	tests/unit/spawn-region
tests_unit_fdinfo_parse_SOURCES = tests/unit/fdinfo-parse.c
tests_unit_file_actions_decode_SOURCES = tests/unit/file-actions-decode.c
# The fast path: the child region kept between calls
# (lib/child_region.cpp) under concurrent spawns.
tests_unit_spawn_region_SOURCES = tests/unit/spawn-region.c

UNIT_TESTS = \
	tests/unit/fdinfo-parse \
	tests/unit/file-actions-decode \
	tests/unit/spawn-region

# ---------------------------------------------------------------- kernel
check_PROGRAMS += tests/kernel/getpid tests/kernel/ladder \
	tests/kernel/fork-rung tests/kernel/pidfd-api \
	tests/kernel/races tests/kernel/faults
tests_kernel_getpid_SOURCES = tests/kernel/getpid.c
tests_kernel_ladder_SOURCES = tests/kernel/ladder.c
tests_kernel_fork_rung_SOURCES = tests/kernel/fork-rung.c
tests_kernel_pidfd_api_SOURCES = tests/kernel/pidfd-api.c
# Races, load and fault injection: run once per rung (tests/suites).
tests_kernel_races_SOURCES = tests/kernel/races.c
tests_kernel_faults_SOURCES = tests/kernel/faults.c

KERNEL_TESTS = \
	tests/kernel/getpid \
	tests/kernel/ladder \
	tests/kernel/fork-rung \
	tests/kernel/pidfd-api

# ---------------------------------------------------------------- spawn
# Run once per rung (tests/suites): the functional suite, one program
# from one file per group of tests; POSIX_SPAWN_SETCGROUP; seeded random
# scenarios through the libc's posix_spawn(p) and through pidfd_spawn(p),
# the probe's reports, error numbers and exit statuses compared.
check_PROGRAMS += tests/spawn/functional tests/spawn/cgroup \
	tests/spawn/differential
tests_spawn_functional_SOURCES = tests/spawn/functional.h \
	tests/spawn/functional-main.c tests/spawn/functional-util.c \
	tests/spawn/functional-results.c tests/spawn/functional-attributes.c \
	tests/spawn/functional-file-actions.c tests/spawn/functional-exec.c \
	tests/spawn/functional-invalid.c tests/spawn/functional-spawnp.c \
	tests/spawn/functional-host.c
tests_spawn_cgroup_SOURCES = tests/spawn/cgroup.c
tests_spawn_differential_SOURCES = tests/spawn/differential.c \
	tests/spawn/differential-compare.c tests/spawn/differential-compare.h \
	tests/spawn/differential-scenario.c tests/spawn/differential-scenario.h
# Where --rung NAME finds tests/rungs/NAME.rung without $top_srcdir.
tests_spawn_differential_CPPFLAGS = $(AM_CPPFLAGS) \
	-DDIFFERENTIAL_RUNG_DIR='"$(abs_top_srcdir)/tests/rungs"'

#   make check-differential [SEED=N] [COUNT=M] [RUNG=NAME|all]
#                           [REFERENCE=posix_spawn|pidfd_spawn]
# runs any number of differential scenarios (SEED empty: one from the
# clock, printed) against the libc's posix_spawn(p) or its own
# pidfd_spawn(p) (glibc 2.39 and later), prints a one-line reproducer for
# each mismatch and the counts per rung.
SEED =
COUNT = 10000
RUNG = all
REFERENCE = posix_spawn
check-differential: tests/spawn/differential$(EXEEXT) tests/support/probe$(EXEEXT)
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	  top_builddir='$(abs_top_builddir)' DIFFERENTIAL_SEED='$(SEED)' \
	  ./tests/spawn/differential$(EXEEXT) --rung '$(RUNG)' --count '$(COUNT)' \
	  --reference '$(REFERENCE)'
.PHONY: check-differential

# One .suite file per (suite, rung): the functional, cgroup and
# differential suites on every rung (the differential twice: against the
# libc's posix_spawn(p), and against its own pidfd_spawn(p) where it has
# one), races and faults on the four real rungs.
SUITE_TESTS = \
	tests/suites/functional-auto.suite \
	tests/suites/functional-clone3.suite \
	tests/suites/functional-clone.suite \
	tests/suites/functional-pidfd_open.suite \
	tests/suites/functional-kernel-5.2-no-clone3.suite \
	tests/suites/functional-container-clone3-eperm.suite \
	tests/suites/functional-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/functional-kernel-5.6-no-into-cgroup.suite \
	tests/suites/functional-no-close-range.suite \
	tests/suites/functional-fork.suite \
	tests/suites/functional-qemu-user-7.2.suite \
	tests/suites/cgroup-auto.suite \
	tests/suites/cgroup-clone3.suite \
	tests/suites/cgroup-clone.suite \
	tests/suites/cgroup-pidfd_open.suite \
	tests/suites/cgroup-kernel-5.2-no-clone3.suite \
	tests/suites/cgroup-container-clone3-eperm.suite \
	tests/suites/cgroup-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/cgroup-kernel-5.6-no-into-cgroup.suite \
	tests/suites/cgroup-no-close-range.suite \
	tests/suites/cgroup-fork.suite \
	tests/suites/cgroup-qemu-user-7.2.suite \
	tests/suites/differential-auto.suite \
	tests/suites/differential-clone3.suite \
	tests/suites/differential-clone.suite \
	tests/suites/differential-pidfd_open.suite \
	tests/suites/differential-kernel-5.2-no-clone3.suite \
	tests/suites/differential-container-clone3-eperm.suite \
	tests/suites/differential-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/differential-kernel-5.6-no-into-cgroup.suite \
	tests/suites/differential-no-close-range.suite \
	tests/suites/differential-fork.suite \
	tests/suites/differential-qemu-user-7.2.suite \
	tests/suites/differential-libc-pidfd-auto.suite \
	tests/suites/differential-libc-pidfd-clone3.suite \
	tests/suites/differential-libc-pidfd-clone.suite \
	tests/suites/differential-libc-pidfd-pidfd_open.suite \
	tests/suites/differential-libc-pidfd-kernel-5.2-no-clone3.suite \
	tests/suites/differential-libc-pidfd-container-clone3-eperm.suite \
	tests/suites/differential-libc-pidfd-kernel-5.3-no-clone-pidfd.suite \
	tests/suites/differential-libc-pidfd-kernel-5.6-no-into-cgroup.suite \
	tests/suites/differential-libc-pidfd-no-close-range.suite \
	tests/suites/differential-libc-pidfd-fork.suite \
	tests/suites/differential-libc-pidfd-qemu-user-7.2.suite \
	tests/suites/races-clone3.suite \
	tests/suites/races-clone.suite \
	tests/suites/races-pidfd_open.suite \
	tests/suites/races-fork.suite \
	tests/suites/faults-clone3.suite \
	tests/suites/faults-clone.suite \
	tests/suites/faults-pidfd_open.suite \
	tests/suites/faults-fork.suite
RUNG_FILES = \
	tests/rungs/auto.rung \
	tests/rungs/clone3.rung \
	tests/rungs/clone.rung \
	tests/rungs/pidfd_open.rung \
	tests/rungs/kernel-5.2-no-clone3.rung \
	tests/rungs/container-clone3-eperm.rung \
	tests/rungs/kernel-5.3-no-clone-pidfd.rung \
	tests/rungs/kernel-5.6-no-into-cgroup.rung \
	tests/rungs/no-close-range.rung \
	tests/rungs/fork.rung \
	tests/rungs/qemu-user-7.2.rung

# ---------------------------------------------------------------- abi
# tests/abi/cgroup-client: built against the libc alone (run with
# LD_PRELOAD), and once more linked with the library, for
# tests/abi/cgroup-preload.sh.
check_PROGRAMS += tests/abi/cgroup-client tests/abi/cgroup-client-linked
tests_abi_cgroup_client_SOURCES = tests/abi/cgroup-client.c
tests_abi_cgroup_client_LDADD =
tests_abi_cgroup_client_linked_SOURCES = tests/abi/cgroup-client.c
tests_abi_cgroup_client_linked_LDADD = lib/libpidfdspawn.la

# The ABI guard (exported symbols with versions against
# lib/libpidfdspawn*.sym and the version script, NEEDED, no C++ runtime),
# the headers in both include modes, linking, the manuals, configure's
# option checks, a C client with weak references linked the documented
# ways, Rust's std through the preloaded library, the Debian symbols file
# against the ABI list, the control-flow protection notes (skips unless
# built with -mbranch-protection or -fcf-protection; make check-cross
# builds that way).
ABI_TESTS = \
	tests/abi/abi-guard.sh \
	tests/abi/branch-protection.sh \
	tests/abi/debian-symbols.sh \
	tests/abi/headers.sh \
	tests/abi/headers-overlay.sh \
	tests/abi/link.sh \
	tests/abi/man.sh \
	tests/abi/cgroup-preload.sh \
	tests/abi/configure-options.sh \
	tests/abi/weak-client.sh \
	tests/abi/rust-client.sh

# ---------------------------------------------------------------- tools
# Run under qemu-user by tests/tools/qemu-user.sh.
check_PROGRAMS += tests/tools/qemu-user-client
tests_tools_qemu_user_client_SOURCES = tests/tools/qemu-user-client.c

# tools/pidfd-run; the library under qemu-user and under valgrind (each
# skips without it).
TOOLS_TESTS = \
	tests/tools/pidfd-run.sh \
	tests/tools/qemu-user.sh \
	tests/tools/valgrind-spawn.sh

if CROSS_COMPILING
# Built for another machine (configure --host): the programs are built and
# none is run; make check-kernels runs the kernel suites on that machine's
# kernels under qemu.
check-local:
	@echo "make check: built for $(host), which cannot run here ($(build));" \
	  "the test programs are built, not run: make check-kernels boots them on" \
	  "Debian's kernels for $(host_cpu) under qemu"
else
TESTS = \
	$(UNIT_TESTS) \
	$(KERNEL_TESTS) \
	$(SUITE_TESTS) \
	$(ABI_TESTS) \
	$(TOOLS_TESTS)
endif

# tests/configs/musl-cmocka.sh builds CMocka for a musl build (.ci/run).
EXTRA_DIST += tests/check.mk tests/run-suite.sh tests/configs/musl-cmocka.sh $(SUITE_TESTS) $(RUNG_FILES) \
	$(ABI_TESTS) $(TOOLS_TESTS) \
	tests/abi/rust-client.rs tests/abi/weak-client.c
