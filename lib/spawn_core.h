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

// Returns 0 and stores the pidfd in *PIDFD (closed if PIDFD is NULL), or an
// error number.  errno is left as the caller had it.
int spawn (int *pidfd, const char *file, const posix_spawn_file_actions_t *fa,
           const posix_spawnattr_t *attr, char *const argv[],
           char *const envp[], Lookup lookup);

// posix_spawn and posix_spawnp with POSIX_SPAWN_SETCGROUP: the same core,
// storing the child's pid in *PID (if not NULL) and keeping no pidfd.
int spawn_for_pid (pid_t *pid, const char *file,
                   const posix_spawn_file_actions_t *fa,
                   const posix_spawnattr_t *attr, char *const argv[],
                   char *const envp[], Lookup lookup);

} // namespace pidfdspawn
