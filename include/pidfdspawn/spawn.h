/* pidfdspawn: glibc 2.39's pidfd_spawn and pidfd_spawnp for every libc.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Two ways to reach this header (see pidfdspawn(7)):

   - direct mode, pkg-config pidfdspawn: #include <pidfdspawn/spawn.h>.
   - overlay mode, pkg-config pidfdspawn-overlay, which puts
     -isystem ${includedir}/pidfdspawn on the include path: code written
     for glibc 2.39 writes #include <spawn.h> and reaches this file.

   Either way the libc's <spawn.h> comes first.  The mode is not a macro:
   this header includes <spawn.h> plainly, and if that finds this very
   file again (the overlay directory precedes the libc's on the include
   path), the second entry passes the search on with #include_next.

   The prototypes are glibc 2.39's, to the qualifier, so this header can
   sit beside a libc <spawn.h> that declares the same functions itself.  */

#if defined __PIDFDSPAWN_IN_SPAWN_H
/* Second entry, through the plain #include below: continue the search
   after this directory.  The pragma keeps -pedantic quiet about
   #include_next in this branch only.  */
# if defined __GNUC__
#  pragma GCC system_header
# endif
# include_next <spawn.h>

#elif !defined PIDFDSPAWN_SPAWN_H
#define PIDFDSPAWN_SPAWN_H 1

#define __PIDFDSPAWN_IN_SPAWN_H 1
#include <spawn.h>
#undef __PIDFDSPAWN_IN_SPAWN_H
#include <sys/types.h>

#if defined __GNUC__ || defined __clang__
# define __PIDFDSPAWN_NONNULL(params) __attribute__ ((__nonnull__ params))
#else
# define __PIDFDSPAWN_NONNULL(params)
#endif

#ifdef __cplusplus
# define __PIDFDSPAWN_RESTRICT_ARR
extern "C" {
#elif defined __STDC_VERSION__ && __STDC_VERSION__ >= 199901L
# define __PIDFDSPAWN_RESTRICT_ARR restrict
#else
# define __PIDFDSPAWN_RESTRICT_ARR
#endif

#ifndef POSIX_SPAWN_SETSID
# define POSIX_SPAWN_SETSID 0x80
#endif

/* Spawn PATH like posix_spawn and store a close-on-exec pidfd of the child
   in *PIDFD.  Returns 0 or an error number; errno is not the result.  */
extern int pidfd_spawn (int *__restrict __pidfd,
                        const char *__restrict __path,
                        const posix_spawn_file_actions_t *__restrict __facts,
                        const posix_spawnattr_t *__restrict __attrp,
                        char *const __argv[__PIDFDSPAWN_RESTRICT_ARR],
                        char *const __envp[__PIDFDSPAWN_RESTRICT_ARR])
  __PIDFDSPAWN_NONNULL ((2, 5));

/* As pidfd_spawn, searching FILE in the caller's PATH like posix_spawnp.  */
extern int pidfd_spawnp (int *__restrict __pidfd,
                         const char *__restrict __file,
                         const posix_spawn_file_actions_t *__restrict __facts,
                         const posix_spawnattr_t *__restrict __attrp,
                         char *const __argv[__PIDFDSPAWN_RESTRICT_ARR],
                         char *const __envp[__PIDFDSPAWN_RESTRICT_ARR])
  __PIDFDSPAWN_NONNULL ((1, 2, 5));

/* The cgroup attribute (glibc 2.39).  */

#ifndef POSIX_SPAWN_SETCGROUP
# define POSIX_SPAWN_SETCGROUP 0x100
#endif

#ifndef __PIDFDSPAWN_NOTHROW
# ifdef __cplusplus
#  if __cplusplus >= 201103L
#   define __PIDFDSPAWN_NOTHROW noexcept (true)
#  else
#   define __PIDFDSPAWN_NOTHROW throw ()
#  endif
# elif defined __GNUC__ || defined __clang__
#  define __PIDFDSPAWN_NOTHROW __attribute__ ((__nothrow__))
# else
#  define __PIDFDSPAWN_NOTHROW
# endif
#endif

/* The cgroup v2 directory fd that POSIX_SPAWN_SETCGROUP starts the child
   in; 0 after posix_spawnattr_init.  */
extern int posix_spawnattr_getcgroup_np (const posix_spawnattr_t *
                                         __restrict __attr,
                                         int *__restrict __cgroup)
  __PIDFDSPAWN_NOTHROW __PIDFDSPAWN_NONNULL ((1, 2));

/* Stores CGROUP in *ATTR; no check until a spawn uses it.  */
extern int posix_spawnattr_setcgroup_np (posix_spawnattr_t *__attr,
                                         int __cgroup)
  __PIDFDSPAWN_NOTHROW __PIDFDSPAWN_NONNULL ((1));

#ifdef __cplusplus
}
#endif

#endif /* PIDFDSPAWN_SPAWN_H */
