/* One spawn through any of the four functions the suites compare: the
   library's pidfd_spawn and pidfd_spawnp, the host libc's posix_spawn and
   posix_spawnp.  Shared by the functional and cgroup suites.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#ifndef PIDFDSPAWN_TESTS_CALL_SPAWN_H
#define PIDFDSPAWN_TESTS_CALL_SPAWN_H

#include <spawn.h>
#include <sys/types.h>

enum spawner { LIB_SPAWN, LIB_SPAWNP, HOST_SPAWN, HOST_SPAWNP };

/* The library's functions fill *PIDFD, the host's *PID; the other pointer
   is not used.  Returns the function's result (an error number or 0).  */
int call_spawn (enum spawner which, int *pidfd, pid_t *pid, const char *path,
                const posix_spawn_file_actions_t *fa,
                const posix_spawnattr_t *attr, char *const argv[],
                char *const envp[]);

#endif
