/* glibc's private layout of posix_spawn_file_actions_t's action array.
   SPDX-License-Identifier: LGPL-2.1-or-later

   glibc has no getters for file actions, so the library reads the array the
   add* functions build.  The layout has been the same on every glibc 2.x;
   tags were only ever appended (closefrom in 2.34, tcsetpgrp in 2.35).  */
#ifndef PIDFDSPAWN_COMPAT_GLIBC_FILE_ACTIONS_H
#define PIDFDSPAWN_COMPAT_GLIBC_FILE_ACTIONS_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

enum pidfdspawn_glibc_action_tag
{
  PIDFDSPAWN_GLIBC_DO_CLOSE = 0,
  PIDFDSPAWN_GLIBC_DO_DUP2 = 1,
  PIDFDSPAWN_GLIBC_DO_OPEN = 2,
  PIDFDSPAWN_GLIBC_DO_CHDIR = 3,
  PIDFDSPAWN_GLIBC_DO_FCHDIR = 4,
  PIDFDSPAWN_GLIBC_DO_CLOSEFROM = 5,
  PIDFDSPAWN_GLIBC_DO_TCSETPGRP = 6
};

struct pidfdspawn_glibc_spawn_action
{
  int tag; /* an enum in glibc: int-sized on every ABI */
  union
  {
    struct { int fd; } close_action;
    struct { int fd; int newfd; } dup2_action;
    struct { int fd; char *path; int oflag; mode_t mode; } open_action;
    struct { char *path; } chdir_action;
    struct { int fd; } fchdir_action;
    struct { int from; } closefrom_action;
    struct { int fd; } setpgrp_action;
  } action;
};

/* The public head of posix_spawn_file_actions_t.  */
struct pidfdspawn_glibc_file_actions_head
{
  int allocated;
  int used;
  struct pidfdspawn_glibc_spawn_action *actions;
};

#ifdef __cplusplus
static_assert (offsetof (posix_spawn_file_actions_t, __allocated)
               == offsetof (pidfdspawn_glibc_file_actions_head, allocated),
               "glibc file-actions layout changed");
static_assert (offsetof (posix_spawn_file_actions_t, __used)
               == offsetof (pidfdspawn_glibc_file_actions_head, used),
               "glibc file-actions layout changed");
static_assert (offsetof (posix_spawn_file_actions_t, __actions)
               == offsetof (pidfdspawn_glibc_file_actions_head, actions),
               "glibc file-actions layout changed");
static_assert (sizeof (posix_spawn_file_actions_t)
               >= sizeof (pidfdspawn_glibc_file_actions_head),
               "glibc file-actions layout changed");
#endif

#endif
