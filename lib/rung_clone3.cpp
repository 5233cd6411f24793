// The clone3 rung: clone3(CLONE_PIDFD | CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND).
// The kernel resets caught signals, so the child skips 64 sigactions.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <signal.h>
#include <stdint.h>

#include "child.h"
#include "rungs.h"
#include "spawn_request.h"
#include "clone3_entry.h"
#include "compat/linux_clone.h"
#include "syscall.h"

namespace pidfdspawn {

int
launch_clone3 (SpawnRequest &req, ChildStack stack, pid_t &pid)
{
#if PIDFDSPAWN_HAVE_CLONE3_ENTRY
  const bool want_cgroup = req.attrs.flags & POSIX_SPAWN_SETCGROUP;
  for (;;)
    {
      const bool clear = !clear_sighand_refused ();
      const bool into = want_cgroup && !into_cgroup_refused ();
      pidfdspawn_clone_args args = {};
      args.flags = (req.want_pidfd ? CLONE_PIDFD : 0) | CLONE_VM | CLONE_VFORK
                   | (clear ? CLONE_CLEAR_SIGHAND : 0)
                   | (into ? CLONE_INTO_CGROUP : 0);
      args.pidfd = reinterpret_cast<uintptr_t> (&req.pidfd);
      args.exit_signal = SIGCHLD;
      args.stack = reinterpret_cast<uintptr_t> (stack.base);
      args.stack_size = stack.size;
      // Not negative: spawn_core.cpp answered EINVAL for that already.
      args.cgroup = into ? static_cast<uint64_t> (req.attrs.cgroup) : 0;
      req.handlers_cleared = clear;
      req.cgroup_by_kernel = into;
      long r = pidfdspawn_clone3 (&args,
                                  into ? PIDFDSPAWN_CLONE_ARGS_SIZE_VER2
                                       : PIDFDSPAWN_CLONE_ARGS_SIZE_VER0,
                                  pidfdspawn_child_main, &req);
      // Linux 5.3 to 5.6 have clone3 but not CLONE_INTO_CGROUP: the larger
      // struct with a non-zero cgroup field is E2BIG there, the flag alone
      // EINVAL.  The child then joins the cgroup itself (child.cpp).  Tried
      // before CLEAR_SIGHAND (5.5): a kernel without that lacks this too.
      const int error = sys::error_of (r);
      if ((error == E2BIG || error == EINVAL) && into)
        {
          refuse_into_cgroup ();
          continue;
        }
      // Linux 5.3 and 5.4 have clone3 but not CLONE_CLEAR_SIGHAND.
      if (error == EINVAL && clear)
        {
          refuse_clear_sighand ();
          continue;
        }
      if (error != 0)
        return error;
      pid = static_cast<pid_t> (r);
      return 0;
    }
#else
  (void) req;
  (void) stack;
  (void) pid;
  return ENOSYS;
#endif
}

} // namespace pidfdspawn
