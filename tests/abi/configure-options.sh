#!/bin/sh
# configure refuses a bad value of each of its own options, with a message
# naming the option, before probing anything; good values get past the
# check (a compiler that cannot run, CC=false, then stops configure at its
# first probe, which keeps this test fast).
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_srcdir:?}"
configure=$top_srcdir/configure
[ -x "$configure" ] || { echo "not ok - $configure missing"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/configure-options.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failed=0

# A source tree configured in place refuses a second, VPATH configure: run
# a copy of what configure reads before the option checks (itself, the
# aux dir, its source-dir marker).
if [ -f "$top_srcdir/config.status" ]; then
  mkdir -p "$work/src/lib" || exit 99
  cp "$configure" "$work/src/" && cp -R "$top_srcdir/build-aux" "$work/src/" \
    && cp "$top_srcdir/lib/spawn_core.cpp" "$work/src/lib/" || exit 99
  configure=$work/src/configure
fi

# run_configure ARGS...: runs configure in an empty directory with CC=false
# and no cache or site file; output in $work/out, status in $rc.
run_configure () {
  rm -rf "$work/build" && mkdir "$work/build"
  (cd "$work/build" && CONFIG_SITE=/dev/null "$configure" -q CC=false CXX=false "$@") \
    >"$work/out" 2>&1 </dev/null
  rc=$?
}

# refused OPTION MESSAGE: configure fails and says MESSAGE (a fixed string).
refused () {
  run_configure "$1"
  if [ "$rc" -ne 0 ] && grep -qF -- "$2" "$work/out" \
     && ! grep -q 'C compiler cannot create executables\|no acceptable C compiler' "$work/out"; then
    echo "ok - configure $1 is refused: $2"
  else
    echo "not ok - configure $1 (exit $rc): want the error '$2' before any probe"
    sed 's/^/# /' "$work/out"; failed=1
  fi
}

# accepted OPTION...: the option checks pass; configure then stops at
# the C compiler (CC=false), not at an option.
accepted () {
  run_configure "$@"
  if grep -q 'C compiler cannot create executables\|no acceptable C compiler' "$work/out" \
     && ! grep -q 'bad value\|needs a directory\|no include/cmocka.h' "$work/out"; then
    echo "ok - configure $* is accepted"
  else
    echo "not ok - configure $* (exit $rc) did not get past its option checks"
    sed 's/^/# /' "$work/out"; failed=1
  fi
}

# One configure run costs seconds on a loaded machine: one case per
# check, the accepted values all in one run.
refused --enable-werror=foo "bad value 'foo' for --enable-werror (use yes or no)"
refused --with-libc=foo "bad value 'foo' for --with-libc (use auto, glibc or musl)"
refused --with-cmocka "--with-cmocka needs a directory"
refused "--with-cmocka=$work/none" "--with-cmocka=$work/none: no include/cmocka.h there"
mkdir -p "$work/cmocka/include" && : >"$work/cmocka/include/cmocka.h"
accepted --enable-werror=yes --with-libc=auto "--with-cmocka=$work/cmocka"
exit $failed
