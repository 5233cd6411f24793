/* libFuzzer target: the "Pid:" line parser and the streaming fdinfo scanner
   (lib/fdinfo_parse.h), checked against a reference written here from the
   rules alone (glibc's: leading blanks, '-' only for -1, no '+', overflow
   is an error, a NUL ends a line, the C locale; the scanner: the first
   "Pid:" line with a value decides, one longer than the line buffer is
   invalid).
   Input: one byte that seeds how the text is cut into feeds, then the text
   of an fdinfo file.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdinfo_parse.h"

#define FOUND PIDFDSPAWN_FDINFO_FOUND
#define ABSENT PIDFDSPAWN_FDINFO_ABSENT
#define INVALID PIDFDSPAWN_FDINFO_INVALID
/* A value no parser result can be: shows a write that should not be.  */
#define UNTOUCHED (-424242)

static void
fail (const char *what, int status, int pid, int want_status, int want_pid)
{
  fprintf (stderr, "fuzz-fdinfo: %s: status %d pid %d, reference %d %d\n",
           what, status, pid, want_status, want_pid);
  abort ();
}

/* The reference for one line (no newline): isspace/isdigit of the C
   locale, a 64-bit accumulator bounded by INT_MAX.  */
static int
reference_line (const uint8_t *line, size_t length, int *pid)
{
  const uint8_t *nul = memchr (line, '\0', length);
  if (nul != NULL)
    length = (size_t) (nul - line);
  if (length < 4 || memcmp (line, "Pid:", 4) != 0)
    return ABSENT;
  size_t i = 4;
  while (i < length && isspace (line[i]))
    ++i;
  int negative = 0;
  if (i < length && line[i] == '+')
    return INVALID;
  if (i < length && line[i] == '-')
    {
      negative = 1;
      ++i;
    }
  if (i == length)
    return ABSENT;
  uint64_t value = 0;
  for (; i < length; ++i)
    {
      if (!isdigit (line[i]))
        return INVALID;
      value = value * 10 + (uint64_t) (line[i] - '0');
      if (value > INT_MAX)
        return INVALID;
    }
  if (negative && value != 1)
    return INVALID;
  *pid = negative ? -1 : (int) value;
  return FOUND;
}

/* The reference for a whole file.  */
static int
reference_scan (const uint8_t *text, size_t size, int *pid)
{
  size_t start = 0;
  while (start < size)
    {
      const uint8_t *newline = memchr (text + start, '\n', size - start);
      size_t end = newline != NULL ? (size_t) (newline - text) : size;
      size_t length = end - start;
      int status;
      if (length > PIDFDSPAWN_FDINFO_LINE_MAX)
        status = memcmp (text + start, "Pid:", 4) == 0 ? INVALID : ABSENT;
      else
        status = reference_line (text + start, length, pid);
      if (status != ABSENT)
        return status;
      start = end + 1;
    }
  return ABSENT;
}

/* Every line on its own through pidfdspawn_parse_pid_line, each copied to a
   buffer of exactly its size so that ASan sees any read past it.  */
static void
check_lines (const uint8_t *text, size_t size)
{
  size_t start = 0;
  while (start <= size)
    {
      const uint8_t *newline = memchr (text + start, '\n', size - start);
      size_t end = newline != NULL ? (size_t) (newline - text) : size;
      size_t length = end - start;
      char *copy = malloc (length ? length : 1);
      if (copy == NULL)
        abort ();
      memcpy (copy, text + start, length);
      int pid = UNTOUCHED, want_pid = UNTOUCHED;
      int status = pidfdspawn_parse_pid_line (copy, length, &pid);
      int want = reference_line (text + start, length, &want_pid);
      free (copy);
      if (status != want || pid != want_pid)
        fail ("line", status, pid, want, want_pid);
      start = end + 1;
    }
}

/* The whole text through the scanner, in feeds of pseudo-random sizes
   (empty ones included), each in a buffer of exactly its size.  */
static void
check_scanner (const uint8_t *text, size_t size, unsigned seed)
{
  struct pidfdspawn_fdinfo_scanner s;
  pidfdspawn_fdinfo_scan_init (&s);
  size_t at = 0;
  /* Seed 0 feeds the text at once.  */
  unsigned state = seed;
  while (at < size)
    {
      size_t n = size - at;
      if (seed != 0)
        {
          state = state * 1103515245u + 12345u;
          size_t limit = (seed & 0x80) ? 700 : 17;
          if (n > (state >> 16) % limit)
            n = (state >> 16) % limit;
        }
      char *piece = malloc (n ? n : 1);
      if (piece == NULL)
        abort ();
      memcpy (piece, text + at, n);
      pidfdspawn_fdinfo_scan_feed (&s, piece, n);
      free (piece);
      at += n;
    }
  int pid = UNTOUCHED, want_pid = UNTOUCHED;
  int status = pidfdspawn_fdinfo_scan_finish (&s, &pid);
  int want = reference_scan (text, size, &want_pid);
  if (status != want || pid != want_pid)
    fail ("scan", status, pid, want, want_pid);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  unsigned seed = data[0];
  check_lines (data + 1, size - 1);
  check_scanner (data + 1, size - 1, seed);
  return 0;
}
