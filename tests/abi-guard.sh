#!/bin/sh
# ABI guard: the dynamic symbols the built libpidfdspawn.so.0 exports, with
# type, binding and version, equal the checked-in list for this libc
# (lib/libpidfdspawn.sym where the libc has pidfd_open and co.,
# lib/libpidfdspawn-pidfd-api.sym where the library provides them); both
# lists agree with the version script lib/libpidfdspawn.map.in; the
# hardening configure found is in the binary.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${top_srcdir:?}" "${READELF:=readelf}" "${CC:=cc}"
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
$READELF --dyn-syms -W "$so" \
  | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 && $7 != "UND" {
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
exit $failed
