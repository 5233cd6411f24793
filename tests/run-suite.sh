#! /bin/sh
# Log compiler for tests/suites/*.suite: runs one test program on one rung
# of the ladder (or one emulated kernel or sandbox), so that every (suite,
# rung) pair has its own line in the summary.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   sh tests/run-suite.sh tests/suites/SUITE-RUNG.suite
#
# A .suite file is a shell fragment setting
#   SUITE   the program, relative to tests/ in the build tree
#           (spawn/functional, spawn/cgroup, spawn/differential,
#           kernel/races, kernel/faults)
#   RUNG    a rung file, tests/rungs/$RUNG.rung, a shell fragment setting
#             FORCE        value for PIDFDSPAWN_RUNG (empty: the whole ladder)
#             REFUSE       space-separated seccomp refusals (see
#                          tests/support/seccomp-filter.h)
#             EXPECT_RUNG  the rung every successful spawn must use (its
#                          number in lib/ladder.h)
#   REFERENCE  differential suite only: what the library is compared with,
#              posix_spawn (the default: the libc's posix_spawn(p)) or
#              pidfd_spawn (the libc's own pidfd_spawn(p), glibc 2.39 and
#              later; a skip elsewhere)
# The program runs under tests/support/seccomp-run with the rung's
# refusals, except the differential suite: it compares the library with
# the libc's functions, the reference (glibc 2.36's posix_spawn fails
# where clone3 is refused, and so do 2.41's), so it installs the refusals
# itself, on the library's side only.  DIFFERENTIAL_SEED and
# DIFFERENTIAL_COUNT override its fixed seed (1) and count (1000); a count
# of 0 skips it.
# Exit status: the program's (77, a skip, passes through).

set -u

if test $# -ne 1; then
  echo "usage: $0 SUITE-FILE" >&2
  exit 99
fi
: "${top_builddir:=.}"
: "${top_srcdir:=.}"

SUITE=
RUNG=
REFERENCE=posix_spawn
case $1 in
  */*) . "$1" ;;
  *) . "./$1" ;;
esac
FORCE=
REFUSE=
EXPECT_RUNG=
rung_file=$top_srcdir/tests/rungs/$RUNG.rung
if test -z "$SUITE" || test ! -f "$rung_file"; then
  echo "$0: $1: SUITE or RUNG ($rung_file) missing" >&2
  exit 99
fi
. "$rung_file"

program=$top_builddir/tests/$SUITE
if test ! -x "$program"; then
  echo "$0: $program not built" >&2
  exit 99
fi

echo "# $SUITE on rung $RUNG: PIDFDSPAWN_RUNG='$FORCE' REFUSE='$REFUSE'" \
  "EXPECT_RUNG='$EXPECT_RUNG'"
if test -n "$FORCE"; then
  PIDFDSPAWN_RUNG=$FORCE
  export PIDFDSPAWN_RUNG
else
  unset PIDFDSPAWN_RUNG
fi
if test -n "$EXPECT_RUNG"; then
  export EXPECT_RUNG
else
  unset EXPECT_RUNG
fi
export top_builddir top_srcdir

case ${SUITE##*/} in
  differential)
    count=${DIFFERENTIAL_COUNT:-1000}
    if test "$count" = 0; then
      echo "# SKIP: DIFFERENTIAL_COUNT=0"
      exit 77
    fi
    exec "$program" --rung "$rung_file" --seed "${DIFFERENTIAL_SEED:-1}" \
      --count "$count" --reference "$REFERENCE" ;;
esac
if test -n "$REFUSE"; then
  # One argument per refusal: word splitting of $REFUSE is wanted.
  # shellcheck disable=SC2086
  exec "$top_builddir/tests/support/seccomp-run" $REFUSE -- "$program"
fi
exec "$program"
