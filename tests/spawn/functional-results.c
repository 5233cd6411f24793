/* pidfd_spawn results: the pidfd, the pid, the exit status.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

static void
result_pidfd_and_pid (void **state)
{
  (void) state;
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  /* probe_spawn checks FD_CLOEXEC, pidfd_getpid == reported pid, ppid,
     exit status 0.  */
  assert_int_equal (probe_spawn (&run, NULL, &r), 0);
  assert_int_equal (rnum (&r, "argc"), 1);
  assert_string_equal (rget (&r, "argv0"), probe_path);
}

static void
result_exit_status (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), (char *) "--exit", (char *) "42", NULL };
  int pidfd = -1;
  assert_int_equal (pidfd_spawn (&pidfd, probe_path, NULL, NULL, argv,
                                 default_env), 0);
  check_rung_used ();
  pid_t pid = pidfd_getpid (pidfd);
  assert_true (pid > 0);
  siginfo_t info;
  assert_int_equal (wait_pidfd (pidfd, &info), 0);
  assert_int_equal (info.si_code, CLD_EXITED);
  assert_int_equal (info.si_status, 42);
  assert_int_equal (info.si_pid, pid);
  close (pidfd);
}

static void
result_pidfd_polls_on_exit (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), (char *) "--exit", (char *) "3", NULL };
  int pidfd = -1;
  assert_int_equal (pidfd_spawn (&pidfd, probe_path, NULL, NULL, argv,
                                 default_env), 0);
  check_rung_used ();
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  assert_int_equal (poll (&p, 1, 10000), 1);
  assert_true (p.revents & POLLIN);
  assert_int_equal (reap_pidfd (pidfd), 3 << 8);
  close (pidfd);
}

static void TEST_PASSES_NULL_TO_NONNULL
null_pidfd_common (enum spawner which)
{
  char *argv[] = { probe_argv0 (), (char *) "--exit", (char *) "7", NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int children = count_children ();
  int *volatile nowhere = NULL;
  int rc = which == LIB_SPAWN
           ? pidfd_spawn (nowhere, probe_path, NULL, NULL, argv, default_env)
           : pidfd_spawnp (nowhere, probe_path, NULL, NULL, argv, default_env);
  assert_int_equal (rc, 0);
  check_rung_used ();
  fd_snapshot_take (&after);
  /* No pidfd left open.  */
  assert_true (fd_snapshot_equal (&before, &after));
  int status;
  pid_t pid = waitpid (-1, &status, 0);
  assert_true (pid > 0);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), 7);
  assert_int_equal (count_children (), children);
}

static void
result_null_pidfd (void **state)
{
  (void) state;
  null_pidfd_common (LIB_SPAWN);
}

static void
result_null_pidfd_spawnp (void **state)
{
  (void) state;
  null_pidfd_common (LIB_SPAWNP);
}

static void
result_argv_envp_passed (void **state)
{
  (void) state;
  char *argv[] = { (char *) "zeroth", (char *) "", (char *) "two words",
                   (char *) "x=y", NULL };
  char *envp[] = { (char *) "A=1", (char *) "B=two words", (char *) "C=",
                   NULL };
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  assert_int_equal (probe_spawn_with (LIB_SPAWN, &run, probe_path, NULL, argv,
                                      envp, &r), 0);
  assert_int_equal (rnum (&r, "argc"), 4);
  assert_string_equal (rget (&r, "argv0"), "zeroth");
  assert_string_equal (rget (&r, "argv1"), "");
  assert_string_equal (rget (&r, "argv2"), "two words");
  assert_string_equal (rget (&r, "argv3"), "x=y");
  assert_int_equal (rnum (&r, "envc"), 3);
  assert_string_equal (rget (&r, "env0"), "A=1");
  assert_string_equal (rget (&r, "env1"), "B=two words");
  assert_string_equal (rget (&r, "env2"), "C=");
}

static void
result_null_envp_like_host (void **state)
{
  (void) state;
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn_with (LIB_SPAWN, &run, NULL, NULL, NULL, NULL, &r);
  if (!host_spawn_works)
    {
      assert_int_equal (rc, 0);
      assert_int_equal (rnum (&r, "envc"), 0);
      return;
    }
  struct report h;
  probe_begin (&run);
  int host = probe_spawn_with (HOST_SPAWN, &run, NULL, NULL, NULL, NULL, &h);
  assert_int_equal (rc, host);
  if (rc == 0)
    assert_int_equal (rnum (&r, "envc"), rnum (&h, "envc"));
}

static void
result_many_spawns_leak_nothing (void **state)
{
  (void) state;
  char *argv[] = { probe_argv0 (), (char *) "--exit", (char *) "0", NULL };
  struct fd_snapshot before, after;
  fd_snapshot_take (&before);
  int children = count_children ();
  for (int i = 0; i < 64; ++i)
    {
      int pidfd = -1;
      assert_int_equal (pidfd_spawn (&pidfd, probe_path, NULL, NULL, argv,
                                     default_env), 0);
      check_rung_used ();
      assert_int_equal (reap_pidfd (pidfd), 0);
      close (pidfd);
    }
  fd_snapshot_take (&after);
  assert_true (fd_snapshot_equal (&before, &after));
  assert_int_equal (count_children (), children);
}

static void
result_parent_cloexec_fds_not_inherited (void **state)
{
  (void) state;
  int keep = open_at ("/dev/null", O_RDONLY, unused_fd (40), 0);
  int gone = open_at ("/dev/null", O_RDONLY, unused_fd (keep + 1), 1);
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int read_end = run.out[0];
  int rc = probe_spawn (&run, NULL, &r);
  close (keep);
  close (gone);
  assert_int_equal (rc, 0);
  assert_string_equal (rfd (&r, keep, "path"), "/dev/null");
  assert_string_equal (rfd (&r, keep, "cloexec"), "0");
  assert_null (rfd (&r, gone, "path"));
  /* The report pipe's read end (close-on-exec) is not there either.  */
  assert_null (rfd (&r, read_end, "path"));
}

/* The group, run by main (functional-main.c).  */
int
functional_results (void)
{
  const struct CMUnitTest results[] = {
    cmocka_unit_test (result_pidfd_and_pid),
    cmocka_unit_test (result_exit_status),
    cmocka_unit_test (result_pidfd_polls_on_exit),
    cmocka_unit_test (result_null_pidfd),
    cmocka_unit_test (result_null_pidfd_spawnp),
    cmocka_unit_test (result_argv_envp_passed),
    cmocka_unit_test (result_null_envp_like_host),
    cmocka_unit_test (result_many_spawns_leak_nothing),
    cmocka_unit_test (result_parent_cloexec_fds_not_inherited),
  };
  return cmocka_run_group_tests_name ("pidfd_spawn results", results, NULL, NULL);
}
