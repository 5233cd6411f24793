/* pidfdspawn: glibc 2.39's pidfd_spawn and pidfd_spawnp for every libc.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Include as <pidfdspawn/spawn.h>.  The prototypes are glibc 2.39's, to the
   qualifier, so this header can sit beside a libc <spawn.h> that declares
   the same functions itself.  */
#ifndef PIDFDSPAWN_SPAWN_H
#define PIDFDSPAWN_SPAWN_H 1

#include <spawn.h>
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

/* ---- The cgroup attribute (glibc 2.39), issue 3.  */

#ifndef POSIX_SPAWN_SETCGROUP
# define POSIX_SPAWN_SETCGROUP 0x100
#endif

#ifndef __PIDFDSPAWN_THROW
# ifdef __cplusplus
#  if __cplusplus >= 201103L
#   define __PIDFDSPAWN_THROW noexcept (true)
#  else
#   define __PIDFDSPAWN_THROW throw ()
#  endif
# elif defined __GNUC__ || defined __clang__
#  define __PIDFDSPAWN_THROW __attribute__ ((__nothrow__))
# else
#  define __PIDFDSPAWN_THROW
# endif
#endif

/* The cgroup v2 directory fd that POSIX_SPAWN_SETCGROUP starts the child
   in; 0 after posix_spawnattr_init.  */
extern int posix_spawnattr_getcgroup_np (const posix_spawnattr_t *
                                         __restrict __attr,
                                         int *__restrict __cgroup)
  __PIDFDSPAWN_THROW __PIDFDSPAWN_NONNULL ((1, 2));

/* Stores CGROUP in *ATTR; no check until a spawn uses it.  */
extern int posix_spawnattr_setcgroup_np (posix_spawnattr_t *__attr,
                                         int __cgroup)
  __PIDFDSPAWN_THROW __PIDFDSPAWN_NONNULL ((1));

#ifdef __cplusplus
}
#endif

#endif /* PIDFDSPAWN_SPAWN_H */
