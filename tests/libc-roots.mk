## `make check-oldlibc` and `make check-newlibc`: the whole suite from the
## dist tarball inside a Debian root with another glibc and GCC: Debian 11
## (glibc 2.31, GCC 10) and Debian 13 (glibc 2.41, GCC 14, a libc with
## pidfd_spawn of its own).  One script does both
## (tests/configs/check-libc-root.sh); included from Makefile.am.  Needs
## root and debootstrap; otherwise it says why and skips (set
## OLDLIBC_STRICT=1 or NEWLIBC_STRICT=1 to make that an error).  Each root
## is kept in $(OLDLIBC_ROOT) or $(NEWLIBC_ROOT) between runs;
## `make clean-oldlibc` and `make clean-newlibc` remove them.

OLDLIBC_ROOT = $(abs_top_builddir)/oldlibc-root
NEWLIBC_ROOT = $(abs_top_builddir)/newlibc-root
LIBC_ROOT_TARBALL = $(abs_top_builddir)/$(PACKAGE)-$(VERSION).tar.xz

# The recipes, shared: the shell variables name and root say which.
check_libc_root = \
	rc=0; bash $(abs_top_srcdir)/tests/configs/check-libc-root.sh \
	  "$$name" '$(LIBC_ROOT_TARBALL)' "$$root" || rc=$$?; \
	if test $$rc = 77; then echo "check-$$name: skipped"; exit 0; fi; \
	exit $$rc
clean_libc_root = \
	if test -d "$$root"; then \
	  if grep -q " $$root/" /proc/self/mountinfo; then \
	    echo "clean-$$name: something is mounted under $$root" >&2; \
	    exit 1; \
	  fi; \
	  rm -rf --one-file-system "$$root" "$$root.debootstrap.log"; \
	fi

check-oldlibc: dist
	@name=oldlibc root='$(OLDLIBC_ROOT)'; $(check_libc_root)

check-newlibc: dist
	@name=newlibc root='$(NEWLIBC_ROOT)'; $(check_libc_root)

clean-oldlibc:
	@name=oldlibc root='$(OLDLIBC_ROOT)'; $(clean_libc_root)

clean-newlibc:
	@name=newlibc root='$(NEWLIBC_ROOT)'; $(clean_libc_root)

distclean-local: clean-oldlibc clean-newlibc

.PHONY: check-oldlibc check-newlibc clean-oldlibc clean-newlibc
EXTRA_DIST += tests/configs/check-libc-root.sh tests/configs/debian-root.sh \
	tests/libc-roots.mk
