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


## `make check-deb`: the Debian packages of packaging/debian built from the
## dist tarball in a clean Debian root, as an unprivileged user without a
## network, then lintian, a second build compared byte for byte, a planted
## ABI change that dpkg-gensymbols must refuse, and debian/tests run in a
## fresh root (tests/configs/check-deb.sh).  `make check-rpm`: the RPMs of
## packaging/rpm/pidfdspawn.spec built by rpmbuild from the same tarball,
## %check included, and their file lists compared with the .debs that
## make check-deb left in $(PACKAGES_OUT) (tests/configs/check-rpm.sh).
## Both need root and the tools; otherwise they say why and skip (set
## DEB_STRICT=1 or RPM_STRICT=1 to make that an error).  The Debian roots
## are kept in $(DEB_ROOTS) between runs; `make clean-deb` removes them.

DEB_ROOTS = $(abs_top_builddir)/deb-roots
PACKAGES_OUT = $(abs_top_builddir)/packages
PACKAGES_TARBALL = $(abs_top_builddir)/$(PACKAGE)-$(VERSION).tar.xz

check-deb: dist
	@rc=0; bash $(abs_top_srcdir)/tests/configs/check-deb.sh \
	  '$(PACKAGES_TARBALL)' '$(DEB_ROOTS)' '$(PACKAGES_OUT)/deb' || rc=$$?; \
	if test $$rc = 77; then echo "check-deb: skipped"; exit 0; fi; \
	exit $$rc

check-rpm: dist
	@rc=0; bash $(abs_top_srcdir)/tests/configs/check-rpm.sh \
	  '$(PACKAGES_TARBALL)' '$(PACKAGES_OUT)/deb' '$(PACKAGES_OUT)/rpm' || rc=$$?; \
	if test $$rc = 77; then echo "check-rpm: skipped"; exit 0; fi; \
	exit $$rc

clean-deb:
	@if test -d '$(DEB_ROOTS)'; then \
	  if grep -q ' $(DEB_ROOTS)/' /proc/self/mountinfo; then \
	    echo "clean-deb: something is mounted under $(DEB_ROOTS)" >&2; \
	    exit 1; \
	  fi; \
	  rm -rf --one-file-system '$(DEB_ROOTS)'; \
	fi

clean-local: clean-packages-out
clean-packages-out:
	-rm -rf '$(PACKAGES_OUT)'

distclean-local: clean-deb

.PHONY: check-deb check-rpm clean-deb clean-packages-out

# The recipes and their tests.  No packaging file ships untested:
# check-deb builds and tests everything under packaging/debian,
# check-rpm the spec.
PACKAGING_FILES = \
	packaging/debian/changelog \
	packaging/debian/control \
	packaging/debian/copyright \
	packaging/debian/libpidfdspawn-dev.install \
	packaging/debian/libpidfdspawn-dev.lintian-overrides \
	packaging/debian/libpidfdspawn0.install \
	packaging/debian/libpidfdspawn0.lintian-overrides \
	packaging/debian/libpidfdspawn0.symbols \
	packaging/debian/not-installed \
	packaging/debian/pidfd-run.install \
	packaging/debian/pidfd-run.lintian-overrides \
	packaging/debian/rules \
	packaging/debian/source/format \
	packaging/debian/tests/build \
	packaging/debian/tests/control \
	packaging/debian/tests/manpages \
	packaging/debian/tests/pidfd-run \
	packaging/rpm/pidfdspawn.spec
EXTRA_DIST += $(PACKAGING_FILES) tests/configs/check-deb.sh \
	tests/configs/check-rpm.sh tests/configs/package-file-lists.sh
