## Issue 4, part 2: races, load and fault injection, included from
## Makefile.am.  tests/races and tests/faults run once per rung: each
## tests/rung-suites/SUITE-RUNG.suite names a program and a rung file
## (tests/rungs/RUNG.rung), and tests/run-suite-on-rung.sh runs the one
## under the other, so every rung has its own line in the summary.

tests_libtestutil_la_SOURCES += \
	tests/child-checks.c tests/child-checks.h \
	tests/pid-reporter.c tests/pid-reporter.h

check_PROGRAMS += tests/races tests/faults

tests_races_SOURCES = tests/races.c
tests_races_CPPFLAGS = $(TEST_PREPROCESS_OPTS)
tests_races_CFLAGS = $(TEST_COMPILE_OPTS)
tests_races_LDADD = tests/libtestutil.la $(TEST_LINK_LIBS)
tests_races_LDFLAGS = $(TEST_LINK_OPTS)

tests_faults_SOURCES = tests/faults.c
tests_faults_CPPFLAGS = $(TEST_PREPROCESS_OPTS)
tests_faults_CFLAGS = $(TEST_COMPILE_OPTS)
tests_faults_LDADD = tests/libtestutil.la $(TEST_LINK_LIBS)
tests_faults_LDFLAGS = $(TEST_LINK_OPTS)

TEST_EXTENSIONS += .suite
SUITE_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/run-suite-on-rung.sh

RUNG_SUITE_TESTS = \
	tests/rung-suites/races-clone3.suite \
	tests/rung-suites/races-clone.suite \
	tests/rung-suites/races-pidfd_open.suite \
	tests/rung-suites/races-fork.suite \
	tests/rung-suites/faults-clone3.suite \
	tests/rung-suites/faults-clone.suite \
	tests/rung-suites/faults-pidfd_open.suite \
	tests/rung-suites/faults-fork.suite

TESTS += $(RUNG_SUITE_TESTS)
EXTRA_DIST += tests/run-suite-on-rung.sh $(RUNG_SUITE_TESTS)
