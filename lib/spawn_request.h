// Everything the child needs, prepared by the parent before the clone, and
// the child's answer.  The child reads and writes it through the shared
// address space (CLONE_VM); the parent reads the answer only after the
// vfork-style suspension ends.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "attributes.h"
#include "capabilities.h"
#include "file_actions.h"

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
  bool handlers_cleared;     // CLONE_CLEAR_SIGHAND did the signal reset
  bool cgroup_by_kernel;     // CLONE_INTO_CGROUP placed the child; else
                             // the child joins attrs.cgroup itself
  // -1, or where CLONE_VM does not share memory (valgrind), the write end
  // of a close-on-exec pipe for the child's error, and that pipe's inode
  // (a file action may have put another file at that number).
  int report_fd;
  unsigned long report_inode;

  // Out, written by the child (or by the kernel for pidfd).
  int pidfd;                 // -1 until a pidfd exists
  int error;                 // 0 while the child has not failed
  bool setup_refused;        // the rung's own set-up was refused, not the
                             // caller's request: try the next rung
};

} // namespace pidfdspawn
