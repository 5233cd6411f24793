#!/bin/sh
# make check-cross: the library and tools/pidfd-run cross-compiled for
# other architectures with the project's warnings as errors, then checked
# without running anything: tests/abi/abi-guard.sh (exported symbols and
# versions, NEEDED libc alone, no C++ runtime) and, for a configuration
# that names compiler flags, tests/abi/branch-protection.sh (the flags'
# GNU property note kept).  Nothing is run: there is no emulator here for
# the test suite (aarch64 and i386 are run by make check-kernels and by a
# native make check).
#
#   check-cross.sh SRCDIR OUTDIR JOBS TRIPLET[:FLAGS]...
#
# FLAGS (comma-separated) are added to the compilers, so configure still
# adds the warnings.  A TRIPLET whose TRIPLET-g++ is missing is skipped
# and said so; CROSS_STRICT=1 makes that a failure.  Exit 77 when every
# configuration was skipped.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
srcdir=$(cd "$1" && pwd) out=$2 jobs=$3
shift 3
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 1

failed=0 built=0 skipped=0
# value NAME: NAME's value in the configured Makefile.
value () { sed -n "s/^$1 = //p" Makefile; }

for config in "$@"; do
  triplet=${config%%:*}
  flags=
  case $config in *:*) flags=$(echo "${config#*:}" | tr ',' ' ') ;; esac
  if ! command -v "$triplet-g++" >/dev/null 2>&1; then
    echo "SKIP: $triplet: no $triplet-g++ (apt-get install g++-$triplet)"
    skipped=$((skipped + 1))
    continue
  fi
  dir=$out/$triplet
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
  start=$(date +%s)
  if ! "$srcdir/configure" -q --host="$triplet" --enable-werror \
         CC="$triplet-gcc${flags:+ $flags}" CXX="$triplet-g++${flags:+ $flags}" \
         >configure.log 2>&1; then
    echo "FAIL: $triplet: configure (see $dir/config.log)"
    sed 's/^/# /' configure.log | tail -n 20
    failed=1
    continue
  fi
  # -Werror turns compiler warnings into errors; the linker's are read.
  if ! make -j"$jobs" lib/libpidfdspawn.la tools/pidfd-run >build.log 2>&1 \
     || grep -i 'warning' build.log >/dev/null; then
    echo "FAIL: $triplet: build (or a warning)"
    grep -i -B2 -A4 'warning\|error' build.log | sed 's/^/# /' | head -n 40
    failed=1
    continue
  fi
  env="top_builddir=. top_srcdir=$srcdir READELF=$(value READELF)"
  env="$env NM='$(value NM)' CC='$(value CC)' CFLAGS='$(value CFLAGS)'"
  env="$env PROVIDE_PIDFD_API=$(value PROVIDE_PIDFD_API) LIBC_FAMILY=$(value LIBC_FAMILY)"
  env="$env HARDEN_LDFLAGS='$(value HARDEN_LDFLAGS)' LDFLAGS='$(value LDFLAGS)'"
  tests=tests/abi/abi-guard.sh
  [ -n "$flags" ] && tests="$tests tests/abi/branch-protection.sh"
  for test in $tests; do
    log=$dir/$(basename "$test" .sh).log
    if eval "$env BRANCH_PROTECTION_STRICT=1 sh '$srcdir/$test'" >"$log" 2>&1; then
      echo "PASS: $triplet: $test"
    else
      echo "FAIL: $triplet: $test"
      grep -v '^ok' "$log" | sed 's/^/# /'
      failed=1
    fi
  done
  so=lib/.libs/libpidfdspawn.so.0
  readelf=$(value READELF)
  needed=$($readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  if $readelf -s -W "$so" | grep -q ' pidfdspawn_clone3$'; then
    entry="clone3 entry"
  else
    entry="no clone3 entry (clone rung first)"
  fi
  spawn=$(sed -n 's/^#define PIDFDSPAWN_GLIBC_SPAWN_VERSION "\(.*\)"/\1/p' config.h)
  setflags=$(sed -n 's/^#define PIDFDSPAWN_GLIBC_SETFLAGS_VERSION "\(.*\)"/\1/p' config.h)
  echo "# $triplet${flags:+ ($flags)}: $(($(date +%s) - start)) s; $entry; NEEDED ${needed% }; forwards to posix_spawn(p)@$spawn, posix_spawnattr_setflags@$setflags"
  built=$((built + 1))
done

echo "# check-cross: $built built, $skipped skipped"
if [ "$skipped" -gt 0 ] && [ "${CROSS_STRICT:-0}" = 1 ]; then
  echo "FAIL: CROSS_STRICT=1: a configuration was skipped"
  failed=1
fi
[ "$failed" = 0 ] && [ "$built" = 0 ] && exit 77
exit $failed
