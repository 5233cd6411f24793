/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include "pid-reporter.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pidfdspawn/spawn.h>

extern char **environ;

static char self_exe[PATH_MAX];

void
pid_reporter_main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], PID_REPORTER_ARG) == 0)
    {
      pid_t pid = getpid ();
      _exit (write (PID_REPORT_FD, &pid, sizeof pid) == (ssize_t) sizeof pid
               ? 0 : 1);
    }
}

const char *
pid_reporter_self (void)
{
  if (self_exe[0] == '\0')
    {
      ssize_t n = readlink ("/proc/self/exe", self_exe, sizeof self_exe - 1);
      if (n <= 0)
        return NULL;
      self_exe[n] = '\0';
    }
  return self_exe;
}

void
pid_reporter_start_rung_suite (int argc, char **argv)
{
  pid_reporter_main (argc, argv);
  if (pid_reporter_self () == NULL)
    {
      fprintf (stderr, "readlink /proc/self/exe: %m\n");
      exit (1);
    }
  const char *rung = getenv ("PIDFDSPAWN_RUNG");
  printf ("[ RUNG     ] PIDFDSPAWN_RUNG=%s\n",
          rung != NULL ? rung : "(unset)");
}

int
report_pipe (int fds[2])
{
  int p[2];
  if (pipe2 (p, O_CLOEXEC) != 0)
    return -1;
  fds[0] = fcntl (p[0], F_DUPFD_CLOEXEC, 10);
  fds[1] = fcntl (p[1], F_DUPFD_CLOEXEC, 10);
  close (p[0]);
  close (p[1]);
  if (fds[0] >= 0 && fds[1] >= 0)
    return 0;
  if (fds[0] >= 0)
    close (fds[0]);
  if (fds[1] >= 0)
    close (fds[1]);
  return -1;
}

int
read_reported_pid (int fd, pid_t *pid)
{
  size_t got = 0;
  while (got < sizeof *pid)
    {
      ssize_t n = read (fd, (char *) pid + got, sizeof *pid - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      got += (size_t) n;
    }
  return 0;
}

int
spawn_reporter (int *pidfd, const posix_spawn_file_actions_t *fa,
                int read_end, pid_t *reported)
{
  const char *self = pid_reporter_self ();
  if (self == NULL)
    return -1;
  char *argv[] = { (char *) self, (char *) PID_REPORTER_ARG, NULL };
  int r = pidfd_spawn (pidfd, self, fa, NULL, argv, environ);
  if (r != 0)
    return r;
  if (read_reported_pid (read_end, reported) != 0)
    return -1;
  return 0;
}
