## ---- issue 4: make check-valgrind (included from Makefile.am).  The
## core tests under valgrind's memcheck: errors, leaks, descriptors.
## tests/check-valgrind.sh says what passes; README, "Valgrind", what
## valgrind cannot run.
VALGRIND_TESTS = \
	tests/fdinfo-parse \
	tests/file-actions-decode \
	tests/getpid \
	tests/pidfd-api \
	tests/functional

# Not being able to run (no valgrind, sanitizer build) is a skip, not a
# failure, unless VALGRIND_STRICT=1 (CI).
check-valgrind: $(check_PROGRAMS) $(bin_PROGRAMS)
	$(AM_V_at)$(AM_TESTS_ENVIRONMENT) VALGRIND='$(VALGRIND)'; \
	  $(SHELL) $(srcdir)/tests/check-valgrind.sh $(VALGRIND_TESTS); \
	  status=$$?; \
	  if test $$status = 77 && test "$${VALGRIND_STRICT:-0}" != 1; then \
	    status=0; fi; \
	  exit $$status

VALGRIND = valgrind

# In make check: the library under valgrind itself (skips without it).
TESTS += tests/valgrind-spawn.sh
EXTRA_DIST += tests/check-valgrind.sh tests/valgrind-spawn.sh
clean-local: clean-valgrind-logs
clean-valgrind-logs:
	-rm -rf tests/valgrind-logs
.PHONY: check-valgrind clean-valgrind-logs
## ---- end issue 4 (valgrind).
