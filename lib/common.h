// Shared definitions for the implementation.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include "config.h"

// The only symbols with default visibility; everything else is hidden by
// -fvisibility=hidden, and the version script is the second fence.
#define PIDFDSPAWN_PUBLIC extern "C" __attribute__ ((visibility ("default")))

// Internal functions that the unit tests (C) call through the convenience
// library: C names, still hidden from the shared object.
#define PIDFDSPAWN_INTERNAL_C extern "C" __attribute__ ((visibility ("hidden")))

// Exit status of a child that could not exec, as POSIX asks.
inline constexpr int spawn_error_status = 127;
