#!/bin/sh
# Every public header compiles alone and beside the libc's own headers, as
# C and as C++, in several dialects, also where the libc already declares
# the same functions (glibc 2.39 and later, emulated with its prototypes).
# In C++ after glibc's own <sys/pidfd.h>, pidfdspawn/sys/pidfd.h must stop
# with one #error naming the cure instead.
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
: "${top_srcdir:?}" "${CC:=cc}" "${CXX:=c++}"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
failed=0
inc="-I$top_srcdir/include"

compile () { # compile LANG STD FILE DESCRIPTION
  case $1 in
    c) cmd="$CC -x c -std=$2" ;;
    c++) cmd="$CXX -x c++ -std=$2" ;;
  esac
  if $cmd $inc -Wall -Wextra -Werror -pedantic -fsyntax-only "$3" 2>"$work/err"; then
    echo "ok - $4 ($1, $2)"
  else
    echo "not ok - $4 ($1, $2)"
    sed 's/^/# /' "$work/err"
    failed=1
  fi
}

# fails_once LANG STD FILE DESCRIPTION: the compiler refuses FILE with one
# error only, pidfdspawn's #error naming the cure.
fails_once () {
  case $1 in
    c) cmd="$CC -x c -std=$2" ;;
    c++) cmd="$CXX -x c++ -std=$2" ;;
  esac
  $cmd $inc -Wall -Wextra -Werror -pedantic -fsyntax-only "$3" >"$work/err" 2>&1
  rc=$?
  errors=$(grep -c 'error:' "$work/err")
  if [ $rc -ne 0 ] && [ "$errors" -eq 1 ] \
     && grep -q 'error: #error.*pidfdspawn-overlay' "$work/err"; then
    echo "ok - $4 ($1, $2)"
  else
    echo "not ok - $4 ($1, $2): status $rc, $errors errors (want one #error)"
    sed 's/^/# /' "$work/err"
    failed=1
  fi
}

# Whether the libc has a <sys/pidfd.h> (glibc 2.36 and later; not musl,
# not glibc before 2.36).
libc_has_pidfd_h=$(printf '#if __has_include (<sys/pidfd.h>)\nyes\n#else\nno\n#endif\n' \
  | $CC -E -P -x c - 2>/dev/null | grep -E '^(yes|no)$')

for header in pidfdspawn/spawn.h pidfdspawn/sys/pidfd.h; do
  printf '#include <%s>\n' "$header" >"$work/alone.c"
  # musl has no <sys/pidfd.h>: include it where the libc has one.
  libc_pidfd='#if __has_include (<sys/pidfd.h>)\n# include <sys/pidfd.h>\n#endif\n'
  printf "#include <spawn.h>\n$libc_pidfd#include <%s>\n#include <spawn.h>\n$libc_pidfd" \
    "$header" >"$work/beside.c"
  printf '#include <%s>\n#include <%s>\n' "$header" "$header" >"$work/twice.c"
  for std in c99 c11 gnu17; do
    compile c $std "$work/alone.c" "$header alone"
    compile c $std "$work/beside.c" "$header beside the libc's"
    compile c $std "$work/twice.c" "$header twice"
  done
  # The libc's <sys/pidfd.h> after ours, and ours after the libc's.
  printf "#include <spawn.h>\n#include <%s>\n$libc_pidfd" "$header" >"$work/first.c"
  for std in c++11 c++17 c++20; do
    compile c++ $std "$work/alone.c" "$header alone"
    compile c++ $std "$work/first.c" "$header, then the libc's"
    # glibc's <sys/pidfd.h> has no extern "C": in C++ its functions,
    # declared first, cannot link, and on 2.39 and later pidfd_getpid's
    # second declaration, with C linkage, would not even compile.  Our
    # header refuses with one #error saying what to do.  C is fine
    # either way (above), as is a libc without <sys/pidfd.h>.
    if [ "$header" = pidfdspawn/sys/pidfd.h ] && [ "$libc_has_pidfd_h" = yes ] \
       && [ "${LIBC_FAMILY:-glibc}" = glibc ]; then
      fails_once c++ $std "$work/beside.c" "$header after glibc's <sys/pidfd.h>: one #error"
    else
      compile c++ $std "$work/beside.c" "$header beside the libc's"
    fi
  done
done

# A libc that already declares them (glibc >= 2.39): its exact declarations,
# then ours.  Conflicting prototypes or exception specifications fail here.
cat >"$work/glibc239.c" <<'EOF_C'
#define _GNU_SOURCE 1
#include <spawn.h>
#include <sys/types.h>
__BEGIN_DECLS
extern int pidfd_spawn (int *__restrict __pidfd,
                        const char *__restrict __path,
                        const posix_spawn_file_actions_t *__restrict __facts,
                        const posix_spawnattr_t *__restrict __attrp,
                        char *const __argv[__restrict_arr],
                        char *const __envp[__restrict_arr])
    __nonnull ((2, 5));
extern int pidfd_spawnp (int *__restrict __pidfd,
                         const char *__restrict __file,
                         const posix_spawn_file_actions_t *__restrict __facts,
                         const posix_spawnattr_t *__restrict __attrp,
                         char *const __argv[__restrict_arr],
                         char *const __envp[__restrict_arr])
    __nonnull ((1, 2, 5));
extern pid_t pidfd_getpid (int __fd) __THROW;
extern int posix_spawnattr_getcgroup_np (const posix_spawnattr_t *
					 __restrict __attr,
					 int *__restrict __cgroup)
     __THROW __nonnull ((1, 2));
extern int posix_spawnattr_setcgroup_np (posix_spawnattr_t *__attr,
					 int __cgroup)
     __THROW __nonnull ((1));
__END_DECLS
#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>
typedef int spawn_fn (int *, const char *, const posix_spawn_file_actions_t *,
                      const posix_spawnattr_t *, char *const *, char *const *);
spawn_fn *const spawn_functions[] = { pidfd_spawn, pidfd_spawnp };
pid_t (*const getpid_function) (int) = pidfd_getpid;
int (*const getcgroup_function) (const posix_spawnattr_t *, int *)
  = posix_spawnattr_getcgroup_np;
int (*const setcgroup_function) (posix_spawnattr_t *, int)
  = posix_spawnattr_setcgroup_np;
int setcgroup_flag = POSIX_SPAWN_SETCGROUP;
EOF_C
# The emulation spells glibc's declarations with glibc's <sys/cdefs.h>
# macros, which other libcs do not have.
if [ "${LIBC_FAMILY:-glibc}" = glibc ]; then
  for std in c99 gnu17; do
    compile c $std "$work/glibc239.c" "beside glibc 2.39's declarations"
  done
  for std in c++11 c++20; do
    compile c++ $std "$work/glibc239.c" "beside glibc 2.39's declarations"
  done
else
  echo "skip - beside glibc 2.39's declarations: needs glibc's <sys/cdefs.h> (libc family: $LIBC_FAMILY)"
fi

exit $failed
