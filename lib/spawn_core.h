// The one spawn core behind pidfd_spawn and pidfd_spawnp.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <spawn.h>
#include <sys/types.h>

namespace pidfdspawn {

enum class Lookup
{
  exact_path,  // pidfd_spawn: FILE is the path
  search_path, // pidfd_spawnp: FILE is searched in the caller's PATH
};

// What the caller gets back.
enum class Handle
{
  pidfd, // pidfd_spawn(p): the pidfd goes to *PIDFD, or is closed if PIDFD
         // is NULL
  pid,   // posix_spawn(p) with POSIX_SPAWN_SETCGROUP, whose callers wait by
         // pid: the child's pid goes to *PID if PID is not NULL, and no
         // pidfd is asked for
};

// Returns 0 or an error number; errno is left as the caller had it.
int spawn (Handle handle, int *pidfd, pid_t *pid, const char *file,
           const posix_spawn_file_actions_t *fa,
           const posix_spawnattr_t *attr, char *const argv[],
           char *const envp[], Lookup lookup);

} // namespace pidfdspawn
