// The fork rung: a fork-style clone (SIGCHLD alone), for emulators and
// sandboxes that refuse or do not honour the vfork-style clones (qemu-user
// refuses CLONE_PIDFD and CLONE_FILES and runs CLONE_VM | CLONE_VFORK as a
// fork).  The child is held on the channel until the parent has opened its
// pidfd: a child that has not run cannot have exited and been reaped, so
// the pid still names it whatever SIGCHLD's disposition or another thread's
// waitpid(-1).  Its cost grows with the parent's memory, as fork's does.
// In the child library: the child returns here on a copy of the memory.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "child.h"
#include "rungs.h"
#include "spawn_request.h"
#include "syscall.h"

namespace pidfdspawn {

int
launch_fork (SpawnRequest &req, ChildStack, pid_t &pid)
{
  req.handlers_cleared = false;
  req.cgroup_by_kernel = false;
  long r = sys::clone_fork ();
  if (r == 0)
    pidfdspawn_child_main (&req);
  if (r < 0)
    return sys::error_of (r);
  pid = static_cast<pid_t> (r);
  // The child's end is the child's: closed here, its slot is free for
  // the pidfd (two free fds are all this rung needs).
  sys::close (req.channel_fd);
  req.channel_fd = -1;
  if (!req.want_pidfd)
    return 0;
  long pidfd = sys::pidfd_open (pid, 0);
  if (pidfd < 0)
    {
      // The child stays held; the core ends it (spawn_core.cpp).
      req.error = sys::error_of (pidfd);
      req.setup_refused = is_refusal (rules_of (Rung::fork), req.error);
    }
  else
    req.pidfd = static_cast<int> (pidfd);
  return 0;
}

} // namespace pidfdspawn
