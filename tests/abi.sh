#!/bin/sh
# The shared object's ABI: exactly the documented symbols under the version
# node, libc as the only NEEDED entry, no C++ runtime, no static
# constructors, no exceptions or RTTI in the objects.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${READELF:=readelf}" "${NM:=nm}"
so="$top_builddir/lib/.libs/libpidfdspawn.so.0"
objects=$(ls "$top_builddir"/lib/.libs/libpidfdspawn_internal_la-*.o 2>/dev/null)
failed=0
check () { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    echo "ok - $1"
  else
    echo "not ok - $1"
    echo "  expected: $2" | sed 's/^/#/'
    echo "  actual:   $3" | sed 's/^/#/'
    failed=1
  fi
}
[ -f "$so" ] || { echo "not ok - $so was not built"; exit 1; }
[ -n "$objects" ] || { echo "not ok - no library objects in lib/.libs"; exit 1; }

# The libc's own SONAME: glibc's carries a version, musl's (which is also
# its dynamic loader) does not.
case ${LIBC_FAMILY:-glibc} in
  glibc) libc_soname=libc.so.6 ;;
  musl) libc_soname=libc.so ;;
  *) echo "not ok - unknown LIBC_FAMILY '$LIBC_FAMILY'"; exit 1 ;;
esac
needed=$($READELF -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
check "NEEDED is $LIBC_FAMILY's libc alone" "$libc_soname " "$needed"

soname=$($READELF -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "SONAME" "libpidfdspawn.so.0" "$soname"

exported=$($NM -D --defined-only "$so" | awk '{print $3}' | sort | tr '\n' ' ')
check "exported symbols and versions" \
  "PIDFDSPAWN_0.1 pidfd_getpid@@PIDFDSPAWN_0.1 pidfd_spawn@@PIDFDSPAWN_0.1 pidfd_spawnp@@PIDFDSPAWN_0.1 " \
  "$exported"

# __cxa_finalize is libc's, referenced weakly by every shared object's
# crtbeginS.o; any other __cxa_ name would be the C++ runtime's.
cxx=$($NM -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' \
  | grep -E '^(_Z|__cxa_|__gxx_|_Unwind_|__dynamic_cast|__tls_get_addr)' \
  | grep -v '^__cxa_finalize$' | tr '\n' ' ')
check "no C++ runtime, unwinder or TLS references" "" "$cxx"

ctors=$(for o in $objects; do
  $READELF -S -W "$o" | grep -E '\.(init_array|ctors)' >/dev/null && basename "$o"
done | tr '\n' ' ')
check "no static constructors in the library's objects" "" "$ctors"

eh=$(for o in $objects; do
  $READELF -S -W "$o" | grep -E '\.gcc_except_table' >/dev/null && basename "$o"
done | tr '\n' ' ')
check "no exception tables" "" "$eh"

rtti=$($NM $objects 2>/dev/null | awk '{print $NF}' | grep -E '^_ZT[ISV]' | sort -u | tr '\n' ' ')
check "no RTTI or vtables" "" "$rtti"

exit $failed
