/* The pidfd ioctl ABI beyond <pidfdspawn/sys/pidfd.h>, which defines
   struct pidfd_info, PIDFD_GET_INFO and the PIDFD_INFO_* constants.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_COMPAT_LINUX_PIDFD_H
#define PIDFDSPAWN_COMPAT_LINUX_PIDFD_H

#include <sys/ioctl.h>

#include "pidfdspawn/sys/pidfd.h"

/* PIDFD_GET_INFO with the size of the struct's first version (Linux 6.13,
   PIDFD_INFO_SIZE_VER0 bytes), whatever size the struct pidfd_info in
   scope has: the size is part of the request number.  The kernel copies
   only as much as both sides know, and the first version holds the pid.
   The seccomp filters in tests/ refuse this number.  */
#define PIDFDSPAWN_PIDFD_GET_INFO_VER0                                      \
  _IOC (_IOC_READ | _IOC_WRITE, PIDFS_IOCTL_MAGIC, 11, PIDFD_INFO_SIZE_VER0)

#endif
