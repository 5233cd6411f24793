#!/bin/sh
# ABI guard: the dynamic symbols the built libpidfdspawn.so.0 exports, with
# type, binding and version, equal the checked-in list for this libc
# (lib/libpidfdspawn.sym where the libc has pidfd_open and co.,
# lib/libpidfdspawn-pidfd-api.sym where the library provides them); both
# lists agree with the version script lib/libpidfdspawn.map.in; the
# hardening configure found is in the binary; the shared object needs the
# libc alone (no C++ runtime), and its objects have no static
# constructors, exception tables, RTTI or vtables.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${top_srcdir:?}" "${READELF:=readelf}" "${NM:=nm}" \
  "${CC:=cc}"
failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/abi-guard.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
ok () { echo "ok - $1"; }
not_ok () { echo "not ok - $1"; failed=1; }

# The real file behind the libtool archive: dlname in objdir.
la=$top_builddir/lib/libpidfdspawn.la
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$la" 2>/dev/null)
objdir=$("$top_builddir/libtool" --config 2>/dev/null | sed -n 's/^objdir=//p')
so=$top_builddir/lib/${objdir:-.libs}/$dlname
if [ -z "$dlname" ] || [ ! -f "$so" ]; then
  echo "not ok - no shared library behind $la (dlname '$dlname')"
  exit 1
fi
# The library's objects, beside it in objdir: the convenience libraries'.
objects=$(ls "$top_builddir"/lib/"${objdir:-.libs}"/libpidfdspawn_internal_la-*.o \
  "$top_builddir"/lib/"${objdir:-.libs}"/libpidfdspawn_child_la-*.o 2>/dev/null)
if [ -z "$objects" ]; then
  echo "not ok - no library objects in lib/${objdir:-.libs}"
  exit 1
fi
# --enable-sanitizers (SANITIZERS, from make) links the sanitizer runtimes
# and adds the instrumentation's module constructors: the NEEDED and
# constructor checks describe the release build only.
sanitizers=${SANITIZERS:-}
skip_sanitized () { # skip_sanitized DESCRIPTION
  echo "ok - $1 # SKIP sanitizer build ($sanitizers): the runtimes and their constructors are linked in"
}
check () { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    ok "$1"
  else
    not_ok "$1"
    echo "  expected: $2" | sed 's/^/#/'
    echo "  actual:   $3" | sed 's/^/#/'
  fi
}

# Entries of a list: comments and blank lines dropped, sorted by name.
entries () { sed -e '/^#/d' -e '/^[[:space:]]*$/d' "$1" | LC_ALL=C sort -k3,3; }

# 1. The built library against the list for this configuration.
case ${PROVIDE_PIDFD_API:-} in
  yes) list=lib/libpidfdspawn-pidfd-api.sym ;;
  no) list=lib/libpidfdspawn.sym ;;
  *) echo "not ok - PROVIDE_PIDFD_API is '${PROVIDE_PIDFD_API:-}', not yes or no"; exit 1 ;;
esac
entries "$top_srcdir/$list" >"$work/expected"
# readelf --dyn-syms -W: Num: Value Size Type Bind Vis Ndx Name
# Some readelf releases print a version node's own symbol as NODE@@NODE.
# The aarch64 and ppc64 linkers also put local section symbols (.init,
# .data) in the dynamic table: not exports.
# dynsyms FILE: that table, without ppc64's "[<localentry>: 8]" after the
# visibility, so that every row has the same fields.
dynsyms () { $READELF --dyn-syms -W "$1" | sed 's/ \[<[^]]*\]//g'; }
dynsyms "$so" \
  | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 && $7 != "UND" && !($4 == "SECTION" && $5 == "LOCAL") {
           name = $8; split(name, part, "@@")
           if (part[1] == part[2]) name = part[1]
           print $4, $5, name }' \
  | LC_ALL=C sort -k3,3 >"$work/actual"
if cmp -s "$work/expected" "$work/actual"; then
  ok "$dlname exports exactly $list ($(wc -l <"$work/actual" | tr -d ' ') symbols)"
else
  not_ok "$dlname exports what $list does not say"
  diff -u "$work/expected" "$work/actual" | sed 's/^/# /'
  echo "# The exported ABI changed.  If that is intended, update $list"
  echo "# (and the other list if the change applies to every libc) AND say"
  echo "# so in NEWS; otherwise fix the library or lib/libpidfdspawn.map.in."
fi

# 2. Each list against the version script, preprocessed as Makefile.am
# does but with the decision forced either way: the versioned names of
# the list are exactly the names the script puts in its node.
for provide in 0 1; do
  case $provide in
    0) list=lib/libpidfdspawn.sym ;;
    1) list=lib/libpidfdspawn-pidfd-api.sym ;;
  esac
  mkdir -p "$work/$provide"
  echo "#define PIDFDSPAWN_PROVIDE_PIDFD_API $provide" >"$work/$provide/config.h"
  if ! $CC -E -P -undef -x c -I"$work/$provide" \
       "$top_srcdir/lib/libpidfdspawn.map.in" >"$work/$provide/map" 2>"$work/err"; then
    not_ok "preprocess lib/libpidfdspawn.map.in"; sed 's/^/# /' "$work/err"
    continue
  fi
  # The names listed under "global:" in each node, as NAME@@NODE.
  awk '/^[A-Za-z_][A-Za-z0-9_.]* *\{/ { node = $1; sub(/\{.*/, "", node); next }
       /^ *global:/ { global = 1; next }
       /^ *local:/ { global = 0; next }
       /^ *\}/ { global = 0; node = ""; next }
       global && node != "" && /^ *[A-Za-z_][A-Za-z0-9_]* *;/ {
         name = $1; sub(/;.*/, "", name); print name "@@" node }' \
    "$work/$provide/map" | LC_ALL=C sort >"$work/$provide/script"
  entries "$top_srcdir/$list" | awk '$3 ~ /@@/ { print $3 }' | LC_ALL=C sort \
    >"$work/$provide/listed"
  if [ -s "$work/$provide/script" ] \
     && cmp -s "$work/$provide/script" "$work/$provide/listed"; then
    ok "$list agrees with the version script (PIDFDSPAWN_PROVIDE_PIDFD_API=$provide)"
  else
    not_ok "$list and lib/libpidfdspawn.map.in (PIDFDSPAWN_PROVIDE_PIDFD_API=$provide) differ"
    diff -u "$work/$provide/listed" "$work/$provide/script" | sed 's/^/# /'
  fi
  # Every node named in a list is defined (the OBJECT entry of its name).
  for node in $(awk -F@@ 'NF == 2 { print $2 }' "$work/$provide/listed" | sort -u); do
    if entries "$top_srcdir/$list" | grep -qx "OBJECT GLOBAL $node"; then
      ok "$list defines the version node $node"
    else
      not_ok "$list lacks the entry 'OBJECT GLOBAL $node'"
    fi
  done
done

# 3. Link hardening configure accepted (HARDEN_LDFLAGS) is in the library,
# unless the packager's LDFLAGS, which come later and win, undo it.
case " ${HARDEN_LDFLAGS:-} ${LDFLAGS:-} " in
  *lazy*) echo "# LDFLAGS ask for lazy binding: BIND_NOW not checked" ;;
  *" -Wl,-z,now "*)
    if $READELF -d "$so" | grep -q 'BIND_NOW\|Flags:.*NOW'; then
      ok "-z now: the library binds at load time"
    else
      not_ok "-z now was accepted but the library has no BIND_NOW"
    fi ;;
esac
case " ${HARDEN_LDFLAGS:-} ${LDFLAGS:-} " in
  *norelro*) echo "# LDFLAGS ask for no RELRO: GNU_RELRO not checked" ;;
  *" -Wl,-z,relro "*)
    if $READELF -l -W "$so" | grep -q 'GNU_RELRO'; then
      ok "-z relro: the library has a GNU_RELRO segment"
    else
      not_ok "-z relro was accepted but the library has no GNU_RELRO segment"
    fi ;;
esac
case " ${HARDEN_LDFLAGS:-} " in
  *" -Wl,-z,noexecstack "*)
    if $READELF -l -W "$so" | awk '$1 == "GNU_STACK" && $7 !~ /E/' | grep -q .; then
      ok "-z noexecstack: the stack is not executable"
    else
      not_ok "-z noexecstack was accepted but the stack is executable"
    fi ;;
esac

# 4. What the shared object needs: the libc's own SONAME (glibc's carries
# a version, musl's, which is also its dynamic loader, does not) and
# nothing of a C++ runtime.
case ${LIBC_FAMILY:-glibc} in
  glibc) libc_soname=libc.so.6 ;;
  musl) libc_soname=libc.so ;;
  *) echo "not ok - unknown LIBC_FAMILY '$LIBC_FAMILY'"; exit 1 ;;
esac
needed=$($READELF -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
if [ -n "$sanitizers" ]; then
  skip_sanitized "NEEDED is ${LIBC_FAMILY:-glibc}'s libc alone"
else
  check "NEEDED is ${LIBC_FAMILY:-glibc}'s libc alone" "$libc_soname " "$needed"
fi
soname=$($READELF -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "SONAME" "libpidfdspawn.so.0" "$soname"
# posix_spawn, posix_spawnp and posix_spawnattr_setflags carry no version:
# the base version, which satisfies the libc-versioned references of a
# program when the library is preloaded.
base=$(dynsyms "$so" | awk '$7 != "UND" && $5 == "GLOBAL" && $8 !~ /@/ && $4 == "FUNC" {print $8}' | sort | tr '\n' ' ')
check "base-version (unversioned) functions" \
  "posix_spawn posix_spawnattr_setflags posix_spawnp " "$base"
# __cxa_finalize is libc's, referenced weakly by every shared object's
# crtbeginS.o; any other __cxa_ name would be the C++ runtime's.
cxx=$($NM -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' \
  | grep -E '^(_Z|__cxa_|__gxx_|_Unwind_|__dynamic_cast|__tls_get_addr)' \
  | grep -v '^__cxa_finalize$' | tr '\n' ' ')
check "no C++ runtime, unwinder or TLS references" "" "$cxx"

# 5. The objects: no static constructors, exceptions or RTTI.
ctors=$(for o in $objects; do
  $READELF -S -W "$o" | grep -E '\.(init_array|ctors)' >/dev/null && basename "$o"
done | tr '\n' ' ')
if [ -n "$sanitizers" ]; then
  skip_sanitized "no static constructors in the library's objects"
else
  check "no static constructors in the library's objects" "" "$ctors"
fi
eh=$(for o in $objects; do
  $READELF -S -W "$o" | grep -E '\.gcc_except_table' >/dev/null && basename "$o"
done | tr '\n' ' ')
check "no exception tables" "" "$eh"
# shellcheck disable=SC2086
rtti=$($NM $objects 2>/dev/null | awk '{print $NF}' | grep -E '^_ZT[ISV]' | sort -u | tr '\n' ' ')
check "no RTTI or vtables" "" "$rtti"

exit $failed
