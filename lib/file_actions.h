/* File actions in a libc-neutral form, decoded in the parent before the
   clone so the child only walks a plain array.  C-compatible: the unit
   tests include it.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_LIB_FILE_ACTIONS_H
#define PIDFDSPAWN_LIB_FILE_ACTIONS_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

#include "common.h"

enum pidfdspawn_file_action_kind
{
  PIDFDSPAWN_FA_CLOSE,
  PIDFDSPAWN_FA_DUP2,
  PIDFDSPAWN_FA_OPEN,
  PIDFDSPAWN_FA_CHDIR,
  PIDFDSPAWN_FA_FCHDIR,
  PIDFDSPAWN_FA_CLOSEFROM,
  PIDFDSPAWN_FA_TCSETPGRP
};

struct pidfdspawn_file_action
{
  int kind;         /* enum pidfdspawn_file_action_kind */
  int fd;           /* close, dup2 (source), open (target), fchdir,
                       closefrom (lowest), tcsetpgrp (terminal) */
  int newfd;        /* dup2 */
  int oflag;        /* open */
  mode_t mode;      /* open */
  const char *path; /* open, chdir */
};

#ifdef __cplusplus
extern "C" {
#endif
/* Decodes FA into OUT (CAPACITY entries) and stores the number of actions
   in *COUNT.  Returns 0, EINVAL (invalid object or unknown action) or
   ENOSPC (more than CAPACITY actions).  */
int pidfdspawn_decode_file_actions (const posix_spawn_file_actions_t *fa,
                                    struct pidfdspawn_file_action *out,
                                    size_t capacity, size_t *count)
  PIDFDSPAWN_HIDDEN;
#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
namespace pidfdspawn {

using FileAction = pidfdspawn_file_action;

// Stores in COUNT how many actions FA holds (0 for NULL): 0, or EINVAL
// when the object is not a valid one.
int count_file_actions (const posix_spawn_file_actions_t *fa, size_t &count);

// Decodes FA's actions, in execution order, into OUT (room for the count
// above).  EINVAL for an action this library does not know: never skipped.
int decode_file_actions (const posix_spawn_file_actions_t *fa,
                         FileAction *out, size_t count);

} // namespace pidfdspawn
#endif

#endif
