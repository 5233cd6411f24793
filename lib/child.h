// The code that runs in the child between the clone and execve.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

// The child's entry point for every rung.  ARG is the SpawnRequest.
// It execs or exits with status 127 after storing the error in the request.
extern "C" int pidfdspawn_child_main (void *arg)
  __attribute__ ((visibility ("hidden")));
