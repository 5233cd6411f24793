# pidfdspawn-kernel-headers.m4 -- the kernel's UAPI headers for the tests.
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The seccomp helper in tests/ includes <linux/seccomp.h> and friends.
# musl-gcc on a glibc system searches musl's include directory only, which
# has no kernel headers; the system's (linux-libc-dev) are libc-neutral, so
# the build tree gets a directory that links to them and nothing else (not
# the whole of /usr/include, which holds glibc's headers).  Sets
# KERNEL_HEADERS_CPPFLAGS for the tests; empty when $CC finds them itself.
AC_DEFUN([PIDFDSPAWN_KERNEL_HEADERS],
[KERNEL_HEADERS_CPPFLAGS=
AC_MSG_CHECKING([whether $CC finds the kernel's headers])
AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <linux/seccomp.h>
#include <linux/filter.h>
#include <linux/audit.h>]], [[]])],
  [AC_MSG_RESULT([yes])],
  [AC_MSG_RESULT([no])
   AC_MSG_CHECKING([for the system's kernel headers])
   pidfdspawn_linux_dir=; pidfdspawn_asm_dir=
   for dir in /usr/include /usr/include/$host_cpu-linux-gnu /usr/include/$host_cpu-$host_os; do
     test -z "$pidfdspawn_linux_dir" && test -f "$dir/linux/seccomp.h" && pidfdspawn_linux_dir=$dir
     test -z "$pidfdspawn_asm_dir" && test -f "$dir/asm/unistd.h" && pidfdspawn_asm_dir=$dir
   done
   AS_IF([test -z "$pidfdspawn_linux_dir" || test -z "$pidfdspawn_asm_dir"],
     [AC_MSG_RESULT([none])
      AC_MSG_WARN([no kernel headers for $CC: the seccomp tests will not build (install linux-libc-dev)])],
     [AC_MSG_RESULT([$pidfdspawn_linux_dir/linux, $pidfdspawn_asm_dir/asm])
      rm -rf kernel-headers && mkdir kernel-headers
      ln -s "$pidfdspawn_linux_dir/linux" kernel-headers/linux
      ln -s "$pidfdspawn_linux_dir/asm-generic" kernel-headers/asm-generic
      ln -s "$pidfdspawn_asm_dir/asm" kernel-headers/asm
      KERNEL_HEADERS_CPPFLAGS="-isystem \$(abs_top_builddir)/kernel-headers"])])
AC_SUBST([KERNEL_HEADERS_CPPFLAGS])
])
