## Packaging, included from Makefile.am: the installed headers, pkg-config
## files and library in both include modes (make installcheck, which make
## distcheck runs), and the tarball's format and owners (distcheck-hook).
## The ABI guard and the real clients run in make check (tests/check.mk,
## tests/abi/).

installcheck-local:
	$(AM_V_at)PKG_CONFIG='$(PKG_CONFIG)' CC='$(CC)' \
	  PKG_CONFIG_PATH='$(DESTDIR)$(pkgconfigdir)' \
	  $(SHELL) $(srcdir)/tests/abi/installed.sh '$(DESTDIR)' '$(includedir)' \
	  '$(libdir)'

# The tarball make distcheck just made: xz, ustar, owned by 0/0.
distcheck-hook:
	$(AM_V_at)$(SHELL) $(srcdir)/tests/abi/dist-tarball.sh \
	  '$(distdir).tar.xz' '$(distdir)'

EXTRA_DIST += tests/packaging.mk tests/abi/installed.sh \
	tests/abi/dist-tarball.sh \
	lib/libpidfdspawn.sym lib/libpidfdspawn-pidfd-api.sym
