/* glibc's posix_spawnattr_t: where the flag word and the cgroup fd live,
   and which versions of its spawn symbols this library forwards to.
   SPDX-License-Identifier: LGPL-2.1-or-later

   glibc 2.39 turned the first int of the padding into __cgroup:
     2.2 .. 2.38: short __flags; pid_t __pgrp; sigset_t __sd, __ss;
                  struct sched_param __sp; int __policy; int __pad[16];
     2.39 ..:     ... int __policy; int __cgroup; int __pad[15];
   so an object set up by this library on an older glibc has the cgroup
   where a 2.39 glibc would look for it.  posix_spawnattr_init memsets the
   object: the cgroup reads 0 until set, as in glibc 2.39.  */
#ifndef PIDFDSPAWN_COMPAT_GLIBC_SPAWNATTR_H
#define PIDFDSPAWN_COMPAT_GLIBC_SPAWNATTR_H

#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

#if __GLIBC_PREREQ(2, 39)
# define PIDFDSPAWN_ATTR_CGROUP(attr) ((attr)->__cgroup)
#else
# define PIDFDSPAWN_ATTR_CGROUP(attr) ((attr)->__pad[0])
#endif
#define PIDFDSPAWN_ATTR_FLAGS(attr) ((attr)->__flags)
typedef short pidfdspawn_attr_flags_t;
/* <spawn.h> declares posix_spawnattr_setflags __THROW.  */
#define PIDFDSPAWN_SETFLAGS_NOEXCEPT noexcept

/* The versions of glibc's current posix_spawn and posix_spawnp (on
   x86_64 and i386 GLIBC_2.15: the older ones are compatibility symbols that
   retry ENOEXEC with /bin/sh) and of posix_spawnattr_setflags differ per
   architecture: configure reads them from the libc (config.h).  */
#if !defined PIDFDSPAWN_GLIBC_SPAWN_VERSION \
    || !defined PIDFDSPAWN_GLIBC_SETFLAGS_VERSION
# error "compat/glibc_spawnattr.h: configure did not find the libc's spawn symbol versions"
#endif

/* The libc's own definitions, by name and version, from the loaded
   objects' symbol tables (lib/versioned_symbol.cpp): dlvsym would need
   libdl before glibc 2.34.  Only an object that defines the version can
   match, so this library's base-version wrappers never do.  */
#define PIDFDSPAWN_NEXT_SPAWN(name) \
  pidfdspawn::find_versioned_symbol (name, PIDFDSPAWN_GLIBC_SPAWN_VERSION)
#define PIDFDSPAWN_NEXT_SETFLAGS() \
  pidfdspawn::find_versioned_symbol ("posix_spawnattr_setflags", \
                                     PIDFDSPAWN_GLIBC_SETFLAGS_VERSION)
/* Whether the running glibc (2.39 and later) knows POSIX_SPAWN_SETCGROUP
   itself: its own posix_spawnattr_setcgroup_np, at the version every
   architecture has, is loaded.  Asked at run time, as a program built on
   an older glibc may run on a newer one.  */
#define PIDFDSPAWN_LIBC_KNOWS_CGROUP() \
  (pidfdspawn::find_versioned_symbol ("posix_spawnattr_setcgroup_np", \
                                      "GLIBC_2.39") != nullptr)

#ifdef __cplusplus
/* glibc 2.39's layout, to check the offsets against the public struct.  */
struct pidfdspawn_glibc239_spawnattr
{
  short flags;
  pid_t pgrp;
  sigset_t sd;
  sigset_t ss;
  struct sched_param sp;
  int policy;
  int cgroup;
  int pad[15];
};
static_assert (sizeof (posix_spawnattr_t)
               == sizeof (pidfdspawn_glibc239_spawnattr),
               "glibc posix_spawnattr_t layout changed");
static_assert (offsetof (posix_spawnattr_t, __flags)
               == offsetof (pidfdspawn_glibc239_spawnattr, flags),
               "glibc posix_spawnattr_t layout changed");
static_assert (sizeof (posix_spawnattr_t::__flags)
               == sizeof (pidfdspawn_attr_flags_t),
               "glibc posix_spawnattr_t layout changed");
static_assert (offsetof (posix_spawnattr_t, __policy)
               == offsetof (pidfdspawn_glibc239_spawnattr, policy),
               "glibc posix_spawnattr_t layout changed");
# if __GLIBC_PREREQ(2, 39)
static_assert (offsetof (posix_spawnattr_t, __cgroup)
               == offsetof (pidfdspawn_glibc239_spawnattr, cgroup),
               "glibc posix_spawnattr_t layout changed");
# else
static_assert (offsetof (posix_spawnattr_t, __pad)
               == offsetof (pidfdspawn_glibc239_spawnattr, cgroup),
               "glibc posix_spawnattr_t layout changed");
static_assert (sizeof (posix_spawnattr_t::__pad[0])
               == sizeof (int), "glibc posix_spawnattr_t layout changed");
# endif
#endif

#endif
