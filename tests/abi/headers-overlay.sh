#!/bin/sh
# The two include modes of pidfdspawn(7).  Every installed header compiles
# alone and with a small program, in direct mode (-I include, as
# <pidfdspawn/...>) and in overlay mode (-isystem include/pidfdspawn, as
# <spawn.h> and <sys/pidfd.h>, and both spellings together), as C and
# C++.  Then a program written for glibc 2.39 compiles with the overlay
# include flag alone, links with the built library and runs.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_srcdir:?}" "${top_builddir:?}" "${CC:=cc}" "${CXX:=c++}"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
failed=0
direct="-I$top_srcdir/include"
overlay="-isystem $top_srcdir/include/pidfdspawn"
# musl-gcc's specs (and a musl build's borrowed g++) put musl's headers on
# the command line with -isystem ahead of any -isystem of the user's, which
# would leave the overlay directory last: there it goes in with -I, which
# precedes every -isystem directory (doc/building.md, "musl").
[ "${LIBC_FAMILY:-}" = musl ] && overlay="-I$top_srcdir/include/pidfdspawn"
strict="-Wall -Wextra -Werror -pedantic"

report () { # report STATUS DESCRIPTION
  if [ "$1" -eq 0 ]; then
    echo "ok - $2"
  else
    echo "not ok - $2"
    sed 's/^/# /' "$work/err"
    failed=1
  fi
}

compile () { # compile LANG STD FLAGS FILE DESCRIPTION
  case $1 in
    c) cmd="$CC -x c -std=$2" ;;
    c++) cmd="$CXX -x c++ -std=$2" ;;
  esac
  # shellcheck disable=SC2086
  $cmd $3 $strict -fsyntax-only "$4" >"$work/err" 2>&1
  report $? "$5 ($1, $2)"
}

# Each header alone, in each mode; the checks prove which files were read.
cat >"$work/direct-spawn.c" <<'EOF_C'
#include <pidfdspawn/spawn.h>
#ifndef PIDFDSPAWN_SPAWN_H
# error pidfdspawn/spawn.h not read
#endif
EOF_C
cat >"$work/direct-pidfd.c" <<'EOF_C'
#include <pidfdspawn/sys/pidfd.h>
#ifndef PIDFDSPAWN_SYS_PIDFD_H
# error pidfdspawn/sys/pidfd.h not read
#endif
EOF_C
cat >"$work/overlay-spawn.c" <<'EOF_C'
#include <spawn.h>
#ifndef PIDFDSPAWN_SPAWN_H
# error <spawn.h> did not reach the overlay header
#endif
EOF_C
cat >"$work/overlay-pidfd.c" <<'EOF_C'
#include <sys/pidfd.h>
#ifndef PIDFDSPAWN_SYS_PIDFD_H
# error <sys/pidfd.h> did not reach the overlay header
#endif
EOF_C

# A small program using the libc's part and ours of each header.  It asks
# for POSIX as real programs do: strict ISO C hides siginfo_t, and with it
# pidfd_send_signal, on musl.
program_body='
static char *const argv_[] = { (char *) "true", 0 };
int try_spawn (void);
int try_spawn (void)
{
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  int pidfd = -1;
  if (posix_spawn_file_actions_init (&fa) != 0)
    return -1;
  if (posix_spawnattr_init (&attr) != 0)
    return -1;
  int r = pidfd_spawnp (&pidfd, "true", &fa, &attr, argv_, argv_ + 1);
  posix_spawnattr_destroy (&attr);
  posix_spawn_file_actions_destroy (&fa);
  struct pidfd_info info;
  info.mask = PIDFD_INFO_PID | PIDFD_INFO_EXIT;
  unsigned long request = PIDFD_GET_INFO;
  (void) request;
  (void) info;
  if (r == 0 && pidfd_getpid (pidfd) > 0
      && pidfd_send_signal (pidfd, 0, 0, 0) == 0)
    {
      int other = pidfd_open (pidfd_getpid (pidfd), PIDFD_NONBLOCK);
      return other;
    }
  return -1;
}'
feature='#define _POSIX_C_SOURCE 200809L\n'
printf "$feature"'#include <pidfdspawn/spawn.h>\n#include <pidfdspawn/sys/pidfd.h>\n%s\n' \
  "$program_body" >"$work/direct-program.c"
printf "$feature"'#include <spawn.h>\n#include <sys/pidfd.h>\n%s\n' \
  "$program_body" >"$work/overlay-program.c"
# Both spellings at once, in either order, and twice.
printf "$feature"'#include <sys/pidfd.h>\n#include <pidfdspawn/spawn.h>\n#include <spawn.h>\n#include <pidfdspawn/sys/pidfd.h>\n#include <spawn.h>\n#include <sys/pidfd.h>\n%s\n' \
  "$program_body" >"$work/mixed-program.c"

for std in c99 c11; do
  compile c $std "$direct" "$work/direct-spawn.c" "direct: pidfdspawn/spawn.h alone"
  compile c $std "$direct" "$work/direct-pidfd.c" "direct: pidfdspawn/sys/pidfd.h alone"
  compile c $std "$direct" "$work/direct-program.c" "direct: program"
  compile c $std "$overlay" "$work/overlay-spawn.c" "overlay: spawn.h alone"
  compile c $std "$overlay" "$work/overlay-pidfd.c" "overlay: sys/pidfd.h alone"
  compile c $std "$overlay" "$work/overlay-program.c" "overlay: program"
  compile c $std "$overlay $direct" "$work/mixed-program.c" "overlay: both spellings"
  # The overlay directory given with -I, not -isystem: still warning-free.
  compile c $std "-I$top_srcdir/include/pidfdspawn" "$work/overlay-program.c" \
    "overlay with -I: program"
done
for std in c++11 c++20; do
  compile c++ $std "$direct" "$work/direct-spawn.c" "direct: pidfdspawn/spawn.h alone"
  compile c++ $std "$direct" "$work/direct-pidfd.c" "direct: pidfdspawn/sys/pidfd.h alone"
  compile c++ $std "$direct" "$work/direct-program.c" "direct: program"
  compile c++ $std "$overlay" "$work/overlay-spawn.c" "overlay: spawn.h alone"
  compile c++ $std "$overlay" "$work/overlay-pidfd.c" "overlay: sys/pidfd.h alone"
  compile c++ $std "$overlay" "$work/overlay-program.c" "overlay: program"
  compile c++ $std "$overlay $direct" "$work/mixed-program.c" "overlay: both spellings"
done

# The built library: the shared object where there is one, else the archive.
libs="$top_builddir/lib/.libs"
if [ -f "$libs/libpidfdspawn.so" ]; then
  link="-L$libs -lpidfdspawn -Wl,-rpath,$libs"
elif [ -f "$libs/libpidfdspawn.a" ]; then
  link="$libs/libpidfdspawn.a"
else
  echo "not ok - no built libpidfdspawn in $libs"; exit 1
fi
# C++ links the C functions, in both modes: glibc's own <sys/pidfd.h>
# lacks extern "C", which the header makes up for.
printf '%s\n' 'int main (void) { return try_spawn () < 0; }' >"$work/main.c"
for mode in direct overlay; do
  eval "flags=\$$mode"
  cat "$work/$mode-program.c" "$work/main.c" >"$work/$mode-link.cc"
  # shellcheck disable=SC2086
  $CXX -std=c++20 $flags $strict -o "$work/$mode-link" "$work/$mode-link.cc" \
    ${LDFLAGS:-} $link >"$work/err" 2>&1
  report $? "$mode: a C++ program links pidfd_open, pidfd_send_signal and ours"
done

# glibc's <sys/pidfd.h> (2.36 up to its current sources) has no extern "C":
# a C++ program calling pidfd_open through it alone does not link.  In
# overlay mode the same #include <sys/pidfd.h> reaches our header, which
# wraps glibc's in extern "C": pidfd_open (the libc's or ours) and
# pidfd_getpid (ours, or glibc's from 2.39) compile, link and run.  So
# does direct mode with our header first.
cat >"$work/cxx-pidfd.cc" <<'EOF_C'
#include <sys/pidfd.h>
#include <unistd.h>
int main ()
{
  int fd = pidfd_open (getpid (), 0);
  return fd >= 0 && pidfd_getpid (fd) == getpid () ? 0 : 1;
}
EOF_C
printf '#include <pidfdspawn/sys/pidfd.h>\n' | cat - "$work/cxx-pidfd.cc" \
  >"$work/cxx-pidfd-first.cc"
for std in c++11 c++17 c++20; do
  for mode in overlay direct; do
    case $mode in
      overlay) flags=$overlay src=$work/cxx-pidfd.cc
               what="overlay: C++ through <sys/pidfd.h>: pidfd_open and pidfd_getpid compile and link" ;;
      direct) flags=$direct src=$work/cxx-pidfd-first.cc
              what="direct, ours before the libc's: C++ pidfd_open and pidfd_getpid compile and link" ;;
    esac
    # The sanitizer build's flags (empty otherwise), as for glibc239 below.
    # shellcheck disable=SC2086
    if $CXX -std=$std $flags $strict ${SANITIZE_FLAGS:-} -o "$work/cxx-pidfd" "$src" ${LDFLAGS:-} \
         $link >"$work/err" 2>&1; then
      # A musl build borrows the system's g++ for headers only (doc/building.md,
      # "musl"): what it links does not run; linking is the
      # point there.
      if [ "${LIBC_FAMILY:-glibc}" = musl ]; then
        report 0 "$what; not run on musl ($std)"
      else
        "$work/cxx-pidfd" >"$work/err" 2>&1
        report $? "$what, and run ($std)"
      fi
    else
      report 1 "$what ($std)"
    fi
  done
done
# The contrast, on a glibc with <sys/pidfd.h>: its header alone, in C++,
# does not link (pidfd_open is looked for as a C++ function).  If this
# ever links, glibc has fixed its header and the #error in ours is moot.
libc_pidfd_h=$(printf '#if __has_include (<sys/pidfd.h>)\nyes\n#else\nno\n#endif\n' \
  | $CC -E -P -x c - 2>/dev/null | grep -E '^(yes|no)$')
if [ "${LIBC_FAMILY:-glibc}" = glibc ] && [ "$libc_pidfd_h" = yes ]; then
  printf '#include <sys/pidfd.h>\n#include <unistd.h>\nint main () { return pidfd_open (getpid (), 0) < 0; }\n' \
    >"$work/cxx-glibc-only.cc"
  if $CXX -std=c++17 -o "$work/cxx-glibc-only" "$work/cxx-glibc-only.cc" \
       >"$work/err" 2>&1; then
    echo "glibc's <sys/pidfd.h> alone linked pidfd_open in C++" >"$work/err"
    report 1 "glibc's <sys/pidfd.h> alone: C++ does not link pidfd_open"
  elif grep -q 'pidfd_open(int, unsigned int)' "$work/err"; then
    report 0 "glibc's <sys/pidfd.h> alone: C++ does not link pidfd_open (no extern \"C\")"
  else
    report 1 "glibc's <sys/pidfd.h> alone: C++ fails, but not for pidfd_open's linkage"
  fi
else
  echo "ok - glibc's <sys/pidfd.h> alone in C++ # SKIP the libc has no <sys/pidfd.h> (libc family: ${LIBC_FAMILY:-glibc})"
fi

# The header declares pidfd_open and co. exactly where configure exports
# them: the same rule, applied twice, must agree.
cat >"$work/rule.c" <<'EOF_C'
#include <sys/pidfd.h>
#if defined __PIDFDSPAWN_PROVIDES_PIDFD_API
provided
#else
libc
#endif
EOF_C
header_rule=$($CC -E -P $overlay "$work/rule.c" 2>"$work/err" | grep -E '^(provided|libc)$')
case ${PROVIDE_PIDFD_API:-}:$header_rule in
  yes:provided|no:libc) : >"$work/err"; rule_status=0 ;;
  *) echo "configure: '${PROVIDE_PIDFD_API:-}', header: '$header_rule'" >>"$work/err"; rule_status=1 ;;
esac
report $rule_status "header and configure agree on who provides pidfd_open"

# A libc without <sys/pidfd.h> and without pidfd_open (musl), where
# musl-gcc is installed: both modes still compile, and declare the trio.
if command -v musl-gcc >/dev/null 2>&1; then
  cat >"$work/musl.c" <<'EOF_C'
#include <sys/pidfd.h>
#ifndef __PIDFDSPAWN_PROVIDES_PIDFD_API
# error pidfd_open and co. not declared on musl
#endif
EOF_C
  cp "$work/musl.c" "$work/musl-alone.c"
  cat "$work/overlay-program.c" >>"$work/musl.c"
  # Strict ISO C hides siginfo_t in musl: headers alone there; programs
  # with the POSIX feature macro they would need anyway.
  posix=-D_POSIX_C_SOURCE=200809L
  for std in c99 c11; do
    musl-gcc -std=$std $overlay $strict -fsyntax-only "$work/musl-alone.c" \
      "$work/overlay-spawn.c" >"$work/err" 2>&1
    report $? "musl: overlay headers alone (c, $std)"
    musl-gcc -std=$std $direct $strict -fsyntax-only "$work/direct-spawn.c" \
      "$work/direct-pidfd.c" >"$work/err" 2>&1
    report $? "musl: direct headers alone (c, $std)"
    musl-gcc -std=$std $posix $overlay $strict -fsyntax-only "$work/musl.c" >"$work/err" 2>&1
    report $? "musl: overlay program (c, $std)"
    musl-gcc -std=$std $posix $direct $strict -fsyntax-only "$work/direct-program.c" >"$work/err" 2>&1
    report $? "musl: direct program (c, $std)"
  done
else
  echo "ok - musl checks # SKIP musl-gcc not installed"
fi

# A program written for glibc 2.39, unchanged: the overlay flag alone.
cat >"$work/glibc239.c" <<'EOF_C'
#define _GNU_SOURCE 1
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int
fail (const char *what)
{
  fprintf (stderr, "glibc239: %s: %s\n", what, strerror (errno));
  return 1;
}

int
main (void)
{
  char *sleeper[] = { (char *) "sleep", (char *) "30", NULL };
  int pidfd;
  int r = pidfd_spawnp (&pidfd, "sleep", NULL, NULL, sleeper, environ);
  if (r != 0)
    {
      errno = r;
      return fail ("pidfd_spawnp");
    }
  pid_t pid = pidfd_getpid (pidfd);
  if (pid <= 0)
    return fail ("pidfd_getpid");
  int second = pidfd_open (pid, PIDFD_NONBLOCK);
  if (second < 0)
    return fail ("pidfd_open");
  if (pidfd_getpid (second) != pid)
    return fail ("pidfd_getpid of pidfd_open's pidfd");
  if (pidfd_send_signal (second, SIGTERM, NULL, 0) != 0)
    return fail ("pidfd_send_signal");
  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    return fail ("waitid");
  if (info.si_pid != pid || info.si_code != CLD_KILLED
      || info.si_status != SIGTERM)
    {
      fprintf (stderr, "glibc239: child %d: code %d status %d\n",
               (int) info.si_pid, info.si_code, info.si_status);
      return 1;
    }
  if (pidfd_getpid (pidfd) != -1 || errno != ESRCH)
    return fail ("pidfd_getpid after the child was reaped");
  close (second);
  close (pidfd);

  char *exit7[] = { (char *) "sh", (char *) "-c", (char *) "exit 7", NULL };
  r = pidfd_spawnp (&pidfd, "sh", NULL, NULL, exit7, environ);
  if (r != 0)
    {
      errno = r;
      return fail ("pidfd_spawnp sh");
    }
  memset (&info, 0, sizeof info);
  if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    return fail ("waitid sh");
  close (pidfd);
  return info.si_code == CLD_EXITED && info.si_status == 7 ? 0 : 1;
}
EOF_C
# The sanitizer build's flags (empty otherwise): its library needs the
# sanitizer runtime first in the program.
# shellcheck disable=SC2086
$CC $overlay $strict ${SANITIZE_FLAGS:-} -o "$work/glibc239" "$work/glibc239.c" ${LDFLAGS:-} \
  $link >"$work/err" 2>&1
report $? "overlay: a glibc 2.39 program compiles and links"
if [ -x "$work/glibc239" ]; then
  # It spawns "sleep" and "sh" by name: our PATH, not the caller's.
  PATH=/usr/bin:/bin "$work/glibc239" >"$work/err" 2>&1
  report $? "overlay: the glibc 2.39 program runs and exits 0"
fi

exit $failed
