/* The "Pid:" line of /proc/self/fdinfo/N, parsed by glibc's rules: leading
   blanks skipped, a '-' only for -1, no '+', overflow is an error, no
   locale.  Streaming, with a fixed buffer: async-signal-safe.  C-compatible:
   the unit tests and fuzzers call it.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PIDFDSPAWN_LIB_FDINFO_PARSE_H
#define PIDFDSPAWN_LIB_FDINFO_PARSE_H

#include <stddef.h>

#include "common.h"

#define PIDFDSPAWN_FDINFO_LINE_MAX 256

enum pidfdspawn_fdinfo_status
{
  PIDFDSPAWN_FDINFO_INVALID = -1, /* a "Pid:" line glibc would reject */
  PIDFDSPAWN_FDINFO_ABSENT = 0,   /* no usable "Pid:" line */
  PIDFDSPAWN_FDINFO_FOUND = 1
};

struct pidfdspawn_fdinfo_scanner
{
  char line[PIDFDSPAWN_FDINFO_LINE_MAX];
  size_t length;
  int overlong; /* the current line did not fit */
  int status;   /* enum pidfdspawn_fdinfo_status, final once non-zero */
  int pid;
};

#ifdef __cplusplus
extern "C" {
#endif
/* One line without its newline: FOUND (and *PID), ABSENT (another line, or
   "Pid:" with no value), or INVALID.  */
int pidfdspawn_parse_pid_line (const char *line, size_t length, int *pid)
  PIDFDSPAWN_HIDDEN;

void pidfdspawn_fdinfo_scan_init (struct pidfdspawn_fdinfo_scanner *s)
  PIDFDSPAWN_HIDDEN;
void pidfdspawn_fdinfo_scan_feed (struct pidfdspawn_fdinfo_scanner *s,
                                  const char *data, size_t length)
  PIDFDSPAWN_HIDDEN;
/* Ends the input; returns the status and, when FOUND, stores *PID.  */
int pidfdspawn_fdinfo_scan_finish (struct pidfdspawn_fdinfo_scanner *s,
                                   int *pid) PIDFDSPAWN_HIDDEN;
#ifdef __cplusplus
}
#endif

#endif
