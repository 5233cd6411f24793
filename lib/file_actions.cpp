// The C entry to the decoder of whichever libc this build is for
// (file_actions_glibc.cpp or file_actions_musl.cpp): the unit tests, written
// in C, call it.
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "file_actions.h"

#include <errno.h>

int
pidfdspawn_decode_file_actions (const posix_spawn_file_actions_t *fa,
                                pidfdspawn_file_action *out, size_t capacity,
                                size_t *count)
{
  using namespace pidfdspawn;
  size_t n;
  if (int error = count_file_actions (fa, n))
    return error;
  *count = n;
  if (n > capacity)
    return ENOSPC;
  return decode_file_actions (fa, out, n);
}
