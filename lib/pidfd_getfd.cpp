// pidfd_getfd (glibc 2.36), for libcs without it: a thin wrapper of the
// system call (Linux 5.6), -1 and errno on error, as glibc's.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pidfdspawn/sys/pidfd.h"

#include <errno.h>

#include "common.h"
#include "pidfd_api.h"
#include "syscall.h"

int
pidfdspawn_pidfd_getfd (int pidfd, int targetfd, unsigned int flags)
{
  long r = pidfdspawn::sys::pidfd_getfd (pidfd, targetfd, flags);
  if (r < 0)
    {
      errno = pidfdspawn::sys::error_of (r);
      return -1;
    }
  return static_cast<int> (r);
}

#if PIDFDSPAWN_PROVIDE_PIDFD_API
PIDFDSPAWN_PUBLIC int pidfd_getfd (int pidfd, int targetfd, unsigned int flags)
  __PIDFDSPAWN_NOTHROW __attribute__ ((alias ("pidfdspawn_pidfd_getfd")));
#endif
