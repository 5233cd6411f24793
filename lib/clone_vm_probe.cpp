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
  // alive and unused until it has exited (where it is honoured).
  alignas (16) char stack[1024];
  volatile int flag = 0;
  // Exit signal 0 first: nobody else's waitpid(-1) (without __WALL) can
  // reap it, and SIGCHLD set to SIG_IGN does not reap it behind our back.
  // qemu-user refuses a vfork-style clone without an exit signal (EINVAL)
  // and runs the one with SIGCHLD as a fork: ask that one too.
  const int saved_errno = errno;
  int exit_signal = 0;
  int pid = ::clone (mark_and_exit, stack + sizeof stack,
                     CLONE_VM | CLONE_VFORK | exit_signal,
                     const_cast<int *> (&flag));
  if (pid < 0 && errno == EINVAL)
    {
      exit_signal = SIGCHLD;
      pid = ::clone (mark_and_exit, stack + sizeof stack,
                     CLONE_VM | CLONE_VFORK | exit_signal,
                     const_cast<int *> (&flag));
    }
  errno = saved_errno;
  if (pid < 0)
    return -1;
  // Read before the wait: a fork-style copy may still be running, and its
  // write could never reach us anyway.
  const int shared = flag == 1 ? 1 : 0;
  long r;
  do
    r = sys::wait4 (pid, nullptr, exit_signal == 0 ? __WCLONE : 0);
  while (r == -EINTR);
  return shared;
}

} // namespace pidfdspawn
