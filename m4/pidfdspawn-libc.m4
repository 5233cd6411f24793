# pidfdspawn-libc.m4 -- which libc the library is built against.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The libc family decides the file-action decoder (each libc keeps
# posix_spawn_file_actions_t in its own private form), the internal signals
# and the expected ABI.  It is probed, never guessed from the build system:
#   glibc  <features.h> defines __GLIBC__ (and it is not uClibc);
#   musl   no __GLIBC__, and <spawn.h>'s file actions are musl's
#          {int __pad0[2]; void *__actions; ...}: the very layout the musl
#          decoder reads.  musl has no macro of its own by design.
# A host triplet naming musl must agree with the probe; --with-libc must too.
#
# On musl, a C++ compiler that still sees glibc's headers (g++ on a glibc
# system beside musl-gcc) is pointed at musl's: libstdc++'s include
# directories first, then the C compiler's, nothing else.  The library uses
# only header-only, freestanding parts of libstdc++.

# _PIDFDSPAWN_INCLUDE_DIRS(COMPILER, LANG): the <...> search list of COMPILER.
AC_DEFUN([_PIDFDSPAWN_INCLUDE_DIRS],
[`$1 -x $2 -E -v /dev/null 2>&1 >/dev/null | sed -n '/^#include <\.\.\.> search starts here:/,/^End of search list\./{
/^ /s/^ *//p
}'`])

# _PIDFDSPAWN_MUSL_LAYOUT_PROGRAM: compiles only with musl's spawn.h.
AC_DEFUN([_PIDFDSPAWN_MUSL_LAYOUT_PROGRAM],
[AC_LANG_PROGRAM([[#include <features.h>
#include <spawn.h>
#include <stddef.h>
#ifdef __GLIBC__
# error glibc
#endif
typedef char musl_layout[offsetof (posix_spawn_file_actions_t, __actions)
                         == sizeof (int[2]) ? 1 : -1];]],
  [[posix_spawn_file_actions_t fa; (void) fa.__pad0; (void) fa.__pad;]])])

AC_DEFUN([PIDFDSPAWN_LIBC_FAMILY],
[AC_MSG_CHECKING([which libc $CC compiles against])
AC_LANG_PUSH([C])
AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <features.h>
#if !defined __GLIBC__ || defined __UCLIBC__
# error not glibc
#endif]], [[]])],
  [libc_family=glibc],
  [AC_COMPILE_IFELSE([_PIDFDSPAWN_MUSL_LAYOUT_PROGRAM],
     [libc_family=musl], [libc_family=unknown])])
AC_LANG_POP([C])
AC_MSG_RESULT([$libc_family])

AS_CASE([$host_os],
  [*musl*], [AS_IF([test "x$libc_family" != xmusl],
    [AC_MSG_ERROR([the host triplet '$host' names musl, but $CC compiles against '$libc_family'])])])
AS_IF([test "x$with_libc" != xauto && test "x$with_libc" != "x$libc_family"],
  [AC_MSG_ERROR([--with-libc=$with_libc, but $CC compiles against '$libc_family' (set CC to a $with_libc compiler)])])
AS_CASE([$libc_family],
  [glibc], [AC_DEFINE([PIDFDSPAWN_LIBC_GLIBC], [1], [Define when building against glibc.])],
  [musl], [AC_DEFINE([PIDFDSPAWN_LIBC_MUSL], [1], [Define when building against musl.])],
  [AC_MSG_ERROR([this libc is not supported: glibc and musl are])])
AC_SUBST([LIBC_FAMILY], [$libc_family])
AM_CONDITIONAL([LIBC_GLIBC], [test "x$libc_family" = xglibc])
AM_CONDITIONAL([LIBC_MUSL], [test "x$libc_family" = xmusl])

AS_IF([test "x$libc_family" = xmusl], [
  AC_MSG_CHECKING([whether $CXX compiles against musl's headers])
  AC_LANG_PUSH([C++])
  AC_COMPILE_IFELSE([_PIDFDSPAWN_MUSL_LAYOUT_PROGRAM],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no: composing its include path])
     pidfdspawn_cxx_dirs=
     for dir in _PIDFDSPAWN_INCLUDE_DIRS([$CXX], [c++]); do
       AS_CASE([$dir], [*c++*], [pidfdspawn_cxx_dirs="$pidfdspawn_cxx_dirs -isystem $dir"])
     done
     for dir in _PIDFDSPAWN_INCLUDE_DIRS([$CC], [c]); do
       pidfdspawn_cxx_dirs="$pidfdspawn_cxx_dirs -isystem $dir"
     done
     # libstdc++'s configuration headers test __GLIBC_PREREQ in #if; musl
     # has no such macro.  A forced include defines it as 0: a -D with
     # parentheses would not survive the quoting of make and the tests.
     pidfdspawn_abs_srcdir=`cd "$srcdir" && pwd`
     CXX="$CXX -nostdinc$pidfdspawn_cxx_dirs -include $pidfdspawn_abs_srcdir/compat/musl_libstdcxx.h"
     AC_MSG_CHECKING([whether $CXX compiles against musl's headers])
     AC_COMPILE_IFELSE([_PIDFDSPAWN_MUSL_LAYOUT_PROGRAM],
       [AC_MSG_RESULT([yes])],
       [AC_MSG_RESULT([no])
        AC_MSG_ERROR([cannot make $CXX use musl's headers; set CXX to a C++ compiler for musl])])])
  AC_LANG_POP([C++])])
])
