/* Shared by the functional suite's files: small utilities, probe reports,
   running the probe.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

int expect_rung = -1;
/* valgrind (doc/compatibility.md, "valgrind") cannot give what a few
   tests need.  */
int under_valgrind;
static int rung_printed;
int host_spawn_works;
const char *probe_path;
char tmpdir[256];
char *default_env[] = { (char *) "PROBE_ENV=1", NULL };

/* ------------------------------------------------------------------ */
/* Small utilities.  */

const char *
tmp_path (const char *name)
{
  static char buffers[8][PATH_MAX];
  static int next;
  char *buffer = buffers[next++ % 8];
  snprintf (buffer, PATH_MAX, "%s/%s", tmpdir, name);
  return buffer;
}

void
write_file (const char *path, const char *content, mode_t mode)
{
  unlink (path);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  assert_true (fd >= 0);
  size_t len = strlen (content);
  assert_int_equal (write (fd, content, len), (ssize_t) len);
  assert_int_equal (fchmod (fd, mode), 0);
  close (fd);
}

/* An fd number that is not open, at or above FROM.  */
int
unused_fd (int from)
{
  while (fcntl (from, F_GETFD) >= 0)
    ++from;
  return from;
}

/* Opens /dev/null at exactly TARGET (which must be free), FLAGS O_CLOEXEC
   or 0.  */
int
open_at (const char *path, int oflags, int target, int cloexec)
{
  assert_true (fcntl (target, F_GETFD) < 0);
  int fd = open (path, oflags | O_CLOEXEC);
  assert_true (fd >= 0);
  if (fd != target)
    {
      assert_int_equal (dup3 (fd, target, cloexec ? O_CLOEXEC : 0), target);
      close (fd);
    }
  else if (!cloexec)
    assert_int_equal (fcntl (fd, F_SETFD, 0), 0);
  return target;
}

void
check_rung_used (void)
{
  int rung = pidfdspawn_last_rung ();
  if (!rung_printed)
    {
      const char *forced = getenv ("PIDFDSPAWN_RUNG");
      printf ("# functional: running on rung %d (PIDFDSPAWN_RUNG=%s)\n",
              rung, forced != NULL ? forced : "(unset)");
      fflush (stdout);
      rung_printed = 1;
    }
  if (expect_rung >= 0)
    assert_int_equal (rung, expect_rung);
}

/* Waits for a library-spawned child by its pidfd; returns the wait
   status in waitpid's encoding.  */
int
reap_pidfd (int pidfd)
{
  siginfo_t info;
  assert_int_equal (wait_pidfd (pidfd, &info), 0);
  if (info.si_code == CLD_EXITED)
    return info.si_status << 8;
  return info.si_status & 0x7f;
}

/* ------------------------------------------------------------------ */
/* Probe reports.  */


/* Value of line KEY, or NULL.  Returned in one of a few rotating
   buffers.  */
const char *
rget (const struct report *r, const char *key)
{
  static char buffers[8][4096];
  static int next;
  size_t klen = strlen (key);
  const char *line = r->text;
  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      size_t len = eol != NULL ? (size_t) (eol - line) : strlen (line);
      if (len > klen && strncmp (line, key, klen) == 0 && line[klen] == ' ')
        {
          char *buffer = buffers[next++ % 8];
          size_t vlen = len - klen - 1;
          if (vlen >= 4096)
            vlen = 4095;
          memcpy (buffer, line + klen + 1, vlen);
          buffer[vlen] = '\0';
          return buffer;
        }
      if (eol == NULL)
        break;
      line = eol + 1;
    }
  return NULL;
}

long
rnum (const struct report *r, const char *key)
{
  const char *value = rget (r, key);
  if (value == NULL)
    fail_msg ("probe report has no '%s'", key);
  return strtol (value, NULL, 0);
}

/* FIELD (cloexec, mode, append, nonblock, offset, path) of fd FD, or NULL
   when the probe did not have FD open.  */
const char *
rfd (const struct report *r, int fd, const char *field)
{
  char key[32];
  snprintf (key, sizeof key, "fd%d", fd);
  const char *line = rget (r, key);
  if (line == NULL)
    return NULL;
  char pattern[64];
  snprintf (pattern, sizeof pattern, "%s=", field);
  const char *at = strstr (line, pattern);
  if (at == NULL)
    return NULL;
  static char buffers[4][PATH_MAX + 16];
  static int next;
  char *buffer = buffers[next++ % 4];
  at += strlen (pattern);
  size_t len = strcmp (field, "path") == 0 ? strlen (at) : strcspn (at, " ");
  memcpy (buffer, at, len);
  buffer[len] = '\0';
  return buffer;
}

unsigned long long
rmask (const struct report *r)
{
  const char *value = rget (r, "sigmask");
  assert_non_null (value);
  return strtoull (value, NULL, 16);
}

const char *
rsig (const struct report *r, int sig)
{
  char key[16];
  snprintf (key, sizeof key, "sig%d", sig);
  const char *value = rget (r, key);
  assert_non_null (value);
  return value;
}

unsigned long long
bit (int sig)
{
  return 1ULL << (sig - 1);
}

/* The number our signal SIG has in the spawned program.  Under qemu-user
   the probe runs on the host (qemu hands execve to the kernel), and qemu
   gives its guest's realtime signal N the host's number N + 2 (7.2: its
   own libc keeps the host's first two).  Measured in main without the
   library; 0 on a kernel.  */
int exec_signal_offset;

int
exec_signal (int sig)
{
  return sig < 32 ? sig : sig + exec_signal_offset;
}

unsigned long long
own_mask (void)
{
  sigset_t set;
  sigprocmask (SIG_BLOCK, NULL, &set);
  unsigned long long mask = 0;
  for (int sig = 1; sig <= 64; ++sig)
    if (sig < SIGRTMIN || sig > 31)
      if (sigismember (&set, sig) == 1)
        mask |= bit (sig);
  return mask;
}

/* Reads all of FD into R (NUL-terminated).  */
void
read_report (int fd, struct report *r)
{
  size_t used = 0;
  for (;;)
    {
      ssize_t n = read (fd, r->text + used, sizeof r->text - 1 - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      used += (size_t) n;
    }
  r->text[used] = '\0';
}

/* ------------------------------------------------------------------ */
/* Running the probe.  */


/* Creates the report pipe and file actions whose first action puts the
   pipe on the probe's stdout; the test adds its own actions after.  */
void
probe_begin (struct probe_run *run)
{
  assert_int_equal (pipe2 (run->out, O_CLOEXEC), 0);
  assert_int_equal (posix_spawn_file_actions_init (&run->fa), 0);
  assert_int_equal (posix_spawn_file_actions_adddup2 (&run->fa, run->out[1], 1), 0);
}

static void
probe_end (struct probe_run *run)
{
  posix_spawn_file_actions_destroy (&run->fa);
  if (run->out[0] >= 0)
    close (run->out[0]);
  if (run->out[1] >= 0)
    close (run->out[1]);
  run->out[0] = run->out[1] = -1;
}

static char *default_argv[] = { NULL, NULL };

/* Spawns PATH (the probe when NULL) with RUN's file actions and ATTR.  On
   success reads its report into R and checks what every success must give:
   a close-on-exec pidfd whose pid is the probe's, the probe a child of
   ours, exit status 0, the expected rung.  On failure checks the parent
   is unchanged.  Returns the spawn's result; ends RUN either way.  */
int
probe_spawn_with (enum spawner which, struct probe_run *run, const char *path,
                  const posix_spawnattr_t *attr, char *const argv[],
                  char *const envp[], struct report *r)
{
  if (path == NULL)
    path = probe_path;
  if (argv == NULL)
    {
      default_argv[0] = (char *) probe_path;
      argv = default_argv;
    }
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int children = count_children ();
  int pidfd = -1;
  pid_t pid = -1;
  errno = ERRNO_SENTINEL;
  int rc = call_spawn (which, &pidfd, &pid, path, &run->fa, attr, argv, envp);
  int saved_errno = errno;
  if (rc != 0)
    {
      assert_int_equal (pidfd, -1);
      assert_int_equal (saved_errno, ERRNO_SENTINEL);
      fd_snapshot_take (&after);
      assert_true (fd_snapshot_equal (&before, &after));
      assert_int_equal (count_children (), children);
      probe_end (run);
      return rc;
    }
  close (run->out[1]);
  run->out[1] = -1;
  read_report (run->out[0], r);
  int status;
  if (which == LIB_SPAWN || which == LIB_SPAWNP)
    {
      check_rung_used ();
      assert_true (pidfd >= 0);
      int fd_flags = fcntl (pidfd, F_GETFD);
      assert_true (fd_flags >= 0);
      assert_true (fd_flags & FD_CLOEXEC);
      pid = pidfd_getpid (pidfd);
      assert_true (pid > 0);
      status = reap_pidfd (pidfd);
      close (pidfd);
    }
  else
    assert_int_equal (waitpid (pid, &status, 0), pid);
  assert_int_equal (status, 0);
  if (strstr (r->text, "\nend\n") == NULL)
    fail_msg ("probe report incomplete:\n%s", r->text);
  assert_int_equal (rnum (r, "pid"), pid);
  assert_int_equal (rnum (r, "ppid"), getpid ());
  assert_int_equal (count_children (), children);
  probe_end (run);
  return rc;
}

int
probe_spawn (struct probe_run *run, const posix_spawnattr_t *attr,
             struct report *r)
{
  return probe_spawn_with (LIB_SPAWN, run, NULL, attr, NULL, default_env, r);
}

/* As probe_spawn, but from a forked child of ours that first runs SETUP
   (for what this process must not do to itself: change ids, limits,
   sessions).  The fork checks the pidfd and the rung itself and appends a
   "spawned PID" line to the report; a failed check there makes it exit
   200 + something.  Returns the spawn's result.  */
/* The host posix_spawn's answer where it knowingly differs from glibc's
   rules, which pidfd_spawn follows (-1: the same answer as pidfd_spawn).
   Set by the one test that needs it, for its next spawn.  */
int host_differs_with = -1;

int
probe_spawn_forked (struct probe_run *run, const posix_spawnattr_t *attr,
                    int (*setup) (void *), void *ctx, struct report *r)
{
  default_argv[0] = (char *) probe_path;
  memset (r->text, 0, 1);
  pid_t helper = fork ();
  assert_true (helper >= 0);
  if (helper == 0)
    {
      if (setup != NULL && setup (ctx) != 0)
        _exit (250);
      struct fd_snapshot before, after;
      fd_snapshot_take (&before);
      int children = count_children ();
      int pidfd = -1;
      errno = ERRNO_SENTINEL;
      int rc = pidfd_spawn (&pidfd, probe_path, &run->fa, attr, default_argv,
                            default_env);
      if (rc != 0)
        {
          if (errno != ERRNO_SENTINEL)
            _exit (201);
          fd_snapshot_take (&after);
          if (!fd_snapshot_equal (&before, &after))
            _exit (202);
          if (count_children () != children)
            _exit (203);
          if (host_spawn_works)
            {
              pid_t pid;
              int host = posix_spawn (&pid, probe_path, &run->fa, attr,
                                      default_argv, default_env);
              if (host == 0)
                waitpid (pid, NULL, 0);
              if (host != (host_differs_with >= 0 ? host_differs_with : rc))
                {
                  fprintf (stderr, "posix_spawn gave %d, pidfd_spawn %d\n",
                           host, rc);
                  _exit (204);
                }
            }
          _exit (rc);
        }
      if (expect_rung >= 0 && pidfdspawn_last_rung () != expect_rung)
        _exit (205);
      int fd_flags = fcntl (pidfd, F_GETFD);
      if (fd_flags < 0 || !(fd_flags & FD_CLOEXEC))
        _exit (206);
      pid_t pid = pidfd_getpid (pidfd);
      /* Before Linux 5.14 /proc/self/fdinfo is closed to a process whose
         effective ids the setup changed (setuid makes it non-dumpable, so
         its /proc files belong to root): nothing can ask for the pid then,
         and the pid waitid reports on the pidfd must do.  */
      if (pid == -1)
        {
          char fdinfo[64];
          snprintf (fdinfo, sizeof fdinfo, "/proc/self/fdinfo/%d", pidfd);
          int probe = open (fdinfo, O_RDONLY | O_CLOEXEC);
          if (probe >= 0 || errno != EACCES)
            _exit (208);
        }
      siginfo_t info;
      if (wait_pidfd (pidfd, &info) != 0 || info.si_code != CLD_EXITED
          || info.si_status != 0)
        _exit (207);
      if (pid != -1 && pid != info.si_pid)
        _exit (209);
      dprintf (run->out[1], "spawned %d\n", (int) info.si_pid);
      _exit (0);
    }
  close (run->out[1]);
  run->out[1] = -1;
  read_report (run->out[0], r);
  int status;
  assert_int_equal (waitpid (helper, &status, 0), helper);
  assert_true (WIFEXITED (status));
  int rc = WEXITSTATUS (status);
  if (rc >= 200)
    fail_msg ("check in the spawning fork failed: %d", rc);
  if (rc == 0)
    {
      assert_int_equal (rnum (r, "pid"), rnum (r, "spawned"));
      assert_int_equal (rnum (r, "ppid"), helper);
    }
  probe_end (run);
  return rc;
}

/* Spawns with the library (WHICH LIB_SPAWN or LIB_SPAWNP) expecting error
   EXPECTED, checking the parent is unchanged (fds, children, errno); then,
   when the host's posix_spawn works here and COMPARE, checks the host
   gives the same error for the same inputs.  */
void
expect_fail_cmp (enum spawner which, const char *path,
                 const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *attr, char *const argv[],
                 char *const envp[], int expected, int compare)
{
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int children = count_children ();
  int pidfd = -1;
  errno = ERRNO_SENTINEL;
  int rc = call_spawn (which, &pidfd, NULL, path, fa, attr, argv, envp);
  int saved_errno = errno;
  if (rc == 0)
    {
      reap_pidfd (pidfd);
      close (pidfd);
      fail_msg ("spawn of %s succeeded, expected error %d (%s)", path,
                expected, strerror (expected));
    }
  if (rc != expected)
    fail_msg ("spawn of %.60s: error %d (%s), expected %d (%s)", path, rc,
              strerror (rc), expected, strerror (expected));
  assert_int_equal (pidfd, -1);
  assert_int_equal (saved_errno, ERRNO_SENTINEL);
  fd_snapshot_take (&after);
  assert_true (fd_snapshot_equal (&before, &after));
  assert_int_equal (count_children (), children);

  if (compare && host_spawn_works)
    {
      pid_t pid;
      int host = call_spawn (which == LIB_SPAWN ? HOST_SPAWN : HOST_SPAWNP,
                             NULL, &pid, path, fa, attr, argv, envp);
      if (host == 0)
        waitpid (pid, NULL, 0);
      if (host != expected)
        fail_msg ("host posix_spawn%s of %.60s: %d (%s), pidfd_spawn: %d",
                  which == LIB_SPAWN ? "" : "p", path, host, strerror (host),
                  rc);
    }
}

void
expect_fail (enum spawner which, const char *path,
             const posix_spawn_file_actions_t *fa,
             const posix_spawnattr_t *attr, char *const argv[], int expected)
{
  expect_fail_cmp (which, path, fa, attr, argv, default_env, expected, 1);
}

char *
probe_argv0 (void)
{
  return (char *) probe_path;
}

/* The result of test_fa_addclosefrom/test_fa_addtcsetpgrp: skips, naming
   the missing libc function, where the action cannot be represented at all
   (spawn-compat.h); otherwise it must have been added.  */
void
fa_added (int rc, const char *missing)
{
  if (rc == ENOSYS)
    {
      print_message ("%s\n", missing);
      skip ();
    }
  assert_int_equal (rc, 0);
}
