#!/bin/sh
# pidfd_spawn under qemu-user, which serves none of the vfork-style rungs
# (qemu 7.2: clone3 ENOSYS; EINVAL for CLONE_PIDFD, for CLONE_FILES and
# for CLONE_VM | CLONE_VFORK without an exit signal; with SIGCHLD that
# clone runs as a fork): the ladder itself must arrive at the fork rung.
# Under qemu-ARCH-static, ARCH that of the programs built (a 32-bit x86
# build on x86_64: i386), this runs the functional suite (every spawn
# on the fork rung), tests/tools/pidfd-run.sh's checks with pidfd-run emulated,
# and tests/tools/qemu-user-client's own checks.  Only the spawning process is
# emulated: qemu hands execve to the kernel, so what it spawns runs natively.
# Exit: 77 without qemu-user; 1 if any part failed.
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"

# The emulator for the programs this build made, which need not be the
# machine's: their ELF header names it.
machine=$("${READELF:-readelf}" -h "$top_builddir/tools/.libs/pidfd-run" \
            "$top_builddir/tools/pidfd-run" 2>/dev/null \
          | sed -n 's/^ *Machine: *//p' | sed -n 1p)
case $machine in
  *X86-64*) arch=x86_64 ;;
  *80386*) arch=i386 ;;
  AArch64) arch=aarch64 ;;
  '') echo "not ok - cannot read the ELF header of $top_builddir/tools/pidfd-run"
      exit 1 ;;
  *) echo "no qemu-user emulator known for machine '$machine': skipped"
     exit 77 ;;
esac
qemu=qemu-$arch-static
if ! command -v "$qemu" >/dev/null 2>&1; then
  echo "$qemu not installed: apt-get install qemu-user-static"
  exit 77
fi
qemu=$(command -v "$qemu")
# An ASan program does not survive under qemu-user 7.2 (SIGKILL before
# main, even for "hello"); UBSan's run.
case ,${SANITIZERS:-}, in
  *,address,*)
    echo "sanitizer build ($SANITIZERS): ASan programs cannot run under $qemu"
    exit 77 ;;
esac
# The ladder must find the rung by itself.
unset PIDFDSPAWN_RUNG

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qemu-user.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

failed=0
# part NAME STATUS: one line per part; 77 (skip) counts as a failure here,
# since qemu is installed and nothing in these parts may skip.
part ()
{
  if [ "$2" -eq 0 ]; then
    echo "ok - $1"
  else
    echo "not ok - $1 (exit $2)"
    failed=1
  fi
}

# native PROGRAM: two lines, the executable behind PROGRAM (a libtool
# wrapper script's program, or PROGRAM itself) and the library path the
# wrapper would set: qemu runs executables, not the wrapper scripts.
native ()
{
  "$top_builddir/libtool" --mode=execute \
    sh -c 'printf "%s\n%s\n" "$1" "${LD_LIBRARY_PATH-}"' sh "$1"
}

# quote WORD: WORD single-quoted for sh.
quote ()
{
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# emulated NAME PROGRAM: writes $tmp/NAME, a script that runs PROGRAM with
# its arguments under qemu.
emulated ()
{
  resolved=$(native "$2") || return 1
  exe=$(printf '%s\n' "$resolved" | sed -n 1p)
  libpath=$(printf '%s\n' "$resolved" | sed -n 2p)
  {
    echo '#!/bin/sh'
    if [ -n "$libpath" ]; then
      echo "LD_LIBRARY_PATH=$(quote "$libpath"); export LD_LIBRARY_PATH"
    fi
    echo "exec $(quote "$qemu") $(quote "$exe") \"\$@\""
  } >"$tmp/$1"
  chmod +x "$tmp/$1"
}

for program in tests/spawn/functional tests/tools/qemu-user-client tools/pidfd-run; do
  if [ ! -x "$top_builddir/$program" ]; then
    echo "not ok - $top_builddir/$program is not built"
    exit 1
  fi
  emulated "${program##*/}" "$top_builddir/$program" || exit 1
done
"$tmp/qemu-user-client" --fork-rung >"$tmp/fork-rung" 2>&1 || {
  echo "not ok - $qemu cannot run tests/tools/qemu-user-client here:"
  sed 's/^/# /' "$tmp/fork-rung"
  exit 1
}
fork_rung=$(cat "$tmp/fork-rung")
echo "# $("$qemu" --version | sed -n 1p); fork rung: $fork_rung"

# pidfd-run --info: what the probes find under qemu, and the rung it names.
"$tmp/pidfd-run" --info >"$tmp/info" 2>&1
part "pidfd-run --info under qemu" $?
sed 's/^/# /' "$tmp/info"
grep -q '^rung: fork$' "$tmp/info"
part "pidfd-run --info names rung fork" $?

# The functional suite, whole: under qemu it takes about a second.  Its
# comparisons with the libc's posix_spawn skip themselves here: glibc's
# CLONE_VM | CLONE_VFORK child is a fork under qemu and a failed exec goes
# unreported (posix_spawn answers 0).
EXPECT_RUNG=$fork_rung "$tmp/functional" >"$tmp/functional.log" 2>&1
status=$?
sed 's/^/# /' "$tmp/functional.log"
part "functional suite under qemu, every spawn on rung $fork_rung" $status
# A suite that skipped everything would pass too: it must have spawned.
grep -q "^# functional: running on rung $fork_rung (PIDFDSPAWN_RUNG=(unset))" \
  "$tmp/functional.log"
part "the functional suite spawned, on rung $fork_rung by itself" $?

# tests/tools/pidfd-run.sh with pidfd-run under qemu; of the forced rungs only
# fork can serve there.
PIDFD_RUN=$tmp/pidfd-run PIDFD_RUN_RUNGS=fork \
  sh "$top_srcdir/tests/tools/pidfd-run.sh" >"$tmp/pidfd-run.log" 2>&1
status=$?
sed 's/^/# /' "$tmp/pidfd-run.log"
part "tests/tools/pidfd-run.sh with pidfd-run under qemu" $status

"$tmp/qemu-user-client"
part "tests/tools/qemu-user-client under qemu" $?

exit $failed
