// The address of one versioned definition in the loaded objects, found
// without the dl* functions (in libdl, not libc, before glibc 2.34).
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

namespace pidfdspawn {

// The definition of NAME at symbol version VERSION (e.g. "posix_spawn",
// "GLIBC_2.15"), or nullptr.  Only an object that defines VERSION can
// match, so this library's own base-version definitions never do.
void *find_versioned_symbol (const char *name, const char *version);

} // namespace pidfdspawn
