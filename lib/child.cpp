// The child between the clone and execve.
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// It runs on the parent's memory, on a stack the parent mapped, with every
// signal blocked.  Only raw system calls: no libc function that could take
// a lock, allocate, or write the parent thread's errno.  Every failure is an
// error number stored in the SpawnRequest, then exit status 127.
#include "child.h"

#include <limits.h>
#include <sched.h>

#include "closefrom_fallback.h"
#include "common.h"
#include "spawn_request.h"
#include "syscall.h"

namespace pidfdspawn {

namespace {

// The libc's own signals, which its posix_spawn child never blocks even
// when POSIX_SPAWN_SETSIGMASK names them.  glibc: SIGCANCEL and SIGSETXID,
// which its sigprocmask drops from every set.  musl: none; its sigaddset
// and sigfillset cannot name 32..34, and its child hands the attribute's
// mask to the kernel as it is.
#ifdef PIDFDSPAWN_LIBC_GLIBC
constexpr uint64_t libc_internal_signals
  = (uint64_t{1} << (32 - 1)) | (uint64_t{1} << (33 - 1));
#else
constexpr uint64_t libc_internal_signals = 0;
#endif

bool
has_signal (uint64_t mask, int sig)
{
  return (mask >> (sig - 1)) & 1;
}

// POSIX_SPAWN_SETCGROUP where the kernel could not place the child
// (CLONE_INTO_CGROUP is clone3's, from Linux 5.7): the child moves itself,
// first thing, so the program never runs outside the cgroup.  Writing "0"
// to cgroup.procs moves the writer's whole thread group, which here is
// this child alone.  The answers match what clone3 would have said:
//   - fd not open: EBADF from fstatfs;
//   - not a cgroup v2 directory (any other file system, a cgroup v1
//     hierarchy, whose cgroup.procs would accept the write, or a file
//     inside cgroup2): EBADF, as CLONE_INTO_CGROUP answers;
//   - a removed cgroup: ENOENT; "domain invalid" (a sibling of a threaded
//     cgroup): EOPNOTSUPP; controllers enabled below it: EBUSY; no write
//     permission: EACCES; each the kernel's own answer to the write, the
//     same as clone3's.
int
join_cgroup (int cgroup)
{
  sys::KernelStatfs fs;
  if (int error = sys::error_of (sys::fstatfs (cgroup, &fs)))
    return error;
  if (static_cast<unsigned long> (fs.f_type) != PIDFDSPAWN_CGROUP2_SUPER_MAGIC)
    return EBADF;
  long fd = sys::openat (cgroup, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    {
      const int error = sys::error_of (fd);
      return error == ENOTDIR ? EBADF : error;
    }
  const int error = sys::error_of (sys::write (static_cast<int> (fd), "0", 1));
  sys::close (static_cast<int> (fd));
  return error;
}

// No handler of the parent's may run here or survive into the program:
// caught signals go back to SIG_DFL, ignored ones stay ignored.
void
reset_signal_dispositions (const SpawnRequest &req)
{
  const Attributes &attrs = req.attrs;
  const uint64_t sigdefault
    = (attrs.flags & POSIX_SPAWN_SETSIGDEF) ? attrs.sigdefault : 0;
  sys::KernelSigaction dfl = {};
  dfl.handler = reinterpret_cast<unsigned long> (SIG_DFL);

  if (req.handlers_cleared)
    {
      for (int sig = 1; sig <= sys::kernel_nsig; ++sig)
        if (has_signal (sigdefault, sig))
          sys::sigaction (sig, &dfl, nullptr);
      return;
    }
  for (int sig = 1; sig <= sys::kernel_nsig; ++sig)
    {
      if (sig == SIGKILL || sig == SIGSTOP)
        continue;
      if (!has_signal (sigdefault, sig))
        {
          sys::KernelSigaction current;
          if (sys::sigaction (sig, nullptr, &current) != 0)
            continue;
          if (current.handler == reinterpret_cast<unsigned long> (SIG_DFL)
              || current.handler == reinterpret_cast<unsigned long> (SIG_IGN))
            continue;
        }
      sys::sigaction (sig, &dfl, nullptr);
    }
}

int
apply_attributes (const Attributes &attrs)
{
  // Each step only after the previous one succeeded; the first failure is
  // the answer.
  long r = 0;
  const unsigned sched_flags
    = attrs.flags & (POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER);
  if (sched_flags == POSIX_SPAWN_SETSCHEDPARAM)
    r = sys::sched_setparam (&attrs.sched_param);
  else if (sched_flags & POSIX_SPAWN_SETSCHEDULER)
    r = sys::sched_setscheduler (attrs.sched_policy, &attrs.sched_param);
  if (r >= 0 && (attrs.flags & POSIX_SPAWN_SETSID))
    r = sys::setsid ();
  if (r >= 0 && (attrs.flags & POSIX_SPAWN_SETPGROUP))
    r = sys::setpgid (0, attrs.pgroup);
  if (r >= 0 && (attrs.flags & POSIX_SPAWN_RESETIDS))
    {
      // Effective ids back to the real ones; raw calls touch this process
      // only (libc's seteuid would signal the parent's other threads).
      r = sys::set_effective_uid (static_cast<uid_t> (sys::getuid ()));
      if (r >= 0)
        r = sys::set_effective_gid (static_cast<gid_t> (sys::getgid ()));
    }
  return sys::error_of (r);
}

// The channel's fd is the library's, not the caller's: a file action that
// names its number must act as if it were not open (close succeeds, dup2
// from it fails EBADF) and must not cut the channel.  So it moves out of
// the way first (each later action checks again).  Returns 0 or an error
// number (EMFILE: no free number).
int
move_channel_away_from (SpawnRequest &req, const FileAction &a)
{
  if (req.channel_fd < 0)
    return 0;
  // closefrom's fd is a bound, not a descriptor: close_from spares the
  // channel.  chdir names none.
  const bool names_it
    = a.kind != PIDFDSPAWN_FA_CLOSEFROM && a.kind != PIDFDSPAWN_FA_CHDIR
      && (a.fd == req.channel_fd
          || (a.kind == PIDFDSPAWN_FA_DUP2 && a.newfd == req.channel_fd));
  if (!names_it)
    return 0;
  int moved;
  if (int error = dup_out_of_the_way (req.channel_fd, moved))
    return error;
  sys::close (req.channel_fd);
  req.channel_fd = moved;
  return 0;
}

// closefrom that spares the channel (KEEP, or -1): it closes on exec.
int
close_from (int lowest, int keep)
{
  if (keep < lowest)
    {
      if (sys::close_range (static_cast<unsigned> (lowest), ~0u, 0) == 0)
        return 0;
      return closefrom_by_scanning (lowest, -1);
    }
  if ((keep == lowest
       || sys::close_range (static_cast<unsigned> (lowest),
                            static_cast<unsigned> (keep - 1), 0) == 0)
      && sys::close_range (static_cast<unsigned> (keep) + 1, ~0u, 0) == 0)
    return 0;
  return closefrom_by_scanning (lowest, keep);
}

int
apply_file_action (const FileAction &a, const Attributes &attrs, int channel_fd)
{
  // Over the enumeration, so that -Wswitch names a kind left out here.
  switch (static_cast<pidfdspawn_file_action_kind> (a.kind))
    {
    case PIDFDSPAWN_FA_CLOSE:
      // Closing an fd that is not open is fine; only an fd outside the
      // table's range is an error (glibc's rule).
      if (int error = sys::error_of (sys::close (a.fd)))
        {
          sys::KernelRlimit limit = {};
          sys::nofile_soft_limit (&limit);
          if (a.fd < 0 || static_cast<uint64_t> (a.fd) >= limit.cur)
            return error;
        }
      return 0;
    case PIDFDSPAWN_FA_OPEN:
      {
        // POSIX: an open target is closed first, which also frees a slot
        // for a parent at its fd limit.
        sys::close (a.fd);
        long fd = sys::open (a.path, a.oflag | O_LARGEFILE, a.mode);
        if (fd < 0)
          return sys::error_of (fd);
        if (fd == a.fd)
          return 0;
        long r = sys::dup3 (static_cast<int> (fd), a.fd, 0);
        if (r >= 0)
          r = sys::close (static_cast<int> (fd));
        return sys::error_of (r);
      }
    case PIDFDSPAWN_FA_DUP2:
      if (a.fd == a.newfd)
        {
          // Austin Group issue 411: dup2 onto itself clears FD_CLOEXEC.
          long flags = sys::fcntl (a.fd, F_GETFD);
          if (flags < 0)
            return sys::error_of (flags);
          return sys::error_of (
            sys::fcntl (a.fd, F_SETFD, flags & ~FD_CLOEXEC));
        }
      return sys::error_of (sys::dup3 (a.fd, a.newfd, 0));
    case PIDFDSPAWN_FA_CHDIR:
      return sys::error_of (sys::chdir (a.path));
    case PIDFDSPAWN_FA_FCHDIR:
      return sys::error_of (sys::fchdir (a.fd));
    case PIDFDSPAWN_FA_CLOSEFROM:
      return close_from (a.fd, channel_fd);
    case PIDFDSPAWN_FA_TCSETPGRP:
      {
        pid_t pgrp = (attrs.flags & POSIX_SPAWN_SETPGROUP) && attrs.pgroup != 0
                       ? attrs.pgroup
                       : static_cast<pid_t> (sys::getpgid (0));
        return sys::error_of (sys::tcsetpgrp (a.fd, pgrp));
      }
    }
  // The decoders produce no other kind.
  return EINVAL;
}

size_t
bounded_length (const char *s, size_t max)
{
  size_t n = 0;
  while (n < max && s[n] != '\0')
    ++n;
  return n;
}

bool
contains_slash (const char *s)
{
  for (; *s != '\0'; ++s)
    if (*s == '/')
      return true;
  return false;
}

// posix_spawnp's search, as glibc's execvpe without the shell retry: PATH
// entries in order, an empty entry is the current directory, EACCES is
// remembered while the search goes on, other errors end it.
int
exec_searching (const SpawnRequest &req)
{
  const char *file = req.file;
  if (file[0] == '\0')
    return ENOENT;
  if (contains_slash (file))
    return sys::error_of (sys::execve (file, req.argv, req.envp));

  const size_t file_len = bounded_length (file, NAME_MAX + 1) + 1;
  if (file_len - 1 > NAME_MAX)
    return ENAMETOOLONG;
  const char *dirs = req.search_dirs;
  const size_t path_len = bounded_length (dirs, PATH_MAX - 1) + 1;
  if (path_len + file_len + 1 > req.path_buffer_size)
    return ENAMETOOLONG;

  char *buffer = req.path_buffer;
  bool got_eacces = false;
  int last_error = ENOENT;
  for (const char *p = dirs;;)
    {
      const char *end = p;
      while (*end != '\0' && *end != ':')
        ++end;
      const size_t dir_len = static_cast<size_t> (end - p);
      if (dir_len < path_len)
        {
          size_t n = 0;
          for (; n < dir_len; ++n)
            buffer[n] = p[n];
          if (dir_len > 0)
            buffer[n++] = '/';
          for (size_t i = 0; i < file_len; ++i)
            buffer[n + i] = file[i];

          int error = sys::error_of (sys::execve (buffer, req.argv, req.envp));
          last_error = error;
          switch (error)
            {
            case EACCES:
              got_eacces = true;
              break;
            case ENOENT:
            case ESTALE:
            case ENOTDIR:
            case ENODEV:
            case ETIMEDOUT:
              break;
            default:
              return error;
            }
        }
      if (*end == '\0')
        break;
      p = end + 1;
    }
  return got_eacces ? EACCES : last_error;
}

int
run_child (SpawnRequest &req)
{
  // The parent's end stays the parent's: the channel's reader must see
  // end-of-file once this child has exec'd or exited, and the fork rung's
  // child must see it if the parent dies.
  if (req.parent_channel_fd >= 0)
    sys::close (req.parent_channel_fd);
  int error = rules_of (req.rung).prepare (req);
  if (error != 0)
    {
      req.setup_refused = is_refusal (rules_of (req.rung), error);
      return error;
    }

  // Before anything else, as CLONE_INTO_CGROUP would have it; after
  // prepare_rung, so that on the pidfd_open rung the fd table is
  // already this child's own.
  if ((req.attrs.flags & POSIX_SPAWN_SETCGROUP) && !req.cgroup_by_kernel
      && (error = join_cgroup (req.attrs.cgroup)) != 0)
    return error;

  reset_signal_dispositions (req);

  if ((error = apply_attributes (req.attrs)) != 0)
    return error;
  for (size_t i = 0; i < req.action_count; ++i)
    if ((error = move_channel_away_from (req, req.actions[i])) != 0
        || (error = apply_file_action (req.actions[i], req.attrs,
                                       req.channel_fd)) != 0)
      return error;

  const uint64_t mask = (req.attrs.flags & POSIX_SPAWN_SETSIGMASK)
                          ? req.attrs.sigmask & ~libc_internal_signals
                          : req.caller_mask;
  sys::sigprocmask (SIG_SETMASK, &mask, nullptr);

  if (req.search_path)
    return exec_searching (req);
  return sys::error_of (sys::execve (req.file, req.argv, req.envp));
}

// The vfork-style rungs: kernels before 5.2 ignore CLONE_PIDFD in clone(),
// a child and no pidfd.  The kernel writes the pidfd before the child runs,
// so its absence is visible here; never exec a program nobody can wait for.
// Without shared memory the pidfd went to the parent's memory only, and the
// parent checks it there.
int
check_pidfd_arrived (const SpawnRequest &req)
{
  return req.want_pidfd && req.memory_shared && req.pidfd < 0 ? ENOSYS : 0;
}

} // namespace

int
dup_out_of_the_way (int fd, int &copy)
{
  long lowest = 0;
  sys::KernelRlimit limit = {};
  if (sys::nofile_soft_limit (&limit) == 0 && limit.cur > 128)
    lowest = static_cast<long> (
      (limit.cur < INT_MAX ? limit.cur : INT_MAX) - 64);
  long r = sys::fcntl (fd, F_DUPFD_CLOEXEC, lowest);
  if (r < 0 && lowest > 0)
    r = sys::fcntl (fd, F_DUPFD_CLOEXEC, 0);
  if (r < 0)
    return sys::error_of (r);
  copy = static_cast<int> (r);
  return 0;
}

int
prepare_clone3 (SpawnRequest &req)
{
  return check_pidfd_arrived (req);
}

int
prepare_clone (SpawnRequest &req)
{
  return check_pidfd_arrived (req);
}

// The fd table is still shared (CLONE_FILES): the pidfd opened on ourselves
// lands in the parent's table and names this very child, which cannot have
// been reaped.  Then a private copy of the table, so that the file actions
// cannot touch the parent's.
int
prepare_pidfd_open (SpawnRequest &req)
{
  if (!req.want_pidfd)
    return 0;
  long fd = sys::pidfd_open (static_cast<pid_t> (sys::getpid ()), 0);
  if (fd < 0)
    return sys::error_of (fd);
  req.pidfd = static_cast<int> (fd);
  if (int error = sys::error_of (sys::unshare (CLONE_FILES)))
    return error;
  // Our copy of the pidfd must not be visible to the file actions (a dup2
  // from that number must fail as it would in the caller).
  sys::close (static_cast<int> (fd));
  return 0;
}

// Held until the parent has our pidfd and says go.  End-of-file: the
// parent died or gave up (its pidfd_open failed); the program must not
// run, and nobody is listening for an error.
int
prepare_fork (SpawnRequest &req)
{
  char go;
  long n;
  do
    n = sys::read (req.channel_fd, &go, 1);
  while (n == -EINTR);
  if (n != 1)
    sys::exit_group (spawn_error_status);
  return 0;
}

} // namespace pidfdspawn

int
pidfdspawn_child_main (void *arg)
{
  auto &req = *static_cast<pidfdspawn::SpawnRequest *> (arg);
  int error = pidfdspawn::run_child (req);
  // errno 0 would read as success in the parent; glibc uses ECHILD too.
  req.error = error != 0 ? error : ECHILD;
  if (req.channel_fd >= 0)
    pidfdspawn::sys::send_nosignal (req.channel_fd, &req.error,
                                    sizeof req.error);
  pidfdspawn::sys::exit_group (spawn_error_status);
}
