// Reading posix_spawnattr_t through the public getters, so the object stays
// the libc's own and any libc's layout works.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "attributes.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>

namespace pidfdspawn {

namespace {

// The first 64 signals of a sigset_t as the kernel's mask word.  Linux
// libcs keep signal N at bit N-1 of sigset_t's first words, which is
// exactly the kernel's mask; this reads it without 64 sigismember calls.
static_assert (sizeof (sigset_t) >= sizeof (uint64_t));

uint64_t
kernel_mask_of (const sigset_t &set)
{
  uint64_t mask;
  __builtin_memcpy (&mask, &set, sizeof mask);
  return mask;
}

} // namespace

int
read_attributes (const posix_spawnattr_t *attr, Attributes &out)
{
  out = Attributes{};
  if (attr == nullptr)
    return 0;

  // musl keeps the flags in an int, but its setter takes a short like
  // glibc's: every flag fits the getter's short.
  short flags = 0;
  if (posix_spawnattr_getflags (attr, &flags) != 0)
    return EINVAL;
  out.flags = static_cast<unsigned short> (flags);
  if ((out.flags & ~known_spawn_flags) != 0)
    return EINVAL;

  if (out.flags & POSIX_SPAWN_SETPGROUP)
    posix_spawnattr_getpgroup (attr, &out.pgroup);
  sigset_t set;
  if (out.flags & POSIX_SPAWN_SETSIGDEF)
    {
      posix_spawnattr_getsigdefault (attr, &set);
      out.sigdefault = kernel_mask_of (set);
    }
  if (out.flags & POSIX_SPAWN_SETSIGMASK)
    {
      posix_spawnattr_getsigmask (attr, &set);
      out.sigmask = kernel_mask_of (set);
    }
  constexpr unsigned sched_flags
    = POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER;
  if (out.flags & sched_flags)
    {
      // musl's attributes hold no scheduling settings (its setters and
      // getters answer ENOSYS) and its posix_spawn ignores these two flags;
      // so do we, rather than apply values nobody set.
      if (posix_spawnattr_getschedpolicy (attr, &out.sched_policy) != 0
          || posix_spawnattr_getschedparam (attr, &out.sched_param) != 0)
        {
          out.flags &= ~sched_flags;
          out.sched_policy = 0;
          out.sched_param = {};
        }
    }
  // No getter before glibc 2.39: read where glibc 2.39 keeps it.
  if (out.flags & POSIX_SPAWN_SETCGROUP)
    out.cgroup = PIDFDSPAWN_ATTR_CGROUP (attr);
  return 0;
}

} // namespace pidfdspawn
