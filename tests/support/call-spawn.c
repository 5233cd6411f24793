/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include "call-spawn.h"

#include <pidfdspawn/spawn.h>

#include "test-util.h"

/* The suites pass NULL where the headers say nonnull, on purpose.  */
int TEST_PASSES_NULL_TO_NONNULL
call_spawn (enum spawner which, int *pidfd, pid_t *pid, const char *path,
            const posix_spawn_file_actions_t *fa,
            const posix_spawnattr_t *attr, char *const argv[],
            char *const envp[])
{
  switch (which)
    {
    case LIB_SPAWN:
      return pidfd_spawn (pidfd, path, fa, attr, argv, envp);
    case LIB_SPAWNP:
      return pidfd_spawnp (pidfd, path, fa, attr, argv, envp);
    case HOST_SPAWN:
      return posix_spawn (pid, path, fa, attr, argv, envp);
    case HOST_SPAWNP:
      return posix_spawnp (pid, path, fa, attr, argv, envp);
    }
  return -1;
}
