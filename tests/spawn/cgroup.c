/* POSIX_SPAWN_SETCGROUP and posix_spawnattr_[gs]etcgroup_np, on whatever
   rung of the ladder this process runs on (tests/run-suite.sh runs it once
   per rung and emulated kernel, tests/suites/cgroup-*.suite).
   SPDX-License-Identifier: LGPL-2.1-or-later

   The test cgroups are made under the cgroup2 mount found in
   /proc/self/mountinfo and removed at the end; without a writable cgroup2
   the spawning tests are skipped.  The child's cgroup is what the probe
   reads from /proc/self/cgroup as it starts: the program itself already
   runs in the cgroup.

   Environment: EXPECT_RUNG=N asserts the rung of every successful
   spawn, as in the functional suite (tests/spawn/functional-*.c).  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <pidfdspawn/spawn.h>

#include "call-spawn.h"
#include "compat/linux_clone.h"
#include "ladder.h"
#include "test-util.h"

#define ERRNO_SENTINEL 4242

static const char *const spawner_names[]
  = { "pidfd_spawn", "pidfd_spawnp", "posix_spawn", "posix_spawnp" };

static const char *probe_path;
static int expect_rung = -1;
static char mount_point[PATH_MAX];  /* the cgroup2 mount */
static char mount_root[PATH_MAX];   /* its root inside the hierarchy */
static char base_dir[PATH_MAX];     /* our test cgroup, empty: "" */
static char no_cgroup_reason[PATH_MAX + 64]; /* why base_dir is "" */
static char *test_env[] = { (char *) "PROBE_ENV=1", NULL };

/* Whether posix_spawn(p) with the flag is the libc's own here: the
   wrappers hand it over where the libc knows the flag (glibc 2.39 and
   later) and clone3 reads CLONE_INTO_CGROUP's struct (Linux 5.7, no filter
   refusing it), as the libc's posix_spawn needs (lib/spawn_interpose.cpp).
   Asked as the kernel answers it: an invalid exit signal is refused
   (EINVAL) after the struct is read, E2BIG before 5.7, ENOSYS or EPERM
   from filters; no process is created.  Then no PIDFDSPAWN_RUNG applies to
   it, and errno is the libc's to change.  */
static int
libc_serves_cgroup (void)
{
  static int state = -1;
  if (state < 0)
    {
      struct pidfdspawn_clone_args args;
      memset (&args, 0, sizeof args);
      args.flags = CLONE_INTO_CGROUP;
      args.exit_signal = 1ULL << 32;
      args.cgroup = 1;
      long r = syscall (__NR_clone3, &args, PIDFDSPAWN_CLONE_ARGS_SIZE_VER2);
      const int reads_field = r < 0 && errno == EINVAL;
      state = reads_field
              && libc_own_symbol ("posix_spawnattr_setcgroup_np") != NULL;
      print_message ("# posix_spawn(p) with the flag: %s\n",
                     state ? "the libc's own" : "the library's spawn core");
    }
  return state;
}

/* ------------------------------------------------------------------ */
/* The cgroup2 mount and test directories.  */

/* PATH under the test cgroup; "" is the test cgroup itself.  */
static const char *
cg_path (const char *sub)
{
  static char buffers[4][PATH_MAX];
  static int next;
  char *b = buffers[next++ % 4];
  if (snprintf (b, PATH_MAX, "%s%s%s", base_dir, *sub ? "/" : "", sub)
      >= PATH_MAX)
    fail_msg ("path too long");
  return b;
}

/* What /proc/PID/cgroup says for a process in SUB.  */
static const char *
cg_name (const char *sub)
{
  static char b[PATH_MAX];
  if (snprintf (b, sizeof b, "%s%s", mount_root,
                cg_path (sub) + strlen (mount_point))
      >= (int) sizeof b)
    fail_msg ("path too long");
  return b;
}

static int
cg_open (const char *sub, int flags)
{
  int fd = open (cg_path (sub), flags | O_DIRECTORY | O_CLOEXEC);
  assert_true (fd >= 0);
  return fd;
}

static void
cg_write (const char *file, const char *value)
{
  int fd = open (cg_path (file), O_WRONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  assert_int_equal (write (fd, value, strlen (value)), (ssize_t) strlen (value));
  close (fd);
}

static int
group_setup (void **state)
{
  (void) state;
  if (cgroup2_mount (mount_point, sizeof mount_point, mount_root,
                     sizeof mount_root) != 0)
    {
      printf ("# no cgroup2 mount: spawning tests skipped\n");
      snprintf (no_cgroup_reason, sizeof no_cgroup_reason,
                "no cgroup2 mount");
      return 0;
    }
  if (snprintf (base_dir, sizeof base_dir, "%s/pidfdspawn-test.%d",
                mount_point, (int) getpid ())
        >= (int) sizeof base_dir
      || mkdir (base_dir, 0755) != 0)
    {
      /* EACCES without root, unless the cgroup is delegated to us.  */
      snprintf (no_cgroup_reason, sizeof no_cgroup_reason,
                "cannot create a cgroup under %s (%s)", mount_point,
                strerror (errno));
      printf ("# %s: spawning tests skipped\n", no_cgroup_reason);
      base_dir[0] = '\0';
    }
  return 0;
}

static void
remove_test_cgroups (void)
{
  if (base_dir[0] == '\0')
    return;
  /* Children first; every spawned child has been waited for.  */
  static const char *const subs[] = { "threaded-root/thr",
                                      "threaded-root/inv", "threaded-root",
                                      "gone", "" };
  for (size_t i = 0; i < sizeof subs / sizeof subs[0]; ++i)
    {
      const char *p = cg_path (subs[i]);
      if (rmdir (p) != 0 && errno != ENOENT)
        printf ("# rmdir %s: %s\n", p, strerror (errno));
    }
}

static int
group_teardown (void **state)
{
  (void) state;
  remove_test_cgroups ();
  return 0;
}

#define NEED_CGROUP()                                                      \
  do                                                                       \
    if (base_dir[0] == '\0')                                               \
      skip_because (no_cgroup_reason);                                     \
  while (0)

/* ------------------------------------------------------------------ */
/* Spawning the probe.  */

/* The probe through WHICH, with the fixed environment.  The p variants get
   the full path: no PATH search is being tested.  */
static int
spawn_probe (enum spawner which, pid_t *pid, int *pidfd,
             const posix_spawn_file_actions_t *fa,
             const posix_spawnattr_t *attr)
{
  char *argv[] = { (char *) "probe", NULL };
  return call_spawn (which, pidfd, pid, probe_path, fa, attr, argv, test_env);
}

static void
check_rung (enum spawner which)
{
  if (expect_rung >= 0 && (which == LIB_SPAWN || which == LIB_SPAWNP))
    assert_int_equal (pidfdspawn_last_rung (), expect_rung);
}

/* Descriptors that use up every free slot below a lowered
   RLIMIT_NOFILE, close-on-exec so that the spawned program has room.  */
struct fd_fill
{
  struct rlimit saved;
  int fds[256];
  int count;
};

static void
fill_every_fd (struct fd_fill *fill)
{
  assert_int_equal (getrlimit (RLIMIT_NOFILE, &fill->saved), 0);
  struct rlimit lowered = fill->saved;
  if (lowered.rlim_cur > 200)
    lowered.rlim_cur = 200;
  assert_int_equal (setrlimit (RLIMIT_NOFILE, &lowered), 0);
  fill->count = 0;
  int fd;
  while (fill->count < 256
         && (fd = open ("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
    fill->fds[fill->count++] = fd;
  assert_int_equal (errno, EMFILE);
}

static void
release_fds (struct fd_fill *fill)
{
  while (fill->count > 0)
    close (fill->fds[--fill->count]);
  assert_int_equal (setrlimit (RLIMIT_NOFILE, &fill->saved), 0);
}

/* Spawns the probe with ATTR and returns its "cgroup" line; with
   EVERY_FD_IN_USE, the spawn is made with no descriptor free.  */
static const char *
probe_cgroup_filled (enum spawner which, const posix_spawnattr_t *attr,
                     int every_fd_in_use)
{
  static char result[PATH_MAX];
  int pipefd[2];
  assert_int_equal (pipe2 (pipefd, O_CLOEXEC), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, pipefd[1], 1);
  pid_t pid = -1;
  int pidfd = -1;
  struct fd_fill fill;
  if (every_fd_in_use)
    fill_every_fd (&fill);
  errno = ERRNO_SENTINEL;
  int r = spawn_probe (which, &pid, &pidfd, &fa, attr);
  int saved_errno = errno;
  if (every_fd_in_use)
    release_fds (&fill);
  posix_spawn_file_actions_destroy (&fa);
  close (pipefd[1]);
  if (r != 0)
    print_message ("%s: %s\n", spawner_names[which], strerror (r));
  assert_int_equal (r, 0);
  /* errno is ours to keep; a libc's own posix_spawn (the wrappers forward
     calls without the flag) may change it, as musl's does.  */
  short flags = 0;
  if (attr != NULL)
    posix_spawnattr_getflags (attr, &flags);
  if (which == LIB_SPAWN || which == LIB_SPAWNP
      || ((flags & POSIX_SPAWN_SETCGROUP) && !libc_serves_cgroup ()))
    assert_int_equal (saved_errno, ERRNO_SENTINEL);
  check_rung (which);

  static char report[1 << 16];
  size_t used = 0;
  ssize_t n;
  while ((n = read (pipefd[0], report + used, sizeof report - 1 - used)) > 0)
    used += (size_t) n;
  report[used] = '\0';
  close (pipefd[0]);

  int status = -1;
  if (which == LIB_SPAWN || which == LIB_SPAWNP)
    {
      siginfo_t info;
      assert_int_equal (wait_pidfd (pidfd, &info), 0);
      close (pidfd);
      status = info.si_code == CLD_EXITED ? info.si_status : 128;
    }
  else
    {
      assert_true (pid > 0);
      assert_int_equal (waitpid (pid, &status, 0), pid);
      status = WIFEXITED (status) ? WEXITSTATUS (status) : 128;
    }
  assert_int_equal (status, 0);

  const char *line = strstr (report, "\ncgroup ");
  assert_non_null (line);
  line += strlen ("\ncgroup ");
  size_t len = strcspn (line, "\n");
  snprintf (result, sizeof result, "%.*s", (int) len, line);
  return result;
}

static const char *
probe_cgroup (enum spawner which, const posix_spawnattr_t *attr)
{
  return probe_cgroup_filled (which, attr, 0);
}

/* Expects every spawner to fail with ERROR for ATTR, leaving no fd, no
   child (zombie or not) and errno as it was (but where the libc's own
   posix_spawn(p) serves).  */
static void
expect_error (const posix_spawnattr_t *attr, int error)
{
  for (int w = LIB_SPAWN; w <= HOST_SPAWNP; ++w)
    {
      struct fd_snapshot before, after;
      fd_snapshot_take (&before);
      int children = count_children ();
      pid_t pid = -1;
      int pidfd = -1;
      errno = ERRNO_SENTINEL;
      int r = spawn_probe ((enum spawner) w, &pid, &pidfd, NULL, attr);
      int saved_errno = errno;
      if (r != error)
        print_message ("%s: expected %s, got %s\n", spawner_names[w],
                       errno_name (error),
                       r == 0 ? "success" : errno_name (r));
      assert_int_equal (r, error);
      if (w <= LIB_SPAWNP || !libc_serves_cgroup ())
        assert_int_equal (saved_errno, ERRNO_SENTINEL);
      fd_snapshot_take (&after);
      assert_true (fd_snapshot_equal (&before, &after));
      assert_int_equal (count_children (), children);
    }
}

static void
attr_for (posix_spawnattr_t *attr, int cgroup)
{
  posix_spawnattr_init (attr);
  assert_int_equal (posix_spawnattr_setcgroup_np (attr, cgroup), 0);
  assert_int_equal (posix_spawnattr_setflags (attr, POSIX_SPAWN_SETCGROUP), 0);
}

/* ------------------------------------------------------------------ */
/* The attribute.  */

static void
attr_default_and_set (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  /* posix_spawnattr_init clears the whole object, glibc 2.39's __cgroup
     included.  */
  memset (&attr, 0x5a, sizeof attr);
  posix_spawnattr_init (&attr);
  int cgroup = 77;
  assert_int_equal (posix_spawnattr_getcgroup_np (&attr, &cgroup), 0);
  assert_int_equal (cgroup, 0);
  /* No validation when stored, as glibc 2.39.  */
  static const int values[] = { 5, -1, INT_MAX, 0 };
  for (size_t i = 0; i < sizeof values / sizeof values[0]; ++i)
    {
      assert_int_equal (posix_spawnattr_setcgroup_np (&attr, values[i]), 0);
      assert_int_equal (posix_spawnattr_getcgroup_np (&attr, &cgroup), 0);
      assert_int_equal (cgroup, values[i]);
    }
  /* Where glibc 2.39 keeps it, right after __policy; on musl, the first
     int of the padding.  */
#ifdef __GLIBC__
  const size_t offset = offsetof (posix_spawnattr_t, __policy) + sizeof (int);
#else
  const size_t offset = offsetof (posix_spawnattr_t, __pad);
#endif
  posix_spawnattr_setcgroup_np (&attr, 1234);
  int word;
  memcpy (&word, (const char *) &attr + offset, sizeof word);
  assert_int_equal (word, 1234);
  /* The other attributes are untouched.  */
  short flags = -1;
  posix_spawnattr_getflags (&attr, &flags);
  assert_int_equal (flags, 0);
  posix_spawnattr_destroy (&attr);
}

static void
setflags_accepts_setcgroup (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  posix_spawnattr_init (&attr);
  short flags = 0;
  assert_int_equal (posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETCGROUP), 0);
  posix_spawnattr_getflags (&attr, &flags);
  assert_int_equal (flags, POSIX_SPAWN_SETCGROUP);
  const short all = POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP
                    | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
                    | POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER
                    | POSIX_SPAWN_USEVFORK | POSIX_SPAWN_SETSID
                    | POSIX_SPAWN_SETCGROUP;
  assert_int_equal (posix_spawnattr_setflags (&attr, all), 0);
  posix_spawnattr_getflags (&attr, &flags);
  assert_int_equal (flags, all);
  /* Clearing it goes through the libc as before.  */
  assert_int_equal (posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSID), 0);
  posix_spawnattr_getflags (&attr, &flags);
  assert_int_equal (flags, POSIX_SPAWN_SETSID);
  /* Bits glibc 2.39 does not know: EINVAL, nothing stored.  */
  static const short bad[] = { 0x200, 0x4000, (short) 0x8000,
                               POSIX_SPAWN_SETCGROUP | 0x400,
                               POSIX_SPAWN_SETCGROUP | 0x1000 };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i)
    {
      assert_int_equal (posix_spawnattr_setflags (&attr, bad[i]), EINVAL);
      posix_spawnattr_getflags (&attr, &flags);
      assert_int_equal (flags, POSIX_SPAWN_SETSID);
    }
  posix_spawnattr_destroy (&attr);
}

static void
flag_unset_ignores_cgroup (void **state)
{
  (void) state;
  NEED_CGROUP ();
  /* A cgroup fd without the flag changes nothing, even a bad one.  */
  posix_spawnattr_t attr;
  posix_spawnattr_init (&attr);
  posix_spawnattr_setcgroup_np (&attr, -1);
  char own[PATH_MAX];
  snprintf (own, sizeof own, "%s", probe_cgroup (LIB_SPAWN, NULL));
  /* Without the flag posix_spawn is the libc's own, which an emulated old
     kernel may defeat (glibc 2.36 gives up when clone3 answers EPERM, or
     E2BIG for its 88-byte struct): only compare where it works.  */
  int last = HOST_SPAWNP;
  char *argv[] = { (char *) "probe", (char *) "--exit", (char *) "0", NULL };
  pid_t pid;
  if (posix_spawn (&pid, probe_path, NULL, NULL, argv, test_env) == 0)
    waitpid (pid, NULL, 0);
  else
    last = LIB_SPAWNP;
  for (int w = LIB_SPAWN; w <= last; ++w)
    assert_string_equal (probe_cgroup ((enum spawner) w, &attr), own);
  posix_spawnattr_destroy (&attr);
}

/* ------------------------------------------------------------------ */
/* Spawning into a cgroup.  */

static void
spawn_into_cgroup (void **state)
{
  (void) state;
  NEED_CGROUP ();
  static const int open_flags[] = { O_RDONLY, O_PATH };
  for (size_t i = 0; i < 2; ++i)
    {
      int fd = cg_open ("", open_flags[i]);
      posix_spawnattr_t attr;
      attr_for (&attr, fd);
      for (int w = LIB_SPAWN; w <= HOST_SPAWNP; ++w)
        assert_string_equal (probe_cgroup ((enum spawner) w, &attr),
                             cg_name (""));
      posix_spawnattr_destroy (&attr);
      close (fd);
    }
  /* The parent stayed where it was.  */
  FILE *f = fopen ("/proc/self/cgroup", "re");
  char line[PATH_MAX + 8];
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "0::", 3) == 0)
      assert_null (strstr (line, "pidfdspawn-test."));
  fclose (f);
}

/* Whether this process's clone3 places a child with CLONE_INTO_CGROUP
   (Linux 5.7; not under filters emulating older kernels).  */
static int
kernel_places_child (int cgroup)
{
  struct pidfdspawn_clone_args args;
  memset (&args, 0, sizeof args);
  args.flags = CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = (uint64_t) cgroup;
  long pid = syscall (__NR_clone3, &args, PIDFDSPAWN_CLONE_ARGS_SIZE_VER2);
  if (pid == 0)
    _exit (0);
  if (pid < 0)
    return 0;
  waitpid ((pid_t) pid, NULL, 0);
  return 1;
}

/* posix_spawn's caller waits by pid: no descriptor may be needed for a
   pidfd, so with every descriptor in use the spawn still succeeds where
   the kernel places the child in the cgroup, as glibc 2.39's does, and on
   every rung where the libc's own serves (libc_serves_cgroup).  A child that joins
   the cgroup itself needs one descriptor for cgroup.procs, and the fork
   rung two for its channel: EMFILE there, leaving nothing behind.
   pidfd_spawn needs one for the pidfd: EMFILE on every rung.  */
static void
posix_spawn_with_every_fd_in_use (void **state)
{
  (void) state;
  NEED_CGROUP ();
  int fd = cg_open ("", O_RDONLY);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  const int needs_no_fd = libc_serves_cgroup ()
                          || (expect_rung <= PIDFDSPAWN_RUNG_clone3
                              && kernel_places_child (fd));
  for (int w = HOST_SPAWN; w <= HOST_SPAWNP && needs_no_fd; ++w)
    assert_string_equal (probe_cgroup_filled ((enum spawner) w, &attr, 1),
                         cg_name (""));
  if (needs_no_fd)
    {
      /* Without a pid pointer too: still no pidfd is asked for.  */
      char *argv[] = { (char *) "true", NULL };
      struct fd_fill fill;
      fill_every_fd (&fill);
      int r = posix_spawn (NULL, "/bin/true", NULL, &attr, argv, test_env);
      release_fds (&fill);
      assert_int_equal (r, 0);
      int status = -1;
      assert_true (waitpid (-1, &status, 0) > 0);
      assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }
  for (int w = LIB_SPAWN; w <= HOST_SPAWNP; ++w)
    {
      if (w >= HOST_SPAWN && needs_no_fd)
        continue;
      struct fd_fill fill;
      pid_t pid = -1;
      int pidfd = -1;
      fill_every_fd (&fill);
      int r = spawn_probe ((enum spawner) w, &pid, &pidfd, NULL, &attr);
      release_fds (&fill);
      if (r != EMFILE)
        print_message ("%s: %s\n", spawner_names[w], strerror (r));
      assert_int_equal (r, EMFILE);
      assert_int_equal (pidfd, -1);
      errno = 0;
      assert_int_equal (waitpid (-1, NULL, WNOHANG), -1);
      assert_int_equal (errno, ECHILD);
    }
  posix_spawnattr_destroy (&attr);
  close (fd);
}

static void
spawn_with_other_attributes (void **state)
{
  (void) state;
  NEED_CGROUP ();
  int fd = cg_open ("", O_RDONLY);
  posix_spawnattr_t attr;
  posix_spawnattr_init (&attr);
  posix_spawnattr_setcgroup_np (&attr, fd);
  assert_int_equal (posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETCGROUP
                                                       | POSIX_SPAWN_SETSID
                                                       | POSIX_SPAWN_SETSIGMASK),
                    0);
  sigset_t none;
  sigemptyset (&none);
  posix_spawnattr_setsigmask (&attr, &none);
  for (int w = LIB_SPAWN; w <= HOST_SPAWNP; ++w)
    assert_string_equal (probe_cgroup ((enum spawner) w, &attr), cg_name (""));
  posix_spawnattr_destroy (&attr);
  close (fd);
}

/* ------------------------------------------------------------------ */
/* Errors: the same number on every rung and every entry point, nothing
   left behind.  */

static void
error_closed_fd (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  attr_for (&attr, 1000);
  close (1000);
  expect_error (&attr, EBADF);
  posix_spawnattr_destroy (&attr);
}

static void
error_negative_fd (void **state)
{
  (void) state;
  posix_spawnattr_t attr;
  attr_for (&attr, -1);
  expect_error (&attr, EINVAL);
  posix_spawnattr_destroy (&attr);
}

static void
error_not_a_cgroup (void **state)
{
  (void) state;
  /* A plain directory, and a regular file.  */
  int dir = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int file = open ("/proc/self/status", O_RDONLY | O_CLOEXEC);
  posix_spawnattr_t attr;
  attr_for (&attr, dir);
  expect_error (&attr, EBADF);
  posix_spawnattr_setcgroup_np (&attr, file);
  expect_error (&attr, EBADF);
  posix_spawnattr_destroy (&attr);
  close (dir);
  close (file);
}

static void
error_file_inside_cgroup2 (void **state)
{
  (void) state;
  NEED_CGROUP ();
  int fd = open (cg_path ("cgroup.procs"), O_RDONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  expect_error (&attr, EBADF);
  posix_spawnattr_destroy (&attr);
  close (fd);
}

static void
error_cgroup_v1 (void **state)
{
  (void) state;
  /* A v1 hierarchy's cgroup.procs would take the write: it must not.  */
  FILE *f = fopen ("/proc/self/mountinfo", "re");
  char line[4096], point[PATH_MAX] = "";
  while (f != NULL && fgets (line, sizeof line, f) != NULL)
    {
      const char *sep = strstr (line, " - cgroup ");
      if (sep != NULL && sscanf (line, "%*s %*s %*s %*s %4095s", point) == 1)
        break;
      point[0] = '\0';
    }
  if (f != NULL)
    fclose (f);
  if (point[0] == '\0')
    skip ();
  int fd = open (point, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (fd >= 0);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  expect_error (&attr, EBADF);
  posix_spawnattr_destroy (&attr);
  close (fd);
}

static void
error_removed_cgroup (void **state)
{
  (void) state;
  NEED_CGROUP ();
  assert_int_equal (mkdir (cg_path ("gone"), 0755), 0);
  int fd = cg_open ("gone", O_RDONLY);
  assert_int_equal (rmdir (cg_path ("gone")), 0);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  expect_error (&attr, ENOENT);
  posix_spawnattr_destroy (&attr);
  close (fd);
}

static void
error_domain_invalid (void **state)
{
  (void) state;
  NEED_CGROUP ();
  /* threaded-root/thr becomes threaded; its sibling inv is then "domain
     invalid" and cannot hold processes (systemd#34005's EOPNOTSUPP).  */
  assert_int_equal (mkdir (cg_path ("threaded-root"), 0755), 0);
  static const char thr[] = "threaded-root/thr";
  static const char inv[] = "threaded-root/inv";
  assert_int_equal (mkdir (cg_path (thr), 0755), 0);
  assert_int_equal (mkdir (cg_path (inv), 0755), 0);
  cg_write ("threaded-root/thr/cgroup.type", "threaded");
  int fd = cg_open (inv, O_RDONLY);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  expect_error (&attr, EOPNOTSUPP);
  posix_spawnattr_destroy (&attr);
  close (fd);
  rmdir (cg_path (inv));
  rmdir (cg_path (thr));
  rmdir (cg_path ("threaded-root"));
}

static int
as_nobody (const void *arg)
{
  const posix_spawnattr_t *attr = arg;
  if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
    return TEST_SKIP_STATUS;
  for (int w = LIB_SPAWN; w <= HOST_SPAWNP; ++w)
    {
      struct fd_snapshot before, after;
      fd_snapshot_take (&before);
      pid_t pid;
      int pidfd;
      int r = spawn_probe ((enum spawner) w, &pid, &pidfd, NULL, attr);
      fd_snapshot_take (&after);
      if (r != EACCES || !fd_snapshot_equal (&before, &after)
          || count_children () != 0)
        {
          fprintf (stderr, "%s as nobody: %s\n", spawner_names[w],
                   r == 0 ? "success" : errno_name (r));
          return 1;
        }
    }
  return 0;
}

static void
error_no_permission (void **state)
{
  (void) state;
  NEED_CGROUP ();
  if (geteuid () != 0)
    skip_because ("needs root: the helper becomes nobody (setuid 65534) to "
                  "be refused the cgroup");
  int fd = cg_open ("", O_RDONLY);
  posix_spawnattr_t attr;
  attr_for (&attr, fd);
  expect_child_success (run_in_child (as_nobody, &attr));
  posix_spawnattr_destroy (&attr);
  close (fd);
}

int
main (void)
{
  test_own_path ();
  probe_path = test_program_path ("support/probe");
  const char *expect = getenv ("EXPECT_RUNG");
  if (expect != NULL && *expect != '\0')
    expect_rung = atoi (expect);

  const struct CMUnitTest tests[] = {
    cmocka_unit_test (attr_default_and_set),
    cmocka_unit_test (setflags_accepts_setcgroup),
    cmocka_unit_test (flag_unset_ignores_cgroup),
    cmocka_unit_test (spawn_into_cgroup),
    cmocka_unit_test (spawn_with_other_attributes),
    cmocka_unit_test (posix_spawn_with_every_fd_in_use),
    cmocka_unit_test (error_closed_fd),
    cmocka_unit_test (error_negative_fd),
    cmocka_unit_test (error_not_a_cgroup),
    cmocka_unit_test (error_file_inside_cgroup2),
    cmocka_unit_test (error_cgroup_v1),
    cmocka_unit_test (error_removed_cgroup),
    cmocka_unit_test (error_domain_invalid),
    cmocka_unit_test (error_no_permission),
  };
  return cmocka_run_group_tests_name ("POSIX_SPAWN_SETCGROUP", tests,
                                      group_setup, group_teardown);
}
