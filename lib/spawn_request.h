// Everything the child needs, prepared by the parent before the clone, and
// the child's answer.  Where the child shares the parent's memory
// (memory_shared) it writes its answer here and the parent reads it once
// the vfork-style suspension ends; otherwise the answer travels through
// the channel, a close-on-exec socket pair.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "attributes.h"
#include "capabilities.h"
#include "file_actions.h"
#include "rungs.h"

namespace pidfdspawn {

struct SpawnRequest
{
  // In: what to run.
  const char *file;          // the path, or for the p variant the name
  bool search_path;          // the p variant: search SEARCH_DIRS
  const char *search_dirs;   // PATH from the caller's environment
  char *path_buffer;         // room for one candidate path (p variant)
  size_t path_buffer_size;
  char *const *argv;
  char *const *envp;

  // In: how.
  Attributes attrs;
  const FileAction *actions;
  size_t action_count;
  uint64_t caller_mask;      // the mask to restore when SETSIGMASK is unset
  Rung rung;
  bool want_pidfd;           // false: posix_spawn's pid is enough; no fd
                             // may be spent on a pidfd
  bool handlers_cleared;     // CLONE_CLEAR_SIGHAND did the signal reset
  bool cgroup_by_kernel;     // CLONE_INTO_CGROUP placed the child; else
                             // the child joins attrs.cgroup itself
  bool memory_shared;        // the child's writes here reach the parent
  // Without shared memory: the child's end of the channel, where it waits
  // for the parent's go-ahead (fork rung) and writes its error, and the
  // parent's end, which the child closes first.  -1 otherwise.
  int channel_fd;
  int parent_channel_fd;

  // Out, written by the child (or by the kernel or the parent for pidfd).
  int pidfd;                 // -1 until a pidfd exists
  int error;                 // 0 while the child has not failed
  bool setup_refused;        // the rung's own set-up was refused, not the
                             // caller's request: try the next rung
};

} // namespace pidfdspawn
