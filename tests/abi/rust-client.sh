#!/bin/sh
# Rust's standard library as a real client of the preloaded library: it
# looks pidfd_spawnp and pidfd_getpid up at run time (dlsym) when a Command
# asks for a pidfd.  Builds tests/abi/rust-client.rs with rustc (RUSTC, PATH,
# ~/.cargo/bin; Debian 12's rustc-web package is recent enough, its rustc
# package, 1.63, is not), runs it with libpidfdspawn.so preloaded and
# LD_DEBUG=bindings, and checks that
#   - the program's pidfd_spawnp and pidfd_getpid bound to our library,
#   - the children worked (output, pid, exit status, kill, all through the
#     pidfd), on every rung of the ladder,
#   - the spawn really went through the library (an invalid
#     PIDFDSPAWN_RUNG makes it fail with EINVAL),
#   - with the PIDFD_GET_INFO ioctl refused (Linux < 6.13, by seccomp) the
#     pid comes from our pidfd_getpid.
# Skips (77) without a rustc, or with one whose std does not look
# pidfd_spawnp up.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${top_srcdir:?}"
unset PIDFDSPAWN_RUNG LD_PRELOAD LD_DEBUG

# The Rust program uses the build machine's glibc: a library built for
# another libc (musl) cannot be preloaded into it, and LD_DEBUG is glibc's.
if [ "${LIBC_FAMILY:-glibc}" != glibc ]; then
  echo "the library is built for ${LIBC_FAMILY}; rustc's programs use glibc: skipped"
  exit 77
fi

rustc=
for candidate in "${RUSTC:-}" "$(command -v rustc 2>/dev/null)" \
    "${HOME:-/root}/.cargo/bin/rustc" /root/.cargo/bin/rustc; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then rustc=$candidate; break; fi
done
if [ -z "$rustc" ]; then
  echo "no rustc (RUSTC, PATH, ~/.cargo/bin; Debian: apt-get install rustc-web): skipped"
  exit 77
fi
version=$("$rustc" --version 2>/dev/null)
echo "# $rustc: $version"

work=$(mktemp -d "${TMPDIR:-/tmp}/rust-client.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failed=0
ok () { echo "ok - $1"; }
not_ok () { echo "not ok - $1"; failed=1; }

# The real shared object behind the libtool archive.
objdir=$("$top_builddir/libtool" --config 2>/dev/null | sed -n 's/^objdir=//p')
dlname=$(sed -n "s/^dlname='\(.*\)'\$/\1/p" "$top_builddir/lib/libpidfdspawn.la" 2>/dev/null)
so=$(cd "$top_builddir/lib/${objdir:-.libs}" 2>/dev/null && pwd)/$dlname
# The sanitizer build's library needs ASan's runtime loaded before it (the
# Rust program is not linked with it); LeakSanitizer would judge std's own
# allocations at exit, not ours.
preload=$so
case ,${SANITIZERS:-}, in
  *,address,*)
    preload="$(${CC:-cc} -print-file-name=libasan.so) $so"
    ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
    export ASAN_OPTIONS ;;
esac
if [ -z "$dlname" ] || [ ! -f "$so" ]; then
  echo "not ok - no shared library behind $top_builddir/lib/libpidfdspawn.la"; exit 1
fi

# The API is unstable (feature linux_pidfd): RUSTC_BOOTSTRAP=1 allows it on
# a stable compiler.
client=$work/rust-client
if ! RUSTC_BOOTSTRAP=1 "$rustc" --edition 2021 -o "$client" \
       "$top_srcdir/tests/abi/rust-client.rs" >"$work/rustc.log" 2>&1; then
  # PidFd::wait, try_wait and kill, and std's pidfd_spawnp path, came in
  # 2024 (Rust 1.8x): an older std cannot build or run this client.
  minor=$(echo "$version" | sed -n 's/^rustc 1\.\([0-9]*\)\..*/\1/p')
  if [ -n "$minor" ] && [ "$minor" -lt 83 ]; then
    echo "$version: its std lacks the pidfd API this client uses: skipped"
    sed 's/^/# /' "$work/rustc.log" | head -20
    exit 77
  fi
  echo "not ok - $version cannot build tests/abi/rust-client.rs"
  sed 's/^/# /' "$work/rustc.log"; exit 1
fi
# rustc builds for its own target, which need not be the library's (a
# 32-bit x86 build on x86_64): the loader would ignore the preload.
elf_kind () { "${READELF:-readelf}" -h "$1" 2>/dev/null \
  | sed -n 's/^ *\(Class\|Machine\): *//p' | tr '\n' ' ' | sed 's/ $//'; }
client_kind=$(elf_kind "$client") library_kind=$(elf_kind "$so")
if [ "$client_kind" != "$library_kind" ]; then
  echo "rustc builds ${client_kind:-unknown} programs, the library is ${library_kind:-unknown}: it cannot be preloaded into them: skipped"
  exit 77
fi

# Without the library, does this std ask for pidfd_spawnp at all?
(cd "$work" && LD_DEBUG=symbols LD_DEBUG_OUTPUT="$work/plain" "$client" >/dev/null 2>&1)
if ! cat "$work"/plain.* 2>/dev/null | grep -q 'symbol=pidfd_spawnp;'; then
  echo "$version: its std never looks pidfd_spawnp up: skipped"
  exit 77
fi
ok "std looks pidfd_spawnp up at run time"

# run_client NAME [VAR=VALUE...]: the client with the library preloaded and
# the dynamic linker's bindings in $work/NAME.PID; output in $work/NAME.out.
# The client spawns "true", "sh" and "sleep" by name: every run of it has
# our PATH, not the caller's.
run_client () {
  name=$1; shift
  env PATH=/usr/bin:/bin "$@" LD_PRELOAD="$preload" LD_DEBUG=bindings LD_DEBUG_OUTPUT="$work/$name" \
    "$client" >"$work/$name.out" 2>&1
  rc=$?
}
# bound NAME SYMBOL: the client's own reference to SYMBOL bound to $so.
bound () {
  cat "$work/$1".[0-9]* 2>/dev/null \
    | grep -F "binding file $client " | grep -F " to $so " \
    | grep -q "symbol \`$2'"
}

for rung in auto clone3 clone pidfd_open; do
  run_client "$rung" PIDFDSPAWN_RUNG="$rung"
  if [ "$rc" -eq 0 ]; then
    ok "PIDFDSPAWN_RUNG=$rung: $(grep -c '^ok' "$work/$rung.out") checks of the children passed"
  else
    not_ok "PIDFDSPAWN_RUNG=$rung: the client failed (exit $rc)"
    sed 's/^/# /' "$work/$rung.out"
  fi
done
for symbol in pidfd_spawnp pidfd_getpid; do
  if bound auto "$symbol"; then
    ok "std's $symbol bound to $dlname"
  else
    not_ok "std's $symbol did not bind to $so"
    cat "$work"/auto.[0-9]* | grep -F "binding file $client " | grep pidfd | sed 's/^/# /'
  fi
done

# Proof that the spawn ran in the library: an invalid PIDFDSPAWN_RUNG
# fails every pidfd_spawn with EINVAL, which std passes on.
env PATH=/usr/bin:/bin PIDFDSPAWN_RUNG=not-a-rung LD_PRELOAD="$preload" "$client" spawn-error \
  >"$work/einval.out" 2>&1
if grep -qx 'spawn error: os error 22' "$work/einval.out"; then
  ok "the spawn goes through the library (PIDFDSPAWN_RUNG=not-a-rung: EINVAL)"
else
  not_ok "PIDFDSPAWN_RUNG=not-a-rung did not reach the spawn: $(cat "$work/einval.out")"
fi

# With PIDFD_GET_INFO refused as before Linux 6.13, std takes the pid from
# pidfd_getpid: the checks of Child::id() then test ours.
seccomp_run=$top_builddir/tests/support/seccomp-run
if [ -x "$seccomp_run" ]; then
  "$seccomp_run" pidfd-get-info=ENOTTY -- env PATH=/usr/bin:/bin LD_PRELOAD="$preload" "$client" \
    >"$work/noioctl.out" 2>&1
  rc=$?
  if [ "$rc" -eq 77 ]; then
    echo "# seccomp unavailable: the run without PIDFD_GET_INFO is skipped"
  elif [ "$rc" -eq 0 ]; then
    ok "without PIDFD_GET_INFO the pid comes from our pidfd_getpid ($(grep -c '^ok' "$work/noioctl.out") checks passed)"
  else
    not_ok "without PIDFD_GET_INFO the client failed (exit $rc)"
    sed 's/^/# /' "$work/noioctl.out"
  fi
fi
exit $failed
