// The rungs of the ladder.  Each starts the child on the given stack with
// the request, and returns the child's pid or -errno when the kernel did
// not create it.  Whether that -errno is a refusal (step down) or a real
// failure (report it) is each rung's own knowledge.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>

#include "spawn_request.h"

namespace pidfdspawn {

struct ChildStack
{
  char *base;
  size_t size;
  char *top () const { return base + size; }
};

long launch_clone3 (SpawnRequest &req, ChildStack stack);
bool clone3_refused (long result);

long launch_clone (SpawnRequest &req, ChildStack stack);
bool clone_refused (long result);

long launch_pidfd_open (SpawnRequest &req, ChildStack stack);
bool pidfd_open_refused (long result);

} // namespace pidfdspawn
