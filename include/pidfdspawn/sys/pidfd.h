/* pidfdspawn: glibc 2.39's pidfd_getpid for every libc.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Include as <pidfdspawn/sys/pidfd.h>.  The prototype is glibc's, so this
   header can sit beside a libc <sys/pidfd.h> that declares it too.  */
#ifndef PIDFDSPAWN_SYS_PIDFD_H
#define PIDFDSPAWN_SYS_PIDFD_H 1

#if defined __has_include
# if __has_include (<sys/pidfd.h>)
#  include <sys/pidfd.h>
# endif
#endif
#include <sys/types.h>

#ifdef __cplusplus
# if __cplusplus >= 201103L
#  define __PIDFDSPAWN_NOTHROW noexcept (true)
# else
#  define __PIDFDSPAWN_NOTHROW throw ()
# endif
extern "C" {
#elif defined __GNUC__ || defined __clang__
# define __PIDFDSPAWN_NOTHROW __attribute__ ((__nothrow__))
#else
# define __PIDFDSPAWN_NOTHROW
#endif

/* The pid of the process PIDFD refers to, in the caller's pid namespace;
   -1 with errno EBADF (not a pidfd), ESRCH (process gone) or EREMOTE (not
   visible from the caller's pid namespace).  Async-signal-safe.  */
extern pid_t pidfd_getpid (int __fd) __PIDFDSPAWN_NOTHROW;

#ifdef __cplusplus
}
#endif

#endif /* PIDFDSPAWN_SYS_PIDFD_H */
