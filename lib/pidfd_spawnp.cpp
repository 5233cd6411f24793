// pidfd_spawnp (glibc 2.39).
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pidfdspawn/spawn.h"

#include "common.h"
#include "spawn_core.h"

PIDFDSPAWN_PUBLIC int
pidfd_spawnp (int *__restrict pidfd, const char *__restrict file,
              const posix_spawn_file_actions_t *__restrict facts,
              const posix_spawnattr_t *__restrict attrp, char *const argv[],
              char *const envp[])
{
  return pidfdspawn::spawn (pidfdspawn::Handle::pidfd, pidfd, nullptr, file,
                            facts, attrp, argv, envp,
                            pidfdspawn::Lookup::search_path);
}
