// SPDX-License-Identifier: LGPL-2.1-or-later
#include "closefrom_fallback.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>

#include "syscall.h"

namespace pidfdspawn {

namespace {

struct LinuxDirent64
{
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

// A decimal fd number, or -1 for anything else ("." and "..").
int
parse_fd (const char *name)
{
  if (*name == '\0')
    return -1;
  long value = 0;
  for (; *name != '\0'; ++name)
    {
      if (*name < '0' || *name > '9')
        return -1;
      value = value * 10 + (*name - '0');
      if (value > 0x7fffffff)
        return -1;
    }
  return static_cast<int> (value);
}

} // namespace

int
closefrom_by_scanning (int lowest, int keep)
{
  long dir = sys::open ("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir < 0)
    return sys::error_of (dir);
  int dirfd = static_cast<int> (dir);

  // Closing while reading may shift entries: read again from the start
  // until a pass closes nothing.
  alignas (8) char buffer[1024];
  for (;;)
    {
      bool closed_any = false;
      for (;;)
        {
          long n = sys::getdents64 (dirfd, buffer, sizeof buffer);
          if (n < 0)
            {
              sys::close (dirfd);
              return sys::error_of (n);
            }
          if (n == 0)
            break;
          for (long pos = 0; pos < n;)
            {
              auto *entry = reinterpret_cast<LinuxDirent64 *> (buffer + pos);
              pos += entry->reclen;
              int fd = parse_fd (entry->name);
              if (fd >= lowest && fd != dirfd && fd != keep)
                {
                  sys::close (fd);
                  closed_any = true;
                }
            }
        }
      if (!closed_any)
        break;
      long r = sys::lseek (dirfd, 0, SEEK_SET);
      if (r < 0)
        {
          sys::close (dirfd);
          return sys::error_of (r);
        }
    }
  sys::close (dirfd);
  return 0;
}

} // namespace pidfdspawn
