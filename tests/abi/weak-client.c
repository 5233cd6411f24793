/* A client written for glibc 2.39's API, as programs that also support
   older glibc are: overlay-mode includes, and with -DWEAK_REFERENCES weak
   references tested for NULL at run time.  tests/abi/weak-client.sh links it
   in the ways pidfdspawn(7) describes.
   Exit 0: spawned, got the right pid and status through the pidfd;
   2: the functions are not there (weak references left NULL); 1: failed.
   SPDX-License-Identifier: LGPL-2.1-or-later  */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#include <spawn.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef WEAK_REFERENCES
# pragma weak pidfd_spawnp
# pragma weak pidfd_getpid
#endif

extern char **environ;

int
main (void)
{
  if (pidfd_spawnp == NULL || pidfd_getpid == NULL)
    {
      printf ("pidfd_spawnp: %s, pidfd_getpid: %s\n",
              pidfd_spawnp == NULL ? "missing" : "found",
              pidfd_getpid == NULL ? "missing" : "found");
      return 2;
    }
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) "exit 5", NULL };
  int pidfd = -1;
  int error = pidfd_spawnp (&pidfd, "sh", NULL, NULL, argv, environ);
  if (error != 0)
    {
      printf ("pidfd_spawnp: %s\n", strerror (error));
      return 1;
    }
  pid_t pid = pidfd_getpid (pidfd);
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
