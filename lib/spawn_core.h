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

// Returns 0 or an error number; errno is left as the caller had it.
// PID NULL (pidfd_spawn, pidfd_spawnp): the pidfd goes to *PIDFD, or is
// closed if PIDFD is NULL.  PID not NULL (posix_spawn and posix_spawnp with
// POSIX_SPAWN_SETCGROUP, whose callers wait by pid): the child's pid goes
// to *PID and no pidfd is asked for.
int spawn (int *pidfd, pid_t *pid, const char *file,
           const posix_spawn_file_actions_t *fa,
           const posix_spawnattr_t *attr, char *const argv[],
           char *const envp[], Lookup lookup);

} // namespace pidfdspawn
