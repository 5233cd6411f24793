/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include "test-util.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#ifdef __GLIBC__
# include <gnu/lib-names.h>
#endif

#include "compat/linux_clone.h"

void
test_own_path (void)
{
  if (setenv ("PATH", TEST_PATH, 1) != 0)
    abort ();
}

const char *
test_program_path (const char *name)
{
  static char path[PATH_MAX + 64];
  const char *top = getenv ("top_builddir");
  if (top != NULL)
    snprintf (path, sizeof path, "%.*s/tests/%s", PATH_MAX, top, name);
  else
    {
      char self[PATH_MAX];
      ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
      if (n < 0)
        n = 0;
      self[n] = '\0';
      /* The program runs from tests/DIR/: NAME is relative to tests/.  */
      for (int up = 0; up < 2; ++up)
        {
          char *slash = strrchr (self, '/');
          if (slash != NULL)
            *slash = '\0';
        }
      snprintf (path, sizeof path, "%.*s/%s", PATH_MAX, self, name);
    }
  return path;
}

static int
compare_ints (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

void
fd_snapshot_take (struct fd_snapshot *snapshot)
{
  snapshot->count = 0;
  DIR *dir = opendir ("/proc/self/fd");
  if (dir == NULL)
    {
      /* No procfs: probe each descriptor up to a bound.  */
      for (int fd = 0; fd < 4096 && snapshot->count < 4096; ++fd)
        if (fcntl (fd, F_GETFD) >= 0)
          snapshot->fds[snapshot->count++] = fd;
      return;
    }
  int own = dirfd (dir);
  struct dirent *entry;
  while ((entry = readdir (dir)) != NULL && snapshot->count < 4096)
    {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
        continue;
      int fd = atoi (entry->d_name);
      if (fd != own)
        snapshot->fds[snapshot->count++] = fd;
    }
  closedir (dir);
  qsort (snapshot->fds, (size_t) snapshot->count, sizeof (int), compare_ints);
}

int
fd_snapshot_equal (const struct fd_snapshot *a, const struct fd_snapshot *b)
{
  if (a->count != b->count)
    return 0;
  return memcmp (a->fds, b->fds, sizeof (int) * (size_t) a->count) == 0;
}

int
count_children (void)
{
  DIR *tasks = opendir ("/proc/self/task");
  if (tasks == NULL)
    return -1;
  int total = 0;
  struct dirent *entry;
  while ((entry = readdir (tasks)) != NULL)
    {
      if (entry->d_name[0] == '.')
        continue;
      char path[PATH_MAX];
      snprintf (path, sizeof path, "/proc/self/task/%s/children", entry->d_name);
      FILE *f = fopen (path, "re");
      if (f == NULL && errno == ENOENT)
        continue; /* a thread that ended since readdir: no children */
      if (f == NULL)
        {
          closedir (tasks);
          return -1;
        }
      int pid;
      while (fscanf (f, "%d", &pid) == 1)
        ++total;
      fclose (f);
    }
  closedir (tasks);
  return total;
}

int
wait_pidfd (int pidfd, siginfo_t *info)
{
  memset (info, 0, sizeof *info);
  return waitid ((idtype_t) P_PIDFD, (id_t) pidfd, info, WEXITED);
}

int
run_in_child (int (*fn) (const void *), const void *arg)
{
  fflush (NULL);
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      int r = fn (arg);
      fflush (NULL);
      _exit (r);
    }
  int status;
  assert_int_equal (waitpid (pid, &status, 0), pid);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}

void
expect_child_success (int status)
{
  if (status == TEST_SKIP_STATUS)
    skip ();
  if (status != 0)
    print_error ("child reported %d failure(s) (or a signal, 128+)\n", status);
  assert_int_equal (status, 0);
}

int
cgroup2_mount (char *point, size_t point_size, char *root, size_t root_size)
{
  FILE *f = fopen ("/proc/self/mountinfo", "re");
  if (f == NULL)
    return -1;
  char line[4096];
  int found = -1;
  while (found < 0 && fgets (line, sizeof line, f) != NULL)
    {
      /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS... - FSTYPE SOURCE ... */
      char r[PATH_MAX], p[PATH_MAX];
      if (sscanf (line, "%*s %*s %*s %4095s %4095s", r, p) != 2)
        continue;
      const char *sep = strstr (line, " - ");
      if (sep == NULL || strncmp (sep + 3, "cgroup2 ", 8) != 0)
        continue;
      if ((size_t) snprintf (point, point_size, "%s", p) >= point_size
          || (size_t) snprintf (root, root_size, "%s",
                                strcmp (r, "/") == 0 ? "" : r)
               >= root_size)
        break;
      found = 0;
    }
  fclose (f);
  return found;
}

const char *
errno_name (int e)
{
  /* Never NULL, so that it can go straight into a %s: musl's printf does
     not print "(null)".  0 reads "0".  */
  if (e == 0)
    return "0";
#ifdef HAVE_STRERRORNAME_NP
  const char *name = strerrorname_np (e);
  return name != NULL ? name : "E?";
#else
# define NAME(x) case x: return #x
  switch (e)
    {
      NAME (EPERM); NAME (ENOENT); NAME (ESRCH); NAME (EINTR); NAME (EIO);
      NAME (ENXIO); NAME (E2BIG); NAME (ENOEXEC); NAME (EBADF);
      NAME (ECHILD); NAME (EAGAIN); NAME (ENOMEM); NAME (EACCES);
      NAME (EFAULT); NAME (EBUSY); NAME (EEXIST); NAME (ENOTDIR);
      NAME (EISDIR); NAME (EINVAL); NAME (ENFILE); NAME (EMFILE);
      NAME (ENOTTY); NAME (ETXTBSY); NAME (ENOSPC); NAME (EPIPE);
      NAME (ERANGE); NAME (ENAMETOOLONG); NAME (ENOSYS); NAME (ELOOP);
      NAME (EREMOTE); NAME (EOPNOTSUPP); NAME (ETIMEDOUT); NAME (ESTALE);
      NAME (ENODEV); NAME (EOVERFLOW);
    default:
      return "E?";
    }
# undef NAME
#endif
}

void *
libc_own_symbol (const char *name)
{
#ifdef __GLIBC__
  /* The libc is loaded already; its handle's scope is the libc and the
     dynamic loader, never the program or this library.  */
  void *libc = dlopen (LIBC_SO, RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
  if (libc == NULL)
    return NULL;
  void *found = dlsym (libc, name);
  dlclose (libc);
  return found;
#else
  (void) name;
  return NULL;
#endif
}

int
running_under_valgrind (void)
{
  /* valgrind preloads its own vgpreload_*.so into every program it runs.  */
  const char *preload = getenv ("LD_PRELOAD");
  return preload != NULL && strstr (preload, "/vgpreload_") != NULL;
}
