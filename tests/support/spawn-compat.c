/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include "spawn-compat.h"

#include <errno.h>
#include <sys/types.h>

#if (!defined HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP \
     || !defined HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDTCSETPGRP_NP) \
    && defined __GLIBC__
/* glibc's private element of the __actions array, described here from its
   documented shape and independently of the library's compat header: an
   int-sized enum tag, then a union whose largest member is the open
   action.  Tags 5 (closefrom) and 6 (tcsetpgrp) keep their one int where
   close keeps its fd.  */
struct glibc_action
{
  int tag;
  union
  {
    struct { int fd; } one_fd;
    struct { int fd; char *path; int oflag; mode_t mode; } open_action;
  } action;
};

enum { GLIBC_DO_CLOSEFROM = 5, GLIBC_DO_TCSETPGRP = 6 };

/* Appends an entry with glibc's own add function (addclose of fd 0, always
   valid), then rewrites its tag and fd.  */
static int
add_by_hand (posix_spawn_file_actions_t *fa, int tag, int fd)
{
  if (fd < 0)
    return EBADF;
  int rc = posix_spawn_file_actions_addclose (fa, 0);
  if (rc != 0)
    return rc;
  struct glibc_action *last
    = (struct glibc_action *) fa->__actions + (fa->__used - 1);
  last->tag = tag;
  last->action.one_fd.fd = fd;
  return 0;
}
#endif

#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
const int test_fa_native_closefrom = 1;
int
test_fa_addclosefrom (posix_spawn_file_actions_t *fa, int from)
{
  return posix_spawn_file_actions_addclosefrom_np (fa, from);
}
#else
const int test_fa_native_closefrom = 0;
int
test_fa_addclosefrom (posix_spawn_file_actions_t *fa, int from)
{
# ifdef __GLIBC__
  return add_by_hand (fa, GLIBC_DO_CLOSEFROM, from);
# else
  (void) fa, (void) from;
  return ENOSYS;
# endif
}
#endif

#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDTCSETPGRP_NP
const int test_fa_native_tcsetpgrp = 1;
int
test_fa_addtcsetpgrp (posix_spawn_file_actions_t *fa, int fd)
{
  return posix_spawn_file_actions_addtcsetpgrp_np (fa, fd);
}
#else
const int test_fa_native_tcsetpgrp = 0;
int
test_fa_addtcsetpgrp (posix_spawn_file_actions_t *fa, int fd)
{
# ifdef __GLIBC__
  return add_by_hand (fa, GLIBC_DO_TCSETPGRP, fd);
# else
  (void) fa, (void) fd;
  return ENOSYS;
# endif
}
#endif
