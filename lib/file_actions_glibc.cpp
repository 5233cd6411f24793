// Decoder for glibc's posix_spawn_file_actions_t (compat/glibc_file_actions.h).
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "file_actions.h"

#include <errno.h>

#include "common.h"
#include "compat/glibc_file_actions.h"

namespace pidfdspawn {

namespace {

const pidfdspawn_glibc_file_actions_head &
head_of (const posix_spawn_file_actions_t *fa)
{
  return *reinterpret_cast<const pidfdspawn_glibc_file_actions_head *> (fa);
}

} // namespace

int
count_file_actions (const posix_spawn_file_actions_t *fa, size_t &count)
{
  count = 0;
  if (fa == nullptr)
    return 0;
  const auto &head = head_of (fa);
  if (head.used < 0 || head.used > head.allocated
      || (head.used > 0 && head.actions == nullptr))
    return EINVAL;
  count = static_cast<size_t> (head.used);
  return 0;
}

int
decode_file_actions (const posix_spawn_file_actions_t *fa, FileAction *out,
                     size_t count)
{
  if (count == 0)
    return 0;
  const auto *actions = head_of (fa).actions;
  for (size_t i = 0; i < count; ++i)
    {
      const auto &in = actions[i];
      FileAction a{};
      switch (in.tag)
        {
        case PIDFDSPAWN_GLIBC_DO_CLOSE:
          a.kind = PIDFDSPAWN_FA_CLOSE;
          a.fd = in.action.close_action.fd;
          break;
        case PIDFDSPAWN_GLIBC_DO_DUP2:
          a.kind = PIDFDSPAWN_FA_DUP2;
          a.fd = in.action.dup2_action.fd;
          a.newfd = in.action.dup2_action.newfd;
          break;
        case PIDFDSPAWN_GLIBC_DO_OPEN:
          a.kind = PIDFDSPAWN_FA_OPEN;
          a.fd = in.action.open_action.fd;
          a.path = in.action.open_action.path;
          a.oflag = in.action.open_action.oflag;
          a.mode = in.action.open_action.mode;
          break;
        case PIDFDSPAWN_GLIBC_DO_CHDIR:
          a.kind = PIDFDSPAWN_FA_CHDIR;
          a.path = in.action.chdir_action.path;
          break;
        case PIDFDSPAWN_GLIBC_DO_FCHDIR:
          a.kind = PIDFDSPAWN_FA_FCHDIR;
          a.fd = in.action.fchdir_action.fd;
          break;
        case PIDFDSPAWN_GLIBC_DO_CLOSEFROM:
          a.kind = PIDFDSPAWN_FA_CLOSEFROM;
          a.fd = in.action.closefrom_action.from;
          break;
        case PIDFDSPAWN_GLIBC_DO_TCSETPGRP:
          a.kind = PIDFDSPAWN_FA_TCSETPGRP;
          a.fd = in.action.setpgrp_action.fd;
          break;
        default:
          return EINVAL;
        }
      out[i] = a;
    }
  return 0;
}

} // namespace pidfdspawn
