/* pidfd_spawn file actions.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

static void
fa_open_create_append (void **state)
{
  (void) state;
  const char *file = tmp_path ("created");
  unlink (file);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, 5, file,
                                    O_WRONLY | O_CREAT | O_APPEND, 0640);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rfd (&r, 5, "path"), file);
  assert_string_equal (rfd (&r, 5, "mode"), "wronly");
  assert_string_equal (rfd (&r, 5, "append"), "1");
  assert_string_equal (rfd (&r, 5, "nonblock"), "0");
  assert_string_equal (rfd (&r, 5, "cloexec"), "0");
  assert_string_equal (rfd (&r, 5, "offset"), "0");
  struct stat st;
  assert_int_equal (stat (file, &st), 0);
  mode_t mask = umask (0);
  umask (mask);
  assert_int_equal (st.st_mode & 07777, 0640 & ~mask);
}

static void
fa_open_rdwr_nonblock_trunc (void **state)
{
  (void) state;
  const char *file = tmp_path ("truncated");
  write_file (file, "some content", 0600);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, 6, file,
                                    O_RDWR | O_NONBLOCK | O_TRUNC, 0);
  posix_spawn_file_actions_addopen (&run.fa, 7, "/dev/null", O_RDONLY, 0);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rfd (&r, 6, "mode"), "rdwr");
  assert_string_equal (rfd (&r, 6, "nonblock"), "1");
  assert_string_equal (rfd (&r, 6, "append"), "0");
  assert_string_equal (rfd (&r, 7, "mode"), "rdonly");
  assert_string_equal (rfd (&r, 7, "path"), "/dev/null");
  struct stat st;
  assert_int_equal (stat (file, &st), 0);
  assert_int_equal (st.st_size, 0);
}

static void
fa_open_replaces_open_fd (void **state)
{
  (void) state;
  const char *file = tmp_path ("replacement");
  write_file (file, "x", 0600);
  int fd = open_at ("/dev/null", O_RDONLY, unused_fd (30), 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, fd, file, O_RDONLY, 0);
  int rc = probe_spawn (&run, NULL, &r);
  /* Ours untouched.  */
  char link[64], target[PATH_MAX];
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink (link, target, sizeof target - 1);
  close (fd);
  assert_int_equal (rc, 0);
  assert_true (n > 0);
  target[n] = '\0';
  assert_string_equal (target, "/dev/null");
  assert_string_equal (rfd (&r, fd, "path"), file);
  assert_string_equal (rfd (&r, fd, "cloexec"), "0");
}

static void
fa_offset_shared_with_parent (void **state)
{
  (void) state;
  const char *file = tmp_path ("offset");
  write_file (file, "0123456789", 0600);
  int fd = open (file, O_RDONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  assert_int_equal (lseek (fd, 3, SEEK_SET), 3);
  int target = unused_fd (fd + 1);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_adddup2 (&run.fa, fd, target);
  posix_spawn_file_actions_addopen (&run.fa, target + 1, file, O_RDONLY, 0);
  int rc = probe_spawn (&run, NULL, &r);
  close (fd);
  assert_int_equal (rc, 0);
  assert_string_equal (rfd (&r, target, "offset"), "3");
  assert_string_equal (rfd (&r, target + 1, "offset"), "0");
  assert_null (rfd (&r, fd, "path"));
}

static void
fa_open_failures (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, 5, "/nonexistent/dir/file",
                                    O_WRONLY | O_CREAT, 0600);
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, ENOENT);
  posix_spawn_file_actions_destroy (&fa);

  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, 5, tmpdir, O_WRONLY, 0);
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, EISDIR);
  posix_spawn_file_actions_destroy (&fa);

  /* A later action fails after earlier ones succeeded.  */
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, 5, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&fa, 5, 6);
  posix_spawn_file_actions_addopen (&fa, 7, tmp_path ("no-such-file"),
                                    O_RDONLY, 0);
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, ENOENT);
  posix_spawn_file_actions_destroy (&fa);
}

static void
fa_dup2 (void **state)
{
  (void) state;
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  int target = unused_fd (fd + 1);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_adddup2 (&run.fa, fd, target);
  int rc = probe_spawn (&run, NULL, &r);
  close (fd);
  assert_int_equal (rc, 0);
  assert_string_equal (rfd (&r, target, "path"), "/dev/null");
  assert_string_equal (rfd (&r, target, "cloexec"), "0");
  assert_null (rfd (&r, fd, "path"));
}

static void
fa_dup2_same_fd_clears_cloexec (void **state)
{
  (void) state;
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  assert_true (fd >= 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_adddup2 (&run.fa, fd, fd);
  int rc = probe_spawn (&run, NULL, &r);
  int flags = fcntl (fd, F_GETFD);
  close (fd);
  assert_int_equal (rc, 0);
  assert_true (flags & FD_CLOEXEC); /* ours unchanged */
  assert_string_equal (rfd (&r, fd, "path"), "/dev/null");
  assert_string_equal (rfd (&r, fd, "cloexec"), "0");
}

static void
fa_dup2_bad_source (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, unused_fd (900), 5);
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, EBADF);
  posix_spawn_file_actions_destroy (&fa);
}

static void
fa_close_open_fd (void **state)
{
  (void) state;
  int fd = open_at ("/dev/null", O_RDONLY, unused_fd (50), 0);
  int other = open_at ("/dev/null", O_RDONLY, unused_fd (fd + 1), 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addclose (&run.fa, fd);
  int rc = probe_spawn (&run, NULL, &r);
  int still = fcntl (fd, F_GETFD);
  close (fd);
  close (other);
  assert_int_equal (rc, 0);
  assert_true (still >= 0);
  assert_null (rfd (&r, fd, "path"));
  assert_string_equal (rfd (&r, other, "path"), "/dev/null");
}

static void
fa_close_unopened_fd (void **state)
{
  (void) state;
  int fd = unused_fd (800);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addclose (&run.fa, fd);
  posix_spawn_file_actions_addclose (&run.fa, fd);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_null (rfd (&r, fd, "path"));
}

static int
setup_low_nofile (void *ctx)
{
  (void) ctx;
  struct rlimit rl = { 64, 64 };
  return setrlimit (RLIMIT_NOFILE, &rl);
}

static void
fa_close_out_of_range (void **state)
{
  (void) state;
  skip_under_valgrind ("it refuses the lower RLIMIT_NOFILE hard limit the "
                       "test sets");
  struct rlimit rl;
  getrlimit (RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur <= 900)
    skip_because ("RLIMIT_NOFILE is 900 or less: fd 900 cannot be valid");
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  /* Valid when added; out of range once the fork lowers its limit.  */
  assert_int_equal (posix_spawn_file_actions_addclose (&run.fa, 900), 0);
#ifndef __GLIBC__
  /* musl's child ignores every close error: its posix_spawn succeeds.
     pidfd_spawn keeps glibc's EBADF (doc/compatibility.md, "Differences from glibc").  */
  host_differs_with = 0;
#endif
  int rc = probe_spawn_forked (&run, NULL, setup_low_nofile, NULL, &r);
  host_differs_with = -1;
  assert_int_equal (rc, EBADF);
}

static void
fa_order_matters (void **state)
{
  (void) state;
  const char *a = tmp_path ("order-a");
  const char *b = tmp_path ("order-b");
  write_file (a, "a", 0600);
  write_file (b, "b", 0600);
  int base = unused_fd (60);
  struct probe_run run;
  struct report r;

  /* open 60 = a; dup2 60 -> 61; close 60.  */
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, base, a, O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&run.fa, base, base + 1);
  posix_spawn_file_actions_addclose (&run.fa, base);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_null (rfd (&r, base, "path"));
  assert_string_equal (rfd (&r, base + 1, "path"), a);

  /* dup2 then open over it: the open wins.  */
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, base, a, O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&run.fa, base, base + 1);
  posix_spawn_file_actions_addopen (&run.fa, base + 1, b, O_RDONLY, 0);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rfd (&r, base, "path"), a);
  assert_string_equal (rfd (&r, base + 1, "path"), b);

  /* open then dup2 over it: the dup2 wins.  */
  probe_begin (&run);
  posix_spawn_file_actions_addopen (&run.fa, base, a, O_RDONLY, 0);
  posix_spawn_file_actions_addopen (&run.fa, base + 1, b, O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&run.fa, base, base + 1);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rfd (&r, base + 1, "path"), a);
}

static void
fa_chdir (void **state)
{
  (void) state;
  char cwd[PATH_MAX];
  assert_non_null (getcwd (cwd, sizeof cwd));
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addchdir_np (&run.fa, tmpdir);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rget (&r, "cwd"), tmpdir);
  char now[PATH_MAX];
  assert_non_null (getcwd (now, sizeof now));
  assert_string_equal (now, cwd);
}

static void
fa_chdir_relative_then_open (void **state)
{
  (void) state;
  mkdir (tmp_path ("sub"), 0755);
  unlink (tmp_path ("sub/made-here"));
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addchdir_np (&run.fa, tmpdir);
  posix_spawn_file_actions_addchdir_np (&run.fa, "sub");
  posix_spawn_file_actions_addopen (&run.fa, 5, "made-here",
                                    O_WRONLY | O_CREAT, 0600);
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_string_equal (rget (&r, "cwd"), tmp_path ("sub"));
  assert_string_equal (rfd (&r, 5, "path"), tmp_path ("sub/made-here"));
  assert_int_equal (access (tmp_path ("sub/made-here"), F_OK), 0);
}

static void
fa_chdir_failures (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), NULL };
  write_file (tmp_path ("plain"), "", 0644);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addchdir_np (&fa, tmp_path ("missing-dir"));
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, ENOENT);
  posix_spawn_file_actions_destroy (&fa);

  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addchdir_np (&fa, tmp_path ("plain"));
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, ENOTDIR);
  posix_spawn_file_actions_destroy (&fa);
}

static void
fa_fchdir (void **state)
{
  (void) state;
  int dir = open (tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (dir >= 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addfchdir_np (&run.fa, dir);
  int rc = probe_spawn (&run, NULL, &r);
  close (dir);
  assert_int_equal (rc, 0);
  assert_string_equal (rget (&r, "cwd"), tmpdir);
  assert_null (rfd (&r, dir, "path"));
}

static void
fa_fchdir_failures (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addfchdir_np (&fa, unused_fd (700));
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, EBADF);
  posix_spawn_file_actions_destroy (&fa);

  write_file (tmp_path ("plain"), "", 0644);
  int file = open (tmp_path ("plain"), O_RDONLY | O_CLOEXEC);
  assert_true (file >= 0);
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addfchdir_np (&fa, file);
  expect_fail (LIB_SPAWN, probe_path, &fa, NULL, argv, ENOTDIR);
  posix_spawn_file_actions_destroy (&fa);
  close (file);
}

static void
fa_closefrom (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addclosefrom_np");
#else
  int low = open_at ("/dev/null", O_RDONLY, unused_fd (20), 0);
  int mid = open_at ("/dev/null", O_RDONLY, unused_fd (low + 1), 0);
  int high = open_at ("/dev/null", O_RDONLY, unused_fd (mid + 200), 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  fa_added (test_fa_addclosefrom (&run.fa, mid), TEST_FA_CLOSEFROM_MISSING);
  int rc = probe_spawn (&run, NULL, &r);
  int kept = fcntl (mid, F_GETFD) >= 0 && fcntl (high, F_GETFD) >= 0;
  close (low);
  close (mid);
  close (high);
  assert_int_equal (rc, 0);
  assert_true (kept);
  assert_string_equal (rfd (&r, low, "path"), "/dev/null");
  assert_null (rfd (&r, mid, "path"));
  assert_null (rfd (&r, high, "path"));
  assert_non_null (rfd (&r, 1, "path"));
  /* Nothing at or above MID survived.  */
  for (int fd = mid; fd < mid + 4096; ++fd)
    {
      char key[16];
      snprintf (key, sizeof key, "fd%d", fd);
      if (rget (&r, key) != NULL)
        fail_msg ("fd %d survived closefrom (%d)", fd, mid);
    }
#endif
}

static void
fa_closefrom_then_open (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addclosefrom_np");
#else
  int extra = open_at ("/dev/null", O_RDONLY, unused_fd (25), 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  fa_added (test_fa_addclosefrom (&run.fa, 3), TEST_FA_CLOSEFROM_MISSING);
  posix_spawn_file_actions_addopen (&run.fa, 4, "/dev/null", O_WRONLY, 0);
  int rc = probe_spawn (&run, NULL, &r);
  close (extra);
  assert_int_equal (rc, 0);
  assert_null (rfd (&r, 3, "path"));
  assert_null (rfd (&r, extra, "path"));
  assert_string_equal (rfd (&r, 4, "mode"), "wronly");
  /* Exactly 0..2 (whatever they are) and 4: fd1 is our pipe.  */
  int count = 0;
  for (const char *p = r.text; (p = strstr (p, "\nfd")) != NULL; ++p)
    ++count;
  int std = (rfd (&r, 0, "path") != NULL) + (rfd (&r, 2, "path") != NULL) + 1;
  assert_int_equal (count, std + 1);
#endif
}

static void
fa_closefrom_above_everything (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addclosefrom_np");
#else
  int fd = open_at ("/dev/null", O_RDONLY, unused_fd (20), 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  /* Above every open fd, and below RLIMIT_NOFILE (often 1024): the libc
     refuses fds beyond it with EBADF.  */
  const int above = (int) sysconf (_SC_OPEN_MAX) - 1;
  assert_true (above > fd);
  fa_added (test_fa_addclosefrom (&run.fa, above),
            TEST_FA_CLOSEFROM_MISSING);
  int rc = probe_spawn (&run, NULL, &r);
  close (fd);
  assert_int_equal (rc, 0);
  assert_string_equal (rfd (&r, fd, "path"), "/dev/null");
#endif
}

static void
fa_exec_failure_after_closefrom (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addclosefrom_np");
#else
  /* Whatever carries the error back must survive closefrom.  */
  char *argv[] = { (char *) "x", NULL };
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  fa_added (test_fa_addclosefrom (&fa, 0), TEST_FA_CLOSEFROM_MISSING);
  /* The host's posix_spawn can only be compared with where it knows the
     action itself (glibc 2.34 and later).  */
  expect_fail_cmp (LIB_SPAWN, tmp_path ("does-not-exist"), &fa, NULL, argv,
                   default_env, ENOENT, test_fa_native_closefrom);
  posix_spawn_file_actions_destroy (&fa);
#endif
}

#ifdef __GLIBC__ /* helpers of the tcsetpgrp tests only */
struct pty
{
  int master;
  int slave;
};

static int
open_pty (struct pty *pty)
{
  pty->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->master < 0)
    return -1;
  if (grantpt (pty->master) != 0 || unlockpt (pty->master) != 0)
    {
      close (pty->master);
      return -1;
    }
  const char *name = ptsname (pty->master);
  pty->slave = name != NULL ? open (name, O_RDWR | O_NOCTTY) : -1;
  if (pty->slave < 0)
    {
      close (pty->master);
      return -1;
    }
  return 0;
}

/* In the fork: a new session with the pty as controlling terminal.  With
   CTX non-NULL, also a second process group made the foreground one (so
   that setting the caller's own group is visible).  */
static int
setup_controlling_tty (void *ctx)
{
  struct pty *pty = ctx;
  if (setsid () < 0 || ioctl (pty->slave, TIOCSCTTY, 0) != 0)
    return -1;
  return 0;
}

static int
setup_tty_other_foreground (void *ctx)
{
  struct pty *pty = ctx;
  if (setup_controlling_tty (ctx) != 0)
    return -1;
  const pid_t self = getpid ();
  pid_t other = fork ();
  if (other < 0)
    return -1;
  if (other == 0)
    {
      /* A parent that died before prctl sends no signal: ask.  */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () != self)
        _exit (0);
      setpgid (0, 0);
      for (;;)
        pause ();
    }
  setpgid (other, other);
  signal (SIGTTOU, SIG_IGN);
  if (tcsetpgrp (pty->slave, other) != 0)
    return -1;
  signal (SIGTTOU, SIG_DFL);
  return 0;
}

#endif

static void
fa_tcsetpgrp_new_group (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addtcsetpgrp_np");
#else
  struct pty pty;
  if (open_pty (&pty) != 0)
    skip_because ("no pseudo-terminal (posix_openpt)");
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup (&attr, 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  fa_added (test_fa_addtcsetpgrp (&run.fa, pty.slave),
            TEST_FA_TCSETPGRP_MISSING);
  int rc = probe_spawn_forked (&run, &attr, setup_controlling_tty, &pty, &r);
  posix_spawnattr_destroy (&attr);
  close (pty.slave);
  close (pty.master);
  assert_int_equal (rc, 0);
  char key[16];
  snprintf (key, sizeof key, "tcpgrp%d", pty.slave);
  assert_int_equal (rnum (&r, key), rnum (&r, "pid"));
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "pid"));
#endif
}

static void
fa_tcsetpgrp_callers_group (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addtcsetpgrp_np");
#else
  struct pty pty;
  if (open_pty (&pty) != 0)
    skip_because ("no pseudo-terminal (posix_openpt)");
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  fa_added (test_fa_addtcsetpgrp (&run.fa, pty.slave),
            TEST_FA_TCSETPGRP_MISSING);
  int rc = probe_spawn_forked (&run, NULL, setup_tty_other_foreground, &pty,
                               &r);
  close (pty.slave);
  close (pty.master);
  assert_int_equal (rc, 0);
  char key[16];
  snprintf (key, sizeof key, "tcpgrp%d", pty.slave);
  /* The spawning fork is a session leader: its group is its pid, which
     is the probe's parent and group.  */
  assert_int_equal (rnum (&r, key), rnum (&r, "ppid"));
  assert_int_equal (rnum (&r, "pgid"), rnum (&r, "ppid"));
#endif
}

static void
fa_tcsetpgrp_not_a_tty (void **state)
{
  (void) state;
#ifndef __GLIBC__
  skip_because ("musl has no posix_spawn_file_actions_addtcsetpgrp_np");
#else
  char *argv[] = { probe_argv0 (), NULL };
  int fd = open ("/dev/null", O_RDONLY);
  assert_true (fd >= 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  fa_added (test_fa_addtcsetpgrp (&fa, fd), TEST_FA_TCSETPGRP_MISSING);
  /* Compared with the host only where it knows the action (glibc 2.35).  */
  expect_fail_cmp (LIB_SPAWN, probe_path, &fa, NULL, argv, default_env,
                   ENOTTY, test_fa_native_tcsetpgrp);
  posix_spawn_file_actions_destroy (&fa);
  close (fd);
#endif
}

static void
fa_combined (void **state)
{
  (void) state;
  const char *file = tmp_path ("combined");
  unlink (file);
  int dir = open (tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int stray = open_at ("/dev/null", O_RDONLY, unused_fd (90), 0);
  assert_true (dir >= 0);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  posix_spawn_file_actions_addchdir_np (&run.fa, "/");
  posix_spawn_file_actions_addfchdir_np (&run.fa, dir);
  posix_spawn_file_actions_addopen (&run.fa, 8, "combined",
                                    O_RDWR | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2 (&run.fa, 8, 9);
  posix_spawn_file_actions_adddup2 (&run.fa, 9, 9);
  posix_spawn_file_actions_addclose (&run.fa, 8);
#ifdef __GLIBC__
  fa_added (test_fa_addclosefrom (&run.fa, 10), TEST_FA_CLOSEFROM_MISSING);
#else
  /* musl has no closefrom action: close the stray fd by name.  */
  posix_spawn_file_actions_addclose (&run.fa, stray);
#endif
  int rc = probe_spawn (&run, NULL, &r);
  close (dir);
  close (stray);
  assert_int_equal (rc, 0);
  assert_string_equal (rget (&r, "cwd"), tmpdir);
  assert_null (rfd (&r, 8, "path"));
  assert_string_equal (rfd (&r, 9, "path"), file);
  assert_string_equal (rfd (&r, 9, "mode"), "rdwr");
  assert_string_equal (rfd (&r, 9, "append"), "1");
  assert_null (rfd (&r, stray, "path"));
}

/* The group, run by main (functional-main.c).  */
int
functional_file_actions (void)
{
  const struct CMUnitTest file_actions[] = {
    cmocka_unit_test (fa_open_create_append),
    cmocka_unit_test (fa_open_rdwr_nonblock_trunc),
    cmocka_unit_test (fa_open_replaces_open_fd),
    cmocka_unit_test (fa_offset_shared_with_parent),
    cmocka_unit_test (fa_open_failures),
    cmocka_unit_test (fa_dup2),
    cmocka_unit_test (fa_dup2_same_fd_clears_cloexec),
    cmocka_unit_test (fa_dup2_bad_source),
    cmocka_unit_test (fa_close_open_fd),
    cmocka_unit_test (fa_close_unopened_fd),
    cmocka_unit_test (fa_close_out_of_range),
    cmocka_unit_test (fa_order_matters),
    cmocka_unit_test (fa_chdir),
    cmocka_unit_test (fa_chdir_relative_then_open),
    cmocka_unit_test (fa_chdir_failures),
    cmocka_unit_test (fa_fchdir),
    cmocka_unit_test (fa_fchdir_failures),
    cmocka_unit_test (fa_closefrom),
    cmocka_unit_test (fa_closefrom_then_open),
    cmocka_unit_test (fa_closefrom_above_everything),
    cmocka_unit_test (fa_exec_failure_after_closefrom),
    cmocka_unit_test (fa_tcsetpgrp_new_group),
    cmocka_unit_test (fa_tcsetpgrp_callers_group),
    cmocka_unit_test (fa_tcsetpgrp_not_a_tty),
    cmocka_unit_test (fa_combined),
  };
  return cmocka_run_group_tests_name ("pidfd_spawn file actions", file_actions, NULL, NULL);
}
