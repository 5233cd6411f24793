#!/bin/sh
# Control-flow protection survives into the library: built with
# -mbranch-protection=standard (aarch64: BTI, PAC) or -fcf-protection (x86:
# IBT, SHSTK), every object of the library, the assembly clone3 entry
# included, carries the GNU property note the compiler gave the C++ ones,
# and the linker keeps it: the objects linked alone (-nostdlib) give a
# marked shared object, with -z force-bti (aarch64) or -z cet-report=error
# (x86) without a word.  The library itself is marked too where the
# toolchain's own startup files are (Debian 12's crti.o are not, on either
# architecture: then that is said, not failed).
# Skips (77) when the C++ objects carry no such note (built without these
# flags); BRANCH_PROTECTION_STRICT=1 makes that a failure.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${READELF:=readelf}" "${CC:=cc}"
failed=0
ok () { echo "ok - $1"; }
not_ok () { echo "not ok - $1"; failed=1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/branch-protection.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT

objdir=$("$top_builddir/libtool" --config 2>/dev/null | sed -n 's/^objdir=//p')
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$top_builddir/lib/libpidfdspawn.la" 2>/dev/null)
so=$top_builddir/lib/${objdir:-.libs}/$dlname
objects=$(ls "$top_builddir"/lib/"${objdir:-.libs}"/libpidfdspawn_internal_la-*.o \
  "$top_builddir"/lib/"${objdir:-.libs}"/libpidfdspawn_child_la-*.o 2>/dev/null)
if [ -z "$dlname" ] || [ ! -f "$so" ] || [ -z "$objects" ]; then
  echo "not ok - no shared library and objects in $top_builddir/lib/${objdir:-.libs}"
  exit 1
fi

# property FILE: the feature line of FILE's GNU property note, or nothing.
property () {
  "$READELF" -n "$1" 2>/dev/null \
    | sed -n 's/^ *Properties: *\(\(AArch64\|x86\) feature: .*\)$/\1/p' | sed -n 1p
}

# What the compiler gave the C++ code: the note of the spawn core's object.
expected=
for object in $objects; do
  case $object in *spawn_core.o) expected=$(property "$object") ;; esac
done
if [ -z "$expected" ]; then
  reason="the library was built without control-flow protection (no GNU property note on its C++ objects; CXXFLAGS '${CXXFLAGS:-}')"
  if [ "${BRANCH_PROTECTION_STRICT:-0}" = 1 ]; then
    echo "not ok - $reason"
    exit 1
  fi
  echo "$reason: skipped"
  exit 77
fi
echo "# the compiler's note: $expected"

for object in $objects; do
  actual=$(property "$object")
  if [ "$actual" = "$expected" ]; then
    ok "${object##*/}: $expected"
  else
    not_ok "${object##*/}: '${actual:-no note}', not '$expected'"
  fi
done

case $expected in
  AArch64*) report=-Wl,-z,force-bti ;;
  x86*) report=-Wl,-z,cet-report=error ;;
esac
# shellcheck disable=SC2086 # $objects and $CFLAGS are lists
if $CC ${CFLAGS:-} -shared -nostdlib -o "$work/objects.so" $objects \
     "$report" >"$work/link.log" 2>&1 && [ ! -s "$work/link.log" ]; then
  ok "the objects link with $report without a warning"
else
  not_ok "the objects do not link cleanly with $report"
  sed 's/^/# /' "$work/link.log"
fi
actual=$(property "$work/objects.so")
if [ "$actual" = "$expected" ]; then
  ok "linked alone, the objects make a shared object marked $expected"
else
  not_ok "linked alone, the objects make a shared object marked '${actual:-no note}', not '$expected'"
fi

# The library also holds the toolchain's startup files: it can be marked
# only if an empty shared object is.
echo 'int pidfdspawn_empty;' >"$work/empty.c"
# shellcheck disable=SC2086
if $CC ${CFLAGS:-} -shared -fPIC -o "$work/empty.so" "$work/empty.c" \
     >/dev/null 2>&1 && [ "$(property "$work/empty.so")" = "$expected" ]; then
  actual=$(property "$so")
  if [ "$actual" = "$expected" ]; then
    ok "$dlname is marked $expected"
  else
    not_ok "$dlname is marked '${actual:-no note}', not '$expected'"
  fi
else
  echo "# $CC's startup files carry no such note, so no shared object it links is marked: $dlname not checked"
fi
exit $failed
