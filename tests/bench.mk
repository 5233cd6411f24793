## make bench: spawn-to-reap latency of every way to start a
## program, side by side in one run.  Not part of make check: it takes
## minutes and its numbers depend on the machine.  Parameters come from
## the environment (BENCH_RSS_MIB, BENCH_ITERATIONS, ...; see
## tests/bench/spawn-bench.c), e.g. `make bench BENCH_RSS_MIB=16`.

EXTRA_PROGRAMS = tests/bench/spawn-bench
# Linked with the shared library, as a user's program is; the floor's
# clone3 reuses the library's entry code, and the seccomp helper emulates
# a kernel without PIDFD_GET_INFO for pidfd_getpid's fdinfo path.
# Its own object names: its library sources are also built by libtool.
tests_bench_spawn_bench_SOURCES = tests/bench/spawn-bench.c lib/clone3_entry.S \
	tests/support/seccomp-filter.c tests/support/seccomp-filter.h
tests_bench_spawn_bench_CPPFLAGS = $(AM_CPPFLAGS)
tests_bench_spawn_bench_LDADD = lib/libpidfdspawn.la $(PTHREAD_LIBS) $(DLOPEN_LIBS)
CLEANFILES += tests/bench/spawn-bench$(EXEEXT)

# The spawned program: static, no libc, exits at once.  Its own flags, not
# the packager's: a stack protector or sanitizer would need the libc start-
# up it does not have.
tests/bench/exit-at-once$(EXEEXT): $(srcdir)/tests/bench/exit-at-once.c
	$(AM_V_CCLD)$(MKDIR_P) tests/bench && \
	$(CC) -O2 -static -nostdlib -fno-stack-protector -fno-pie -no-pie \
	  -fno-asynchronous-unwind-tables -o $@ $(srcdir)/tests/bench/exit-at-once.c
EXTRA_DIST += tests/bench/exit-at-once.c
CLEANFILES += tests/bench/exit-at-once$(EXEEXT)

bench: tests/bench/spawn-bench$(EXEEXT) tests/bench/exit-at-once$(EXEEXT)
	./tests/bench/spawn-bench$(EXEEXT) ./tests/bench/exit-at-once$(EXEEXT)
.PHONY: bench
EXTRA_DIST += tests/bench.mk
