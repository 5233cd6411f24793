#!/bin/sh
# The Debian symbols file (packaging/debian/libpidfdspawn0.symbols) lists
# exactly the symbols of lib/libpidfdspawn.sym, the upstream list for
# glibc 2.36 and later, which every Debian release the recipe targets has:
# a symbol added to the ABI must be added to both.  dpkg-gensymbols then
# holds the built package to the symbols file (make check-deb).
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_srcdir:?}"
sym=$top_srcdir/lib/libpidfdspawn.sym
symbols=$top_srcdir/packaging/debian/libpidfdspawn0.symbols
work=$(mktemp -d "${TMPDIR:-/tmp}/debian-symbols.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
# TYPE BINDING NAME[@@VERSION] -> NAME@VERSION as dpkg-gensymbols writes
# it: a version node's own symbol is NODE@NODE, a base-version name
# NAME@Base.
grep -v '^#' "$sym" | awk '
  { names[NR] = $3; if (split($3, p, "@@") == 2) nodes[p[2]] = 1 }
  END { for (i = 1; i <= NR; i++) {
          n = names[i]
          if (sub(/@@/, "@", n)) print n
          else if (n in nodes) print n "@" n
          else print n "@Base" } }' \
  | LC_ALL=C sort >"$work/upstream" || exit 99
# The symbol lines: one leading space, NAME@VERSION, the minimal version.
grep '^ ' "$symbols" | awk '{ print $1 }' | LC_ALL=C sort >"$work/debian" || exit 99
[ -s "$work/upstream" ] && [ -s "$work/debian" ] || { echo "not ok - empty list"; exit 1; }
if diff -u "$work/upstream" "$work/debian" >"$work/diff"; then
  echo "ok - $(wc -l <"$work/debian") symbols in $symbols match $sym"
else
  echo "not ok - $symbols and $sym differ (- upstream, + Debian):"
  sed 's/^/# /' "$work/diff"
  exit 1
fi
head -n 1 "$symbols" | grep -qx 'libpidfdspawn.so.0 libpidfdspawn0 #MINVER#' \
  && echo "ok - the symbols file is libpidfdspawn.so.0's, in libpidfdspawn0" \
  || { echo "not ok - first line: $(head -n 1 "$symbols")"; exit 1; }
