#!/bin/bash
# `make check-kernels`: the suites on Debian's own kernels, booted under
# qemu (TCG, no KVM needed): bookworm's linux-image-ARCH (6.1) and
# bullseye's (5.10) by default, for amd64 (qemu-system-x86_64) or arm64
# (qemu-system-aarch64), whichever the build is for.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   bash tests/configs/check-kernels.sh CACHE OUT SUITE...
#
# SUITEs are named as in TESTS (tests/kernel/getpid, tests/suites/functional-auto.suite,
# tests/tools/pidfd-run.sh); top_builddir and top_srcdir (absolute), READELF
# and CC come from the environment, as make check gives them.  Nothing built
# for the guest runs on the build machine: a cross build (arm64 on amd64)
# is staged with readelf and the compiler's search path alone.
#
# 1. Kernels: for each Debian suite, a private apt state under CACHE (its
#    own sources.list, lists and archives; the system's apt state is never
#    touched) resolves linux-image-ARCH to its kernel package; that is
#    downloaded with `apt-get download`, vmlinuz and the kernel's config are
#    taken out with dpkg-deb -x and kept in CACHE/SUITE/ (CACHE/arm64/SUITE/
#    for arm64), the .deb is dropped.  A later run downloads again only when the archive has a newer
#    kernel; when the archive cannot be reached, the cached kernel serves.
# 2. The initramfs (OUT/initramfs.cpio.gz): busybox-static (fetched the same
#    way, for ARCH; the build machine's own busybox-static writes the cpio
#    archive) as shell and tools, tests/configs/kernels-init.sh as /init,
#    the suites' programs and scripts at the same absolute paths as in the
#    build, and every shared library they load with the interpreter itself:
#    a native build asks the ELF interpreter (so the glibc and the musl
#    builds both work), a cross build follows the NEEDED entries with
#    readelf through RUNPATH and the compiler's library search path.
#    libgcc_s.so.1 comes too: glibc's pthread_cancel loads it.
# 3. Each kernel boots with qemu-system-x86_64 or -aarch64 -accel tcg under a timeout;
#    the serial console goes to OUT/SUITE.log.  /init prints one line per
#    suite and a final "RESULT:" line; without that line the boot failed.
#
# Environment:
#   KERNELS            Debian suites whose kernel to boot
#                      (default "bookworm bullseye")
#   KERNELS_ARCH       the guest's architecture: amd64 (or x86_64) or arm64
#                      (or aarch64); default amd64.  Any other skips.
#   KERNELS_MIRROR     Debian mirror (default: the first .../debian archive
#                      in the system's apt sources, else deb.debian.org)
#   KERNELS_TIMEOUT    seconds allowed for one boot (default 2400)
#   KERNELS_JOBS       kernels booted at once (default 2)
#   QEMU               default qemu-system-x86_64 or qemu-system-aarch64
#   KERNELS_STRICT=1   what would skip (no qemu, no apt) is an error
# Exit status: 0 passed, 77 skipped, anything else failed.

set -u
started=$(date +%s)
cache=${1:?usage: check-kernels.sh CACHE OUT SUITE...}
out=${2:?usage: check-kernels.sh CACHE OUT SUITE...}
shift 2
suites=("$@")
[ ${#suites[@]} -gt 0 ] || { echo "usage: check-kernels.sh CACHE OUT SUITE..." >&2; exit 99; }
: "${top_builddir:?}" "${top_srcdir:?}"
read -r -a debian_suites <<<"${KERNELS:-bookworm bullseye}"
timeout_seconds=${KERNELS_TIMEOUT:-2400}
jobs=${KERNELS_JOBS:-2}
readelf=${READELF:-readelf}
cc=${CC:-cc}

say () { printf 'check-kernels: %s\n' "$*"; }
skip ()
{
  say "SKIP: $*"
  if [ "${KERNELS_STRICT:-0}" = 1 ]; then exit 1; fi
  exit 77
}
fail () { say "ERROR: $*"; exit 99; }

# What differs between the architectures: qemu and its machine, the
# serial console, the ELF machine of the guest's programs.
case ${KERNELS_ARCH:-amd64} in
  amd64|x86_64)
    arch=amd64 qemu=${QEMU:-qemu-system-x86_64} qemu_package=qemu-system-x86
    machine=(-machine q35) console=ttyS0 serial=SERIAL_8250_CONSOLE
    elf_machine='Advanced Micro Devices X86-64' ;;
  arm64|aarch64)
    # -cpu max has pointer authentication; its architected algorithm
    # (QARMA) costs TCG dearly, the implementation-defined one does not.
    arch=arm64 qemu=${QEMU:-qemu-system-aarch64} qemu_package=qemu-system-arm
    machine=(-machine virt -cpu max,pauth-impdef=on) console=ttyAMA0
    serial=SERIAL_AMBA_PL011_CONSOLE elf_machine=AArch64 ;;
  *) skip "no kernels for ${KERNELS_ARCH} here (amd64 and arm64 are booted)" ;;
esac

command -v "$qemu" >/dev/null 2>&1 \
  || skip "$qemu not found; install it (apt-get install $qemu_package)"
"$qemu" -version >/dev/null 2>&1 || skip "$qemu does not run"
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 \
  || skip "needs apt-get and dpkg-deb to fetch Debian's kernels"
command -v "$readelf" >/dev/null 2>&1 || fail "no $readelf (binutils)"
build_arch=$(dpkg --print-architecture) || skip "dpkg cannot tell this machine's architecture"
case $top_builddir$top_srcdir in
  /*/*) ;;
  *) fail "top_builddir and top_srcdir must be absolute" ;;
esac
mkdir -p "$cache" "$out" || exit 99
cache=$(cd "$cache" && pwd) out=$(cd "$out" && pwd)

# amd64's kernels at the top of CACHE, every other architecture's in
# CACHE/ARCH: a cache holding amd64's alone stays valid as it is.
arch_cache () { if [ "$1" = amd64 ]; then echo "$cache"; else echo "$cache/$1"; fi; }

# ------------------------------------------------------------ the mirror
# The first Debian archive the system's apt uses (one-line .list or deb822
# .sources); the network may reach no other.
system_mirror ()
{
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
           /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  awk '$1 == "deb" { for (i = 2; i <= NF; ++i)
                       if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }
       $1 == "URIs:" { for (i = 2; i <= NF; ++i) print $i }' "${files[@]}" \
    | grep -E '/debian/?$' | head -n 1
}
mirror=${KERNELS_MIRROR:-$(system_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# ------------------------------------------------------------ private apt
# apt for one Debian suite and architecture (SUITE ARCH) with all its state
# under that architecture's CACHE/apt/SUITE.
apt_state ()
{
  local dir
  dir=$(arch_cache "$2")/apt/$1
  mkdir -p "$dir/lists/partial" "$dir/archives/partial" || return 1
  local signed=
  [ -r "$keyring" ] && signed="[signed-by=$keyring] "
  printf 'deb %s%s %s main\n' "$signed" "$mirror" "$1" >"$dir/sources.list"
  apt_opts=(-q -o "Dir::State=$dir" -o "Dir::State::Lists=$dir/lists"
            -o "Dir::State::status=/dev/null" -o "Dir::Cache=$dir"
            -o "Dir::Cache::Archives=$dir/archives"
            -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
            -o "Dir::Etc::SourceList=$dir/sources.list"
            -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::Etc::Preferences=/dev/null"
            -o "Dir::Etc::PreferencesParts=/dev/null"
            -o "APT::Architecture=$2" -o "APT::Architectures=$2")
  # Root's apt drops to _apt for downloads, which cannot write to a build
  # tree: download as the caller (apt would fall back to that anyway).
  [ "$(id -u)" = 0 ] && apt_opts+=(-o "APT::Sandbox::User=root")
  return 0
}

apt_field () # PACKAGE FIELD: the candidate's field
{
  apt-cache "${apt_opts[@]}" show --no-all-versions "$1" 2>/dev/null \
    | sed -n "s/^$2: //p" | head -n 1
}

# fetch_package SUITE ARCH PACKAGE DEST GLOB=NAME...: dpkg-deb -x PACKAGE's
# candidate and keep the file matching GLOB (a path in the package) as
# DEST/NAME; DEST/version records what they came from.  Reuses
# DEST when it holds the candidate, or when the archive is unreachable.
fetch_package ()
{
  local suite=$1 package_arch=$2 package=$3 dest=$4
  shift 4
  apt_state "$suite" "$package_arch" || return 1
  local logs
  logs=$(arch_cache "$package_arch")/apt/$suite
  local updated=yes
  apt-get "${apt_opts[@]}" update >"$logs.update.log" 2>&1 \
    || updated=no
  local real=$package version
  if [ "$updated" = yes ]; then
    # A metapackage (linux-image-ARCH): the kernel it depends on.
    if [ "$package" = "linux-image-$package_arch" ]; then
      real=$(apt_field "$package" Depends | sed 's/[ ,(].*//')
    fi
    version=$(apt_field "$real" Version)
  fi
  if [ "$updated" = no ] || [ -z "$version" ]; then
    if [ -s "$dest/version" ]; then
      say "$suite: $mirror unreachable or no $package; reusing $(cat "$dest/version")"
      return 0
    fi
    tail -n 5 "$logs.update.log"
    say "$suite: cannot fetch $package from $mirror"
    return 1
  fi
  if [ -s "$dest/version" ] && [ "$(cat "$dest/version")" = "$real $version" ]; then
    return 0
  fi
  say "$suite: downloading $real $version from $mirror"
  local work=$logs/work
  rm -rf "$work" && mkdir -p "$work/x" || return 1
  (cd "$work" && apt-get "${apt_opts[@]}" download "$real=$version") \
    >"$logs.download.log" 2>&1 \
    || { tail -n 5 "$logs.download.log"; return 1; }
  dpkg-deb -x "$work"/*.deb "$work/x" || return 1
  rm -rf "$dest" && mkdir -p "$dest" || return 1
  local pair files
  for pair in "$@"; do
    # Word splitting and globbing wanted: the GLOB names one file.
    # shellcheck disable=SC2206
    files=("$work/x"/${pair%%=*})
    [ ${#files[@]} -eq 1 ] && [ -f "${files[0]}" ] \
      || { say "$real: no single ${pair%%=*}"; return 1; }
    cp "${files[0]}" "$dest/${pair#*=}" || return 1
  done
  printf '%s %s\n' "$real" "$version" >"$dest/version"
  rm -rf "$work"
}

# The options the boot and the suites need, built in (not modules: the
# initramfs loads none).
check_config ()
{
  local option missing=
  for option in BLK_DEV_INITRD RD_GZIP DEVTMPFS TMPFS "$serial" \
                CGROUPS SECCOMP_FILTER PROC_CHILDREN PID_NS USER_NS; do
    grep -q "^CONFIG_$option=y" "$1" || missing="$missing $option"
  done
  [ -z "$missing" ] || say "$2: not built in:$missing (suites that need them fail or skip)"
}

kernels=$(arch_cache "$arch")
for suite in "${debian_suites[@]}"; do
  fetch_package "$suite" "$arch" "linux-image-$arch" "$kernels/$suite" \
    'boot/vmlinuz-*=vmlinuz' 'boot/config-*=config' || exit 1
  check_config "$kernels/$suite/config" "$suite"
done
# busybox-static for the guest, and the build machine's own for cpio.
busybox_dir () { echo "$(arch_cache "$1")/busybox-${debian_suites[0]}"; }
for busybox_arch in $(printf '%s\n' "$arch" "$build_arch" | sort -u); do
  fetch_package "${debian_suites[0]}" "$busybox_arch" busybox-static \
    "$(busybox_dir "$busybox_arch")" bin/busybox=busybox || exit 1
done
busybox=$(busybox_dir "$arch")/busybox
host_busybox=$(busybox_dir "$build_arch")/busybox
"$host_busybox" true || fail "$host_busybox does not run here"

# Every ELF file staged must be for the guest's machine.
elf_machine_of () { "$readelf" -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p'; }
[ "$(elf_machine_of "$busybox")" = "$elf_machine" ] \
  || fail "$busybox is not an $arch program"

# ------------------------------------------------------------ initramfs
root=$out/initramfs
rm -rf "$root" && mkdir -p "$root" || exit 99
declare -A staged=()

stage_file () # PATH [AS]: copy PATH (symlinks followed) to AS (default PATH) in ROOT
{
  local as=${2:-$1}
  [ -n "${staged[$as]:-}" ] && return 0
  staged[$as]=1
  mkdir -p "$root${as%/*}" && cp -L "$1" "$root$as"
}

is_elf () { [ "$(head -c 4 "$1" | tr -d '\0')" = "$(printf '\177ELF')" ]; }

# A native build asks the ELF interpreter which libraries a program loads;
# a cross build cannot run it and follows the NEEDED entries instead.
cross=no
[ "$arch" = "$build_arch" ] || cross=yes
# The compiler's library directories, in its order: where a cross build
# found the libraries its programs were linked with (libc and its dynamic
# linker from the cross toolchain, CMocka from the multiarch directory).
# Word splitting wanted: CC may hold options.
# shellcheck disable=SC2086
IFS=: read -r -a library_dirs <<<"$($cc -print-search-dirs 2>/dev/null \
                                      | sed -n 's/^libraries: =//p')"

# find_library NAME DIR...: the first DIR/NAME.
find_library ()
{
  local name=$1 dir
  shift
  for dir in "$@"; do
    [ -n "$dir" ] && [ -f "$dir/$name" ] && { echo "$dir/$name"; return 0; }
  done
  return 1
}

# stage_needed ELF (cross builds): every library ELF needs, recursively.
# The build's own libraries keep their paths, which RUNPATH or pidfd-run's
# wrapper (lib/.libs) name; the toolchain's go to /lib, a directory every
# glibc dynamic linker searches.
stage_needed ()
{
  local dynamic name lib
  dynamic=$("$readelf" -d "$1" 2>/dev/null) || { say "$readelf -d $1 failed"; return 1; }
  local build_dirs=() dir
  IFS=: read -r -a build_dirs <<<"$(printf '%s\n' "$dynamic" \
    | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]$/\1/p' | head -n 1)"
  build_dirs+=("$top_builddir/lib/.libs")
  for name in $(printf '%s\n' "$dynamic" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
    if lib=$(find_library "$name" "${build_dirs[@]}"); then
      [ -n "${staged[$lib]:-}" ] && continue
      stage_file "$lib" || return 1
    elif lib=$(find_library "$name" "${library_dirs[@]}"); then
      [ -n "${staged[/lib/$name]:-}" ] && continue
      stage_file "$lib" "/lib/$name" || return 1
    else
      say "$1 needs $name, found neither in ${build_dirs[*]} nor in $cc's library directories"
      return 1
    fi
    stage_needed "$lib" || return 1
  done
}

# stage_program PATH: the file, and when it is a dynamic ELF file, its
# interpreter and every library it loads.
stage_program ()
{
  stage_file "$1" || return 1
  is_elf "$1" || return 0
  local interp
  interp=$("$readelf" -l "$1" 2>/dev/null \
             | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  if [ -z "$interp" ]; then
    # A shared library: its NEEDED entries come with the programs that
    # load it; a static program needs nothing.
    return 0
  fi
  if [ "$cross" = yes ]; then
    # The dynamic linker that belongs to the libc found below.
    local linker
    linker=$(find_library "${interp##*/}" "${library_dirs[@]}") \
      || { say "no ${interp##*/} in $cc's library directories"; return 1; }
    stage_file "$linker" "$interp" && stage_needed "$1"
    return
  fi
  stage_file "$interp" || return 1
  local list lib
  # The uninstalled library is found where the wrapper of an installable
  # program (tools/pidfd-run) points at it.
  list=$(LD_LIBRARY_PATH=$top_builddir/lib/.libs "$interp" --list "$1") || { say "$interp --list $1 failed"; return 1; }
  for lib in $(printf '%s\n' "$list" | sed -n \
                 -e 's/.*=> \(\/[^ ]*\) .*/\1/p' \
                 -e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
    stage_file "$lib" || return 1
  done
}

# The build's programs: every ELF executable in tests/ and its
# subdirectories (the probe and the helpers the suites run as well as the
# suites), the library and the installable pidfd-run.
for file in "$top_builddir"/tests/* "$top_builddir"/tests/*/*; do
  [ -f "$file" ] && [ -x "$file" ] && is_elf "$file" || continue
  [ "$(elf_machine_of "$file")" = "$elf_machine" ] \
    || fail "$file is not an $arch program (KERNELS_ARCH=$arch)"
  stage_program "$file" || fail "cannot stage $file"
done
so=$top_builddir/lib/.libs/libpidfdspawn.so.0
stage_program "$so" || fail "cannot stage $so"
run_real=$top_builddir/tools/.libs/pidfd-run
[ -x "$run_real" ] || run_real=$top_builddir/tools/pidfd-run
stage_program "$run_real" || fail "cannot stage $run_real"
if [ "$run_real" != "$top_builddir/tools/pidfd-run" ]; then
  # In the build tree tools/pidfd-run is libtool's wrapper (bash, and it may
  # relink); in the initramfs the same path reaches the real program with
  # the uninstalled library.
  cat >"$root$top_builddir/tools/pidfd-run" <<EOF
#!/bin/sh
LD_LIBRARY_PATH='$top_builddir/lib/.libs'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH} \\
  exec '$run_real' "\$@"
EOF
  chmod 755 "$root$top_builddir/tools/pidfd-run"
fi
# glibc's pthread_cancel loads libgcc_s.so.1 to unwind (races cancels
# spawning threads): where the dynamic linker looks for it.
# shellcheck disable=SC2086
libgcc_s=$($cc -print-file-name=libgcc_s.so.1 2>/dev/null)
case $libgcc_s in
  /*) if [ "$cross" = yes ]; then
        stage_file "$libgcc_s" /lib/libgcc_s.so.1
      else
        stage_file "$(readlink -f "$libgcc_s")"
      fi || fail "cannot stage $libgcc_s" ;;
  *) say "$cc has no libgcc_s.so.1: pthread_cancel fails in the guest" ;;
esac
# readelf for tests/abi/cgroup-preload.sh, when the guest can run it.
readelf_path=$(command -v "$readelf")
if [ "$(elf_machine_of "$readelf_path")" = "$elf_machine" ]; then
  stage_program "$readelf_path" || fail "cannot stage $readelf_path"
else
  readelf_path=
fi

# The scripts.
stage_file "$top_srcdir/tests/run-suite.sh" || exit 99
for suite in "${suites[@]}"; do
  case $suite in
    *.suite)
      # The suite's rung file too (tests/rungs/RUNG.rung).
      rung=$(sed -n 's/^RUNG=//p' "$top_srcdir/$suite")
      stage_file "$top_srcdir/$suite" || exit 99
      stage_file "$top_srcdir/tests/rungs/$rung.rung" || exit 99 ;;
    *.sh) stage_file "$top_srcdir/$suite" || exit 99 ;;
    *) [ -n "${staged[$top_builddir/$suite]:-}" ] \
         || fail "$suite is not built in $top_builddir" ;;
  esac
done

# busybox and /bin/sh, which runs /init; /init links the other applets
# (the guest's busybox knows them; it may not run here).
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
  "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" || exit 99
cp "$busybox" "$root/bin/busybox" || exit 99
[ -e "$root/bin/sh" ] || ln -s busybox "$root/bin/sh" || exit 99
cp "$top_srcdir/tests/configs/kernels-init.sh" "$root/init" && chmod 755 "$root/init" \
  || exit 99
{
  printf "top_builddir='%s'\n" "$top_builddir"
  printf "top_srcdir='%s'\n" "$top_srcdir"
  printf "READELF='%s'\n" "$readelf_path"
  printf "suites='%s'\n" "${suites[*]}"
} >"$root/check-kernels.conf"

initrd=$out/initramfs.cpio.gz
(cd "$root" && find . | "$host_busybox" cpio -o -H newc -R 0:0 2>/dev/null) \
  | gzip -1 >"$initrd" || fail "cannot make $initrd"
say "initramfs: $initrd ($(($(wc -c <"$initrd") / 1024)) KiB, ${#staged[@]} files from the build host)"

# ------------------------------------------------------------ boots
boot () # SUITE: boots its kernel, serial console to OUT/SUITE.log
{
  local log=$out/$1.log start rc
  start=$(date +%s)
  timeout -k 10 "$timeout_seconds" "$qemu" "${machine[@]}" -accel tcg -m 512 \
    -smp 1 -nographic -nodefaults -serial stdio -no-reboot \
    -kernel "$kernels/$1/vmlinuz" -initrd "$initrd" \
    -append "console=$console panic=-1 oops=panic" </dev/null >"$log" 2>&1 &
  # timeout(1) runs in its own process group: pass a stop on to it, and it
  # passes it on to qemu.
  local pid=$!
  trap 'kill "$pid" 2>/dev/null' TERM
  wait "$pid"
  rc=$?
  echo "$rc $(($(date +%s) - start))" >"$out/$1.status"
}

# report SUITE: its result lines; 0 if the guest said PASS.
report ()
{
  local log=$out/$1.log qemu_rc seconds lines result
  read -r qemu_rc seconds <"$out/$1.status"
  lines=$(tr -d '\r' <"$log" | sed -n 's/^check-kernels: //p')
  printf '%s\n' "$lines" | sed -e '/^running /d' -e "s/^/check-kernels: $1: /"
  result=$(printf '%s\n' "$lines" | sed -n 's/^RESULT: //p' | tail -n 1)
  say "$1: $(sed 's/ .*//' "$kernels/$1/version") $(cut -d' ' -f2 "$kernels/$1/version"): boot to result ${seconds} s (qemu exit $qemu_rc; log $log)"
  case $result in
    PASS*) return 0 ;;
    '') if [ "$qemu_rc" = 124 ]; then
          say "$1: no result after ${timeout_seconds} s (KERNELS_TIMEOUT)"
        else
          say "$1: no result line"
        fi
        tr -d '\r' <"$log" | tail -n 30 | sed "s/^/check-kernels: $1: | /"
        return 1 ;;
    *) return 1 ;;
  esac
}

# Interrupted: stop the boots (timeout passes the signal on to qemu).
boots=()
stop_boots ()
{
  [ ${#boots[@]} -gt 0 ] && kill "${boots[@]}" 2>/dev/null
  wait
}
trap 'stop_boots; exit 130' INT
trap 'stop_boots; exit 143' TERM HUP

running=0
for suite in "${debian_suites[@]}"; do
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  say "booting $suite's $arch kernel ($(cat "$kernels/$suite/version"))"
  boot "$suite" &
  boots+=($!)
  running=$((running + 1))
done
wait

status=0
for suite in "${debian_suites[@]}"; do
  report "$suite" || status=1
done
say "total $(($(date +%s) - started)) s"
exit $status
