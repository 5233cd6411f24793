#! /bin/sh
# Log compiler for tests/rungs/*.rung: runs the functional suite, the cgroup
# suite and the differential suite on one rung of the ladder (or one
# emulated kernel or sandbox).
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   sh tests/run-rung.sh tests/rungs/NAME.rung
#
# A .rung file is a shell fragment setting
#   FORCE        value for PIDFDSPAWN_RUNG (empty: the whole ladder)
#   REFUSE       space-separated seccomp refusals (see seccomp-filter.h)
#   EXPECT_RUNG  the rung every successful spawn must use (its number in
#                lib/ladder.h)
# Exit status: the suite's (77, seccomp unavailable, passes through as skip).

set -u

if test $# -ne 1; then
  echo "usage: $0 RUNG-FILE" >&2
  exit 99
fi
rung=$1
: "${top_builddir:=.}"
: "${top_srcdir:=.}"

FORCE=
REFUSE=
EXPECT_RUNG=
case $rung in
  */*) . "$rung" ;;
  *) . "./$rung" ;;
esac

functional=$top_builddir/tests/functional
seccomp_run=$top_builddir/tests/seccomp-run
if test ! -x "$functional"; then
  echo "$0: $functional not built" >&2
  exit 99
fi

echo "# rung: ${rung##*/}: PIDFDSPAWN_RUNG='$FORCE' REFUSE='$REFUSE'" \
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

# The functional suite, then the cgroup suite (issue 3), under the same
# rung.  Exit: a failure if either fails; a skip only if both skip.
run_suite () {
  if test -n "$REFUSE"; then
    # Word splitting of $REFUSE is wanted: one argument per refusal.
    # shellcheck disable=SC2086
    "$seccomp_run" $REFUSE -- "$1"
  else
    "$1"
  fi
}
run_suite "$functional"
status=$?
cgroup_suite=$top_builddir/tests/cgroup
if test -x "$cgroup_suite"; then
  run_suite "$cgroup_suite"
  cgroup_status=$?
  if test $status -eq 77; then
    status=$cgroup_status
  elif test $status -eq 0 && test $cgroup_status -ne 77; then
    status=$cgroup_status
  fi
fi
# ---- issue 4: the differential suite under the same rung.  It installs
# the rung's seccomp refusals itself, on the library's side only (the
# host's posix_spawn is the reference: glibc 2.36's fails where clone3 is
# refused), so it is not run under seccomp-run.  DIFFERENTIAL_SEED and
# DIFFERENTIAL_COUNT override the fixed seed and the count (0: not run).
differential=$top_builddir/tests/differential
if test -x "$differential" && test "${DIFFERENTIAL_COUNT:-1000}" != 0; then
  "$differential" --rung "$rung" --seed "${DIFFERENTIAL_SEED:-1}" \
    --count "${DIFFERENTIAL_COUNT:-1000}"
  differential_status=$?
  if test $status -eq 77; then
    status=$differential_status
  elif test $status -eq 0 && test $differential_status -ne 77; then
    status=$differential_status
  fi
fi
# ---- end issue 4.
exit $status
