#!/bin/sh
# The shared object's ABI: exactly the documented symbols under the version
# node, libc as the only NEEDED entry, no C++ runtime, no static
# constructors, no exceptions or RTTI in the objects.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${READELF:=readelf}" "${NM:=nm}"
so="$top_builddir/lib/.libs/libpidfdspawn.so.0"
objects=$(ls "$top_builddir"/lib/.libs/libpidfdspawn_internal_la-*.o \
  "$top_builddir"/lib/.libs/libpidfdspawn_child_la-*.o 2>/dev/null)
# --enable-sanitizers (SANITIZERS, from make) links the sanitizer runtimes
# and adds the instrumentation's module constructors: those two checks
# describe the release build only.
sanitizers=${SANITIZERS:-}
failed=0
skip_sanitized () { # skip_sanitized DESCRIPTION
  echo "ok - $1 # SKIP sanitizer build ($sanitizers): the runtimes and their constructors are linked in"
}
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
if [ -n "$sanitizers" ]; then
  skip_sanitized "NEEDED is $LIBC_FAMILY's libc alone"
else
  check "NEEDED is $LIBC_FAMILY's libc alone" "$libc_soname " "$needed"
fi

soname=$($READELF -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "SONAME" "libpidfdspawn.so.0" "$soname"

# The node lists pidfd_open, pidfd_getfd and pidfd_send_signal only where
# configure decided the libc lacks them (PROVIDE_PIDFD_API, from make).
case ${PROVIDE_PIDFD_API:-} in
  yes) optional="pidfd_getfd pidfd_open pidfd_send_signal" ;;
  no) optional= ;;
  *) echo "not ok - PROVIDE_PIDFD_API is '${PROVIDE_PIDFD_API:-}', not yes or no"; exit 1 ;;
esac
# posix_spawn, posix_spawnp and posix_spawnattr_setflags carry no version:
# the base version, which satisfies the libc-versioned references of a
# program when the library is preloaded.
expected=$( (for name in pidfd_getpid pidfd_spawn pidfd_spawnp \
    posix_spawnattr_getcgroup_np posix_spawnattr_setcgroup_np $optional; do
  echo "$name@@PIDFDSPAWN_0.1"; done
  echo PIDFDSPAWN_0.1; echo posix_spawn; echo posix_spawnp
  echo posix_spawnattr_setflags) | LC_ALL=C sort | tr '\n' ' ')
exported=$($NM -D --defined-only "$so" | awk '{print $3}' | LC_ALL=C sort | tr '\n' ' ')
check "exported symbols and versions (pidfd_open and co. provided: $PROVIDE_PIDFD_API)" \
  "$expected" "$exported"
base=$($READELF -W --dyn-syms "$so" | awk '$7 != "UND" && $5 == "GLOBAL" && $8 !~ /@/ && $4 == "FUNC" {print $8}' | sort | tr '\n' ' ')
check "base-version (unversioned) functions" \
  "posix_spawn posix_spawnattr_setflags posix_spawnp " "$base"

# __cxa_finalize is libc's, referenced weakly by every shared object's
# crtbeginS.o; any other __cxa_ name would be the C++ runtime's.
cxx=$($NM -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' \
  | grep -E '^(_Z|__cxa_|__gxx_|_Unwind_|__dynamic_cast|__tls_get_addr)' \
  | grep -v '^__cxa_finalize$' | tr '\n' ' ')
check "no C++ runtime, unwinder or TLS references" "" "$cxx"

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

rtti=$($NM $objects 2>/dev/null | awk '{print $NF}' | grep -E '^_ZT[ISV]' | sort -u | tr '\n' ' ')
check "no RTTI or vtables" "" "$rtti"

exit $failed
