#!/bin/sh
# Tests for tools/pidfd-run: --info, exit statuses, timeouts, --chdir,
# --setsid, usage errors, signal forwarding and the forced rungs.
# Run by Automake with top_builddir and top_srcdir exported; each check
# prints "ok - ..." or "not ok - ..."; the exit status is 1 if any failed.
# SPDX-License-Identifier: LGPL-2.1-or-later

: "${top_builddir:=.}"
# PIDFD_RUN: the pidfd-run to test, when not the one built here
# (tests/tools/qemu-user.sh: a script running it under qemu-user).
RUN=${PIDFD_RUN:-$top_builddir/tools/pidfd-run}
if [ ! -x "$RUN" ]; then
  echo "not ok - $RUN is not built"
  exit 1
fi
# The harness may force a rung; these checks choose their own.
unset PIDFDSPAWN_RUNG
# Our own PATH, not the caller's: pidfd-run searches it, and an entry the
# user cannot search turns "command not found" (127) into EACCES (126).
PATH=/usr/bin:/bin
export PATH

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pidfd-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

failed=0
check () # NAME: "ok - NAME" if the previous command succeeded
{
  if [ $? -eq 0 ]; then
    echo "ok - $1"
  else
    echo "not ok - $1"
    failed=1
  fi
}

# run CMD...: runs CMD with stdout/stderr in $tmp/out and $tmp/err (files,
# not pipes: a killed command's orphans must not hold the test up); the
# status is left in $rc.
run ()
{
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
}

# status NAME WANT CMD...: CMD exits with WANT.
status ()
{
  name=$1 want=$2
  shift 2
  run "$@"
  [ "$rc" -eq "$want" ]
  check "$name (exit $rc, want $want)"
  if [ "$rc" -ne "$want" ]; then sed 's/^/# /' "$tmp/err"; fi
}

# ---------------------------------------------------------------- --info
run "$RUN" --info
[ "$rc" -eq 0 ]
check "--info exits 0"
for key in clone3 clone_pidfd clone3_clear_sighand clone3_into_cgroup \
           pidfd_open waitid_pidfd close_range pidfd_get_info procfs \
           libc kernel rung; do
  grep -q "^$key: ." "$tmp/out"
  check "--info reports $key"
done
sed 's/^/# /' "$tmp/out"
# Where clone3 and waitid(P_PIDFD) work, as here, the ladder's first rung.
if grep -q '^clone3: yes$' "$tmp/out" && grep -q '^waitid_pidfd: yes$' "$tmp/out"
then
  grep -q '^rung: clone3$' "$tmp/out"
  check "--info names rung clone3"
fi
run env PIDFDSPAWN_RUNG=clone "$RUN" --info
grep -q '^rung: clone\( (PIDFDSPAWN_RUNG)\)\{0,1\}$' "$tmp/out" \
  || grep -q '^rung: none' "$tmp/out"
check "--info honours PIDFDSPAWN_RUNG"
run env PIDFDSPAWN_RUNG=bogus "$RUN" --info
grep -q '^rung: none (EINVAL' "$tmp/out"
check "--info flags an unknown PIDFDSPAWN_RUNG"

# -------------------------------------------------------- exit statuses
status "exit status propagates" 7 "$RUN" sh -c 'exit 7'
status "true exits 0" 0 "$RUN" true
grep -q "^pidfd-run: started true as pid [0-9][0-9]*\$" "$tmp/err"
check "the start message names the pid"
status "death by SIGTERM is 128+15" 143 "$RUN" sh -c 'kill -TERM $$'
status "death by SIGKILL is 128+9" 137 "$RUN" sh -c 'kill -KILL $$'

# ------------------------------------------------------------- timeouts
start=$(date +%s)
status "--timeout 0.3 on sleep 5" 124 "$RUN" --timeout 0.3 sleep 5
[ $(( $(date +%s) - start )) -lt 4 ]
check "--timeout 0.3 did not wait for sleep 5"
grep -q 'pidfd-run: sleep timed out after 0.3 s, killed' "$tmp/err"
check "the timeout is reported"

start=$(date +%s)
status "SIGTERM ignored: SIGKILL after the grace" 124 \
  "$RUN" --timeout 0.2 sh -c 'trap "" TERM; exec sleep 10'
[ $(( $(date +%s) - start )) -lt 8 ]
check "SIGKILL did not wait for sleep 10"

status "a command faster than its timeout keeps its status" 3 \
  "$RUN" --timeout 5 sh -c 'exit 3'

# ------------------------------------------------------ --chdir, --setsid
mkdir "$tmp/dir with space"
dir=$(cd "$tmp/dir with space" && pwd -P)
status "--chdir runs" 0 "$RUN" --chdir "$dir" pwd -P
[ "$(cat "$tmp/out")" = "$dir" ]
check "--chdir: pwd prints the directory"
status "--chdir to a missing directory" 125 "$RUN" --chdir "$tmp/nonexistent" pwd

# /proc/PID/stat: pid (comm) state ppid pgrp session ...; comm is "sh".
status "--setsid runs" 0 "$RUN" --setsid sh -c 'cat /proc/$$/stat'
set -- $(cat "$tmp/out")
[ "$1" = "$6" ]
check "--setsid: the child leads its session (pid $1, session $6)"
run "$RUN" sh -c 'cat /proc/$$/stat'
set -- $(cat "$tmp/out")
[ "$1" != "$6" ]
check "without --setsid the child leads no session"

# The signals pidfd-run blocks to forward them are not blocked in the child.
# grep reads its own status: a shell's would show the mask it sets itself
# around waiting for its children.
run "$RUN" grep "^SigBlk:" /proc/self/status
grep -q '^SigBlk:[	 ]*0*$' "$tmp/out"
check "the child's signal mask is empty"

# ---------------------------------------------------- cannot run COMMAND
status "command not found" 127 "$RUN" pidfd-run-no-such-command-$$
grep -q "pidfd-run: cannot run pidfd-run-no-such-command-$$: " "$tmp/err"
check "not found: message"
status "absolute path not found" 127 "$RUN" "$tmp/nonexistent"
printf '#!/bin/sh\necho hi\n' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
status "not executable" 126 "$RUN" "$tmp/noexec"
grep -q "pidfd-run: cannot run $tmp/noexec: " "$tmp/err"
check "not executable: message"
status "a directory" 126 "$RUN" "$tmp"

# ------------------------------------------------------------ usage
status "no command" 125 "$RUN"
grep -q -- '--help' "$tmp/err"
check "usage errors hint at --help"
for bad in abc 0 -1 1x 0.0 '' . inf; do
  status "--timeout '$bad'" 125 "$RUN" --timeout "$bad" true
done
status "--timeout without a value" 125 "$RUN" --timeout
status "unknown option" 125 "$RUN" --no-such-option true
status "--info with a command" 125 "$RUN" --info true
status "--timeout 0.5 is accepted" 0 "$RUN" --timeout 0.5 true
status "options after COMMAND belong to COMMAND" 0 "$RUN" true --timeout abc
status "--help" 0 "$RUN" --help
grep -q '124' "$tmp/out" && grep -q -- '--timeout' "$tmp/out"
check "--help documents --timeout and status 124"
status "--version" 0 "$RUN" --version
grep -q '^pidfd-run (pidfdspawn) [0-9]' "$tmp/out"
check "--version names the package"

# ------------------------------------------------------------ plumbing
lines=$("$RUN" -- printf 'a\nb\n' 2>/dev/null | wc -l | tr -d ' ')
[ "$lines" = 2 ]
check "in a pipeline (wc -l says $lines)"
[ "$("$RUN" echo hello 2>/dev/null)" = hello ]
check "stdout passes through"
run "$RUN" sh -c 'echo oops >&2'
grep -q '^oops$' "$tmp/err"
check "stderr passes through"
[ "$(echo piped | "$RUN" cat 2>/dev/null)" = piped ]
check "stdin passes through"

# Both ends of a pipeline, and a writer whose reader goes away: the child
# dies of SIGPIPE (128+13) instead of pidfd-run hanging or hiding it.
[ "$(printf 'b\na\n' | "$RUN" sort 2>/dev/null | "$RUN" head -n 1 2>/dev/null)" = a ]
check "pidfd-run on both sides of a pipe"
# Only where SIGPIPE is not ignored already (a child inherits that).
ignored=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
if [ -n "$ignored" ] && [ $(( 0x$ignored & 0x1000 )) -eq 0 ]; then
  first=$({ "$RUN" yes 2>/dev/null; echo $? >"$tmp/yes-status"; } | head -n 1)
  [ "$first" = y ] && [ "$(cat "$tmp/yes-status")" = 141 ]
  check "yes | head: the child dies of SIGPIPE, reported as 141 (got '$first', exit $(cat "$tmp/yes-status"))"
else
  echo "# SIGPIPE is ignored here (SigIgn ${ignored:-unknown}): the SIGPIPE check is not run"
fi

# Under timeout(1), as scripts use it: timeout's SIGTERM reaches
# pidfd-run, which forwards it and reaps the child before it exits.
# coreutils' timeout answers 124 for a timeout; busybox's execs the command
# itself and signals it from a child, so the status is pidfd-run's own:
# 143, its child's death by SIGTERM.
if command -v timeout >/dev/null 2>&1; then
  case $(timeout --help 2>&1) in
    *BusyBox*) timed_out=143 ;;
    *) timed_out=124 ;;
  esac
  rm -f "$tmp/child"
  timeout 2 "$RUN" sh -c 'echo $$ >"$1"; exec sleep 60' sh "$tmp/child" \
    >/dev/null 2>"$tmp/err" </dev/null
  rc=$?
  [ "$rc" -eq "$timed_out" ]
  check "under timeout(1): timeout reports $timed_out (exit $rc)"
  # No pid file: the signal came before the child ran; nothing to leak.
  if [ -s "$tmp/child" ]; then
    ! kill -0 "$(cat "$tmp/child")" 2>/dev/null
    check "under timeout(1): the child is gone when timeout returns"
  fi
fi

# SIGTERM to pidfd-run reaches the child: once the child runs, signal
# pidfd-run itself; the child dies of it and pidfd-run reports 143.
: >"$tmp/err" # no "started" left from an earlier check
"$RUN" sleep 10 >/dev/null 2>"$tmp/err" </dev/null &
runner=$!
i=0
while ! grep -q started "$tmp/err" && [ $i -lt 300 ]; do
  sleep 0.1 2>/dev/null || sleep 1
  i=$((i + 1))
done
kill -TERM "$runner" 2>/dev/null
wait "$runner"
rc=$?
[ "$rc" -eq 143 ]
check "SIGTERM is forwarded to the child (exit $rc)"

# ------------------------------------------------------------ rungs
# PIDFD_RUN_RUNGS: the rungs to force, when not all of them can serve.
for rung in ${PIDFD_RUN_RUNGS:-clone3 clone pidfd_open}; do
  out=$(PIDFDSPAWN_RUNG=$rung "$RUN" echo "via $rung" 2>"$tmp/err")
  rc=$?
  [ "$rc" -eq 0 ] && [ "$out" = "via $rung" ]
  check "PIDFDSPAWN_RUNG=$rung runs a command (exit $rc)"
  run env PIDFDSPAWN_RUNG=$rung "$RUN" sh -c 'exit 9'
  [ "$rc" -eq 9 ]
  check "PIDFDSPAWN_RUNG=$rung: exit status (exit $rc)"
  run env PIDFDSPAWN_RUNG=$rung "$RUN" pidfd-run-no-such-command-$$
  [ "$rc" -eq 127 ]
  check "PIDFDSPAWN_RUNG=$rung: not found (exit $rc)"
done

exit $failed
