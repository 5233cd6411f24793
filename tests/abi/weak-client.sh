#!/bin/sh
# A program written for glibc 2.39 (tests/abi/weak-client.c, overlay-mode
# includes) against the built library: with strong references it links
# and runs; with weak references, -Wl,--as-needed drops the library unless
# -Wl,--no-as-needed is given for it, and a static archive gives up only
# the members named with -Wl,-u -- the flags pidfdspawn(7)
# document.  Where the libc has the functions too (glibc 2.39 and later),
# weak references left unbound by us bind to the libc's.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${top_srcdir:?}" "${CC:=cc}" "${READELF:=readelf}"
work=$(mktemp -d "${TMPDIR:-/tmp}/weak-client.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failed=0

objdir=$("$top_builddir/libtool" --config 2>/dev/null | sed -n 's/^objdir=//p')
libdir=$top_builddir/lib/${objdir:-.libs}
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$top_builddir/lib/libpidfdspawn.la" 2>/dev/null)
if [ -z "$dlname" ] || [ ! -f "$libdir/$dlname" ]; then
  echo "not ok - no shared library in $libdir"; exit 1
fi
# -I, not -isystem: musl-gcc puts its own headers first among -isystem
# directories, which would skip the overlay.
overlay="-I$top_srcdir/include/pidfdspawn"
src=$top_srcdir/tests/abi/weak-client.c

# build NAME CFLAGS-AND-LINK-ARGS...: compiles the client into $work/NAME.
build () {
  name=$1; shift
  # In the sanitizer build the program links the sanitizers' runtimes
  # too, as the library (and its static archive) needs them.
  # shellcheck disable=SC2086
  if $CC ${CPPFLAGS:-} ${CFLAGS:-} ${SANITIZE_FLAGS:-} $overlay -o "$work/$name" "$src" "$@" \
       >"$work/$name.err" 2>&1; then
    return 0
  fi
  echo "not ok - $name: does not link"; sed 's/^/# /' "$work/$name.err"
  failed=1; return 1
}
# needs_library NAME: yes if the program lists our SONAME as NEEDED.
needs_library () {
  $READELF -d "$work/$1" | grep -q "(NEEDED).*\[$dlname\]" && echo yes || echo no
}
# expect NAME STATUS NEEDED WHAT: runs NAME; its status and whether it
# needs the library are as given.
# The clients spawn "sh" by name: our PATH, not the caller's.
expect () {
  PATH=/usr/bin:/bin "$work/$1" >"$work/$1.out" 2>&1
  rc=$? needed=$(needs_library "$1")
  if [ "$rc" -eq "$2" ] && [ "$needed" = "$3" ]; then
    echo "ok - $4 ($(cat "$work/$1.out"))"
  else
    echo "not ok - $4: exit $rc (want $2), NEEDED $dlname: $needed (want $3)"
    sed 's/^/# /' "$work/$1.out"; failed=1
  fi
}

# Whether the libc has pidfd_spawnp and pidfd_getpid itself (glibc 2.39 and
# later): a program naming them links without us.  There the weak
# references bind to the libc's own functions whenever ours are not
# linked in, so the cases that leave our library out still run (exit 0)
# instead of finding the functions missing (exit 2).
printf 'extern int pidfd_spawnp (); extern int pidfd_getpid ();\nint main (void) { return pidfd_spawnp () + pidfd_getpid (); }\n' \
  >"$work/libc-has.c"
# shellcheck disable=SC2086
if $CC ${CPPFLAGS:-} ${CFLAGS:-} ${SANITIZE_FLAGS:-} -o "$work/libc-has" "$work/libc-has.c" \
     >/dev/null 2>&1; then
  without_us=0 without_us_what="bound to the libc's own pidfd_spawnp"
else
  without_us=2 without_us_what="the functions are missing"
fi

rpath="-Wl,-rpath,$libdir"
if build strong -L"$libdir" -lpidfdspawn "$rpath"; then
  expect strong 0 yes "strong references, -lpidfdspawn: runs"
fi
if build strong-as-needed -Wl,--as-needed -L"$libdir" -lpidfdspawn "$rpath"; then
  expect strong-as-needed 0 yes "strong references keep an --as-needed library"
fi
if build weak-as-needed -DWEAK_REFERENCES -Wl,--as-needed -L"$libdir" \
     -lpidfdspawn "$rpath"; then
  expect weak-as-needed $without_us no "weak references alone: --as-needed drops the library; $without_us_what"
fi
if build weak-no-as-needed -DWEAK_REFERENCES -Wl,--as-needed -L"$libdir" \
     -Wl,--no-as-needed -lpidfdspawn -Wl,--as-needed "$rpath"; then
  expect weak-no-as-needed 0 yes "weak references with -Wl,--no-as-needed for the library: bound"
fi

# The static archive, where built (not with --disable-static).
archive=$libdir/libpidfdspawn.a
if [ -f "$archive" ]; then
  if build weak-static -DWEAK_REFERENCES "$archive"; then
    expect weak-static $without_us no "weak references pull nothing out of libpidfdspawn.a; $without_us_what"
  fi
  if build weak-static-u -DWEAK_REFERENCES -Wl,-u,pidfd_spawnp \
       -Wl,-u,pidfd_getpid "$archive"; then
    expect weak-static-u 0 no "-Wl,-u,pidfd_spawnp -Wl,-u,pidfd_getpid pull both out of libpidfdspawn.a"
  fi
else
  echo "# no $archive (--disable-static): the static cases are not run"
fi
exit $failed
