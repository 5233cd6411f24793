## `make check-oldlibc`: the whole suite from the dist tarball inside a
## Debian 11 (glibc 2.31, GCC 10) root; included from Makefile.am.  Needs
## root and debootstrap; otherwise it says why and skips (set
## OLDLIBC_STRICT=1 to make that an error).  The root is kept in
## $(OLDLIBC_ROOT) between runs; `make clean-oldlibc` removes it.

OLDLIBC_ROOT = $(abs_top_builddir)/oldlibc-root
OLDLIBC_TARBALL = $(abs_top_builddir)/$(PACKAGE)-$(VERSION).tar.xz

check-oldlibc: dist
	@rc=0; bash $(abs_top_srcdir)/tests/configs/check-oldlibc.sh \
	  '$(OLDLIBC_TARBALL)' '$(OLDLIBC_ROOT)' || rc=$$?; \
	if test $$rc = 77; then echo "check-oldlibc: skipped"; exit 0; fi; \
	exit $$rc

clean-oldlibc:
	@if test -d '$(OLDLIBC_ROOT)'; then \
	  if grep -q ' $(OLDLIBC_ROOT)/' /proc/self/mountinfo; then \
	    echo "clean-oldlibc: something is mounted under $(OLDLIBC_ROOT)" >&2; \
	    exit 1; \
	  fi; \
	  rm -rf --one-file-system '$(OLDLIBC_ROOT)' '$(OLDLIBC_ROOT).debootstrap.log'; \
	fi

distclean-local: clean-oldlibc

.PHONY: check-oldlibc clean-oldlibc
EXTRA_DIST += tests/configs/check-oldlibc.sh tests/oldlibc.mk
