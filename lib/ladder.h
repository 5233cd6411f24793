/* The ladder: how pidfd_spawn gets a child and its pidfd, best rung first.
   SPDX-License-Identifier: LGPL-2.1-or-later

   One line per rung, read by the library (lib/ladder.cpp), by
   pidfd-run --info and by the tests, so that the rules are written once:

     RUNG (NAME, MEMORY, (REFUSALS...))

   NAME           the rung's name: PIDFDSPAWN_RUNG's value, what
                  pidfd-run --info prints; the rung's launch function is
                  launch_NAME (lib/rung_NAME.cpp) and its first step in the
                  child prepare_NAME (lib/child.cpp).
   MEMORY         how the child's answer (its error; on the pidfd_open
                  rung its pidfd) reaches the parent.  SHARED: through the
                  parent's memory, which the child must share; passed over
                  where CLONE_VM turns out not to share memory (valgrind,
                  emulators).  ANY: a vfork-style clone whose pidfd the
                  kernel hands to the parent; through shared memory, or
                  where memory is not shared through a close-on-exec socket
                  (the channel).  COPIED: a fork-style child, always the
                  channel.
   REFUSALS       the error numbers, from the clone or from the rung's own
                  set-up, that mean "this rung cannot serve here": the
                  ladder steps down and the process never tries it again.
                  Any other error is the spawn's answer.

   The position in the list is the rung's number (pidfdspawn_last_rung,
   EXPECT_RUNG in the tests).  Below the last rung no pidfd can be had:
   ENOSYS, as glibc answers.  C and C++, no library code: just the table.  */
#ifndef PIDFDSPAWN_LADDER_H
#define PIDFDSPAWN_LADDER_H

#include <errno.h>

#define PIDFDSPAWN_LADDER(RUNG)                                              \
  /* clone3 (CLONE_PIDFD | CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND):    \
     ENOSYS before 5.3, EPERM from old container profiles, EINVAL or E2BIG   \
     for flags or a size the kernel does not know.  */                       \
  RUNG (clone3, ANY, (ENOSYS, EPERM, EINVAL, E2BIG))                           \
  /* clone (CLONE_PIDFD | CLONE_VM | CLONE_VFORK), 5.2: EINVAL where         \
     CLONE_PIDFD is refused (qemu-user), ENOSYS where a kernel ignored it.  */ \
  RUNG (clone, ANY, (ENOSYS, EPERM, EINVAL))                                   \
  /* clone (CLONE_VM | CLONE_VFORK | CLONE_FILES); the child opens its own   \
     pidfd, 5.3: EINVAL where CLONE_FILES is refused (qemu-user).  */        \
  RUNG (pidfd_open, SHARED, (ENOSYS, EPERM, EINVAL))                              \
  /* A fork-style clone held until the parent has opened its pidfd: only    \
     a missing or forbidden pidfd_open (or clone) stops it.  */              \
  RUNG (fork, COPIED, (ENOSYS, EPERM))

enum pidfdspawn_child_memory
{
  PIDFDSPAWN_MEMORY_SHARED,
  PIDFDSPAWN_MEMORY_ANY,
  PIDFDSPAWN_MEMORY_COPIED
};

/* The most refusals a rung lists.  */
#define PIDFDSPAWN_LADDER_MAX_REFUSALS 4

#define PIDFDSPAWN_LADDER_ENUMERATOR(name, memory, refusals)         \
  PIDFDSPAWN_RUNG_##name,
enum pidfdspawn_rung
{
  PIDFDSPAWN_LADDER (PIDFDSPAWN_LADDER_ENUMERATOR)
  PIDFDSPAWN_RUNG_COUNT
};
#undef PIDFDSPAWN_LADDER_ENUMERATOR

/* Expands a parenthesised REFUSALS list into an initialiser.  */
#define PIDFDSPAWN_LADDER_LIST(...) { __VA_ARGS__ }

#endif
