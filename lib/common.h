/* Shared definitions for the implementation.  C-compatible: the headers
   the unit tests include use PIDFDSPAWN_HIDDEN.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_LIB_COMMON_H
#define PIDFDSPAWN_LIB_COMMON_H

#include "config.h"

/* Every symbol is hidden by -fvisibility=hidden, and the version script is
   the second fence.  Declarations the library's other files or the unit
   tests (through the convenience library) reach by their C names say so
   again, so that callers compiled without that flag and the assembly
   entry agree, and calls inside the library bind directly.  */
#define PIDFDSPAWN_HIDDEN __attribute__ ((visibility ("hidden")))

#ifdef __cplusplus
/* The only symbols with default visibility.  */
# define PIDFDSPAWN_PUBLIC extern "C" __attribute__ ((visibility ("default")))

/* Exit status of a child that could not exec, as POSIX asks.  */
inline constexpr int spawn_error_status = 127;
#endif

#endif
