#!/bin/sh
# The dist tarball is what packagers download: xz-compressed, POSIX ustar,
# every entry owned by uid/gid 0 and inside one PACKAGE-VERSION directory.
# Run by make distcheck (distcheck-hook) on the tarball it just made.
# Usage: dist-tarball.sh TARBALL DISTDIR
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
tarball=$1 distdir=$2
failed=0
[ -f "$tarball" ] || { echo "not ok - $tarball was not made"; exit 1; }

# xz: the stream magic FD 37 7A 58 5A 00, and an intact stream.
magic=$(od -An -tx1 -N6 "$tarball" | tr -d ' \n')
if [ "$magic" = fd377a585a00 ] && xz -t "$tarball"; then
  echo "ok - $tarball is xz-compressed"
else
  echo "not ok - $tarball is not an intact xz stream (magic $magic)"; failed=1
fi

# POSIX ustar: "ustar" NUL then version "00" at offset 257 of the first
# header (GNU tar's own format has "ustar  " NUL there instead).
header=$(xz -dc "$tarball" | od -An -c -j257 -N8 | tr -d ' \n')
if [ "$header" = 'ustar\000' ]; then
  echo "ok - POSIX ustar headers"
else
  echo "not ok - not a POSIX ustar archive (magic and version: '$header')"; failed=1
fi

# Owners, numerically: "MODE UID/GID SIZE DATE TIME NAME" per entry.
listing=$(xz -dc "$tarball" | tar --numeric-owner -tvf -) || {
  echo "not ok - tar cannot list $tarball"; exit 1; }
owners=$(printf '%s\n' "$listing" | awk '{ print $2 }' | sort -u | tr '\n' ' ')
if [ "$owners" = "0/0 " ]; then
  echo "ok - every entry belongs to 0/0 ($(printf '%s\n' "$listing" | wc -l | tr -d ' ') entries)"
else
  echo "not ok - entry owners are $owners(want 0/0 only)"; failed=1
  printf '%s\n' "$listing" | awk '$2 != "0/0"' | head -5 | sed 's/^/# /'
fi

outside=$(xz -dc "$tarball" | tar -tf - | grep -v "^$distdir/" | head -5)
if [ -z "$outside" ]; then
  echo "ok - every entry is under $distdir/"
else
  echo "not ok - entries outside $distdir/:"; printf '%s\n' "$outside" | sed 's/^/# /'
  failed=1
fi
exit $failed
