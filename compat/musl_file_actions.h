/* musl's private layout of posix_spawn_file_actions_t's action list.
   SPDX-License-Identifier: LGPL-2.1-or-later

   musl has no getters for file actions either.  Its public type is
   {int __pad0[2]; void *__actions; int __pad[16];}; __actions points at a
   doubly linked list of nodes that every add* function allocates and pushes
   at the head, so the head is the action added LAST and the list runs
   newest first.  The node layout and the command numbers have been the same
   since musl 1.1 (chdir and fchdir were added in 1.1.24 as commands 4 and
   5).  An action's path is stored inside its node.  */
#ifndef PIDFDSPAWN_COMPAT_MUSL_FILE_ACTIONS_H
#define PIDFDSPAWN_COMPAT_MUSL_FILE_ACTIONS_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

enum pidfdspawn_musl_fdop_command
{
  PIDFDSPAWN_MUSL_FDOP_CLOSE = 1,
  PIDFDSPAWN_MUSL_FDOP_DUP2 = 2,
  PIDFDSPAWN_MUSL_FDOP_OPEN = 3,
  PIDFDSPAWN_MUSL_FDOP_CHDIR = 4,
  PIDFDSPAWN_MUSL_FDOP_FCHDIR = 5
};

/* One action.  fd is the target (close, dup2, open, fchdir); srcfd the
   source of a dup2.  */
struct pidfdspawn_musl_fdop
{
  struct pidfdspawn_musl_fdop *next; /* towards older actions */
  struct pidfdspawn_musl_fdop *prev; /* towards newer actions */
  int cmd;
  int fd;
  int srcfd;
  int oflag;
  mode_t mode;
  char path[];
};

/* The public object, as musl declares it.  */
struct pidfdspawn_musl_file_actions_head
{
  int pad0[2];
  struct pidfdspawn_musl_fdop *actions;
  int pad[16];
};

#ifdef __cplusplus
static_assert (offsetof (posix_spawn_file_actions_t, __actions)
               == offsetof (pidfdspawn_musl_file_actions_head, actions),
               "musl file-actions layout changed");
static_assert (sizeof (posix_spawn_file_actions_t)
               == sizeof (pidfdspawn_musl_file_actions_head),
               "musl file-actions layout changed");
static_assert (sizeof (static_cast<posix_spawn_file_actions_t *> (nullptr)->__pad0)
               == sizeof (int[2]), "musl file-actions layout changed");
#endif

#endif
