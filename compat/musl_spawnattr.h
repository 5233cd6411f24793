/* musl's posix_spawnattr_t: where the flag word and the cgroup fd live.
   SPDX-License-Identifier: LGPL-2.1-or-later

   musl: int __flags; pid_t __pgrp; sigset_t __def, __mask;
         int __prio, __pol; void *__fn; char __pad[64 - sizeof (void *)];
   The cgroup fd takes the first int of __pad, which musl's
   posix_spawnattr_init zeroes with the rest of the object.  */
#ifndef PIDFDSPAWN_COMPAT_MUSL_SPAWNATTR_H
#define PIDFDSPAWN_COMPAT_MUSL_SPAWNATTR_H

#include <spawn.h>
#include <stddef.h>

/* __pad is a char array: read and write the int through a type that may
   alias it.  */
typedef int __attribute__ ((__may_alias__)) pidfdspawn_aliasing_int;
#define PIDFDSPAWN_ATTR_CGROUP(attr) \
  (*reinterpret_cast<pidfdspawn_aliasing_int *> ( \
    const_cast<char *> ((attr)->__pad)))
#define PIDFDSPAWN_ATTR_FLAGS(attr) ((attr)->__flags)
typedef int pidfdspawn_attr_flags_t;
/* musl's <spawn.h> declares no exception specification.  */
#define PIDFDSPAWN_SETFLAGS_NOEXCEPT

/* musl has no symbol versions, and dlsym is in its libc: RTLD_NEXT starts
   the search past this library.  */
#include <dlfcn.h>
#define PIDFDSPAWN_NEXT_SPAWN(name) dlsym (RTLD_NEXT, name)
#define PIDFDSPAWN_NEXT_SETFLAGS() dlsym (RTLD_NEXT, "posix_spawnattr_setflags")
/* No musl release has a cgroup attribute.  */
#define PIDFDSPAWN_LIBC_KNOWS_CGROUP() false

#ifdef __cplusplus
static_assert (offsetof (posix_spawnattr_t, __pad) % alignof (int) == 0,
               "musl posix_spawnattr_t: __pad is not int-aligned");
static_assert (sizeof (posix_spawnattr_t::__pad) >= sizeof (int),
               "musl posix_spawnattr_t layout changed");
#endif

#endif
