// The pidfd_open rung: no CLONE_PIDFD.  clone(CLONE_VM | CLONE_VFORK | CLONE_FILES); the
// child opens a pidfd on itself while it shares the parent's fd table, then
// unshares the table (child.cpp).  A pidfd opened by the live child itself
// cannot name a recycled pid, whatever SIGCHLD's disposition or another
// thread's waitpid(-1); and the parent stays suspended as with vfork, so
// the cost does not grow with its memory.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <sched.h>
#include <signal.h>

#include "child.h"
#include "rungs.h"
#include "spawn_request.h"

namespace pidfdspawn {

int
launch_pidfd_open (SpawnRequest &req, ChildStack stack, pid_t &pid)
{
  req.handlers_cleared = false;
  req.cgroup_by_kernel = false;
  // Without a pidfd to open there is no table to share.
  const int files_flag = req.want_pidfd ? CLONE_FILES : 0;
  pid = ::clone (pidfdspawn_child_main, stack.top (),
                 CLONE_VM | CLONE_VFORK | files_flag | SIGCHLD, &req);
  return pid < 0 ? errno : 0;
}

} // namespace pidfdspawn
