// pidfd_spawn (glibc 2.39).
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pidfdspawn/spawn.h"

#include "common.h"
#include "spawn_core.h"

PIDFDSPAWN_PUBLIC int
pidfd_spawn (int *__restrict pidfd, const char *__restrict path,
             const posix_spawn_file_actions_t *__restrict facts,
             const posix_spawnattr_t *__restrict attrp, char *const argv[],
             char *const envp[])
{
  return pidfdspawn::spawn (pidfdspawn::Handle::pidfd, pidfd, nullptr, path,
                            facts, attrp, argv, envp,
                            pidfdspawn::Lookup::exact_path);
}
