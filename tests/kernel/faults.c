/* Resource exhaustion, on the rung this process runs on (PIDFDSPAWN_RUNG,
   set per run by tests/run-suite.sh): each fault gives a clean
   error number, no fd leak, no zombie, and the process spawns normally
   once the fault is gone.
   - RLIMIT_NOFILE with no slot left: the pidfd cannot be created (EMFILE,
     as glibc 2.39's pidfd_spawn, whose clone3 answers that).  On the
     pidfd_open rung that pidfd is the one fd the rung itself needs: the
     child opens it in the shared table.
   - RLIMIT_NOFILE with one slot left: the pidfd takes it, and the child
     still has that slot for its own file action (glibc's posix_spawn
     succeeds too; musl's needs two fds for its error pipe).  The fork
     rung's channel is a socket pair: EMFILE with one slot, success with
     two.
   - The child's own internal fd: closefrom without close_range scans
     /proc/self/fd and needs a descriptor (EMFILE, as the host posix_spawn).
   - RLIMIT_NPROC as an unprivileged user: EAGAIN, as the host posix_spawn.
   - RLIMIT_AS so that the child's stack cannot be mapped: ENOMEM, as
     glibc's posix_spawn (musl's puts its child stack on its own stack).

   Every test runs in a forked child (limits, ids and seccomp filters are
   process-wide), which reports through its exit status.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "child-checks.h"
#include "compat/linux_pidfd.h"
#include "ladder.h"
#include "pid-reporter.h"
#include "seccomp-filter.h"
#include "spawn-compat.h"
#include "test-util.h"

/* The RLIMIT_NOFILE tests lower the soft limit to this many slots above the
   highest fd already open (inherited ones included), and fill them.  */
enum { FREE_SLOTS = 16, MAX_FILLERS = 4096 };

static void
check_rung_used (void)
{
  int want = expected_rung ();
  if (want >= 0)
    CHECK_INT (pidfdspawn_last_rung (), want);
}

/* 1 on the fork rung, whose child does not share the caller's memory: it
   reports through a socket pair, two fds of the caller's for the length of
   the call, and holds its own end until the exec.  */
static int
on_fork_rung (void)
{
  const char *forced = getenv ("PIDFDSPAWN_RUNG");
  return expected_rung () == PIDFDSPAWN_RUNG_fork
         || (forced != NULL && strcmp (forced, "fork") == 0);
}

/* 1 when this process has no child at all, zombie or running.  Needs no
   descriptor (count_children does), so it also answers with a full table.  */
static int
no_children (void)
{
  siginfo_t info;
  errno = 0;
  return waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1
         && errno == ECHILD;
}

/* A spawn that must fail with WANT before any child ran to exec (or after
   one that was reaped): the pidfd untouched, no child left.  */
static void
check_failed_spawn (const char *what, int r, int pidfd, int want)
{
  if (r != want)
    fprintf (stderr, "%s: %s, expected %s\n", what, errno_name (r),
             errno_name (want));
  CHECK_ERRNO (r, want);
  CHECK_INT (pidfd, -1);
  CHECK (no_children ());
}

/* The host libc's posix_spawn of /bin/true with FA: 0 (the child reaped)
   or its error number.  */
static int
host_posix_spawn (const posix_spawn_file_actions_t *fa)
{
  char *argv[] = { (char *) "true", NULL };
  pid_t pid;
  int r = posix_spawn (&pid, "/bin/true", fa, NULL, argv, environ);
  if (r == 0)
    {
      int status;
      CHECK_INT (waitpid (pid, &status, 0), pid);
      CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  return r;
}

/* A spawn of /bin/true that must succeed: the pidfd names the child, which
   exits 0.  */
static void
spawn_true_normally (const char *what)
{
  char *argv[] = { (char *) "true", NULL };
  int pidfd = -1;
  int r = pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
  if (r != 0)
    fprintf (stderr, "%s: %s\n", what, errno_name (r));
  CHECK_ERRNO (r, 0);
  if (r != 0)
    return;
  pid_t pid = pidfd_getpid (pidfd);
  CHECK (pid > 0);
  siginfo_t info;
  CHECK_INT (wait_pidfd (pidfd, &info), 0);
  CHECK_INT (info.si_pid, pid);
  CHECK_INT (info.si_code, CLD_EXITED);
  CHECK_INT (info.si_status, 0);
  close (pidfd);
  check_rung_used ();
  CHECK (no_children ());
}

/* ---- RLIMIT_NOFILE ------------------------------------------------------ */

struct filled_table
{
  int fds[MAX_FILLERS];
  int count;
};

/* Lowers the soft fd limit to FREE_SLOTS above the highest open fd and
   opens /dev/null until no slot is left.  0, or TEST_SKIP_STATUS.  */
static int
fill_fd_table (struct filled_table *t)
{
  struct fd_snapshot open_now;
  fd_snapshot_take (&open_now);
  const int highest = open_now.count > 0 ? open_now.fds[open_now.count - 1]
                                         : -1;
  struct rlimit limit;
  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1;
  const rlim_t wanted = (rlim_t) highest + 1 + FREE_SLOTS;
  if (open_now.count >= (int) (sizeof open_now.fds / sizeof open_now.fds[0])
      || wanted > limit.rlim_cur || highest + 1 + FREE_SLOTS > MAX_FILLERS)
    {
      fprintf (stderr, "fd %d is open: cannot fill the table up to it\n",
               highest);
      return TEST_SKIP_STATUS;
    }
  limit.rlim_cur = wanted;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1;
  t->count = 0;
  for (;;)
    {
      int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        {
          CHECK_INT (errno, EMFILE);
          break;
        }
      t->fds[t->count++] = fd;
    }
  CHECK (t->count >= FREE_SLOTS);
  return 0;
}

/* Closes the fillers and raises the limit back.  */
static void
empty_fd_table (struct filled_table *t)
{
  for (int i = 0; i < t->count; ++i)
    close (t->fds[i]);
  t->count = 0;
  struct rlimit limit;
  CHECK_INT (getrlimit (RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  CHECK_INT (setrlimit (RLIMIT_NOFILE, &limit), 0);
}

static int
nofile_no_slot_child (const void *arg)
{
  (void) arg;
  struct fd_snapshot before, after, full;
  fd_snapshot_take (&before);
  struct filled_table table;
  int status = fill_fd_table (&table);
  if (status != 0)
    return status;
  fd_snapshot_take (&full);
  char *argv[] = { (char *) "true", NULL };
  for (int round = 0; round < 3; ++round)
    {
      int pidfd = -1;
      int r = round == 1
                ? pidfd_spawnp (&pidfd, "true", NULL, NULL, argv, environ)
                : pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
      check_failed_spawn ("no fd slot left", r, pidfd, EMFILE);
      fd_snapshot_take (&after);
      CHECK (fd_snapshot_equal (&full, &after));
    }
  empty_fd_table (&table);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  spawn_true_normally ("after EMFILE");
  return child_checks_finish ();
}

static void
nofile_no_slot_for_pidfd (void **state)
{
  (void) state;
  expect_child_success (run_in_child (nofile_no_slot_child, NULL));
}

static int
nofile_one_slot_child (const void *arg)
{
  (void) arg;
  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  struct filled_table table;
  int status = fill_fd_table (&table);
  if (status != 0)
    return status;
  /* One slot, the highest filler's.  */
  const int slot = table.fds[--table.count];
  close (slot);
  /* The child opens a file into that same slot: free in its own table
     whether the pidfd was installed in the parent's alone (clone3, clone)
     or opened there by the child and closed after unshare (pidfd_open).  */
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  CHECK_INT (posix_spawn_file_actions_addopen (&fa, slot, "/dev/null",
                                               O_RDONLY, 0),
             0);
#ifdef __GLIBC__
  /* glibc's posix_spawn needs no fd of its own either (musl's takes two
     for its error pipe, and answers EMFILE here).  */
  CHECK_ERRNO (host_posix_spawn (&fa), 0);
#endif
  int pidfd = -1;
  pid_t reported = 0;
  int r;
  if (on_fork_rung ())
    {
      /* One slot cannot hold the channel: EMFILE, nothing changed.  */
      struct fd_snapshot full;
      fd_snapshot_take (&full);
      r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      check_failed_spawn ("one fd slot left, fork rung", r, pidfd, EMFILE);
      fd_snapshot_take (&after);
      CHECK (fd_snapshot_equal (&full, &after));
      /* Two hold it; the pidfd then takes the place of the child's end.
         The child moves its end out of the way of its open action.  */
      const int second = table.fds[--table.count];
      close (second);
      pidfd = -1;
      r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      if (r != 0)
        fprintf (stderr, "two fd slots left, fork rung: %s, expected 0\n",
                 errno_name (r));
      CHECK_ERRNO (r, 0);
      if (r == 0)
        CHECK (pidfd == slot || pidfd == second);
    }
  else
    {
      r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      CHECK_ERRNO (r, 0);
      /* The pidfd took the last slot.  */
      if (r == 0)
        CHECK_INT (pidfd, slot);
    }
  if (r == 0)
    {
      /* The table is full again, except on the fork rung, whose channel
         gave a slot back.  PIDFD_GET_INFO (Linux 6.13) needs no
         descriptor; without it pidfd_getpid opens /proc/self/fdinfo, and
         with no slot for it answers EBADF, as for an unreadable fdinfo
         (pidfd_getpid(3)); once a slot is free, the pid.  */
      struct pidfd_info get_info;
      memset (&get_info, 0, sizeof get_info);
      get_info.mask = PIDFD_INFO_PID;
      const int kernel_has_get_info
        = ioctl (pidfd, PIDFDSPAWN_PIDFD_GET_INFO_VER0, &get_info) == 0;
      errno = 0;
      const pid_t pid_now = pidfd_getpid (pidfd);
      if (kernel_has_get_info || on_fork_rung ())
        CHECK_INT (pid_now, reported);
      else
        CHECK (pid_now == -1 && errno == EBADF);
      CHECK (table.count > 0);
      if (table.count > 0)
        close (table.fds[--table.count]);
      CHECK_INT (pidfd_getpid (pidfd), reported);
      siginfo_t info;
      CHECK_INT (wait_pidfd (pidfd, &info), 0);
      CHECK_INT (info.si_pid, reported);
      CHECK_INT (info.si_code, CLD_EXITED);
      CHECK_INT (info.si_status, 0);
      close (pidfd);
      check_rung_used ();
    }
  posix_spawn_file_actions_destroy (&fa);
  CHECK (no_children ());
  empty_fd_table (&table);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  close (p[0]);
  close (p[1]);
  return child_checks_finish ();
}

static void
nofile_one_slot_left (void **state)
{
  (void) state;
  expect_child_success (run_in_child (nofile_one_slot_child, NULL));
}

/* closefrom without close_range: the child needs a descriptor of its own
   for /proc/self/fd.  With the child's table full it cannot have one.  */
static int
nofile_child_internal_fd_child (const void *arg)
{
  (void) arg;
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  const char *refuse[] = { "close_range=ENOSYS" };
  if (seccomp_refuse (refuse, 1) != 0)
    return TEST_SKIP_STATUS;
  struct fd_snapshot before, after, full;
  fd_snapshot_take (&before);
  struct filled_table table;
  int status = fill_fd_table (&table);
  if (status != 0)
    return status;
  const int slot = table.fds[--table.count];
  close (slot);
  /* The pidfd takes SLOT in the parent; the child fills SLOT in its own
     table, then has none left for the scan.  */
  CHECK_INT (posix_spawn_file_actions_addopen (&fa, slot, "/dev/null",
                                               O_RDONLY, 0),
             0);
  if (on_fork_rung ())
    {
      /* With one slot the fork rung's channel fails in the caller, before
         any child.  Two slots hold it; the child keeps its end until the
         exec, so both are filled by actions: the child's table is then as
         full as glibc's child's, and the error must come from the child.  */
      const int second = table.fds[--table.count];
      close (second);
      CHECK_INT (posix_spawn_file_actions_addopen (&fa, second, "/dev/null",
                                                   O_RDONLY, 0),
                 0);
    }
  CHECK_INT (test_fa_addclosefrom (&fa, 3), 0);
  fd_snapshot_take (&full);
  char *argv[] = { (char *) "true", NULL };
  int pidfd = -1;
  int r = pidfd_spawn (&pidfd, "/bin/true", &fa, NULL, argv, environ);
  check_failed_spawn ("closefrom scan with a full table", r, pidfd, EMFILE);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&full, &after));
  CHECK_ERRNO (host_posix_spawn (&fa), r);

  /* With room for the scan, the same request succeeds.  */
  empty_fd_table (&table);
  pidfd = -1;
  r = pidfd_spawn (&pidfd, "/bin/true", &fa, NULL, argv, environ);
  CHECK_ERRNO (r, 0);
  if (r == 0)
    {
      siginfo_t info;
      CHECK_INT (wait_pidfd (pidfd, &info), 0);
      CHECK_INT (info.si_code, CLD_EXITED);
      CHECK_INT (info.si_status, 0);
      close (pidfd);
      check_rung_used ();
    }
  posix_spawn_file_actions_destroy (&fa);
  CHECK (no_children ());
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  return child_checks_finish ();
}

static void
nofile_no_slot_for_childs_own_fd (void **state)
{
  (void) state;
  posix_spawn_file_actions_t fa;
  assert_int_equal (posix_spawn_file_actions_init (&fa), 0);
  int added = test_fa_addclosefrom (&fa, 3);
  posix_spawn_file_actions_destroy (&fa);
#ifndef __GLIBC__
  if (added == ENOSYS)
    skip_because ("this libc has no posix_spawn_file_actions_addclosefrom_np");
#endif
  if (added == ENOSYS)
    skip_because (TEST_FA_CLOSEFROM_MISSING);
  if (!test_fa_native_closefrom)
    skip_because ("the host posix_spawn cannot be compared: "
                  TEST_FA_CLOSEFROM_MISSING);
  expect_child_success (run_in_child (nofile_child_internal_fd_child, NULL));
}

/* ---- RLIMIT_NPROC ------------------------------------------------------- */

static int
nproc_child (const void *arg)
{
  (void) arg;
  /* Root (and CAP_SYS_RESOURCE/CAP_SYS_ADMIN) ignore RLIMIT_NPROC: become
     a user of our own, whom no other process runs as.  */
  if (geteuid () == 0)
    {
      const uid_t uid = (uid_t) (3000000 + getpid () % 100000);
      if (setgroups (0, NULL) != 0 || setgid ((gid_t) uid) != 0
          || setuid (uid) != 0)
        {
          fprintf (stderr, "cannot become uid %u: %m\n", (unsigned) uid);
          return TEST_SKIP_STATUS;
        }
      /* The change of ids made this process undumpable, which before
         Linux 5.14 keeps it out of its own /proc/self/fdinfo, where
         pidfd_getpid reads without PIDFD_GET_INFO (doc/compatibility.md):
         dumpable again, as a process started as this user would be.  */
      if (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0) != 0)
        return 1;
    }
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  struct rlimit limit;
  CHECK_INT (getrlimit (RLIMIT_NPROC, &limit), 0);
  const rlim_t saved = limit.rlim_cur;
  /* This process counts already: no other may start.  */
  limit.rlim_cur = 1;
  if (setrlimit (RLIMIT_NPROC, &limit) != 0)
    return 1;
  char *argv[] = { (char *) "true", NULL };
  for (int round = 0; round < 3; ++round)
    {
      int pidfd = -1;
      int r = round == 1
                ? pidfd_spawnp (&pidfd, "true", NULL, NULL, argv, environ)
                : pidfd_spawn (&pidfd, "/bin/true", NULL, NULL, argv, environ);
      check_failed_spawn ("RLIMIT_NPROC reached", r, pidfd, EAGAIN);
    }
#if defined __GLIBC__ && (__GLIBC__ == 2 && __GLIBC_MINOR__ < 34)
  /* Before 2.34 glibc's posix_spawn negates its clone wrapper's -1 into
     an error number: EPERM, whatever the kernel said.  Ours answers the
     kernel's EAGAIN, as glibc does since.  */
  CHECK_ERRNO (host_posix_spawn (NULL), EPERM);
#else
  CHECK_ERRNO (host_posix_spawn (NULL), EAGAIN);
#endif
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  limit.rlim_cur = saved;
  CHECK_INT (setrlimit (RLIMIT_NPROC, &limit), 0);
  spawn_true_normally ("after EAGAIN");
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  return child_checks_finish ();
}

static void
nproc_reached (void **state)
{
  (void) state;
  expect_child_success (run_in_child (nproc_child, NULL));
}

/* ---- the child's stack cannot be mapped --------------------------------- */

/* The process's address space size (VmSize), in bytes; 0 if unknown.  */
static size_t
address_space_size (void)
{
  FILE *f = fopen ("/proc/self/status", "re");
  if (f == NULL)
    return 0;
  char line[256];
  unsigned long kib = 0;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "VmSize: %lu kB", &kib) == 1)
      break;
  fclose (f);
  return (size_t) kib * 1024;
}

/* Makes sure the stack pages the spawn calls will use are already mapped:
   growing the stack counts against RLIMIT_AS too.  */
static void __attribute__ ((noinline))
touch_stack (void)
{
  volatile char pages[128 * 1024];
  for (size_t i = 0; i < sizeof pages; i += 1024)
    pages[i] = 1;
}

static int
no_memory_child (const void *arg)
{
  (void) arg;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  CHECK (no_children ());
  touch_stack ();
  size_t size = address_space_size ();
  if (size == 0)
    {
      fprintf (stderr, "no VmSize in /proc/self/status\n");
      return TEST_SKIP_STATUS;
    }
  struct rlimit limit, saved;
  CHECK_INT (getrlimit (RLIMIT_AS, &saved), 0);
  limit = saved;
  /* Less room than the smallest child stack (32 KiB and more): only the
     spawn calls run under this limit, none of them may allocate.  */
  limit.rlim_cur = size + 8 * 1024;
  if (setrlimit (RLIMIT_AS, &limit) != 0)
    return 1;
  char *argv[] = { (char *) "true", NULL };
  int results[2], pidfds[2] = { -1, -1 };
  results[0] = pidfd_spawn (&pidfds[0], "/bin/true", NULL, NULL, argv, environ);
  results[1] = pidfd_spawnp (&pidfds[1], "true", NULL, NULL, argv, environ);
#ifdef __GLIBC__
  /* glibc's posix_spawn maps its child's stack too (musl's does not).  */
  pid_t pid = 0;
  const int host = posix_spawn (&pid, "/bin/true", NULL, NULL, argv, environ);
#endif
  CHECK_INT (setrlimit (RLIMIT_AS, &saved), 0);
  check_failed_spawn ("pidfd_spawn without memory", results[0], pidfds[0],
                      ENOMEM);
  check_failed_spawn ("pidfd_spawnp without memory", results[1], pidfds[1],
                      ENOMEM);
#ifdef __GLIBC__
  CHECK_ERRNO (host, results[0]);
#endif
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  spawn_true_normally ("after ENOMEM");
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  return child_checks_finish ();
}

static void
no_memory_for_child_stack (void **state)
{
  (void) state;
  expect_child_success (run_in_child (no_memory_child, NULL));
}

int
main (int argc, char **argv)
{
  test_own_path ();
  pid_reporter_start_rung_suite (argc, argv);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (nofile_no_slot_for_pidfd),
    cmocka_unit_test (nofile_one_slot_left),
    cmocka_unit_test (nofile_no_slot_for_childs_own_fd),
    cmocka_unit_test (nproc_reached),
    cmocka_unit_test (no_memory_for_child_stack),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
