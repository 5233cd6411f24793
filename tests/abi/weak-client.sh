#!/bin/sh
# A program written for glibc 2.39 (tests/abi/weak-client.c, overlay-mode
# includes) against the built library: with strong references it links
# and runs; with weak references, -Wl,--as-needed drops the library unless
# -Wl,--no-as-needed is given for it, and a static archive gives up only
# the members named with -Wl,-u -- the flags pidfdspawn(7) documents.
# Each case also checks which implementation the program called, the
# policy pidfdspawn(7) states ("Where the libc has these functions"):
# linked with the library, a program gets ours on every libc; where the
# libc has the functions too (glibc 2.39 and later), references the
# library does not satisfy bind to the libc's, and so do a program's
# versioned references when the library is only preloaded, while a
# lookup by name (dlsym) finds the preloaded library first.
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
# The sanitizer build's library needs ASan's runtime loaded before it,
# which only a program linked with the runtime has: preload it first.
preload=$libdir/$dlname
case ,${SANITIZERS:-}, in
  *,address,*) preload="$(${CC:-cc} -print-file-name=libasan.so) $preload" ;;
esac
# expect NAME PRELOAD STATUS NEEDED FROM WHAT: runs NAME (with our library
# preloaded if PRELOAD is yes); its status, whether it needs the library
# and the file its pidfd_spawnp and pidfd_getpid came from (FROM; "-" when
# they are missing) are as given.
# The clients spawn "sh" by name: our PATH, not the caller's.
expect () {
  if [ "$2" = yes ]; then
    LD_PRELOAD=$preload PATH=/usr/bin:/bin "$work/$1" >"$work/$1.out" 2>&1
  else
    PATH=/usr/bin:/bin "$work/$1" >"$work/$1.out" 2>&1
  fi
  rc=$? needed=$(needs_library "$1")
  if [ "$5" = - ]; then
    want_from="pidfd_spawnp: missing, pidfd_getpid: missing"
  else
    want_from="pidfd_spawnp: $5, pidfd_getpid: $5"
  fi
  from=$(head -n 1 "$work/$1.out")
  if [ "$rc" -eq "$3" ] && [ "$needed" = "$4" ] && [ "$from" = "$want_from" ]; then
    echo "ok - $6 ($(tr '\n' ';' <"$work/$1.out"))"
  else
    echo "not ok - $6: exit $rc (want $3), NEEDED $dlname: $needed (want $4)"
    echo "#   called: $from"
    echo "#   want:   $want_from"
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
  # glibc 2.39 and later: the only libc with these functions.  Files as
  # /proc/self/maps names them: symbolic links resolved.
  libc=$(basename "$(readlink -f "$($CC -print-file-name=libc.so.6)")")
  without_us=0 without_us_what="bound to the libc's own pidfd_spawnp"
else
  libc=-
  without_us=2 without_us_what="the functions are missing"
fi
echo "# the libc's own pidfd_spawnp: $([ "$libc" = - ] && echo none || echo "in $libc")"

lib=$(basename "$(readlink -f "$libdir/$dlname")")
rpath="-Wl,-rpath,$libdir"
if build strong -L"$libdir" -lpidfdspawn "$rpath"; then
  expect strong no 0 yes "$lib" "strong references, -lpidfdspawn: runs, calls ours"
fi
if build strong-as-needed -Wl,--as-needed -L"$libdir" -lpidfdspawn "$rpath"; then
  expect strong-as-needed no 0 yes "$lib" "strong references keep an --as-needed library"
fi
if build weak-as-needed -DWEAK_REFERENCES -Wl,--as-needed -L"$libdir" \
     -lpidfdspawn "$rpath"; then
  expect weak-as-needed no $without_us no "$libc" "weak references alone: --as-needed drops the library; $without_us_what"
fi
if build weak-no-as-needed -DWEAK_REFERENCES -Wl,--as-needed -L"$libdir" \
     -Wl,--no-as-needed -lpidfdspawn -Wl,--as-needed "$rpath"; then
  expect weak-no-as-needed no 0 yes "$lib" "weak references with -Wl,--no-as-needed for the library: bound to ours"
fi

# Built against the libc alone, our library preloaded.
if build weak-preloaded -DWEAK_REFERENCES; then
  if [ "$libc" = - ]; then
    expect weak-preloaded yes 0 no "$lib" "weak references, preloaded: bound to ours"
  else
    expect weak-preloaded yes 0 no "$libc" "weak references, preloaded: versioned (GLIBC_2.39), they stay the libc's"
  fi
fi
# shellcheck disable=SC2086
if build dlsym -DRUNTIME_LOOKUP ${DLOPEN_LIBS:-}; then
  expect dlsym no $without_us no "$libc" "dlsym (RTLD_DEFAULT) without the library: $without_us_what"
  expect dlsym yes 0 no "$lib" "dlsym (RTLD_DEFAULT), preloaded: ours, found first"
fi

# The static archive, where built (not with --disable-static).
archive=$libdir/libpidfdspawn.a
if [ -f "$archive" ]; then
  if build weak-static -DWEAK_REFERENCES "$archive"; then
    expect weak-static no $without_us no "$libc" "weak references pull nothing out of libpidfdspawn.a; $without_us_what"
  fi
  if build weak-static-u -DWEAK_REFERENCES -Wl,-u,pidfd_spawnp \
       -Wl,-u,pidfd_getpid "$archive"; then
    expect weak-static-u no 0 no weak-static-u "-Wl,-u,pidfd_spawnp -Wl,-u,pidfd_getpid pull both out of libpidfdspawn.a"
  fi
else
  echo "# no $archive (--disable-static): the static cases are not run"
fi
exit $failed
