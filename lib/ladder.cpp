// lib/ladder.h's table with each rung's functions: the one place the core
// (spawn_core.cpp) and the child (child.cpp) learn a rung's rules.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "rungs.h"

namespace pidfdspawn {

#define PIDFDSPAWN_RULES(name, memory, refusals)                            \
  { #name, launch_##name, prepare_##name, PIDFDSPAWN_MEMORY_##memory,        \
    PIDFDSPAWN_LADDER_LIST refusals },

constinit const RungRules ladder[static_cast<int> (Rung::count)]
  = { PIDFDSPAWN_LADDER (PIDFDSPAWN_RULES) };

} // namespace pidfdspawn
