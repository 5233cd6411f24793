## make check-valgrind (included from Makefile.am): the core tests under
## valgrind's memcheck: errors, leaks, descriptors.
## tests/configs/check-valgrind.sh says what passes; doc/testing.md, what
## valgrind cannot run.
VALGRIND_TESTS = \
	tests/unit/fdinfo-parse \
	tests/unit/file-actions-decode \
	tests/kernel/getpid \
	tests/kernel/pidfd-api \
	tests/spawn/functional

# Not being able to run (no valgrind, sanitizer build) is a skip, not a
# failure, unless VALGRIND_STRICT=1 (CI).
check-valgrind: $(check_PROGRAMS) $(bin_PROGRAMS)
	$(AM_V_at)$(AM_TESTS_ENVIRONMENT) VALGRIND='$(VALGRIND)'; \
	  $(SHELL) $(srcdir)/tests/configs/check-valgrind.sh $(VALGRIND_TESTS); \
	  status=$$?; \
	  if test $$status = 77 && test "$${VALGRIND_STRICT:-0}" != 1; then \
	    status=0; fi; \
	  exit $$status

VALGRIND = valgrind

# make check runs tests/tools/valgrind-spawn.sh: the library under valgrind
# itself (skips without it).
EXTRA_DIST += tests/valgrind.mk tests/configs/check-valgrind.sh
clean-local: clean-valgrind-logs
clean-valgrind-logs:
	-rm -rf tests/valgrind-logs
.PHONY: check-valgrind clean-valgrind-logs
