/* cgroup-client CGROUP-DIR PROBE: a program written for glibc 2.39 that
   starts PROBE with posix_spawn in the cgroup CGROUP-DIR and prints the
   probe's "cgroup" line.  Built twice: against the libc alone (the library
   reaches it only through LD_PRELOAD) and linked with -lpidfdspawn.
   posix_spawnattr_setcgroup_np is a weak reference, as a program that
   looks it up at run time would have.
   Exit: 0 success; 3 setflags refused the flag (printed); 4 no
   posix_spawnattr_setcgroup_np; 5 the spawn failed; 1 anything else.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef POSIX_SPAWN_SETCGROUP
# define POSIX_SPAWN_SETCGROUP 0x100
#endif

extern char **environ;
extern int posix_spawnattr_setcgroup_np (posix_spawnattr_t *, int)
  __attribute__ ((weak));

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s CGROUP-DIR PROBE\n", argv[0]);
      return 1;
    }
  posix_spawnattr_t attr;
  posix_spawnattr_init (&attr);
  int r = posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETCGROUP);
  if (r != 0)
    {
      printf ("setflags %d (%s)\n", r, strerror (r));
      return 3;
    }
  /* Other flags still behave as the libc's.  */
  if (posix_spawnattr_setflags (&attr, 0x4000) != EINVAL)
    {
      printf ("setflags accepted 0x4000\n");
      return 1;
    }
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETCGROUP);
  if (posix_spawnattr_setcgroup_np == NULL)
    {
      printf ("no posix_spawnattr_setcgroup_np\n");
      return 4;
    }
  int cg = open (argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0)
    {
      perror (argv[1]);
      return 1;
    }
  posix_spawnattr_setcgroup_np (&attr, cg);

  int pipefd[2];
  if (pipe2 (pipefd, O_CLOEXEC) != 0)
    return 1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, pipefd[1], 1);
  char *child_argv[] = { argv[2], NULL };
  pid_t pid;
  r = posix_spawn (&pid, argv[2], &fa, &attr, child_argv, environ);
  close (pipefd[1]);
  posix_spawn_file_actions_destroy (&fa);
  posix_spawnattr_destroy (&attr);
  if (r != 0)
    {
      printf ("posix_spawn %d (%s)\n", r, strerror (r));
      return 5;
    }
  static char report[1 << 16];
  size_t used = 0;
  ssize_t n;
  while ((n = read (pipefd[0], report + used, sizeof report - 1 - used)) > 0)
    used += (size_t) n;
  report[used] = '\0';
  int status;
  if (waitpid (pid, &status, 0) != pid || !WIFEXITED (status)
      || WEXITSTATUS (status) != 0)
    return 1;
  const char *line = strstr (report, "\ncgroup ");
  if (line == NULL)
    return 1;
  line += 1;
  printf ("%.*s\n", (int) strcspn (line, "\n"), line);
  return 0;
}
