## Differential testing (issue 4); included from Makefile.am.
##
## tests/differential runs seeded random scenarios through the libc's
## posix_spawn(p) and through pidfd_spawn(p) and compares the probe's
## report, the error number and the exit status.  `make check` runs it on
## every rung (tests/run-rung.sh, after the functional and cgroup suites);
##   make check-differential [SEED=N] [COUNT=M] [RUNG=NAME|all]
## runs any number (SEED empty: one from the clock, printed), prints a
## one-line reproducer for each mismatch and the counts per rung.

check_PROGRAMS += tests/differential
tests_differential_SOURCES = \
	tests/differential.c \
	tests/differential-compare.c tests/differential-compare.h \
	tests/differential-scenario.c tests/differential-scenario.h
tests_differential_CPPFLAGS = $(TEST_PREPROCESS_OPTS) \
	-DDIFFERENTIAL_RUNG_DIR='"$(abs_top_srcdir)/tests/rungs"'
tests_differential_CFLAGS = $(TEST_COMPILE_OPTS)
tests_differential_LDADD = tests/libtestutil.la $(TEST_LINK_LIBS)
tests_differential_LDFLAGS = $(TEST_LINK_OPTS)

SEED =
COUNT = 10000
RUNG = all
check-differential: tests/differential$(EXEEXT) tests/probe$(EXEEXT)
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	  top_builddir='$(abs_top_builddir)' DIFFERENTIAL_SEED='$(SEED)' \
	  ./tests/differential$(EXEEXT) --rung '$(RUNG)' --count '$(COUNT)'

.PHONY: check-differential
EXTRA_DIST += tests/differential.mk
