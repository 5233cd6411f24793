// The CLONE_VM probe.  In the child library, never sanitized: its child
// runs on our memory like the spawn child (see Makefile.am).
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "clone_vm_probe.h"

#include <errno.h>
#include <sched.h>

#include "syscall.h"

namespace pidfdspawn {

namespace {

int
mark_and_exit (void *flag)
{
  *static_cast<volatile int *> (flag) = 1;
  sys::exit_group (0);
}

} // namespace

int
probe_clone_vm_sharing ()
{
  // The child needs a few words of stack: CLONE_VFORK keeps this frame
  // alive and unused until it has exited.
  alignas (16) char stack[1024];
  volatile int flag = 0;
  // Exit signal 0: nobody else's waitpid(-1) (without __WALL) can reap it,
  // and SIGCHLD set to SIG_IGN does not reap it behind our back.
  const int saved_errno = errno;
  int pid = ::clone (mark_and_exit, stack + sizeof stack, CLONE_VM | CLONE_VFORK,
                     const_cast<int *> (&flag));
  errno = saved_errno;
  if (pid < 0)
    return -1;
  // Not shared: the copy runs on; wait for it all the same.
  long r;
  do
    r = sys::wait4 (pid, nullptr, __WCLONE);
  while (r == -EINTR);
  return flag == 1 ? 1 : 0;
}

} // namespace pidfdspawn
