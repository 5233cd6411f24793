// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fdinfo_parse.h"

#include <limits.h>

int
pidfdspawn_parse_pid_line (const char *line, size_t length, int *pid)
{
  // glibc reads lines as C strings: a NUL ends the line.
  for (size_t n = 0; n < length; ++n)
    if (line[n] == '\0')
      {
        length = n;
        break;
      }
  constexpr char field[] = "Pid:";
  constexpr size_t field_length = sizeof field - 1;
  if (length < field_length)
    return PIDFDSPAWN_FDINFO_ABSENT;
  for (size_t i = 0; i < field_length; ++i)
    if (line[i] != field[i])
      return PIDFDSPAWN_FDINFO_ABSENT;

  size_t i = field_length;
  // Blanks as C's isspace in the C locale: ' ' and '\t' to '\r'.
  while (i < length && (line[i] == ' ' || (line[i] >= '\t' && line[i] <= '\r')))
    ++i;
  bool negative = false;
  if (i < length && line[i] == '-')
    {
      negative = true;
      ++i;
    }
  else if (i < length && line[i] == '+')
    return PIDFDSPAWN_FDINFO_INVALID;
  if (i == length)
    return PIDFDSPAWN_FDINFO_ABSENT;

  int value = 0;
  for (; i < length; ++i)
    {
      const char c = line[i];
      if (c < '0' || c > '9')
        return PIDFDSPAWN_FDINFO_INVALID;
      if (__builtin_mul_overflow (value, 10, &value)
          || __builtin_add_overflow (value, c - '0', &value))
        return PIDFDSPAWN_FDINFO_INVALID;
    }
  // The kernel writes -1 for a process that is gone; no other negative.
  if (negative && value != 1)
    return PIDFDSPAWN_FDINFO_INVALID;
  *pid = negative ? -value : value;
  return PIDFDSPAWN_FDINFO_FOUND;
}

void
pidfdspawn_fdinfo_scan_init (pidfdspawn_fdinfo_scanner *s)
{
  s->length = 0;
  s->overlong = 0;
  s->status = PIDFDSPAWN_FDINFO_ABSENT;
  s->pid = 0;
}

namespace {

void
end_line (pidfdspawn_fdinfo_scanner *s)
{
  if (s->overlong)
    {
      // Only a "Pid:" line matters; one this long is no pid.
      constexpr char field[] = "Pid:";
      bool is_pid = true;
      for (size_t i = 0; i < sizeof field - 1; ++i)
        is_pid = is_pid && s->line[i] == field[i];
      if (is_pid)
        s->status = PIDFDSPAWN_FDINFO_INVALID;
    }
  else
    s->status = pidfdspawn_parse_pid_line (s->line, s->length, &s->pid);
  s->length = 0;
  s->overlong = 0;
}

} // namespace

void
pidfdspawn_fdinfo_scan_feed (pidfdspawn_fdinfo_scanner *s, const char *data,
                             size_t length)
{
  for (size_t i = 0; i < length && s->status == PIDFDSPAWN_FDINFO_ABSENT; ++i)
    {
      if (data[i] == '\n')
        {
          end_line (s);
          continue;
        }
      if (s->length < sizeof s->line)
        s->line[s->length++] = data[i];
      else
        s->overlong = 1;
    }
}

int
pidfdspawn_fdinfo_scan_finish (pidfdspawn_fdinfo_scanner *s, int *pid)
{
  if (s->status == PIDFDSPAWN_FDINFO_ABSENT && (s->length > 0 || s->overlong))
    end_line (s);
  if (s->status == PIDFDSPAWN_FDINFO_FOUND)
    *pid = s->pid;
  return s->status;
}
