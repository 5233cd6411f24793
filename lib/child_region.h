// The memory a spawn hands to its child: the child's stack, the decoded
// file actions and the buffer for PATH candidates, in one mapping.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <stddef.h>

#include "rungs.h"
#include "file_actions.h"

namespace pidfdspawn {

struct ChildRegion
{
  char *base = nullptr;
  size_t size = 0;
  bool reusable = false; // of the size kept between calls
  ChildStack stack = {};
  FileAction *actions = nullptr;
  char *search_buffer = nullptr; // search_buffer_size bytes, or null
};

// PATH_MAX for the entry, '/', NAME_MAX for the name, NUL.
extern const size_t search_buffer_size;

// Lays out a region for ARGC arguments and ACTION_COUNT file actions (and a
// search buffer if asked).  Takes the region kept from an earlier call when
// it is free and large enough, else maps one.  0 or an error number.
int acquire_child_region (ChildRegion &region, size_t argc,
                          size_t action_count, bool with_search_buffer);

// Once the child no longer runs on it: keeps the region for the next call,
// or unmaps it.
void release_child_region (ChildRegion &region);

} // namespace pidfdspawn
