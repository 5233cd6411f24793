// clone3 with a new stack: the child starts on that stack in the middle of
// the caller's function, so the call and the child's first steps are in
// assembly (clone3_entry.S).  Architectures without it use the clone rung.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>

#include "common.h"

#if (defined __x86_64__ && !defined __ILP32__) || defined __i386__ \
    || defined __aarch64__
# define PIDFDSPAWN_HAVE_CLONE3_ENTRY 1

struct pidfdspawn_clone_args;

// In the parent: the child's pid or -errno.  In the child: calls FN (ARG)
// on the new stack and exits with its result; never returns.
extern "C" long pidfdspawn_clone3 (struct pidfdspawn_clone_args *args,
                                   size_t size, int (*fn) (void *), void *arg)
  PIDFDSPAWN_HIDDEN;
#else
# define PIDFDSPAWN_HAVE_CLONE3_ENTRY 0
#endif
