#!/bin/bash
# The Debian and RPM packages ship the same files: each .deb in DEBDIR is
# compared with its RPM in RPMDIR (libpidfdspawn0 with pidfdspawn,
# libpidfdspawn-dev with pidfdspawn-devel, pidfd-run with pidfd-run), after
# mapping what the distributions name differently: the library directory
# (/usr/lib/<triplet> and /usr/lib64 become LIBDIR) and compressed manual
# pages (the suffix is dropped).  Not compared, being each distribution's
# own: /usr/share/doc and /usr/share/licenses, Debian's lintian overrides,
# Fedora's /usr/lib/.build-id links, and the debug symbol packages.  Any other file in one package and
# not in its counterpart is a failure.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash tests/configs/package-file-lists.sh DEBDIR RPMDIR
#
# Exit status: 0 same files, 1 a difference, 99 a package is missing.
set -u
usage='usage: package-file-lists.sh DEBDIR RPMDIR'
debdir=${1:?$usage}
rpmdir=${2:?$usage}
pairs='libpidfdspawn0:pidfdspawn libpidfdspawn-dev:pidfdspawn-devel pidfd-run:pidfd-run'

normalise ()
{
  sed -e 's|^\./|/|' -e 's|^/usr/lib/[a-z0-9_]*-linux-[a-z0-9_]*/|LIBDIR/|' \
      -e 's|^/usr/lib64/|LIBDIR/|' \
      -e 's@^\(/usr/share/man/.*\)\.\(gz\|xz\|bz2\|zst\)$@\1@' \
    | grep -v -e '^/usr/share/doc/' -e '^/usr/share/licenses/' \
              -e '^/usr/share/lintian/' -e '^/usr/lib/\.build-id/' \
    | LC_ALL=C sort
}

# The files (not directories) of one package of each kind.
deb_files () { dpkg-deb --fsys-tarfile "$1" | tar -t | grep -v '/$' | normalise; }
rpm_files ()
{
  rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$1" 2>/dev/null \
    | awk '$1 !~ /^d/ { print $2 }' | normalise
}
find_deb () { local f; for f in "$debdir"/*.deb; do [ "$(dpkg-deb -f "$f" Package 2>/dev/null)" = "$1" ] && { echo "$f"; return; }; done; }
find_rpm () { local f; for f in "$rpmdir"/*.rpm; do [ "$(rpm -qp --qf '%{NAME}' "$f" 2>/dev/null)" = "$1" ] && { echo "$f"; return; }; done; }

failed=0
for pair in $pairs; do
  deb_name=${pair%%:*} rpm_name=${pair#*:}
  deb=$(find_deb "$deb_name") rpm=$(find_rpm "$rpm_name")
  [ -n "$deb" ] || { echo "not ok - no $deb_name .deb in $debdir"; exit 99; }
  [ -n "$rpm" ] || { echo "not ok - no $rpm_name RPM in $rpmdir"; exit 99; }
  if out=$(diff <(deb_files "$deb") <(rpm_files "$rpm")); then
    echo "ok - $deb_name and $rpm_name ship the same $(deb_files "$deb" | wc -l) files"
  else
    echo "not ok - $deb_name and $rpm_name ship different files (< only in the .deb, > only in the RPM):"
    printf '%s\n' "$out" | grep '^[<>]' | sed 's/^/#   /'
    failed=1
  fi
done
# Every package built is in a pair: a new package needs its counterpart.
for f in "$debdir"/*.deb; do
  n=$(dpkg-deb -f "$f" Package)
  case " $pairs " in *" $n:"*|*" $n-dbgsym:"*) ;; *)
    case $n in *-dbgsym) ;; *) echo "not ok - $n has no RPM counterpart"; failed=1 ;; esac ;;
  esac
done
for f in "$rpmdir"/*.rpm; do
  n=$(rpm -qp --qf '%{NAME}' "$f" 2>/dev/null)
  case " $pairs " in *":$n "*) ;; *)
    case $n in *-debuginfo|*-debugsource) ;; *) echo "not ok - $n has no .deb counterpart"; failed=1 ;; esac ;;
  esac
done
exit $failed
