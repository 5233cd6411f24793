#!/bin/bash
# `make check-oldlibc` and `make check-newlibc`: build the dist tarball and
# run its whole test suite inside a Debian root with another glibc and GCC
# than the host's:
#   oldlibc  Debian 11 "bullseye" (glibc 2.31, GCC 10): the oldest glibc
#            supported
#   newlibc  Debian 13 "trixie" (glibc 2.41, GCC 14): a libc that has
#            pidfd_spawn itself, and a newer compiler's warnings
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash tests/configs/check-libc-root.sh NAME TARBALL ROOT
#
# ROOT is made with debootstrap (minbase and the build's packages) on the
# first run and reused while its stamp file matches the suite and package
# list.  The tarball is unpacked into ROOT/build and configured, built and
# checked there through chroot, with /proc, /dev (and /dev/pts) and /sys
# (and the cgroup2 mount under it) mounted.  The mounts live in a private
# mount namespace when unshare(1) can make one, and are unmounted by a trap
# on every exit path anyway.
#
# Environment, with PREFIX the upper-case NAME (OLDLIBC, NEWLIBC):
#   PREFIX_SUITE      Debian suite (default: bullseye, trixie)
#   PREFIX_MIRROR     Debian mirror (default http://deb.debian.org/debian)
#   PREFIX_CONFIGURE  configure arguments inside the root (default: none
#                     for oldlibc; --enable-werror for newlibc, whose point
#                     is the newer compiler's warnings)
#   PREFIX_JOBS       make -j inside the root (default 2)
#   PREFIX_STRICT=1   a missing precondition (not root, no debootstrap) is
#                     an error (exit 1) instead of a skip (exit 77)
#   DEBOOTSTRAP       the debootstrap program (default: from PATH or
#                     /usr/sbin/debootstrap)
#   DIFFERENTIAL_COUNT, DIFFERENTIAL_SEED
#                     passed on to the inner make check when set (the
#                     differential suite's size; tests/run-suite.sh)
# Exit status: 0 passed, 77 skipped, anything else failed.

set -u
started=$(date +%s)
usage='usage: check-libc-root.sh oldlibc|newlibc TARBALL ROOT'
name=${1:?$usage}
tarball=${2:?$usage}
root=${3:?$usage}
case $name in
  oldlibc) default_suite=bullseye default_configure= ;;
  newlibc) default_suite=trixie default_configure=--enable-werror ;;
  *) echo "$usage" >&2; exit 99 ;;
esac
prefix=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
# setting VAR DEFAULT: ${PREFIX}_VAR if set (even to nothing), else DEFAULT.
setting () { local v=${prefix}_$1; printf '%s' "${!v-$2}"; }
suite=$(setting SUITE "$default_suite")
mirror=$(setting MIRROR http://deb.debian.org/debian)
jobs=$(setting JOBS 2)
configure_args=$(setting CONFIGURE "$default_configure")
# shellcheck disable=SC2034 # read by skip (debian-root.sh)
strict=$(setting STRICT 0)
# What `./configure && make && make check` needs from a dist tarball:
# compilers, make, CMocka and pkg-config, binutils (readelf and nm for
# tests/abi/abi-guard.sh) and groff (tests/abi/man.sh).  util-linux is in minbase.
packages=gcc,g++,make,libcmocka-dev,pkg-config,binutils,groff-base
stamp=$root/.pidfdspawn-$name-root

say () { printf 'check-%s: %s\n' "$name" "$*"; }
# skip, the root's making and mounting.
. "$(cd "$(dirname "$0")" && pwd)/debian-root.sh" || exit 99

require_debootstrap "check-$name"
[ -f "$tarball" ] || { say "no tarball $tarball"; exit 99; }
case $root in /*) ;; *) root=$PWD/$root ;; esac
case $tarball in /*) ;; *) tarball=$PWD/$tarball ;; esac
in_private_mount_namespace "$0" "$name" "$tarball" "$root"

trap 'unmount_under "$root"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ------------------------------------------------------------ the root
wanted="suite=$suite packages=$packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
   && [ -x "$root/usr/bin/gcc" ] && [ -x "$root/usr/bin/make" ]; then
  say "reusing the $suite root in $root"
else
  create_root "$root" "$suite" "$mirror" "$packages"
  printf '%s\n' "$wanted" >"$stamp"
fi
say "$(chroot "$root" /usr/bin/ldd --version | head -n 1)"
say "$(chroot "$root" /usr/bin/gcc --version | head -n 1)"

# ------------------------------------------------------------ mounts
# ROOT itself a mount point, so that "/" in the chroot is one: tests make
# their mounts private (mount --make-rprivate /) before hiding /proc.
mount --bind "$root" "$root" || exit 99
mount_root "$root"

# ------------------------------------------------------------ the build
dist=$(basename "$tarball")
dist=${dist%.tar.*}
rm -rf --one-file-system "$root/build"
mkdir -p "$root/build" || exit 99
tar -C "$root/build" -xf "$tarball" || exit 99
say "building $dist in the $suite root (configure ${configure_args:-without arguments})"
script="cd /build/$dist && ./configure $configure_args \
  && make -j$jobs && make -j$jobs check"
# A clean environment, but for the differential suite's size and seed.
passed_on=
for v in DIFFERENTIAL_COUNT DIFFERENTIAL_SEED; do
  [ -n "${!v:-}" ] && passed_on="$passed_on $v=${!v}"
done
# shellcheck disable=SC2086
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LC_ALL=C.UTF-8 TERM=dumb $passed_on /bin/sh -c "$script" \
  >"$root/build/check.log" 2>&1
status=$?
log=$root/build/$dist/test-suite.log
sed -n '/^  pidfdspawn [0-9]/,/^$/p' "$root/build/check.log"
say "test results inside the $suite root:"
grep -E '^(PASS|SKIP|XFAIL|FAIL|XPASS|ERROR): ' "$root/build/check.log"
sed -n '/^# TOTAL:/,/^# ERROR:/p' "$root/build/check.log" | tail -n 7
if [ $status -ne 0 ]; then
  tail -n 60 "$root/build/check.log"
  [ -f "$log" ] && cat "$log"
  say "FAILED in the $suite root (log: $root/build/check.log; $(($(date +%s) - started)) s)"
  exit 1
fi
say "PASSED in the $suite root ($(($(date +%s) - started)) s in all)"
exit 0
