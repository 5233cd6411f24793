/* qemu-user-client: pidfd_spawn's own checks under an emulator
   (tests/tools/qemu-user.sh runs it under qemu-user).  Prints "ok - CHECK" or
   "not ok - CHECK" per check, "# ..." for details; exit status 1 if any
   check failed.
   SPDX-License-Identifier: LGPL-2.1-or-later

   qemu-user-client              run the checks
   qemu-user-client --fork-rung  print the fork rung's number (lib/ladder.h)
   qemu-user-client --child MODE what the checks spawn: writes "PID PPID\n"
                                 on stdout; MODE "hold" then waits for EOF
                                 on stdin, "exit" returns at once

   Every successful spawn must use the fork rung, reached by the ladder
   itself: PIDFDSPAWN_RUNG must not be set.  The spawned programs are not
   emulated (qemu-user hands execve to the kernel), so what a child reports
   is the kernel's truth; the parent's own view goes through qemu.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "ladder.h"
#include "spawn-compat.h"
#include "test-util.h"

/* A pidfd_spawn that fails must leave errno alone.  */
#define ERRNO_SENTINEL 4242
/* Children spawned with SIGCHLD ignored, and, between them, one missing
   program after every four.  */
#define SIGCHLD_IGNORED_SPAWNS 2000
#define SIGCHLD_IGNORED_MISSING (SIGCHLD_IGNORED_SPAWNS / 4)

static int failed;
static const char *self_path;
static char tmpdir[64];

static void
check (int ok, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  printf ("%s - ", ok ? "ok" : "not ok");
  vprintf (format, ap);
  putchar ('\n');
  fflush (stdout);
  va_end (ap);
  if (!ok)
    failed = 1;
}

static void
note (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  printf ("# ");
  vprintf (format, ap);
  putchar ('\n');
  fflush (stdout);
  va_end (ap);
}

static int
child_main (const char *mode)
{
  char line[64];
  int n = snprintf (line, sizeof line, "%d %d\n", (int) getpid (),
                    (int) getppid ());
  if (write (1, line, (size_t) n) != n)
    return 1;
  if (strcmp (mode, "hold") == 0)
    {
      char c;
      while (read (0, &c, 1) > 0)
        ;
    }
  return 0;
}

/* Reads "PID PPID" from FD; 0, or -1 when the child wrote nothing.  */
static int
read_child_line (int fd, pid_t *pid, pid_t *ppid)
{
  char line[64];
  size_t used = 0;
  for (;;)
    {
      ssize_t n = read (fd, line + used, sizeof line - 1 - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      used += (size_t) n;
      if (memchr (line, '\n', used) != NULL || used == sizeof line - 1)
        break;
    }
  line[used] = '\0';
  int a, b;
  if (sscanf (line, "%d %d", &a, &b) != 2)
    return -1;
  *pid = a;
  *ppid = b;
  return 0;
}

/* A spawned child of ours: the pidfd, the pipe it reports on and, for
   "hold" children, the write end of its stdin.  */
struct spawned
{
  int rc;
  int pidfd;
  int report;
  int hold;
};

/* Spawns self_path --child MODE (or PATH instead when not NULL) with
   stdout on a pipe and, for MODE "hold", stdin on another.  */
static struct spawned
spawn_child (const char *mode, const char *path)
{
  struct spawned s = { .pidfd = -1, .report = -1, .hold = -1 };
  int out[2], in[2] = { -1, -1 };
  if (pipe2 (out, O_CLOEXEC) != 0
      || (strcmp (mode, "hold") == 0 && pipe2 (in, O_CLOEXEC) != 0))
    {
      s.rc = errno;
      return s;
    }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, out[1], 1);
  if (in[0] >= 0)
    posix_spawn_file_actions_adddup2 (&fa, in[0], 0);
  char *argv[] = { (char *) self_path, (char *) "--child", (char *) mode,
                   NULL };
  errno = ERRNO_SENTINEL;
  s.rc = pidfd_spawn (&s.pidfd, path != NULL ? path : self_path, &fa, NULL,
                      argv, environ);
  if (s.rc != 0 && errno != ERRNO_SENTINEL)
    s.rc = -1;
  posix_spawn_file_actions_destroy (&fa);
  close (out[1]);
  if (in[0] >= 0)
    close (in[0]);
  s.report = out[0];
  s.hold = in[1];
  return s;
}

static void
spawned_close (struct spawned *s)
{
  if (s->report >= 0)
    close (s->report);
  if (s->hold >= 0)
    close (s->hold);
  if (s->pidfd >= 0)
    close (s->pidfd);
  s->report = s->hold = s->pidfd = -1;
}

/* Waits until the process behind PIDFD has ended (the pidfd polls
   readable), whether or not it can be reaped.  */
static int
await_exit (int pidfd)
{
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  int n;
  while ((n = poll (&p, 1, -1)) < 0 && errno == EINTR)
    ;
  return n == 1 && (p.revents & POLLIN) ? 0 : -1;
}

/* No child of ours in any state, zombies included.  Under qemu-user
   /proc/self/task also lists qemu's own thread, which has no children.
   A child the kernel reaps itself (SIGCHLD ignored) is past waitpid's
   reach, and its pidfd readable, a moment before it leaves the parent's
   children list: one waitpid cannot see still stays listed while the
   kernel finishes releasing it, for up to 10 s on a loaded machine.  */
static int
no_children (void)
{
  for (int tries = 0;; ++tries)
    {
      if (waitpid (-1, NULL, WNOHANG) != -1 || errno != ECHILD)
        return 0;
      int listed = count_children ();
      if (listed == 0)
        return 1;
      if (listed < 0 || tries == 10000)
        return 0;
      usleep (1000);
    }
}

static int
fd_is_cloexec (int fd)
{
  int flags = fcntl (fd, F_GETFD);
  return flags >= 0 && (flags & FD_CLOEXEC);
}

static void
check_spawn_and_pidfd (void)
{
  struct spawned s = spawn_child ("hold", NULL);
  check (s.rc == 0, "pidfd_spawn starts a program (result %d)", s.rc);
  if (s.rc != 0)
    {
      spawned_close (&s);
      return;
    }
  int rung = pidfdspawn_last_rung ();
  check (rung == PIDFDSPAWN_RUNG_fork, "the ladder arrives at the fork rung "
         "(rung %d, fork is %d)", rung, PIDFDSPAWN_RUNG_fork);
  check (fd_is_cloexec (s.pidfd), "the pidfd is close-on-exec");
  pid_t pid = -1, ppid = -1;
  int reported = read_child_line (s.report, &pid, &ppid);
  check (reported == 0, "the child reports its pid");
  pid_t named = pidfd_getpid (s.pidfd);
  check (reported == 0 && named == pid,
         "pidfd_getpid names the child (pidfd_getpid %d, the child %d)",
         (int) named, (int) pid);
  check (ppid == getpid (), "the child's parent is the caller (%d, caller "
         "%d)", (int) ppid, (int) getpid ());
  close (s.hold);
  s.hold = -1;
  siginfo_t info;
  int waited = wait_pidfd (s.pidfd, &info);
  check (waited == 0 && info.si_pid == pid && info.si_code == CLD_EXITED
         && info.si_status == 0,
         "waitid (P_PIDFD) reaps that child, exit 0 (pid %d, status %d)",
         (int) info.si_pid, info.si_status);
  errno = 0;
  named = pidfd_getpid (s.pidfd);
  check (named == -1 && errno == ESRCH,
         "pidfd_getpid of a reaped child: ESRCH (%d, %s)", (int) named,
         errno_name (errno));
  spawned_close (&s);

  /* PATH search, and an exit status through the pidfd.  */
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) "exit 3", NULL };
  int pidfd = -1;
  int rc = pidfd_spawnp (&pidfd, "sh", NULL, NULL, argv, environ);
  waited = rc == 0 ? wait_pidfd (pidfd, &info) : -1;
  check (rc == 0 && waited == 0 && info.si_code == CLD_EXITED
         && info.si_status == 3,
         "pidfd_spawnp finds sh on PATH; exit status 3 (result %d, status "
         "%d)", rc, rc == 0 ? info.si_status : -1);
  if (pidfd >= 0)
    close (pidfd);
}

/* pidfd_spawn of PATH must answer EXPECTED, leaving no fd, no child, the
   pidfd and errno untouched.  */
static void
check_exec_error (const char *what, const char *path, int expected)
{
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  char *argv[] = { (char *) path, NULL };
  int pidfd = -1;
  errno = ERRNO_SENTINEL;
  int rc = pidfd_spawn (&pidfd, path, NULL, NULL, argv, environ);
  int saved_errno = errno;
  fd_snapshot_take (&after);
  check (rc == expected, "%s: %s (got %s)", what, errno_name (expected),
         errno_name (rc));
  check (pidfd == -1 && saved_errno == ERRNO_SENTINEL,
         "%s: *pidfd and errno untouched", what);
  check (fd_snapshot_equal (&before, &after), "%s: no fd left", what);
  check (no_children (), "%s: no child left", what);
  if (rc == 0 && pidfd >= 0)
    {
      siginfo_t info;
      wait_pidfd (pidfd, &info);
      close (pidfd);
    }
}

static void
write_file (const char *path, const char *content, mode_t mode)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0 || write (fd, content, strlen (content)) < 0
      || fchmod (fd, mode) != 0)
    {
      perror (path);
      exit (1);
    }
  close (fd);
}

static void
check_exec_errors (void)
{
  char missing[128], noexec[128], garbage[128];
  snprintf (missing, sizeof missing, "%s/missing", tmpdir);
  snprintf (noexec, sizeof noexec, "%s/not-executable", tmpdir);
  snprintf (garbage, sizeof garbage, "%s/not-a-program", tmpdir);
  write_file (noexec, "#!/bin/sh\nexit 0\n", 0644);
  /* No "#!" and no ELF header: execve answers ENOEXEC, and pidfd_spawn
     does not retry with /bin/sh.  */
  write_file (garbage, "\001\002\003 not a program\n", 0755);
  check_exec_error ("a missing program", missing, ENOENT);
  check_exec_error ("a non-executable file", noexec, EACCES);
  check_exec_error ("a file execve cannot run", garbage, ENOEXEC);
  check_exec_error ("a directory", tmpdir, EACCES);

  /* The fork rung reports exec errors on a close-on-exec socket of the
     child's: a closefrom action must not take that away.  */
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  int added = test_fa_addclosefrom (&fa, 3);
  char *argv[] = { missing, NULL };
  int pidfd = -1;
  int rc = added == 0 ? pidfd_spawn (&pidfd, missing, &fa, NULL, argv,
                                     environ)
                      : -1;
  posix_spawn_file_actions_destroy (&fa);
  fd_snapshot_take (&after);
  if (added != 0)
    note ("closefrom action not tested: %s", TEST_FA_CLOSEFROM_MISSING);
  else
    check (rc == ENOENT && fd_snapshot_equal (&before, &after)
           && no_children (),
           "after a closefrom (3) action, a missing program: ENOENT, "
           "nothing left (got %s)", errno_name (rc));
  if (rc == 0 && pidfd >= 0)
    {
      siginfo_t info;
      wait_pidfd (pidfd, &info);
      close (pidfd);
    }
}

/* With SIGCHLD ignored a child is reaped by the kernel the moment it
   exits, and its pid is free for the next process at once: a pidfd opened
   by pid after the child ran could name another process or none.  Three
   kinds of spawn, interleaved: children held until their pid is compared
   (the pidfd must name exactly them), children that exit at once (the
   spawn must still succeed, and its pidfd become readable when they end),
   and missing programs (ENOENT, nothing left).  */
static void
check_sigchld_ignored (void)
{
  struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
  sigaction (SIGCHLD, &ignore, &old);
  char missing[128];
  snprintf (missing, sizeof missing, "%s/missing", tmpdir);
  /* Counted up, so that no check passes when nothing was checked.  */
  int spawned = 0, named_right = 0, readable = 0, enoent = 0;
  int gone_early = 0, notes = 0;
  for (int i = 0; i < SIGCHLD_IGNORED_SPAWNS + SIGCHLD_IGNORED_MISSING; ++i)
    {
      int kind = i % 5; /* 0, 1: hold; 2, 3: exit; 4: missing */
      if (kind == 4)
        {
          struct spawned s = spawn_child ("exit", missing);
          if (s.rc == ENOENT && s.pidfd == -1)
            ++enoent;
          else if (notes++ == 0)
            note ("spawn %d of a missing program: result %d, pidfd %d", i,
                  s.rc, s.pidfd);
          spawned_close (&s);
          continue;
        }
      struct spawned s = spawn_child (kind < 2 ? "hold" : "exit", NULL);
      if (s.rc != 0)
        {
          if (notes++ == 0)
            note ("spawn %d failed: %s", i, errno_name (s.rc));
          spawned_close (&s);
          continue;
        }
      ++spawned;
      pid_t pid = -1, ppid = -1;
      int reported = read_child_line (s.report, &pid, &ppid);
      errno = 0;
      pid_t named = pidfd_getpid (s.pidfd);
      int named_errno = errno;
      /* A child that exited at once may be gone already: then the pidfd
         can only say so (ESRCH), never name another process.  */
      if (reported == 0
          && (named == pid
              || (kind >= 2 && named == -1 && named_errno == ESRCH)))
        {
          ++named_right;
          gone_early += named == -1;
        }
      else if (notes++ == 0)
        note ("spawn %d: pidfd_getpid %d (%s), the child %d", i, (int) named,
              errno_name (named_errno), (int) pid);
      if (s.hold >= 0)
        {
          close (s.hold);
          s.hold = -1;
        }
      readable += await_exit (s.pidfd) == 0;
      spawned_close (&s);
    }
  sigaction (SIGCHLD, &old, NULL);
  int want_spawned = SIGCHLD_IGNORED_SPAWNS;
  check (spawned == want_spawned, "SIGCHLD ignored: %d of %d spawns "
         "succeed", spawned, want_spawned);
  check (named_right == want_spawned, "SIGCHLD ignored: %d of %d pidfds "
         "name their own child", named_right, want_spawned);
  check (readable == want_spawned, "SIGCHLD ignored: %d of %d pidfds poll "
         "readable when their child ends", readable, want_spawned);
  check (enoent == SIGCHLD_IGNORED_MISSING, "SIGCHLD ignored: %d of %d "
         "missing programs answer ENOENT", enoent, SIGCHLD_IGNORED_MISSING);
  note ("children that exited at once were gone before pidfd_getpid: %d",
        gone_early);
  check (no_children (), "SIGCHLD ignored: no child left");
}

int
main (int argc, char **argv)
{
  test_own_path ();
  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    return child_main (argv[2]);
  if (argc == 2 && strcmp (argv[1], "--fork-rung") == 0)
    {
      printf ("%d\n", PIDFDSPAWN_RUNG_fork);
      return 0;
    }
  if (argc != 1)
    {
      fprintf (stderr, "usage: %s [--fork-rung | --child hold|exit]\n",
               argv[0]);
      return 2;
    }
  if (getenv ("PIDFDSPAWN_RUNG") != NULL)
    {
      fprintf (stderr, "qemu-user-client: PIDFDSPAWN_RUNG is set; the "
               "ladder must find the rung itself\n");
      return 2;
    }
  self_path = strdup (test_program_path ("tools/qemu-user-client"));
  snprintf (tmpdir, sizeof tmpdir, "/tmp/pidfdspawn-qemu-XXXXXX");
  if (mkdtemp (tmpdir) == NULL)
    {
      perror ("mkdtemp");
      return 1;
    }
  chmod (tmpdir, 0755);

  /* Under qemu-user /proc/self/fd is the host process's table, where qemu
     may hold descriptors of its own (7.2 holds none once the program
     runs): fds are only compared with an earlier snapshot, never with a
     list of what we opened.  */
  struct fd_snapshot start, end;
  fd_snapshot_take (&start);
  char list[512] = "";
  for (int i = 0; i < start.count && strlen (list) < sizeof list - 16; ++i)
    snprintf (list + strlen (list), sizeof list - strlen (list), " %d",
              start.fds[i]);
  note ("open fds at start:%s", list);
  check (no_children (), "no child before the first spawn");

  check_spawn_and_pidfd ();
  check_exec_errors ();
  check_sigchld_ignored ();

  fd_snapshot_take (&end);
  check (fd_snapshot_equal (&start, &end), "the same fds at the end as at "
         "the start (%d, %d)", start.count, end.count);
  check (no_children (), "no child left at the end");
  char command[128];
  snprintf (command, sizeof command, "rm -rf '%s'", tmpdir);
  if (system (command) != 0)
    note ("could not remove %s", tmpdir);
  return failed;
}
