#!/bin/sh
# Builds CMocka for musl into DIR (default: ./musl-cmocka, meant to sit in a
# build tree): DIR/include/cmocka.h and DIR/lib/libcmocka.a.  Then:
#   configure --with-libc=musl --with-cmocka=DIR
#
# Distributions ship CMocka built for glibc only.  Its source is one file,
# src/cmocka.c, so this fetches the distribution's own source package with
# apt and compiles that file with musl-gcc.  apt runs on a private state in
# DIR (the system's sources turned into deb-src entries, its own lists), so
# the system's apt configuration is left alone.  A finished DIR is reused.
#
# Environment: MUSL_CC (default musl-gcc).  Needs apt-get and network access
# to the distribution's archive.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
dir=${1:-musl-cmocka}
cc=${MUSL_CC:-musl-gcc}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if [ -f "$dir/lib/libcmocka.a" ] && [ -f "$dir/include/cmocka.h" ]; then
  echo "musl-cmocka: $dir already built"
  exit 0
fi
command -v "$cc" >/dev/null || { echo "musl-cmocka: $cc not found (apt-get install musl-tools)" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "musl-cmocka: needs apt-get to fetch CMocka's source" >&2; exit 1; }

apt="$dir/apt"
rm -rf "$apt"
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache" "$dir/src"
# The system's enabled sources, as source entries: one-line .list files
# and deb822 .sources files.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
done > "$apt/sources.list.d/system-src.list"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt/sources.list.d/$(basename "$f")"
done
set -- -o Dir::Etc::SourceList=/dev/null \
  -o Dir::Etc::SourceParts="$apt/sources.list.d" \
  -o Dir::State::Lists="$apt/lists" \
  -o Dir::Cache="$apt/cache" \
  -o APT::Sandbox::User=root -q
# A failing third-party source is no reason to stop: the source download
# below says whether CMocka's source could be had.
apt-get "$@" update >"$apt/update.log" 2>&1 || cat "$apt/update.log" >&2
(cd "$dir/src" && apt-get "$@" source --download-only cmocka) >"$apt/source.log" 2>&1 || {
  cat "$apt/source.log" >&2
  echo "musl-cmocka: could not download CMocka's source package" >&2
  exit 1
}

# The upstream tarball holds everything needed; Debian's patches touch
# packaging and tests only in the versions seen so far.
orig=$(ls "$dir"/src/cmocka_*.orig.tar.* | head -n 1)
rm -rf "$dir/src/tree" && mkdir "$dir/src/tree"
tar -xf "$orig" -C "$dir/src/tree" --strip-components=1

# CMocka's CMake build would write these into config.h; musl has them all.
"$cc" -O2 -g -w -I"$dir/src/tree/include" \
  -DHAVE_SIGNAL_H -DHAVE_STRINGS_H -DHAVE_INTTYPES_H -DHAVE_MALLOC_H \
  -DHAVE_SIGLONGJMP -DHAVE_STRSIGNAL -DHAVE_STRUCT_TIMESPEC \
  -DHAVE_CLOCK_REALTIME -DHAVE_GCC_THREAD_LOCAL_STORAGE \
  -c "$dir/src/tree/src/cmocka.c" -o "$dir/src/cmocka.o"
mkdir -p "$dir/lib" "$dir/include"
rm -f "$dir/lib/libcmocka.a"
ar rcs "$dir/lib/libcmocka.a" "$dir/src/cmocka.o"
cp "$dir/src/tree/include/cmocka.h" "$dir/include/"
[ -f "$dir/src/tree/include/cmocka_pbc.h" ] && cp "$dir/src/tree/include/cmocka_pbc.h" "$dir/include/"
rm -rf "$apt"
echo "musl-cmocka: built $dir/lib/libcmocka.a from $(basename "$orig")"
