// Decoder for musl's posix_spawn_file_actions_t (compat/musl_file_actions.h).
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// musl pushes every new action at the head of a doubly linked list, so the
// list runs newest first; the child must run them oldest first (the last
// dup2 onto an fd wins), so the decoder fills the output from its end.
#include "file_actions.h"

#include <errno.h>

#include "common.h"
#include "compat/musl_file_actions.h"

namespace pidfdspawn {

namespace {

using MuslFdop = pidfdspawn_musl_fdop;

const MuslFdop *
newest_action_of (const posix_spawn_file_actions_t *fa)
{
  return reinterpret_cast<const pidfdspawn_musl_file_actions_head *> (fa)
    ->actions;
}

} // namespace

int
count_file_actions (const posix_spawn_file_actions_t *fa, size_t &count)
{
  count = 0;
  if (fa == nullptr)
    return 0;
  // musl links both ways: the head has no newer action, and each node is
  // the newer neighbour of the next.  Checking that on every step also ends
  // the walk on a list that loops back on itself (a node entered a second
  // time would need two different newer neighbours).
  const MuslFdop *op = newest_action_of (fa);
  if (op != nullptr && op->prev != nullptr)
    return EINVAL;
  size_t n = 0;
  for (; op != nullptr; op = op->next)
    {
      if (op->next != nullptr && op->next->prev != op)
        return EINVAL;
      ++n;
    }
  count = n;
  return 0;
}

int
decode_file_actions (const posix_spawn_file_actions_t *fa, FileAction *out,
                     size_t count)
{
  if (count == 0)
    return 0;
  size_t slot = count;
  for (const MuslFdop *op = newest_action_of (fa); op != nullptr && slot > 0;
       op = op->next)
    {
      FileAction a{};
      switch (op->cmd)
        {
        case PIDFDSPAWN_MUSL_FDOP_CLOSE:
          a.kind = PIDFDSPAWN_FA_CLOSE;
          a.fd = op->fd;
          break;
        case PIDFDSPAWN_MUSL_FDOP_DUP2:
          a.kind = PIDFDSPAWN_FA_DUP2;
          a.fd = op->srcfd;
          a.newfd = op->fd;
          break;
        case PIDFDSPAWN_MUSL_FDOP_OPEN:
          a.kind = PIDFDSPAWN_FA_OPEN;
          a.fd = op->fd;
          a.path = op->path;
          a.oflag = op->oflag;
          a.mode = op->mode;
          break;
        case PIDFDSPAWN_MUSL_FDOP_CHDIR:
          a.kind = PIDFDSPAWN_FA_CHDIR;
          a.path = op->path;
          break;
        case PIDFDSPAWN_MUSL_FDOP_FCHDIR:
          a.kind = PIDFDSPAWN_FA_FCHDIR;
          a.fd = op->fd;
          break;
        default:
          return EINVAL;
        }
      out[--slot] = a;
    }
  // The list must still hold exactly the counted actions.
  return slot == 0 ? 0 : EINVAL;
}

} // namespace pidfdspawn
