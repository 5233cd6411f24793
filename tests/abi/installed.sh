#!/bin/sh
# make installcheck: a program compiled against the installed headers in
# direct mode and in overlay mode (through the installed pidfdspawn.pc and
# pidfdspawn-overlay.pc where pkg-config exists), linked with the
# installed library, runs.
# Usage: installed.sh DESTDIR INCLUDEDIR LIBDIR
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
destdir=$1 includedir=$2 libdir=$3
: "${CC:=cc}"
inc=$destdir$includedir lib=$destdir$libdir
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
failed=0
for f in pidfdspawn/spawn.h pidfdspawn/sys/pidfd.h; do
  if [ -f "$inc/$f" ]; then echo "ok - installed $includedir/$f"
  else echo "not ok - $includedir/$f not installed"; failed=1; fi
done
body='extern char **environ;
int main (void)
{
  char *argv[] = { (char *) "true", 0 };
  int fd;
  siginfo_t info;
  if (pidfd_spawnp (&fd, "true", 0, 0, argv, environ) != 0)
    return 1;
  pid_t pid = pidfd_getpid (fd);
  if (waitid (P_PIDFD, (id_t) fd, &info, WEXITED) != 0)
    return 2;
  return info.si_pid == pid && info.si_status == 0 ? 0 : 3;
}'
printf '#define _GNU_SOURCE 1\n#include <pidfdspawn/spawn.h>\n#include <pidfdspawn/sys/pidfd.h>\n#include <sys/wait.h>\n%s\n' \
  "$body" >"$work/direct.c"
printf '#define _GNU_SOURCE 1\n#include <spawn.h>\n#include <sys/pidfd.h>\n#include <sys/wait.h>\n%s\n' \
  "$body" >"$work/overlay.c"
# With pkg-config, each installed .pc file must work: a failure is not
# papered over with hand-made paths.  Under DESTDIR the sysroot variable
# moves its -I and -L into the staging tree.
for mode in direct overlay; do
  module=pidfdspawn$([ $mode = overlay ] && echo -overlay)
  if [ -n "${PKG_CONFIG:-}" ]; then
    how="pkg-config $module"
    if ! flags=$(PKG_CONFIG_SYSROOT_DIR=$destdir $PKG_CONFIG --cflags --libs "$module" 2>"$work/err"); then
      echo "not ok - $mode mode: pkg-config $module failed (PKG_CONFIG_PATH=${PKG_CONFIG_PATH:-})"
      sed 's/^/# /' "$work/err"; failed=1; continue
    fi
  else
    how="paths"
    case $mode in
      direct) flags="-I$inc -L$lib -lpidfdspawn" ;;
      overlay) flags="-isystem $inc/pidfdspawn -L$lib -lpidfdspawn" ;;
    esac
  fi
  # The program spawns "true" by name: our PATH, not the caller's.
  # shellcheck disable=SC2086
  if $CC -Wall -Wextra -Werror -o "$work/$mode" "$work/$mode.c" $flags \
       -Wl,-rpath,"$lib" >"$work/err" 2>&1 \
     && PATH=/usr/bin:/bin "$work/$mode" >>"$work/err" 2>&1; then
    echo "ok - $mode mode against the installation ($how)"
  else
    echo "not ok - $mode mode against the installation ($how: $flags)"
    sed 's/^/# /' "$work/err"; failed=1
  fi
done
exit $failed
