/* probe: the program the tests spawn.  It reports its own state on
   standard output, one "KEY VALUE" line per item, so a test can see what
   the spawn did to the child.  Plain C, not linked with the library.
   SPDX-License-Identifier: LGPL-2.1-or-later

   probe            report, exit 0
   probe --exit N   exit with status N at once, report nothing

   Report lines, in this order:
     pid N / ppid N / pgid N / sid N
     uid REAL EFFECTIVE / gid REAL EFFECTIVE
     cwd PATH
     sched POLICY PRIORITY           (numbers: 0 OTHER, 3 BATCH, 5 IDLE...)
     sigmask HEX                     (bit N-1 set when signal N is blocked)
     sigN dfl|ign|handler            (N = 1..64)
     argc N / argvI VALUE
     envc N / envI VALUE
     fdN cloexec=0|1 mode=rdonly|wronly|rdwr append=0|1 nonblock=0|1
         offset=N|- path=TARGET      (one line, for every open fd)
     tcpgrpN PGRP                    (for every fd that is a terminal)
     cgroup PATH                     (the "0::" line of /proc/self/cgroup,
                                      the cgroup v2 path; "?" if none)
     end                             (the report is complete)  */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

/* The kernel's struct sigaction for rt_sigaction: asking the kernel
   directly also covers the signals the libc keeps for itself (32, 33).  */
struct kernel_sigaction
{
  void *handler;
  unsigned long flags;
  void *restorer;
  unsigned long mask;
};

static void
report_fd (int fd, int fd_flags)
{
  int status = fcntl (fd, F_GETFL);
  const char *mode = "?";
  switch (status & O_ACCMODE)
    {
    case O_RDONLY: mode = "rdonly"; break;
    case O_WRONLY: mode = "wronly"; break;
    case O_RDWR: mode = "rdwr"; break;
    }
  char path[PATH_MAX + 1];
  char link[64];
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink (link, path, sizeof path - 1);
  if (n < 0)
    strcpy (path, "?");
  else
    path[n] = '\0';
  off_t offset = lseek (fd, 0, SEEK_CUR);
  if (offset < 0)
    printf ("fd%d cloexec=%d mode=%s append=%d nonblock=%d offset=- path=%s\n",
            fd, (fd_flags & FD_CLOEXEC) != 0, mode,
            (status & O_APPEND) != 0, (status & O_NONBLOCK) != 0, path);
  else
    printf ("fd%d cloexec=%d mode=%s append=%d nonblock=%d offset=%lld path=%s\n",
            fd, (fd_flags & FD_CLOEXEC) != 0, mode,
            (status & O_APPEND) != 0, (status & O_NONBLOCK) != 0,
            (long long) offset, path);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--exit") == 0)
    return atoi (argv[2]);

  /* Which fds are open, before stdio opens anything.  */
  static int fds[65536];
  int nfds = 0;
  struct rlimit rl;
  int limit = 65536;
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t) limit)
    limit = (int) rl.rlim_cur;
  for (int fd = 0; fd < limit; ++fd)
    if (fcntl (fd, F_GETFD) >= 0)
      fds[nfds++] = fd;

  printf ("pid %d\n", (int) getpid ());
  printf ("ppid %d\n", (int) getppid ());
  printf ("pgid %d\n", (int) getpgid (0));
  printf ("sid %d\n", (int) getsid (0));
  printf ("uid %d %d\n", (int) getuid (), (int) geteuid ());
  printf ("gid %d %d\n", (int) getgid (), (int) getegid ());

  char cwd[PATH_MAX];
  printf ("cwd %s\n", getcwd (cwd, sizeof cwd) != NULL ? cwd : "?");

  /* The kernel's answer: musl's sched_getscheduler and sched_getparam
     are stubs that answer ENOSYS.  */
  struct sched_param param;
  int policy = (int) syscall (SYS_sched_getscheduler, 0);
  if (syscall (SYS_sched_getparam, 0, &param) != 0)
    param.sched_priority = -1;
  printf ("sched %d %d\n", policy, param.sched_priority);

  unsigned long long mask = 0;
  if (syscall (SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask, 8) != 0)
    mask = ~0ULL;
  printf ("sigmask %016llx\n", mask);
  for (int sig = 1; sig <= 64; ++sig)
    {
      struct kernel_sigaction act;
      const char *what = "?";
      if (syscall (SYS_rt_sigaction, sig, NULL, &act, 8) == 0)
        what = act.handler == (void *) SIG_DFL ? "dfl"
               : act.handler == (void *) SIG_IGN ? "ign" : "handler";
      printf ("sig%d %s\n", sig, what);
    }

  printf ("argc %d\n", argc);
  for (int i = 0; i < argc; ++i)
    printf ("argv%d %s\n", i, argv[i]);
  int envc = 0;
  for (char **e = environ; e != NULL && *e != NULL; ++e)
    printf ("env%d %s\n", envc++, *e);
  printf ("envc %d\n", envc);

  for (int i = 0; i < nfds; ++i)
    {
      int fd_flags = fcntl (fds[i], F_GETFD);
      if (fd_flags >= 0)
        report_fd (fds[i], fd_flags);
    }
  for (int i = 0; i < nfds; ++i)
    if (isatty (fds[i]))
      printf ("tcpgrp%d %d\n", fds[i], (int) tcgetpgrp (fds[i]));
  {
    char line[PATH_MAX + 64];
    const char *cgroup = "?";
    FILE *f = fopen ("/proc/self/cgroup", "re");
    while (f != NULL && fgets (line, sizeof line, f) != NULL)
      if (strncmp (line, "0::", 3) == 0)
        {
          line[strcspn (line, "\n")] = '\0';
          cgroup = line + 3;
          break;
        }
    printf ("cgroup %s\n", cgroup);
    if (f != NULL)
      fclose (f);
  }
  printf ("end\n");
  return fflush (stdout) == 0 ? 0 : 1;
}
