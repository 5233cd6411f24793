// The clone rung: clone(CLONE_PIDFD | CLONE_VM | CLONE_VFORK), Linux 5.2, for
// kernels and sandboxes that refuse clone3.  The pidfd arrives in the
// parent_tid slot.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <sched.h>
#include <signal.h>

#include "child.h"
#include "rungs.h"
#include "spawn_request.h"
#include "compat/linux_clone.h"

namespace pidfdspawn {

int
launch_clone (SpawnRequest &req, ChildStack stack, pid_t &pid)
{
  req.handlers_cleared = false;
  req.cgroup_by_kernel = false;
  const int pidfd_flag = req.want_pidfd ? CLONE_PIDFD : 0;
  pid = ::clone (pidfdspawn_child_main, stack.top (),
                 pidfd_flag | CLONE_VM | CLONE_VFORK | SIGCHLD, &req,
                 &req.pidfd);
  return pid < 0 ? errno : 0;
}

} // namespace pidfdspawn
