#! /bin/sh
# make check-valgrind: each test program given runs under valgrind's
# memcheck.  It passes when the program passes (exit 0, or 77: skipped),
# memcheck finds no error and no leak in any of its processes, and the
# test's own process leaves no descriptor open that it did not inherit.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   sh tests/configs/check-valgrind.sh PROGRAM...
#
# Valgrind runs clone(CLONE_VM | CLONE_VFORK) as fork and answers clone3
# with ENOSYS, so the library spawns on the clone rung with the child's
# error through the channel (lib/spawn_core.cpp); see doc/testing.md.
# Spawned programs run natively (no --trace-children).
set -u
: "${VALGRIND:=valgrind}"
: "${top_builddir:=.}"
if [ -n "${SANITIZERS:-}" ]; then
  echo "check-valgrind: sanitizer build ($SANITIZERS): valgrind cannot run ASan programs: skipped"
  exit 77
fi
if ! $VALGRIND --version >/dev/null 2>&1; then
  echo "check-valgrind: '$VALGRIND' not found (install valgrind): skipped"
  exit 77
fi
# Valgrind before 3.20 does not implement pidfd_open (syscall 434): the
# tests that open pidfds of their own cannot run under it.
needs_pidfd_open=" getpid pidfd-api "
if "$top_builddir/libtool" --mode=execute $VALGRIND -q \
     "$top_builddir/tools/pidfd-run" --info 2>/dev/null \
     | grep -q '^pidfd_open: yes'; then
  valgrind_pidfd_open=yes
else
  valgrind_pidfd_open=no
fi
logs=$top_builddir/tests/valgrind-logs
rm -rf "$logs" && mkdir -p "$logs" || exit 99
failed=0
for program in "$@"; do
  name=${program##*/}
  case $needs_pidfd_open in
    *" $name "*)
      if [ $valgrind_pidfd_open = no ]; then
        echo "SKIP: $name (valgrind): $($VALGRIND --version) does not implement pidfd_open, which this test calls itself"
        continue
      fi ;;
  esac
  # The shell's pid is the test's: exec keeps it, and forked children log
  # under their own pids.
  sh -c 'echo $$ >"$1/$2.pid"; shift 2; exec "$@"' sh "$logs" "$name" \
    $VALGRIND --tool=memcheck --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=none --track-fds=yes \
      --log-file="$logs/$name.%p.log" "$program" >"$logs/$name.out" 2>&1
  status=$?
  main_log=$logs/$name.$(cat "$logs/$name.pid").log
  problems=
  case $status in
    0|77) ;;
    *) problems="exit status $status" ;;
  esac
  for log in "$logs/$name".*.log; do
    grep -q 'ERROR SUMMARY: [1-9]' "$log" \
      && problems="$problems; memcheck errors in ${log##*/}"
  done
  # Leaks count in the test's own process only.  Its forked helpers end in
  # _exit, and under valgrind a spawn child whose exec failed is a forked
  # copy that exits on another stack: memory the test's frames still
  # point to looks lost from there.
  grep -E -q '(definitely|indirectly|possibly) lost: [1-9]' "$main_log" \
    && problems="$problems; leaks in ${main_log##*/}"
  # Descriptors the test opened and left open at exit (valgrind's list
  # marks inherited ones so).
  leaked=$(awk '/Open file descriptor [0-9]+:/ { fd = $0; next }
    fd != "" { if ($0 !~ /inherited from parent/) print fd; fd = "" }' \
    "$main_log" 2>/dev/null)
  [ -n "$leaked" ] && problems="$problems; descriptors left open"
  if [ -z "$problems" ]; then
    result=PASS; [ $status -eq 77 ] && result=SKIP
    echo "$result: $name (valgrind)"
  else
    echo "FAIL: $name (valgrind): ${problems#; }"
    sed 's/^/# /' "$logs/$name.out" | tail -n 40
    for log in "$logs/$name".*.log; do
      if grep -q -e 'ERROR SUMMARY: [1-9]' -e 'Open file descriptor' "$log"; then
        sed 's/^/# /' "$log" | tail -n 60
      fi
    done
    failed=1
  fi
done
exit $failed
