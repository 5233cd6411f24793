/* The libcs' private file-action layouts, described independently of the
   library's compat headers: the fuzz targets build objects with them and
   make-seeds.c reads real objects through them.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_FUZZ_LIBC_LAYOUTS_H
#define PIDFDSPAWN_TESTS_FUZZ_LIBC_LAYOUTS_H

#include <sys/types.h>

/* glibc: posix_spawn_file_actions_t is {int __allocated; int __used;
   struct __spawn_action *__actions; ...}; an element is an int-sized enum
   tag, then a union whose largest member is the open action.  */
struct glibc_action
{
  int tag;
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
enum
{
  GLIBC_CLOSE, GLIBC_DUP2, GLIBC_OPEN, GLIBC_CHDIR, GLIBC_FCHDIR,
  GLIBC_CLOSEFROM, GLIBC_TCSETPGRP, GLIBC_KNOWN_TAGS
};

/* musl: {int __pad0[2]; void *__actions; int __pad[16];}; __actions is the
   newest node of a doubly linked list; a path lives inside its node (open
   and chdir only: the other nodes end at mode).  */
struct musl_fdop
{
  struct musl_fdop *next, *prev;
  int cmd, fd, srcfd, oflag;
  mode_t mode;
  char path[];
};
struct musl_file_actions
{
  int pad0[2];
  struct musl_fdop *actions;
  int pad[16];
};
enum { MUSL_CLOSE = 1, MUSL_DUP2, MUSL_OPEN, MUSL_CHDIR, MUSL_FCHDIR };

#endif
