## Packaging and real clients (issue 6); included from Makefile.am.
##
## make check: the ABI guard (exported symbols with versions against
## lib/libpidfdspawn*.sym and the version script), configure's option
## checks, a C client with weak references linked the documented ways, and
## Rust's std through the preloaded library.  make distcheck: the
## tarball's format and owners (distcheck-hook).

PACKAGING_TESTS = \
	tests/abi-guard.sh \
	tests/configure-options.sh \
	tests/weak-client.sh \
	tests/rust-client.sh
TESTS += $(PACKAGING_TESTS)
AM_TESTS_ENVIRONMENT += HARDEN_LDFLAGS='$(HARDEN_LDFLAGS)'; export HARDEN_LDFLAGS;

EXTRA_DIST += $(PACKAGING_TESTS) tests/packaging.mk tests/dist-tarball.sh \
	tests/rust-client.rs tests/weak-client.c \
	lib/libpidfdspawn.sym lib/libpidfdspawn-pidfd-api.sym

# The tarball make distcheck just made: xz, ustar, owned by 0/0.
distcheck-hook:
	$(AM_V_at)$(SHELL) $(srcdir)/tests/dist-tarball.sh \
	  '$(distdir).tar.xz' '$(distdir)'
