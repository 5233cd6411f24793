#!/bin/sh
# Spawning under valgrind, where clone3 answers ENOSYS and
# clone(CLONE_VM | CLONE_VFORK) runs as fork: the child's writes never
# reach the parent.  The library must notice and still report a failed
# exec (through its pipe), and must not try the pidfd_open rung, on which
# valgrind aborts the whole program.  tools/pidfd-run is the client.
# Skips (77) without valgrind, and in the sanitizer build (valgrind cannot
# run ASan programs).
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:=.}" "${VALGRIND:=valgrind}"
RUN=$top_builddir/tools/pidfd-run
if [ -n "${SANITIZERS:-}" ]; then
  echo "sanitizer build ($SANITIZERS): valgrind cannot run it: skipped"
  exit 77
fi
if ! $VALGRIND --version >/dev/null 2>&1; then
  echo "'$VALGRIND' not found (install valgrind): skipped"
  exit 77
fi
unset PIDFDSPAWN_RUNG
# pidfd-run searches PATH ("sh", "true"): ours, not the caller's, in which
# an entry the user cannot search would turn ENOENT into EACCES.  valgrind
# itself is found on the caller's.
vg=$(command -v "$VALGRIND" 2>/dev/null) && VALGRIND=$vg
PATH=/usr/bin:/bin
export PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/valgrind-spawn.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

failed=0
# expect DESCRIPTION STATUS PATTERN CMD...: CMD under memcheck exits
# STATUS and its stderr matches PATTERN (grep -E; empty: anything).
expect ()
{
  description=$1 status=$2 pattern=$3
  shift 3
  # libtool's wrapper script would run under valgrind in place of the
  # program: --mode=execute runs the program itself.
  "$top_builddir/libtool" --mode=execute \
    $VALGRIND -q --error-exitcode=99 --leak-check=full "$@" \
    >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  if [ "$rc" -eq "$status" ] \
     && { [ -z "$pattern" ] || grep -E -q "$pattern" "$tmp/err"; }; then
    echo "ok - $description"
  else
    echo "not ok - $description (status $rc, expected $status)"
    sed 's/^/# /' "$tmp/err"
    failed=1
  fi
}

expect "a command runs and its status comes back" 3 "" \
  "$RUN" -- sh -c 'exit 3'
expect "a missing program is reported (ENOENT, not a child exiting 127)" \
  127 "cannot run .*No such file or directory" \
  "$RUN" -- "$tmp/no-such-program"
: >"$tmp/not-executable"
expect "a program without execute permission is reported (EACCES)" \
  126 "cannot run .*Permission denied" \
  "$RUN" -- "$tmp/not-executable"
PIDFDSPAWN_RUNG=pidfd_open
export PIDFDSPAWN_RUNG
expect "the pidfd_open rung is refused (ENOSYS), not run into an abort" \
  125 "cannot run .*Function not implemented" "$RUN" -- true
PIDFDSPAWN_RUNG=clone
expect "on the clone rung a missing program is still reported" \
  127 "cannot run .*No such file or directory" \
  "$RUN" -- "$tmp/no-such-program"
exit $failed
