// The rungs of the ladder, as the library runs them: lib/ladder.h's table
// with each rung's launch function and child preparation.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "ladder.h"

namespace pidfdspawn {

struct SpawnRequest;

enum class Rung : int
{
#define PIDFDSPAWN_AS_RUNG(name, memory, refusals) name = PIDFDSPAWN_RUNG_##name,
  PIDFDSPAWN_LADDER (PIDFDSPAWN_AS_RUNG)
#undef PIDFDSPAWN_AS_RUNG
  count = PIDFDSPAWN_RUNG_COUNT,
};

struct ChildStack
{
  char *base;
  size_t size;
  char *top () const { return base + size; }
};

struct RungRules
{
  const char *name;
  // Starts the child: 0 and its pid in PID, or an error number when none
  // was created.
  int (*launch) (SpawnRequest &req, ChildStack stack, pid_t &pid);
  // The rung's own set-up, first thing in the child: 0 or an error
  // number (a refusal among them sends the parent down the ladder).
  int (*prepare) (SpawnRequest &req);
  pidfdspawn_child_memory memory;
  int refusals[PIDFDSPAWN_LADDER_MAX_REFUSALS];
};

extern const RungRules ladder[static_cast<int> (Rung::count)];

inline const RungRules &
rules_of (Rung rung)
{
  return ladder[static_cast<int> (rung)];
}

// Whether the error number ERROR means "this rung cannot serve here".
inline bool
is_refusal (const RungRules &rules, int error)
{
  for (int refusal : rules.refusals)
    if (refusal != 0 && refusal == error)
      return true;
  return false;
}

#define PIDFDSPAWN_DECLARE_RUNG(name, memory, refusals)                     \
  int launch_##name (SpawnRequest &req, ChildStack stack, pid_t &pid);      \
  int prepare_##name (SpawnRequest &req);
PIDFDSPAWN_LADDER (PIDFDSPAWN_DECLARE_RUNG)
#undef PIDFDSPAWN_DECLARE_RUNG

} // namespace pidfdspawn
