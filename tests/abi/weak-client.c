/* A client written for glibc 2.39's API, as programs that also support
   older glibc are: overlay-mode includes; with -DWEAK_REFERENCES weak
   references tested for NULL at run time; with -DRUNTIME_LOOKUP the
   functions looked up with dlsym (RTLD_DEFAULT), as Rust's standard
   library does.  tests/abi/weak-client.sh links it in the ways
   pidfdspawn(7) describes and checks which implementation each way gets.
   It prints the file that defines the pidfd_spawnp and pidfd_getpid it
   called (from /proc/self/maps), e.g. "pidfd_spawnp: libpidfdspawn.so.0".
   Exit 0: spawned, got the right pid and status through the pidfd;
   2: the functions are not there (weak references left NULL); 1: failed.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#ifdef RUNTIME_LOOKUP
# include <dlfcn.h>
#endif
#include <spawn.h>
#include <stdint.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef WEAK_REFERENCES
# pragma weak pidfd_spawnp
# pragma weak pidfd_getpid
#endif

extern char **environ;

#ifdef RUNTIME_LOOKUP
typedef int spawnp_type (int *, const char *,
                         const posix_spawn_file_actions_t *,
                         const posix_spawnattr_t *, char *const[],
                         char *const[]);
typedef pid_t getpid_type (int);
static spawnp_type *spawnp_fn;
static getpid_type *getpid_fn;
#else
# define spawnp_fn pidfd_spawnp
# define getpid_fn pidfd_getpid
#endif

/* The base name of the file mapped at ADDRESS, from /proc/self/maps.  */
static const char *
defined_in (const void *address)
{
  static char names[2][256];
  static int next;
  char *name = names[next++ % 2];
  snprintf (name, sizeof names[0], "(unknown)");
  FILE *maps = fopen ("/proc/self/maps", "re");
  if (maps == NULL)
    return name;
  char line[4096];
  while (fgets (line, sizeof line, maps) != NULL)
    {
      unsigned long long start, end;
      int path_at = -1;
      if (sscanf (line, "%llx-%llx %*s %*s %*s %*s %n", &start, &end,
                  &path_at) < 2 || path_at < 0)
        continue;
      if ((uintptr_t) address < start || (uintptr_t) address >= end)
        continue;
      char *path = line + path_at;
      path[strcspn (path, "\n")] = '\0';
      const char *base = strrchr (path, '/');
      snprintf (name, sizeof names[0], "%s", base != NULL ? base + 1 : path);
      break;
    }
  fclose (maps);
  return name;
}

int
main (void)
{
  /* The child is the system's sh, which in a musl build is of another libc
     than a preloaded library: it must not inherit the preload.  */
  unsetenv ("LD_PRELOAD");
#ifdef RUNTIME_LOOKUP
  spawnp_fn = (spawnp_type *) dlsym (RTLD_DEFAULT, "pidfd_spawnp");
  getpid_fn = (getpid_type *) dlsym (RTLD_DEFAULT, "pidfd_getpid");
#endif
  if (spawnp_fn == NULL || getpid_fn == NULL)
    {
      printf ("pidfd_spawnp: %s, pidfd_getpid: %s\n",
              spawnp_fn == NULL ? "missing" : "found",
              getpid_fn == NULL ? "missing" : "found");
      return 2;
    }
  printf ("pidfd_spawnp: %s, pidfd_getpid: %s\n",
          defined_in ((const void *) (uintptr_t) spawnp_fn),
          defined_in ((const void *) (uintptr_t) getpid_fn));
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) "exit 5", NULL };
  int pidfd = -1;
  int error = spawnp_fn (&pidfd, "sh", NULL, NULL, argv, environ);
  if (error != 0)
    {
      printf ("pidfd_spawnp: %s\n", strerror (error));
      return 1;
    }
  pid_t pid = getpid_fn (pidfd);
  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid ((idtype_t) P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    {
      perror ("waitid (P_PIDFD)");
      return 1;
    }
  if (pid <= 0 || info.si_pid != pid || info.si_code != CLD_EXITED
      || info.si_status != 5)
    {
      printf ("pidfd_getpid said %ld; waitid: pid %ld, code %d, status %d\n",
              (long) pid, (long) info.si_pid, info.si_code, info.si_status);
      return 1;
    }
  printf ("spawned pid %ld through its pidfd: exit status 5\n", (long) pid);
  close (pidfd);
  return 0;
}
