// The caller's posix_spawnattr_t, read through the libc's public getters.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <sched.h>
#include <spawn.h>
#include <stdint.h>

#include "compat/spawnattr_layout.h"

#ifndef POSIX_SPAWN_USEVFORK
# define POSIX_SPAWN_USEVFORK 0x40
#endif
#ifndef POSIX_SPAWN_SETSID
# define POSIX_SPAWN_SETSID 0x80
#endif

namespace pidfdspawn {

// Every flag glibc 2.39 accepts.  USEVFORK is accepted and has no effect,
// as in glibc.
inline constexpr unsigned known_spawn_flags
  = POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF
    | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSCHEDPARAM
    | POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_USEVFORK | POSIX_SPAWN_SETSID
    | POSIX_SPAWN_SETCGROUP;

struct Attributes
{
  unsigned flags = 0;
  pid_t pgroup = 0;
  uint64_t sigdefault = 0; // signals 1..64, bit n-1
  uint64_t sigmask = 0;
  int sched_policy = 0;
  struct sched_param sched_param = {};
  int cgroup = 0; // the cgroup v2 directory fd, with POSIX_SPAWN_SETCGROUP
};

// Decodes ATTR (NULL means defaults) into OUT: 0, or EINVAL for a flag
// glibc 2.39 does not know (an option is never silently ignored).
int read_attributes (const posix_spawnattr_t *attr, Attributes &out);

} // namespace pidfdspawn
