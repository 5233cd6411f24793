/* seccomp-run REFUSAL... -- COMMAND [ARG...]
   Runs COMMAND under a filter refusing each REFUSAL (see seccomp-filter.h).
   Exit 77 (skip) when seccomp filters cannot be installed here.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seccomp-filter.h"

int
main (int argc, char **argv)
{
  int sep = 1;
  while (sep < argc && strcmp (argv[sep], "--") != 0)
    ++sep;
  if (sep >= argc - 1)
    {
      fprintf (stderr, "usage: %s WHAT=ERRNO... -- COMMAND [ARG...]\n", argv[0]);
      return 2;
    }
  if (seccomp_refuse ((const char *const *) argv + 1, (size_t) (sep - 1)) != 0)
    return 77;
  execvp (argv[sep + 1], argv + sep + 1);
  perror (argv[sep + 1]);
  return 127;
}
