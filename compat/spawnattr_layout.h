/* Where the libc keeps what posix_spawnattr_t has no getter or setter for:
   the flag word (to add POSIX_SPAWN_SETCGROUP, which an older libc's
   posix_spawnattr_setflags refuses) and the cgroup fd (glibc 2.39's
   __cgroup).  One small header per libc family; adding a family means
   writing its header and naming it here.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Each family header defines, for C++:
     PIDFDSPAWN_ATTR_FLAGS(attr)    lvalue of the flag word
     PIDFDSPAWN_ATTR_CGROUP(attr)   lvalue of the int cgroup fd
     pidfdspawn_attr_flags_t        the flag word's type
     PIDFDSPAWN_NEXT_SPAWN(name)    the libc's own posix_spawn or
                                    posix_spawnp, found past this library
     PIDFDSPAWN_NEXT_SETFLAGS()     the libc's own posix_spawnattr_setflags
                                    (see lib/spawn_interpose.cpp for why)
     PIDFDSPAWN_LIBC_KNOWS_CGROUP() whether the running libc handles
                                    POSIX_SPAWN_SETCGROUP itself (then the
                                    wrappers forward to it)
     PIDFDSPAWN_SETFLAGS_NOEXCEPT   the exception specification the libc's
                                    <spawn.h> gives posix_spawnattr_setflags
                                    in C++ (glibc's __THROW: noexcept; musl
                                    declares none: empty)
   and static_asserts that the layout matches the public struct.  */
#ifndef PIDFDSPAWN_COMPAT_SPAWNATTR_LAYOUT_H
#define PIDFDSPAWN_COMPAT_SPAWNATTR_LAYOUT_H

#include "config.h"

#if defined PIDFDSPAWN_LIBC_GLIBC
# include "compat/glibc_spawnattr.h"
#elif defined PIDFDSPAWN_LIBC_MUSL
# include "compat/musl_spawnattr.h"
#else
# error "compat/spawnattr_layout.h: no posix_spawnattr_t layout for this libc"
#endif

#ifndef POSIX_SPAWN_SETCGROUP
# define POSIX_SPAWN_SETCGROUP 0x100
#endif

#endif
