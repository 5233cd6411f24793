// The code that runs in the child between the clone and execve.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include "common.h"

// The child's entry point for every rung.  ARG is the SpawnRequest.
// It execs or exits with status 127 after storing the error in the request.
extern "C" int pidfdspawn_child_main (void *arg) PIDFDSPAWN_HIDDEN;

namespace pidfdspawn {

// A close-on-exec copy of FD placed out of the file actions' way: the
// highest free number within 64 of the RLIMIT_NOFILE soft limit (the lowest
// free one if there is none up there).  File actions mostly name low
// numbers, and an open action lands on the lowest free number, which must
// be the one it would be in the caller.  0 and the new fd in COPY, or an
// error number.
int dup_out_of_the_way (int fd, int &copy);

} // namespace pidfdspawn
