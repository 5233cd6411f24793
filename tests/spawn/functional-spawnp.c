/* pidfd_spawnp PATH search.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#define _GNU_SOURCE
#include "functional.h"

static char *saved_path;
static int saved_path_set;
static char saved_cwd[PATH_MAX];

static int
spawnp_setup (void **state)
{
  (void) state;
  const char *path = getenv ("PATH");
  saved_path_set = path != NULL;
  saved_path = path != NULL ? strdup (path) : NULL;
  if (getcwd (saved_cwd, sizeof saved_cwd) == NULL)
    return -1;
  char dir[PATH_MAX];
  static const char *const dirs[] = { "pa", "pb", "pc", "pd", "cwd" };
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; ++i)
    {
      snprintf (dir, sizeof dir, "%s/%s", tmpdir, dirs[i]);
      mkdir (dir, 0755);
    }
  write_file (tmp_path ("pa/prog"), "#!/bin/sh\nexit 11\n", 0644);
  write_file (tmp_path ("pb/prog"), "#!/bin/sh\nexit 12\n", 0755);
  write_file (tmp_path ("pc/prog"), "not a program at all\n", 0755);
  write_file (tmp_path ("pd/only-here"), "#!/bin/sh\nexit 14\n", 0755);
  mkdir (tmp_path ("pd/sub"), 0755);
  write_file (tmp_path ("pd/sub/prog"), "#!/bin/sh\nexit 15\n", 0755);
  write_file (tmp_path ("cwd/prog"), "#!/bin/sh\nexit 13\n", 0755);
  return 0;
}

static int
spawnp_teardown (void **state)
{
  (void) state;
  if (saved_path_set)
    setenv ("PATH", saved_path, 1);
  else
    unsetenv ("PATH");
  free (saved_path);
  return chdir (saved_cwd);
}

/* Each test starts in TMPDIR/cwd with PATH as given (NULL: unset).  */
static void
spawnp_env (const char *path)
{
  assert_int_equal (chdir (tmp_path ("cwd")), 0);
  if (path != NULL)
    setenv ("PATH", path, 1);
  else
    unsetenv ("PATH");
}

static void
spawnp_restore (void)
{
  if (saved_path_set)
    setenv ("PATH", saved_path, 1);
  else
    unsetenv ("PATH");
  assert_int_equal (chdir (saved_cwd), 0);
}

/* Runs NAME through pidfd_spawnp and returns its exit status, checking the
   host's posix_spawnp agrees when it works here.  */
static int
spawnp_status (const char *name, char *const envp[])
{
  char *argv[] = { (char *) name, NULL };
  int pidfd = -1;
  errno = ERRNO_SENTINEL;
  int rc = pidfd_spawnp (&pidfd, name, NULL, NULL, argv, envp);
  if (rc != 0)
    fail_msg ("pidfd_spawnp (%s): %s", name, strerror (rc));
  check_rung_used ();
  int status = reap_pidfd (pidfd);
  close (pidfd);
  assert_true ((status & 0x7f) == 0);
  if (host_spawn_works)
    {
      pid_t pid;
      int host = posix_spawnp (&pid, name, NULL, NULL, argv, envp);
      assert_int_equal (host, 0);
      int host_status;
      waitpid (pid, &host_status, 0);
      assert_int_equal (host_status, status);
    }
  return status >> 8;
}

static void
spawnp_expect_fail (const char *name, int expected)
{
  char *argv[] = { (char *) name, NULL };
  expect_fail (LIB_SPAWNP, name, NULL, NULL, argv, expected);
}

static void
spawnp_unset_path_uses_default (void **state)
{
  (void) state;
  spawnp_env (NULL);
  /* "/bin:/usr/bin": true is found, the cwd is not searched.  */
  int status = spawnp_status ("true", default_env);
  spawnp_expect_fail ("prog", ENOENT);
  spawnp_restore ();
  assert_int_equal (status, 0);
}

static void
spawnp_empty_entries_mean_cwd (void **state)
{
  (void) state;
  const char *paths[] = { ":/nonexistent", "/nonexistent:", "/nonexistent::/x",
                          "" };
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; ++i)
    {
      spawnp_env (paths[i]);
      int status = spawnp_status ("prog", default_env);
      spawnp_restore ();
      if (status != 13)
        fail_msg ("PATH=\"%s\": exit %d, expected 13 (cwd/prog)", paths[i],
                  status);
    }
}

static void
spawnp_first_found_wins (void **state)
{
  (void) state;
  char path[2 * PATH_MAX + 2];
  snprintf (path, sizeof path, "%s:%s", tmp_path ("pb"), tmp_path ("cwd"));
  spawnp_env (path);
  int first = spawnp_status ("prog", default_env);
  snprintf (path, sizeof path, "%s:%s", tmp_path ("cwd"), tmp_path ("pb"));
  setenv ("PATH", path, 1);
  int second = spawnp_status ("prog", default_env);
  spawnp_restore ();
  assert_int_equal (first, 12);
  assert_int_equal (second, 13);
}

static void
spawnp_eacces_then_found (void **state)
{
  (void) state;
  char path[3 * PATH_MAX];
  snprintf (path, sizeof path, "/nonexistent:/etc/passwd:%s:%s",
            tmp_path ("pa"), tmp_path ("pb"));
  spawnp_env (path);
  int status = spawnp_status ("prog", default_env);
  spawnp_restore ();
  assert_int_equal (status, 12);
}

static void
spawnp_eacces_remembered (void **state)
{
  (void) state;
  char path[3 * PATH_MAX];
  snprintf (path, sizeof path, "%s:/nonexistent:%s", tmp_path ("pa"),
            tmp_path ("pd"));
  spawnp_env (path);
  spawnp_expect_fail ("prog", EACCES);
  spawnp_restore ();
}

static void
spawnp_not_found (void **state)
{
  (void) state;
  char path[3 * PATH_MAX];
  snprintf (path, sizeof path, "/nonexistent:%s", tmp_path ("pd"));
  spawnp_env (path);
  spawnp_expect_fail ("no-such-program-anywhere", ENOENT);
  spawnp_expect_fail ("", ENOENT);
  spawnp_restore ();
}

static void
spawnp_enoexec_stops_search (void **state)
{
  (void) state;
  char path[3 * PATH_MAX];
  snprintf (path, sizeof path, "%s:%s", tmp_path ("pc"), tmp_path ("pb"));
  spawnp_env (path);
  spawnp_expect_fail ("prog", ENOEXEC);
  spawnp_restore ();
}

static void
spawnp_slash_means_no_search (void **state)
{
  (void) state;
  spawnp_env (tmp_path ("pd"));
  int here = spawnp_status ("./prog", default_env);
  /* pd/sub/prog exists, but "sub/prog" is relative to the cwd.  */
  spawnp_expect_fail ("sub/prog", ENOENT);
  int absolute = spawnp_status (tmp_path ("pb/prog"), default_env);
  spawnp_restore ();
  assert_int_equal (here, 13);
  assert_int_equal (absolute, 12);
}

static void
spawnp_path_from_caller_not_envp (void **state)
{
  (void) state;
  /* Found through our PATH although envp's PATH does not have it.  */
  char *bad[] = { (char *) "PATH=/nonexistent", NULL };
  spawnp_env (tmp_path ("pd"));
  int status = spawnp_status ("only-here", bad);
  /* Not found through envp's PATH when ours does not have it.  */
  char envpath[PATH_MAX + 8];
  snprintf (envpath, sizeof envpath, "PATH=%s", tmp_path ("pd"));
  char *good[] = { envpath, NULL };
  char *argv[] = { (char *) "only-here", NULL };
  setenv ("PATH", "/nonexistent", 1);
  expect_fail_cmp (LIB_SPAWNP, "only-here", NULL, NULL, argv, good, ENOENT, 1);
  spawnp_restore ();
  assert_int_equal (status, 14);
}

static void
spawnp_name_too_long (void **state)
{
  (void) state;
  char name[NAME_MAX + 2];
  memset (name, 'q', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  spawnp_env (tmp_path ("pd"));
  spawnp_expect_fail (name, ENAMETOOLONG);
  spawnp_restore ();
}

static void
spawnp_reports_probe (void **state)
{
  (void) state;
  /* The full probe through a PATH search: argv[0] is the name given.  */
  char dir[PATH_MAX];
  snprintf (dir, sizeof dir, "%s", probe_path);
  *strrchr (dir, '/') = '\0';
  spawnp_env (dir);
  char *argv[] = { (char *) "probe", (char *) "arg", NULL };
  struct probe_run run;
  struct report r;
  probe_begin (&run);
  int rc = probe_spawn_with (LIB_SPAWNP, &run, "probe", NULL, argv,
                             default_env, &r);
  spawnp_restore ();
  assert_int_equal (rc, 0);
  assert_string_equal (rget (&r, "argv0"), "probe");
  assert_string_equal (rget (&r, "argv1"), "arg");
}

/* The group, run by main (functional-main.c).  */
int
functional_spawnp (void)
{
  const struct CMUnitTest spawnp[] = {
    cmocka_unit_test (spawnp_unset_path_uses_default),
    cmocka_unit_test (spawnp_empty_entries_mean_cwd),
    cmocka_unit_test (spawnp_first_found_wins),
    cmocka_unit_test (spawnp_eacces_then_found),
    cmocka_unit_test (spawnp_eacces_remembered),
    cmocka_unit_test (spawnp_not_found),
    cmocka_unit_test (spawnp_enoexec_stops_search),
    cmocka_unit_test (spawnp_slash_means_no_search),
    cmocka_unit_test (spawnp_path_from_caller_not_envp),
    cmocka_unit_test (spawnp_name_too_long),
    cmocka_unit_test (spawnp_reports_probe),
  };
  return cmocka_run_group_tests_name ("pidfd_spawnp PATH search", spawnp, spawnp_setup, spawnp_teardown);
}
