/* Races and load, on the rung this process runs on (PIDFDSPAWN_RUNG,
   set per run by tests/run-suite.sh; EXPECT_RUNG names the
   rung every successful spawn must have used):
   - eight threads spawning at once, successes and failures mixed, while
     another thread signals the process and its threads and another opens
     and closes fds;
   - SIGCHLD ignored, SA_NOCLDWAIT, and a thread reaping with waitpid(-1):
     every pidfd still names its own child;
   - fork() in another thread during spawns, and spawning from that child
     of a multithreaded process;
   - pthread_cancel of a thread inside pidfd_spawn.

   Every test runs in a forked child (signal dispositions, threads and
   reaping are process-wide), which reports through its exit status
   (tests/support/child-checks.h).
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#if defined __SANITIZE_ADDRESS__
# include <sanitizer/asan_interface.h>
#endif

#include <pidfdspawn/spawn.h>
#include <pidfdspawn/sys/pidfd.h>

#include "child-checks.h"
#include "pid-reporter.h"
#include "test-util.h"

#define MISSING_PROGRAM "/nonexistent/pidfdspawn-races/program"
#define MISSING_NAME "pidfdspawn-races-no-such-program"

static int
wait_pidfd_restarting (int pidfd, siginfo_t *info)
{
  int r;
  do
    r = wait_pidfd (pidfd, info);
  while (r == -1 && errno == EINTR);
  return r;
}

/* A successful spawn of the reporter: the pidfd is CLOEXEC, names the
   child that reported (pidfd_getpid and waitid P_PIDFD), which exited 0.  */
static void
check_reporter_child (const char *what, int pidfd, pid_t reported)
{
  CHECK (pidfd >= 0);
  if (pidfd < 0)
    return;
  CHECK ((fcntl (pidfd, F_GETFD) & FD_CLOEXEC) != 0);
  pid_t got = pidfd_getpid (pidfd);
  if (got != reported)
    fprintf (stderr, "%s: child reported %d, pidfd_getpid %d\n", what,
             (int) reported, (int) got);
  CHECK_INT (got, reported);
  siginfo_t info;
  CHECK_INT (wait_pidfd_restarting (pidfd, &info), 0);
  CHECK_INT (info.si_pid, reported);
  CHECK_INT (info.si_code, CLD_EXITED);
  CHECK_INT (info.si_status, 0);
  close (pidfd);
}

static void
check_rung_used (void)
{
  int want = expected_rung ();
  if (want >= 0)
    CHECK_INT (pidfdspawn_last_rung (), want);
}

/* The thread's signal mask, as one comparable word per 64 signals.  */
static uint64_t
current_mask (void)
{
  sigset_t set;
  pthread_sigmask (SIG_SETMASK, NULL, &set);
  uint64_t bits = 0;
  for (int sig = 1; sig <= 64; ++sig)
    if (sigismember (&set, sig) == 1)
      bits |= UINT64_C (1) << (sig - 1);
  return bits;
}

/* Every disposition the libc lets us read (it refuses its own signals).  */
struct dispositions
{
  void (*handler[65]) (int);
  int flags[65];
};

static void
dispositions_take (struct dispositions *d)
{
  memset (d, 0, sizeof *d);
  for (int sig = 1; sig <= 64; ++sig)
    {
      struct sigaction act;
      if (sigaction (sig, NULL, &act) == 0)
        {
          d->handler[sig] = act.sa_handler;
          d->flags[sig] = act.sa_flags;
        }
    }
}

static int
dispositions_equal (const struct dispositions *a, const struct dispositions *b)
{
  for (int sig = 1; sig <= 64; ++sig)
    if (a->handler[sig] != b->handler[sig] || a->flags[sig] != b->flags[sig])
      {
        fprintf (stderr, "signal %d: disposition changed\n", sig);
        return 0;
      }
  return 1;
}

/* ---- (a) concurrent spawns under signals and fd churn ------------------- */

enum { SPAWNERS = 8, ROUNDS = 24 };

enum spawn_kind
{
  SPAWN_REPORTER,        /* succeeds */
  SPAWN_MISSING_PROGRAM, /* ENOENT from execve */
  SPAWN_MISSING_ON_PATH, /* ENOENT from the PATH search */
  SPAWN_FAILING_ACTION,  /* ENOENT from an open file action */
  SPAWN_KINDS
};

static atomic_int noise_stop;
static atomic_int signals_sent;
static atomic_int signals_caught;
static atomic_int spawner_tids[SPAWNERS];

static void
count_signal (int sig)
{
  (void) sig;
  atomic_fetch_add (&signals_caught, 1);
}

/* Signals the process (any thread may take it) and each spawner thread in
   turn, until told to stop.  */
static void *
signaller (void *arg)
{
  (void) arg;
  for (unsigned i = 0; !atomic_load (&noise_stop); ++i)
    {
      if (i % 2 == 0)
        kill (getpid (), SIGUSR1);
      else
        {
          int tid = atomic_load (&spawner_tids[(i / 2) % SPAWNERS]);
          if (tid > 0)
            syscall (SYS_tgkill, getpid (), tid, SIGUSR2);
        }
      atomic_fetch_add (&signals_sent, 1);
      sched_yield ();
    }
  return NULL;
}

/* Opens and closes fds (some inheritable) so that fd numbers move under
   the spawns.  */
static void *
fd_churner (void *arg)
{
  (void) arg;
  while (!atomic_load (&noise_stop))
    {
      int a = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      int b = open ("/dev/null", O_WRONLY);
      int p[2];
      int piped = pipe2 (p, O_CLOEXEC) == 0;
      int c = a >= 0 ? dup (a) : -1;
      if (a >= 0)
        close (a);
      if (b >= 0)
        close (b);
      if (c >= 0)
        close (c);
      if (piped)
        {
          close (p[0]);
          close (p[1]);
        }
    }
  return NULL;
}

struct spawner
{
  pthread_t thread;
  int index;
  int started;
};

static void *
spawner (void *arg)
{
  struct spawner *s = arg;
  atomic_store (&spawner_tids[s->index], (int) syscall (SYS_gettid));
  int p[2];
  if (report_pipe (p) != 0)
    {
      CHECK (!"report pipe");
      return NULL;
    }
  posix_spawn_file_actions_t fa, failing;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  CHECK_INT (posix_spawn_file_actions_init (&failing), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&failing, p[1], PID_REPORT_FD),
             0);
  CHECK_INT (posix_spawn_file_actions_addopen (&failing, 5, MISSING_PROGRAM,
                                               O_RDONLY, 0),
             0);
  const uint64_t mask = current_mask ();
  char *argv[] = { (char *) "races", NULL };
  /* Spawns start once signals flow.  */
  while (atomic_load (&signals_sent) == 0)
    sched_yield ();
  for (int round = 0; round < ROUNDS; ++round)
    {
      const enum spawn_kind kind = (enum spawn_kind) ((round + s->index)
                                                      % SPAWN_KINDS);
      int pidfd = -1;
      pid_t reported = 0;
      int r;
      switch (kind)
        {
        case SPAWN_REPORTER:
          r = spawn_reporter (&pidfd, &fa, p[0], &reported);
          CHECK_ERRNO (r, 0);
          if (r == 0)
            check_reporter_child ("concurrent spawn", pidfd, reported);
          else if (pidfd >= 0)
            close (pidfd);
          break;
        case SPAWN_MISSING_PROGRAM:
          r = pidfd_spawn (&pidfd, MISSING_PROGRAM, &fa, NULL, argv, environ);
          CHECK_ERRNO (r, ENOENT);
          CHECK_INT (pidfd, -1);
          break;
        case SPAWN_MISSING_ON_PATH:
          r = pidfd_spawnp (&pidfd, MISSING_NAME, &fa, NULL, argv, environ);
          CHECK_ERRNO (r, ENOENT);
          CHECK_INT (pidfd, -1);
          break;
        default:
          r = pidfd_spawn (&pidfd, pid_reporter_self (), &failing, NULL, argv,
                           environ);
          CHECK_ERRNO (r, ENOENT);
          CHECK_INT (pidfd, -1);
          break;
        }
      CHECK_INT (current_mask (), mask);
    }
  atomic_store (&spawner_tids[s->index], 0);
  posix_spawn_file_actions_destroy (&fa);
  posix_spawn_file_actions_destroy (&failing);
  close (p[0]);
  close (p[1]);
  return NULL;
}

static int
concurrent_child (const void *arg)
{
  (void) arg;
  struct sigaction act;
  memset (&act, 0, sizeof act);
  act.sa_handler = count_signal;
  /* No SA_RESTART: the library must not be bothered by EINTR either.  */
  sigaction (SIGUSR1, &act, NULL);
  sigaction (SIGUSR2, &act, NULL);
  struct dispositions before_dispositions, after_dispositions;
  dispositions_take (&before_dispositions);
  const uint64_t mask = current_mask ();
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  CHECK_INT (count_children (), 0);

  pthread_t noise[2];
  CHECK_INT (pthread_create (&noise[0], NULL, signaller, NULL), 0);
  CHECK_INT (pthread_create (&noise[1], NULL, fd_churner, NULL), 0);
  struct spawner spawners[SPAWNERS];
  for (int i = 0; i < SPAWNERS; ++i)
    {
      spawners[i].index = i;
      spawners[i].started
        = pthread_create (&spawners[i].thread, NULL, spawner, &spawners[i]) == 0;
      CHECK (spawners[i].started);
    }
  for (int i = 0; i < SPAWNERS; ++i)
    if (spawners[i].started)
      pthread_join (spawners[i].thread, NULL);
  atomic_store (&noise_stop, 1);
  pthread_join (noise[0], NULL);
  pthread_join (noise[1], NULL);

  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  CHECK_INT (count_children (), 0);
  dispositions_take (&after_dispositions);
  CHECK (dispositions_equal (&before_dispositions, &after_dispositions));
  CHECK_INT (current_mask (), mask);
  CHECK (atomic_load (&signals_sent) > 0);
  CHECK (atomic_load (&signals_caught) > 0);
  check_rung_used ();
  fprintf (stderr, "%d threads x %d spawns: %d signals sent, %d caught\n",
           SPAWNERS, ROUNDS, atomic_load (&signals_sent),
           atomic_load (&signals_caught));
  return child_checks_finish ();
}

static void
concurrent_spawns_under_signals (void **state)
{
  (void) state;
  expect_child_success (run_in_child (concurrent_child, NULL));
}

/* ---- (b) children reaped behind the library's back ---------------------- */

enum sigchld_mode { SIGCHLD_DEFAULT, SIGCHLD_IGNORED, SIGCHLD_NOCLDWAIT };

struct storm
{
  int spawns;
  enum sigchld_mode sigchld;
  int reaper_thread;
};

static atomic_int reaper_stop;

static void *
reaper (void *arg)
{
  (void) arg;
  while (!atomic_load (&reaper_stop))
    {
      int status;
      if (waitpid (-1, &status, __WALL) < 0 && errno == ECHILD)
        sched_yield ();
    }
  return NULL;
}

static void
ignore_signal (int sig)
{
  (void) sig;
}

/* SPAWNS reporters (one in ten a missing program instead); each pidfd must
   name the child that reported, or (when that child was already reaped by
   the kernel or the reaper) answer ESRCH and ECHILD, never another
   process.  */
static int
storm_child (const void *arg)
{
  const struct storm *c = arg;
  if (c->sigchld == SIGCHLD_IGNORED)
    signal (SIGCHLD, SIG_IGN);
  else if (c->sigchld == SIGCHLD_NOCLDWAIT)
    {
      struct sigaction act;
      memset (&act, 0, sizeof act);
      act.sa_handler = ignore_signal;
      act.sa_flags = SA_NOCLDWAIT | SA_RESTART;
      sigaction (SIGCHLD, &act, NULL);
    }
  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  pthread_t thread;
  atomic_store (&reaper_stop, 0);
  if (c->reaper_thread && pthread_create (&thread, NULL, reaper, NULL) != 0)
    return 1;

  int reported_failures = 0;
  int gone = 0, seen = 0, failed = 0;
  for (int i = 0; i < c->spawns && reported_failures < 5; ++i)
    {
      int pidfd = -1;
      pid_t reported = 0;
      if (i % 10 == 9)
        {
          /* A child that fails before exec: the library collects it
             itself, whoever else is reaping.  */
          char *argv[] = { (char *) "races", NULL };
          int r = pidfd_spawn (&pidfd, MISSING_PROGRAM, &fa, NULL, argv,
                               environ);
          CHECK_ERRNO (r, ENOENT);
          CHECK_INT (pidfd, -1);
          if (r != ENOENT)
            ++reported_failures;
          ++failed;
          continue;
        }
      int r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      if (r != 0)
        {
          fprintf (stderr, "spawn %d: %d (%s)\n", i, r, errno_name (r));
          CHECK_ERRNO (r, 0);
          ++reported_failures;
          if (pidfd >= 0)
            close (pidfd);
          continue;
        }
      errno = 0;
      pid_t got = pidfd_getpid (pidfd);
      int error = errno;
      if (got == reported)
        ++seen;
      else if (got == -1 && error == ESRCH)
        ++gone;
      else
        {
          fprintf (stderr, "spawn %d: child %d, pidfd_getpid %d (%s)\n", i,
                   (int) reported, (int) got, errno_name (error));
          CHECK (!"pidfd_getpid names the child");
          ++reported_failures;
        }
      siginfo_t info;
      int w = wait_pidfd_restarting (pidfd, &info);
      error = errno;
      if (!((w == 0 && info.si_pid == reported)
            || (w == -1 && error == ECHILD)))
        {
          fprintf (stderr, "spawn %d: child %d, waitid %d (%s) si_pid %d\n",
                   i, (int) reported, w, errno_name (error),
                   (int) info.si_pid);
          CHECK (!"waitid P_PIDFD reaches the child");
          ++reported_failures;
        }
      close (pidfd);
    }
  if (c->reaper_thread)
    {
      atomic_store (&reaper_stop, 1);
      pthread_join (thread, NULL);
    }
  check_rung_used ();
  CHECK_INT (count_children (), 0);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  posix_spawn_file_actions_destroy (&fa);
  close (p[0]);
  close (p[1]);
  static const char *const modes[] = { "SIGCHLD default",
                                       "SIGCHLD ignored", "SA_NOCLDWAIT" };
  fprintf (stderr, "%d spawns, %s%s: pidfd_getpid answered the pid %d times,"
           " ESRCH (already reaped) %d times; %d failed as expected\n",
           c->spawns, modes[c->sigchld],
           c->reaper_thread ? ", reaper thread" : "", seen, gone, failed);
  return child_checks_finish ();
}

static void
sigchld_ignored (void **state)
{
  (void) state;
  /* The pidfd_open and fork rungs open their pidfd by pid, where a
     recycled pid could be named: they keep the longest storm.  */
  const char *rung = getenv ("PIDFDSPAWN_RUNG");
  const int by_pid = rung != NULL && (strcmp (rung, "pidfd_open") == 0
                                      || strcmp (rung, "fork") == 0);
  const struct storm c = { by_pid ? 2000 : 500, SIGCHLD_IGNORED, 0 };
  expect_child_success (run_in_child (storm_child, &c));
}

static void
sa_nocldwait (void **state)
{
  (void) state;
  const struct storm c = { 300, SIGCHLD_NOCLDWAIT, 0 };
  expect_child_success (run_in_child (storm_child, &c));
}

static void
reaper_thread (void **state)
{
  (void) state;
  const struct storm c = { 300, SIGCHLD_DEFAULT, 1 };
  expect_child_success (run_in_child (storm_child, &c));
}

/* ---- (c) fork() during spawns; spawning in the forked child ------------- */

enum { FORK_SPAWNS = 80, FORKS_AT_LEAST = 10 };

static atomic_int spawns_done;

/* Spawns reporters until FORK_SPAWNS are done, checking each.  */
static void *
spawn_loop (void *arg)
{
  (void) arg;
  int p[2];
  if (report_pipe (p) != 0)
    {
      CHECK (!"report pipe");
      atomic_store (&spawns_done, 1);
      return NULL;
    }
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  for (int i = 0; i < FORK_SPAWNS; ++i)
    {
      int pidfd = -1;
      pid_t reported = 0;
      int r = spawn_reporter (&pidfd, &fa, p[0], &reported);
      CHECK_ERRNO (r, 0);
      if (r == 0)
        check_reporter_child ("spawn beside fork", pidfd, reported);
    }
  posix_spawn_file_actions_destroy (&fa);
  close (p[0]);
  close (p[1]);
  atomic_store (&spawns_done, 1);
  return NULL;
}

/* In the child of a multithreaded process (forked while another thread
   may be inside pidfd_spawn): a success and a failure, nothing left.  */
static int
spawn_in_forked_child (void)
{
  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  int pidfd = -1;
  pid_t reported = 0;
  int r = spawn_reporter (&pidfd, &fa, p[0], &reported);
  CHECK_ERRNO (r, 0);
  if (r == 0)
    check_reporter_child ("spawn in the forked child", pidfd, reported);
  char *argv[] = { (char *) "races", NULL };
  pidfd = -1;
  CHECK_ERRNO (pidfd_spawn (&pidfd, MISSING_PROGRAM, &fa, NULL, argv, environ),
               ENOENT);
  CHECK_INT (pidfd, -1);
  check_rung_used ();
  posix_spawn_file_actions_destroy (&fa);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  CHECK_INT (count_children (), 0);
  close (p[0]);
  close (p[1]);
  return child_checks_finish ();
}

static int
fork_child (const void *arg)
{
  (void) arg;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  pthread_t thread;
  atomic_store (&spawns_done, 0);
  if (pthread_create (&thread, NULL, spawn_loop, NULL) != 0)
    return 1;
  int forks = 0;
  while (forks < FORKS_AT_LEAST || !atomic_load (&spawns_done))
    {
      fflush (NULL);
      pid_t pid = fork ();
      if (pid == 0)
        _exit (spawn_in_forked_child ());
      CHECK (pid > 0);
      if (pid < 0)
        break;
      ++forks;
      int status;
      pid_t w;
      do
        w = waitpid (pid, &status, 0);
      while (w == -1 && errno == EINTR);
      CHECK_INT (w, pid);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        fprintf (stderr, "forked child %d: status 0x%x\n", forks, status);
      CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  pthread_join (thread, NULL);
  check_rung_used ();
  CHECK_INT (count_children (), 0);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  fprintf (stderr, "%d spawns beside %d forks, each forked child spawning\n",
           FORK_SPAWNS, forks);
  return child_checks_finish ();
}

static void
fork_during_spawns (void **state)
{
  (void) state;
  expect_child_success (run_in_child (fork_child, NULL));
}

/* ---- (d) pthread_cancel of a thread inside pidfd_spawn ----------------- */

struct cancel_case
{
  const posix_spawn_file_actions_t *fa;
  int pidfd;
  int result;
  atomic_int returned;  /* pidfd_spawn returned */
  atomic_int survived;  /* the cancellation point after it did not act */
};

/* The cancellation unwinds this thread's frames without ASan unpoisoning
   their redzones; ASan's own thread teardown then writes there and reports
   a stack-buffer-underflow that is not ours.  Unpoison the stack as the
   unwinding passes, as ASan does for longjmp.  */
static void
unwinding_cancelled_thread (void *unused)
{
  (void) unused;
#if defined __SANITIZE_ADDRESS__
  __asan_handle_no_return ();
#endif
}

static void *
cancelled_spawner (void *arg)
{
  struct cancel_case *c = arg;
  pthread_setcanceltype (PTHREAD_CANCEL_DEFERRED, NULL);
  const char *self = pid_reporter_self ();
  char *argv[] = { (char *) self, (char *) PID_REPORTER_ARG, NULL };
  pthread_cleanup_push (unwinding_cancelled_thread, NULL);
  c->result = pidfd_spawn (&c->pidfd, self, c->fa, NULL, argv, environ);
  atomic_store (&c->returned, 1);
  pthread_testcancel ();
  atomic_store (&c->survived, 1);
  pthread_cleanup_pop (0);
  return NULL;
}

static int
cancel_child (const void *arg)
{
  (void) arg;
  if (count_children () < 0)
    {
      fprintf (stderr, "no /proc/self/task/TID/children: cannot tell when"
               " the spawn has cloned\n");
      return TEST_SKIP_STATUS;
    }
  char dir[] = "/tmp/pidfdspawn-races-XXXXXX";
  if (mkdtemp (dir) == NULL)
    return 1;
  char fifo[sizeof dir + 16];
  snprintf (fifo, sizeof fifo, "%s/fifo", dir);
  if (mkfifo (fifo, 0600) != 0)
    {
      rmdir (dir);
      return 1;
    }
  int p[2];
  if (report_pipe (p) != 0)
    return 1;
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  /* The child blocks opening the FIFO until we open its other end: the
     spawning thread is then inside pidfd_spawn, waiting for the exec.  */
  posix_spawn_file_actions_t fa;
  CHECK_INT (posix_spawn_file_actions_init (&fa), 0);
  CHECK_INT (posix_spawn_file_actions_adddup2 (&fa, p[1], PID_REPORT_FD), 0);
  CHECK_INT (posix_spawn_file_actions_addopen (&fa, 5, fifo, O_RDONLY, 0), 0);
  struct cancel_case c = { .fa = &fa, .pidfd = -1, .result = -1 };
  pthread_t thread;
  if (pthread_create (&thread, NULL, cancelled_spawner, &c) != 0)
    return 1;
  /* Polling, not timing: the child exists once the spawn has cloned.  */
  while (count_children () < 1 && !atomic_load (&c.returned))
    {
      struct timespec pause = { 0, 1000 * 1000 };
      nanosleep (&pause, NULL);
    }
  CHECK (!atomic_load (&c.returned));
  CHECK_INT (pthread_cancel (thread), 0);
  int writer = open (fifo, O_WRONLY | O_CLOEXEC);
  CHECK (writer >= 0);
  void *exit_value = NULL;
  CHECK_INT (pthread_join (thread, &exit_value), 0);
  CHECK (exit_value == PTHREAD_CANCELED);
  CHECK_INT (atomic_load (&c.returned), 1);
  CHECK_INT (atomic_load (&c.survived), 0);
  CHECK_ERRNO (c.result, 0);
  if (c.result == 0)
    {
      pid_t reported = 0;
      CHECK_INT (read_reported_pid (p[0], &reported), 0);
      check_reporter_child ("cancelled spawner", c.pidfd, reported);
      check_rung_used ();
    }
  if (writer >= 0)
    close (writer);
  posix_spawn_file_actions_destroy (&fa);
  fd_snapshot_take (&after);
  CHECK (fd_snapshot_equal (&before, &after));
  CHECK_INT (count_children (), 0);
  close (p[0]);
  close (p[1]);
  unlink (fifo);
  rmdir (dir);
  return child_checks_finish ();
}

static void
cancel_during_spawn (void **state)
{
  (void) state;
  expect_child_success (run_in_child (cancel_child, NULL));
}

int
main (int argc, char **argv)
{
  test_own_path ();
  pid_reporter_start_rung_suite (argc, argv);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (concurrent_spawns_under_signals),
    cmocka_unit_test (sigchld_ignored),
    cmocka_unit_test (sa_nocldwait),
    cmocka_unit_test (reaper_thread),
    cmocka_unit_test (fork_during_spawns),
    cmocka_unit_test (cancel_during_spawn),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
