// pidfd_getpid (glibc 2.39), with the PIDFD_GET_INFO ioctl (Linux 6.13) in
// front of glibc's /proc/self/fdinfo method, so it works without procfs.
// No allocation, raw system calls: async-signal-safe.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pidfdspawn/sys/pidfd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>

#include "capabilities.h"
#include "common.h"
#include "compat/linux_pidfd.h"
#include "fdinfo_parse.h"
#include "syscall.h"

namespace pidfdspawn {

namespace {

// The pidfs file system (Linux 6.9): every pidfd lives there, and only
// pidfds do.  Until PIDFD_GET_INFO has answered on a file there, the
// request is sent only to pidfs files, so no other driver sees its number
// on a kernel where pidfs might not own it.
constexpr long pidfs_magic = 0x50494446;

enum class FdinfoAnswer
{
  unreadable, // no procfs, or no such fd
  absent,     // readable, no valid "Pid:" line: not a pidfd
  found,
};

struct FdinfoPid
{
  FdinfoAnswer answer;
  int pid;
};

FdinfoPid
read_fdinfo_pid (int fd)
{
  char path[sizeof "/proc/self/fdinfo/" + 11] = "/proc/self/fdinfo/";
  char digits[11];
  int n = 0;
  unsigned value = static_cast<unsigned> (fd);
  do
    digits[n++] = static_cast<char> ('0' + value % 10);
  while ((value /= 10) != 0);
  size_t at = sizeof "/proc/self/fdinfo/" - 1;
  while (n > 0)
    path[at++] = digits[--n];
  path[at] = '\0';

  long file = sys::open (path, O_RDONLY | O_CLOEXEC, 0);
  if (file < 0)
    return { FdinfoAnswer::unreadable, 0 };
  pidfdspawn_fdinfo_scanner scanner;
  pidfdspawn_fdinfo_scan_init (&scanner);
  char buffer[256];
  for (;;)
    {
      long got = sys::read (static_cast<int> (file), buffer, sizeof buffer);
      if (got == -EINTR)
        continue;
      if (got <= 0)
        break;
      pidfdspawn_fdinfo_scan_feed (&scanner, buffer, static_cast<size_t> (got));
      if (scanner.status != PIDFDSPAWN_FDINFO_ABSENT)
        break;
    }
  sys::close (static_cast<int> (file));
  int pid = 0;
  if (pidfdspawn_fdinfo_scan_finish (&scanner, &pid) != PIDFDSPAWN_FDINFO_FOUND)
    return { FdinfoAnswer::absent, 0 };
  return { FdinfoAnswer::found, pid };
}

// The request names the first version's size; the kernel writes no more.
static_assert (sizeof (struct pidfd_info) >= PIDFD_INFO_SIZE_VER0);

// One PIDFD_GET_INFO request for the pid.
struct PidInfoAnswer
{
  bool asked;
  int error;
  pid_t pid;
};

PidInfoAnswer
ask_pid_info (int fd)
{
  struct pidfd_info info = {};
  info.mask = PIDFD_INFO_PID;
  int error
    = sys::error_of (sys::ioctl (fd, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &info));
  // pidfs always fills the pid in, and answers ESRCH where it would be 0
  // (not visible from our pid namespace): an answer without one came from
  // somebody else and is checked like a failure.
  if (error == 0 && !(info.mask & PIDFD_INFO_PID))
    error = EOPNOTSUPP;
  else if (error == 0 && info.pid == 0)
    error = ESRCH;
  return { true, error, static_cast<pid_t> (info.pid) };
}

pid_t
fail (int error)
{
  errno = error;
  return -1;
}

// glibc's mapping of the fdinfo answer.
pid_t
from_fdinfo (const FdinfoPid &info, int when_unreadable)
{
  switch (info.answer)
    {
    case FdinfoAnswer::unreadable:
      return fail (when_unreadable);
    case FdinfoAnswer::absent:
      return fail (EBADF);
    case FdinfoAnswer::found:
      break;
    }
  if (info.pid == 0)
    return fail (EREMOTE); // outside the caller's pid namespace
  if (info.pid < 0)
    return fail (ESRCH); // exited and reaped
  return info.pid;
}

} // namespace

} // namespace pidfdspawn

PIDFDSPAWN_PUBLIC pid_t
pidfd_getpid (int fd) __PIDFDSPAWN_NOTHROW
{
  using namespace pidfdspawn;
  if (fd < 0)
    return fail (EBADF);

  // Once the ioctl has answered on a pidfs file, its number is pidfs's on
  // this kernel: a pidfd then costs one system call, and only a failure is
  // checked against the file system.
  const bool ioctl_known = get_info_ioctl_state () > 0;
  PidInfoAnswer asked = {};
  if (ioctl_known)
    {
      asked = ask_pid_info (fd);
      if (asked.error == 0)
        return asked.pid;
    }

  sys::KernelStatfs fs;
  if (int error = sys::error_of (sys::fstatfs (fd, &fs)))
    return fail (error);
  if (static_cast<long> (fs.f_type) != pidfs_magic)
    {
      if (ioctl_known)
        // The ioctl works here, so every pidfd is on pidfs: this is none.
        return fail (EBADF);
      return from_fdinfo (read_fdinfo_pid (fd), EBADF);
    }
  if (!asked.asked && get_info_ioctl_state () >= 0)
    asked = ask_pid_info (fd);
  if (asked.asked)
    {
      if (asked.error == 0)
        {
          set_get_info_ioctl_state (1);
          return asked.pid;
        }
      if (asked.error == EREMOTE)
        // Newer kernels say so themselves.
        return fail (EREMOTE);
      if (asked.error == ESRCH)
        // Gone, or (on kernels that do not answer EREMOTE) not visible from
        // our pid namespace: only fdinfo tells which.  Without procfs,
        // "gone" is the honest answer.
        return from_fdinfo (read_fdinfo_pid (fd), ESRCH);
      // A pidfs file that does not know the request: Linux 6.9 to 6.12, or
      // a filter refusing it now.  Any other answer is left to fdinfo
      // without concluding anything.
      if (asked.error == ENOTTY || asked.error == EINVAL
          || asked.error == EOPNOTSUPP)
        set_get_info_ioctl_state (-1);
    }
  return from_fdinfo (read_fdinfo_pid (fd), EBADF);
}
