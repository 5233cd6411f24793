/* Forced into every C++ compilation of a musl build whose C++ compiler is
   the system's glibc-configured g++ (see m4/pidfdspawn-libc.m4).
   SPDX-License-Identifier: LGPL-2.1-or-later

   libstdc++'s <bits/os_defines.h> tests glibc versions with
   __GLIBC_PREREQ inside #if; musl defines no such macro, and an undefined
   function-like name there is a hard error.  No glibc version is present,
   so every such test is false.  */
#ifndef PIDFDSPAWN_COMPAT_MUSL_LIBSTDCXX_H
#define PIDFDSPAWN_COMPAT_MUSL_LIBSTDCXX_H

#ifndef __GLIBC_PREREQ
# define __GLIBC_PREREQ(major, minor) 0
#endif

#endif
