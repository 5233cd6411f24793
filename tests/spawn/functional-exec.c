/* pidfd_spawn exec failures.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

static void
exec_enoent (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  expect_fail (LIB_SPAWN, tmp_path ("no-such-program"), NULL, NULL, argv,
               ENOENT);
  expect_fail (LIB_SPAWN, "", NULL, NULL, argv, ENOENT);
}

static void
exec_enotdir (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  write_file (tmp_path ("plain"), "", 0644);
  expect_fail (LIB_SPAWN, tmp_path ("plain/prog"), NULL, NULL, argv, ENOTDIR);
}

static void
exec_eacces_not_executable (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  write_file (tmp_path ("not-exec"), "#!/bin/sh\nexit 0\n", 0644);
  expect_fail (LIB_SPAWN, tmp_path ("not-exec"), NULL, NULL, argv, EACCES);
}

static void
exec_eacces_directory (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  expect_fail (LIB_SPAWN, tmpdir, NULL, NULL, argv, EACCES);
}

static void
exec_enoexec (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  /* Executable, but neither ELF nor "#!": no retry with /bin/sh.  */
  write_file (tmp_path ("garbage"), "echo this is not a binary\n", 0755);
  expect_fail (LIB_SPAWN, tmp_path ("garbage"), NULL, NULL, argv, ENOEXEC);
}

static void
exec_e2big_argument (void **state)
{
  (void) state;
  skip_under_valgrind ("it ends a process whose execve fails after its "
                       "own checks (status 101): no E2BIG report can come");
  /* One string longer than the kernel's 32-page limit per string.  */
  size_t len = 256 * 1024;
  char *huge = malloc (len + 1);
  assert_non_null (huge);
  memset (huge, 'a', len);
  huge[len] = '\0';
  char *argv[] = { probe_argv0 (), huge, NULL };
  expect_fail (LIB_SPAWN, probe_path, NULL, NULL, argv, E2BIG);
  free (huge);
}

static void
exec_e2big_environment (void **state)
{
  (void) state;
  skip_under_valgrind ("it ends a process whose execve fails after its "
                       "own checks (status 101): no E2BIG report can come");
  /* 9.6 MB: more than the kernel's argument space, a quarter of the
     stack limit and never more than 6 MiB.  */
  enum { COUNT = 96, LEN = 100 * 1024 };
  char **envp = calloc (COUNT + 1, sizeof *envp);
  assert_non_null (envp);
  for (int i = 0; i < COUNT; ++i)
    {
      envp[i] = malloc (LEN);
      assert_non_null (envp[i]);
      memset (envp[i], 'e', LEN - 1);
      envp[i][0] = 'V';
      envp[i][1] = '=';
      envp[i][LEN - 1] = '\0';
    }
  char *argv[] = { probe_argv0 (), NULL };
  expect_fail_cmp (LIB_SPAWN, probe_path, NULL, NULL, argv, envp, E2BIG, 1);
  for (int i = 0; i < COUNT; ++i)
    free (envp[i]);
  free (envp);
}

static void
exec_enametoolong (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  char name[400];
  memset (name, 'n', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  expect_fail (LIB_SPAWN, tmp_path (name), NULL, NULL, argv, ENAMETOOLONG);

  /* A path longer than PATH_MAX made of short components.  */
  size_t len = PATH_MAX + 100;
  char *path = malloc (len + 1);
  assert_non_null (path);
  for (size_t i = 0; i < len; i += 2)
    {
      path[i] = '/';
      path[i + 1] = 'd';
    }
  path[len] = '\0';
  expect_fail (LIB_SPAWN, path, NULL, NULL, argv, ENAMETOOLONG);
  free (path);
}

static void
exec_failure_with_attributes (void **state)
{
  (void) state;
  char *argv[] = { (char *) "x", NULL };
  posix_spawnattr_t attr;
  attr_with (&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK
                    | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_USEVFORK
                    | POSIX_SPAWN_RESETIDS);
  sigset_t set;
  sigfillset (&set);
  posix_spawnattr_setsigmask (&attr, &set);
  posix_spawnattr_setsigdefault (&attr, &set);
  expect_fail (LIB_SPAWN, tmp_path ("no-such-program"), NULL, &attr, argv,
               ENOENT);
  posix_spawnattr_destroy (&attr);
}

/* The group, run by main (functional-main.c).  */
int
functional_exec_failures (void)
{
  const struct CMUnitTest exec_failures[] = {
    cmocka_unit_test (exec_enoent),
    cmocka_unit_test (exec_enotdir),
    cmocka_unit_test (exec_eacces_not_executable),
    cmocka_unit_test (exec_eacces_directory),
    cmocka_unit_test (exec_enoexec),
    cmocka_unit_test (exec_e2big_argument),
    cmocka_unit_test (exec_e2big_environment),
    cmocka_unit_test (exec_enametoolong),
    cmocka_unit_test (exec_failure_with_attributes),
  };
  return cmocka_run_group_tests_name ("pidfd_spawn exec failures", exec_failures, NULL, NULL);
}
