/* pidfd_open, pidfd_getfd and pidfd_send_signal under internal names.
   They are always built; the public names are aliases of them, exported
   only where the libc lacks the functions (PIDFDSPAWN_PROVIDE_PIDFD_API,
   decided by configure).  The unit tests call the internal names through
   the convenience library, so the implementations are tested on every
   libc, including those whose own functions the public names resolve to.
   C-compatible.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_LIB_PIDFD_API_H
#define PIDFDSPAWN_LIB_PIDFD_API_H

#include <signal.h>
#include <sys/types.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

int pidfdspawn_pidfd_open (pid_t pid, unsigned int flags) PIDFDSPAWN_HIDDEN;
int pidfdspawn_pidfd_getfd (int pidfd, int targetfd, unsigned int flags)
  PIDFDSPAWN_HIDDEN;
int pidfdspawn_pidfd_send_signal (int pidfd, int sig, siginfo_t *info,
                                  unsigned int flags) PIDFDSPAWN_HIDDEN;

#ifdef __cplusplus
}
#endif

#endif
