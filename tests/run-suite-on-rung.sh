#! /bin/sh
# Log compiler for tests/rung-suites/*.suite: runs one test program on one
# rung of the ladder, as tests/run-rung.sh does for the functional suite.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   sh tests/run-suite-on-rung.sh tests/rung-suites/NAME.suite
#
# A .suite file is a shell fragment setting
#   SUITE   the program in tests/ (races, faults)
#   RUNG    a rung file, tests/rungs/$RUNG.rung, which sets PIDFDSPAWN_RUNG,
#           seccomp refusals and the rung every spawn must use
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

if test -n "$REFUSE"; then
  # One argument per refusal: word splitting of $REFUSE is wanted.
  # shellcheck disable=SC2086
  exec "$top_builddir/tests/seccomp-run" $REFUSE -- "$program"
fi
exec "$program"
