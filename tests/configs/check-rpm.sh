#!/bin/bash
# `make check-rpm`: build the RPMs of packaging/rpm/pidfdspawn.spec with
# rpmbuild from the dist tarball (make check runs in %check), list them,
# and compare their files with the Debian packages make check-deb built
# (tests/configs/package-file-lists.sh); then show that the comparison
# fails when one file is missing from a package.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash tests/configs/check-rpm.sh TARBALL DEBDIR OUT
#
# rpmbuild runs with --nodeps: on a Debian host (Debian's rpm package
# provides rpmbuild) no rpm database knows the BuildRequires, which the
# host's dpkg provides (CI installs them).  Debug packages are not built:
# Debian's rpm has no find-debuginfo.
#
# Environment:
#   RPM_STRICT=1    a missing precondition (no rpmbuild, no .debs in
#                   DEBDIR) is an error (exit 1) instead of a skip (77)
#   DIFFERENTIAL_COUNT, DIFFERENTIAL_SEED
#                   seen by %check's make check when set
# Exit status: 0 passed, 77 skipped, anything else failed.

set -u
started=$(date +%s)
usage='usage: check-rpm.sh TARBALL DEBDIR OUT'
tarball=${1:?$usage}
debdir=${2:?$usage}
out=${3:?$usage}
strict=${RPM_STRICT:-0}
here=$(cd "$(dirname "$0")" && pwd)

say () { printf 'check-rpm: %s\n' "$*"; }
skip ()
{
  say "SKIP: $*"
  if [ "$strict" = 1 ]; then exit 1; fi
  exit 77
}

command -v rpmbuild >/dev/null 2>&1 || skip "rpmbuild not found; install it (apt-get install rpm)"
[ -f "$tarball" ] || { say "no tarball $tarball"; exit 99; }
case $out in /*) ;; *) out=$PWD/$out ;; esac
dist=$(basename "$tarball")
dist=${dist%.tar.xz}

rm -rf "$out"
top=$out/rpmbuild
mkdir -p "$top/SOURCES" "$top/SPECS" || exit 99
cp "$tarball" "$top/SOURCES/" || exit 99
tar -xOf "$tarball" "$dist/packaging/rpm/pidfdspawn.spec" >"$top/SPECS/pidfdspawn.spec" \
  || { say "no packaging/rpm/pidfdspawn.spec in $tarball"; exit 99; }
say "$(rpmbuild --version)"
if ! rpmbuild -ba --nodeps --define "_topdir $top" --define 'debug_package %{nil}' \
       "$top/SPECS/pidfdspawn.spec" >"$out/rpmbuild.log" 2>&1; then
  tail -n 80 "$out/rpmbuild.log"
  say "FAILED: rpmbuild (log: $out/rpmbuild.log)"
  exit 1
fi
sed -n '/^# TOTAL:/,/^# ERROR:/p' "$out/rpmbuild.log" | tail -n 7 | sed 's/^/check-rpm: make check in %check: /'
grep -E '^SKIP: ' "$out/rpmbuild.log" | sed 's/^/check-rpm:   /'
mkdir -p "$out/rpms"
cp "$top"/RPMS/*/*.rpm "$top"/SRPMS/*.rpm "$out/rpms/" || exit 99
for rpm in "$out"/rpms/*.rpm; do
  say "$(basename "$rpm"):"
  rpm -qlp "$rpm" 2>/dev/null | sed 's/^/  /'
done

debs=$(ls "$debdir"/*.deb 2>/dev/null)
[ -n "$debs" ] || skip "no .debs in $debdir to compare with; run make check-deb first"
rm -f "$out"/rpms/*.src.rpm
failed=0
say "file lists against the Debian packages:"
bash "$here/package-file-lists.sh" "$debdir" "$out/rpms" | sed 's/^/  /'
[ "${PIPESTATUS[0]}" = 0 ] || failed=1

# The comparison must see a missing file: the -dev package again without
# pidfdspawn-overlay.pc.
planted=$out/planted-debs
mkdir -p "$planted"
cp "$debdir"/*.deb "$planted/" || exit 99
dev=$(ls "$planted"/libpidfdspawn-dev_*.deb)
dpkg-deb -R "$dev" "$planted/unpacked" || exit 99
rm "$planted"/unpacked/usr/lib/*/pkgconfig/pidfdspawn-overlay.pc || exit 99
dpkg-deb --root-owner-group -b "$planted/unpacked" "$dev" >/dev/null || exit 99
if bash "$here/package-file-lists.sh" "$planted" "$out/rpms" >"$out/planted.log"; then
  say "FAILED: a -dev package without pidfdspawn-overlay.pc passed the file-list check"
  failed=1
elif grep -q '^#   > LIBDIR/pkgconfig/pidfdspawn-overlay.pc$' "$out/planted.log"; then
  say "a -dev package without pidfdspawn-overlay.pc fails the file-list check, as it must:"
  sed 's/^/  /' "$out/planted.log"
else
  cat "$out/planted.log"
  say "FAILED: the file-list check failed without naming the missing file"
  failed=1
fi
rm -rf "$planted"

if [ $failed -ne 0 ]; then
  say "FAILED ($(($(date +%s) - started)) s; logs in $out)"
  exit 1
fi
say "PASSED ($(($(date +%s) - started)) s in all; packages in $out/rpms)"
