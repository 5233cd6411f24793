#!/bin/sh
# A C program built with the configured C compiler ($CC: musl-gcc in a musl
# build), linked against the built libpidfdspawn.so as a user would link the
# installed one (-lpidfdspawn, no libtool), runs, spawns with pidfd_spawnp,
# waits on the pidfd and reads the pid back with pidfd_getpid.  Its dynamic
# loader must be the one of the library's libc family.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_builddir:?}" "${top_srcdir:?}" "${CC:=cc}" "${READELF:=readelf}"
libdir=$top_builddir/lib/.libs
[ -f "$libdir/libpidfdspawn.so" ] || { echo "not ok - $libdir/libpidfdspawn.so was not built"; exit 1; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
failed=0

cat >"$work/user.c" <<'EOF'
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

extern char **environ;

int
main (void)
{
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) "exit 7", NULL };
  int pidfd = -1;
  int rc = pidfd_spawnp (&pidfd, "sh", NULL, NULL, argv, environ);
  if (rc != 0)
    {
      printf ("pidfd_spawnp: %d\n", rc);
      return 1;
    }
  pid_t pid = pidfd_getpid (pidfd);
  siginfo_t info = { 0 };
  /* P_PIDFD is 3; raw waitid, as older libc headers lack the constant.  */
  if (syscall (SYS_waitid, 3, pidfd, &info, WEXITED, NULL) != 0)
    {
      perror ("waitid");
      return 1;
    }
  if (info.si_pid != pid || info.si_status != 7)
    {
      printf ("pid %d/%d status %d\n", (int) info.si_pid, (int) pid,
              info.si_status);
      return 1;
    }
  puts ("spawned, waited on the pidfd, status 7");
  return 0;
}
EOF

# Only the packager's flags and the public headers: what a user has (and,
# in the sanitizer build, its flags: the runtime must come first).
# shellcheck disable=SC2086
if $CC ${CFLAGS:-} ${SANITIZE_FLAGS:-} -I"$top_srcdir/include" "$work/user.c" -o "$work/user" \
     -L"$libdir" -lpidfdspawn 2>"$work/err"; then
  echo "ok - a C program builds with $CC against -lpidfdspawn"
else
  echo "not ok - a C program builds with $CC against -lpidfdspawn"
  sed 's/^/# /' "$work/err"
  exit 1
fi

case ${LIBC_FAMILY:-glibc} in
  musl) loader=ld-musl- ;;
  *) loader=ld-linux ;;
esac
if $READELF -l "$work/user" | grep -q "interpreter: .*$loader"; then
  echo "ok - its dynamic loader is ${LIBC_FAMILY:-glibc}'s"
else
  echo "not ok - its dynamic loader is ${LIBC_FAMILY:-glibc}'s"
  $READELF -l "$work/user" | grep interpreter | sed 's/^/# /'
  failed=1
fi

# It spawns "sh" by name: our PATH, not the caller's.
if out=$(LD_LIBRARY_PATH=$libdir PATH=/usr/bin:/bin "$work/user" 2>&1); then
  echo "ok - it runs: $out"
else
  echo "not ok - it runs"
  echo "$out" | sed 's/^/# /'
  failed=1
fi
exit $failed
