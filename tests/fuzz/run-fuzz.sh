#!/bin/bash
# `make fuzz`: builds the libFuzzer targets of tests/fuzz with clang
# (ASan, UBSan, every finding fatal), runs each for FUZZ_SECONDS from its
# seed corpus, fails on any crash, leak, timeout or wrong result, and
# prints the coverage reached: libFuzzer's final cov:/ft: and, with
# llvm-profdata and llvm-cov, the line coverage of the code under test.
# Exits 77 when clang or its libFuzzer runtime is missing.
#
# Environment (tests/fuzz.mk passes the make variables of the same names):
#   top_srcdir, top_builddir   the source tree and the configured build
#   FUZZ_CC, FUZZ_CXX          clang, clang++
#   FUZZ_SECONDS               per target (60)
#   FUZZ_TARGETS               a subset of: fdinfo file-actions-glibc
#                              file-actions-musl (default: all)
#   FUZZ_MUSL_CC               a compiler that uses musl's headers (musl-gcc),
#                              for the musl decoder; without one that target
#                              is skipped, saying so
#   FUZZ_LLVM_PROFDATA, FUZZ_LLVM_COV   llvm-profdata, llvm-cov
# What it builds and finds lives in $top_builddir/_fuzz: the grown
# corpus in work/TARGET (kept between runs), crashes in artifacts/.
#
# `run-fuzz.sh --seeds` (make fuzz-seeds) instead rewrites the checked-in
# seed corpora, tests/fuzz/corpus/TARGET, from real inputs (make-seeds.c):
# fdinfo and glibc objects with $SEEDS_CC (a glibc compiler, cc), musl
# objects with $FUZZ_MUSL_CC -static.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u

srcdir=$(cd "${top_srcdir:?}" && pwd) || exit 2
builddir=$(cd "${top_builddir:?}" && pwd) || exit 2
cc=${FUZZ_CC:-clang}
cxx=${FUZZ_CXX:-clang++}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-fdinfo file-actions-glibc file-actions-musl}
musl_cc=${FUZZ_MUSL_CC:-musl-gcc}
profdata=${FUZZ_LLVM_PROFDATA:-llvm-profdata}
llvm_cov=${FUZZ_LLVM_COV:-llvm-cov}

case $seconds in
  '' | *[!0-9]*) echo "fuzz: FUZZ_SECONDS must be a number of seconds" >&2; exit 2 ;;
esac

out=$builddir/_fuzz
mkdir -p "$out/obj" "$out/bin" "$out/work" "$out/artifacts" "$out/cov" || exit 2

if test "${1-}" = --seeds; then
  corpus=$srcdir/tests/fuzz/corpus
  seeds_cc=${SEEDS_CC:-cc}
  # make_seeds TARGET COMPILER...: regenerates corpus/TARGET.
  make_seeds () {
    local target=$1 bin=$out/bin/make-seeds-$1
    shift
    "$@" -std=gnu11 -O1 -Wall -Wextra -I"$srcdir/tests/fuzz" \
      "$srcdir/tests/fuzz/make-seeds.c" -o "$bin" || return 1
    rm -rf "$corpus/$target" && mkdir -p "$corpus/$target" || return 1
    "$bin" "$target" "$corpus/$target"
  }
  make_seeds fdinfo $seeds_cc || exit 1
  make_seeds file-actions-glibc $seeds_cc || exit 1
  make_seeds file-actions-musl $musl_cc -static || exit 1
  exit 0
fi

# ---- the compiler and its libFuzzer runtime
if ! command -v "${cc%% *}" >/dev/null 2>&1 || ! command -v "${cxx%% *}" >/dev/null 2>&1; then
  echo "fuzz: SKIP: no $cc/$cxx (install clang; FUZZ_CC/FUZZ_CXX name another)"
  exit 77
fi
probe=$out/obj/probe
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
  'int LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { (void) d; (void) n; return 0; }' \
  >"$probe.c"
if ! $cc -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" >"$probe.log" 2>&1; then
  cat "$probe.log"
  echo "fuzz: SKIP: $cc cannot build a libFuzzer program (-fsanitize=fuzzer,address,undefined): install libclang-rt-14-dev (Debian 12)"
  exit 77
fi

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
coverage="-fprofile-instr-generate -fcoverage-mapping"
includes="-I$builddir -I$srcdir/include -I$srcdir -I$srcdir/lib -I$srcdir/tests/fuzz"
# The library's own C++ dialect and restrictions (Makefile.am).
lib_cxxflags="-std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics
  -fno-delete-null-pointer-checks -g -O1"

# The musl decoder sees musl's headers: clang's own, then the directory of
# $musl_cc's search list that holds musl's <spawn.h>.
musl_includes=
for dir in $($musl_cc -x c -E -v /dev/null 2>&1 >/dev/null \
             | sed -n '/^#include <\.\.\.> search starts here:/,/^End of search list\./{
/^ /s/^ *//p
}'); do
  if test -f "$dir/spawn.h" && ! grep -q __GLIBC "$dir/features.h" 2>/dev/null; then
    musl_includes="-nostdinc -isystem $($cc -print-resource-dir)/include -isystem $dir"
    break
  fi
done

# sources_of TARGET: the target's C file, then the library files it tests.
sources_of () {
  case $1 in
    fdinfo) echo "tests/fuzz/fuzz-fdinfo.c lib/fdinfo_parse.cpp" ;;
    file-actions-glibc) echo "tests/fuzz/fuzz-file-actions-glibc.c lib/file_actions.cpp lib/file_actions_glibc.cpp" ;;
    file-actions-musl) echo "tests/fuzz/fuzz-file-actions-musl.c lib/file_actions.cpp lib/file_actions_musl.cpp" ;;
    *) return 1 ;;
  esac
}
max_len_of () {
  case $1 in
    fdinfo) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

# build TARGET VARIANT FLAGS...: one binary, $out/bin/fuzz-TARGET-VARIANT.
build () {
  local target=$1 variant=$2 flags=$3 objs= src obj extra
  for src in $(sources_of "$target"); do
    obj=$out/obj/$target-$variant-$(basename "${src%.*}").o
    extra=
    case $src in
      *.c) $cc -std=gnu11 -g -O1 -Wall -Wextra -Werror $includes $flags \
             -fsanitize=fuzzer-no-link -c "$srcdir/$src" -o "$obj" || return 1 ;;
      *.cpp)
        test "$target" = file-actions-musl && extra=$musl_includes
        $cxx $extra $lib_cxxflags -Wall -Wextra -Werror $includes $flags \
          -fsanitize=fuzzer-no-link -c "$srcdir/$src" -o "$obj" || return 1 ;;
    esac
    objs="$objs $obj"
  done
  $cxx $flags -fsanitize=fuzzer $objs -o "$out/bin/fuzz-$target-$variant"
}

# line_coverage TARGET: the corpus replayed by the coverage build; prints
# llvm-cov's per-file table of the library files under test.
line_coverage () {
  local target=$1 bin=$out/bin/fuzz-$1-cov files=
  if ! command -v "$profdata" >/dev/null 2>&1 || ! command -v "$llvm_cov" >/dev/null 2>&1; then
    echo "fuzz-$target: line coverage: skipped (no $profdata/$llvm_cov)"
    return 0
  fi
  rm -f "$out/cov/$target".*
  LLVM_PROFILE_FILE=$out/cov/$target.profraw \
    "$bin" -runs=0 "$out/work/$target" "$srcdir/tests/fuzz/corpus/$target" \
    >"$out/cov/$target.log" 2>&1 || { cat "$out/cov/$target.log"; return 1; }
  "$profdata" merge -sparse "$out/cov/$target.profraw" -o "$out/cov/$target.profdata" || return 1
  for src in $(sources_of "$target"); do
    case $src in lib/*) files="$files $srcdir/$src" ;; esac
  done
  echo "fuzz-$target: line coverage of the library code it reaches:"
  "$llvm_cov" report "$bin" -instr-profile="$out/cov/$target.profdata" $files \
    | sed 's/^/  /'
}

failed=
skipped=
ran=0
for target in $targets; do
  if ! sources_of "$target" >/dev/null; then
    echo "fuzz: unknown target '$target'" >&2
    exit 2
  fi
  if test "$target" = file-actions-musl && test -z "$musl_includes"; then
    echo "fuzz-$target: SKIP: no musl headers ($musl_cc; Debian: musl-dev musl-tools)"
    skipped="$skipped $target"
    continue
  fi
  echo "fuzz-$target: building"
  if ! build "$target" fuzz "$sanitize" || ! build "$target" cov "$coverage"; then
    echo "fuzz-$target: FAIL: does not build"
    failed="$failed $target"
    continue
  fi
  mkdir -p "$out/work/$target"
  ran=$((ran + 1))
  log=$out/$target.log
  echo "fuzz-$target: running for ${seconds}s (log: $log)"
  # The grown corpus first: libFuzzer adds new inputs to the first
  # directory only, so the checked-in seeds stay untouched.
  "$out/bin/fuzz-$target-fuzz" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -error_exitcode=1 -max_len="$(max_len_of "$target")" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target-" \
    "$out/work/$target" "$srcdir/tests/fuzz/corpus/$target" >"$log" 2>&1
  rc=$?
  grep -E '^#[0-9]+.*(INITED|DONE)' "$log" | sed "s/^/fuzz-$target: /"
  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$log" \
    | sed "s/^/fuzz-$target: /"
  if test $rc -ne 0; then
    tail -n 60 "$log"
    echo "fuzz-$target: FAIL (exit $rc); reproduce with: $out/bin/fuzz-$target-fuzz ARTIFACT"
    ls "$out/artifacts/$target-"* 2>/dev/null | sed 's/^/  artifact: /'
    failed="$failed $target"
    continue
  fi
  line_coverage "$target" || { echo "fuzz-$target: FAIL: line coverage"; failed="$failed $target"; }
done

test -n "$skipped" && echo "fuzz: skipped:$skipped"
if test -n "$failed"; then
  echo "fuzz: FAILED:$failed"
  exit 1
fi
if test $ran -eq 0; then
  echo "fuzz: SKIP: no target could run"
  exit 77
fi
echo "fuzz: no finding in ${seconds}s per target ($ran run)"
