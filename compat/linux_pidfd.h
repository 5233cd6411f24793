/* pidfd ioctl ABI that old kernel and libc headers lack.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_COMPAT_LINUX_PIDFD_H
#define PIDFDSPAWN_COMPAT_LINUX_PIDFD_H

#include <stdint.h>
#include <sys/ioctl.h>

#ifndef PIDFS_IOCTL_MAGIC
# define PIDFS_IOCTL_MAGIC 0xFF
#endif

/* struct pidfd_info, first version (Linux 6.13).  The kernel copies only as
   much as both sides know, so this size keeps working on newer kernels.  */
struct pidfdspawn_pidfd_info
{
  uint64_t mask;
  uint64_t cgroupid;
  uint32_t pid;
  uint32_t tgid;
  uint32_t ppid;
  uint32_t ruid;
  uint32_t rgid;
  uint32_t euid;
  uint32_t egid;
  uint32_t suid;
  uint32_t sgid;
  uint32_t fsuid;
  uint32_t fsgid;
  int32_t exit_code;
};

#ifndef PIDFD_INFO_PID
# define PIDFD_INFO_PID (1UL << 0)
#endif
#define PIDFDSPAWN_PIDFD_GET_INFO \
  _IOWR (PIDFS_IOCTL_MAGIC, 11, struct pidfdspawn_pidfd_info)

#endif
