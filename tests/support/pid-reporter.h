/* The reporting child: a test program re-executes itself with
   PID_REPORTER_ARG, and that child writes its own getpid () to
   PID_REPORT_FD and exits 0.  What the child says about itself is what a
   pidfd must name, whoever reaps whom in the meantime.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_TESTS_PID_REPORTER_H
#define PIDFDSPAWN_TESTS_PID_REPORTER_H

#include <spawn.h>
#include <sys/types.h>

#define PID_REPORTER_ARG "--report-pid-and-exit"
/* The descriptor the reporting child writes to.  */
#define PID_REPORT_FD 3

/* In main, before anything else: when ARGV asks for the reporter, reports
   and exits; otherwise returns.  */
void pid_reporter_main (int argc, char **argv);

/* In main of a suite run once per rung: pid_reporter_main, then makes
   sure the program's own path is known (else exits 1, saying why) and
   prints which rung PIDFDSPAWN_RUNG selects.  */
void pid_reporter_start_rung_suite (int argc, char **argv);

/* The running program's own path (what to re-execute), or NULL.  */
const char *pid_reporter_self (void);

/* A CLOEXEC pipe whose ends are above PID_REPORT_FD, so that a dup2 action
   onto PID_REPORT_FD really moves the write end.  0 or -1.  */
int report_pipe (int fds[2]);

/* Reads one pid from FD (retrying on EINTR).  0, or -1 on EOF or error.  */
int read_reported_pid (int fd, pid_t *pid);

/* pidfd_spawn of the reporter with FA (which must move the pipe's write
   end to PID_REPORT_FD), then reads its pid from READ_END into *REPORTED.
   0, the spawn's error number, or -1 when nothing was reported.  */
int spawn_reporter (int *pidfd, const posix_spawn_file_actions_t *fa,
                    int read_end, pid_t *reported);

#endif
