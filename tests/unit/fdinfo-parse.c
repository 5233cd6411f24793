/* Unit tests of the "Pid:" line parser and the streaming fdinfo scanner
   (lib/fdinfo_parse.h), against glibc's pidfd_getpid rules.
   SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "fdinfo_parse.h"
#include "test-util.h"

enum
{
  FOUND = PIDFDSPAWN_FDINFO_FOUND,
  ABSENT = PIDFDSPAWN_FDINFO_ABSENT,
  INVALID = PIDFDSPAWN_FDINFO_INVALID
};

/* Parses exactly LENGTH bytes copied into a buffer with no terminating NUL
   (a guard byte that is a digit follows), so the parser must honour the
   length.  */
static int
parse_n (const char *text, size_t length, int *pid)
{
  char *copy = malloc (length + 1);
  assert_non_null (copy);
  memcpy (copy, text, length);
  copy[length] = '7';
  int r = pidfdspawn_parse_pid_line (copy, length, pid);
  free (copy);
  return r;
}

static int
parse (const char *text, int *pid)
{
  return parse_n (text, strlen (text), pid);
}

#define EXPECT_FOUND(text, value)                                       \
  do                                                                    \
    {                                                                   \
      int pid_ = -12345;                                                \
      int r_ = parse ((text), &pid_);                                   \
      if (r_ != FOUND || pid_ != (value))                               \
        print_error ("line \"%s\": status %d pid %d\n", (text), r_, pid_); \
      assert_int_equal (r_, FOUND);                                     \
      assert_int_equal (pid_, (value));                                 \
    }                                                                   \
  while (0)

#define EXPECT_STATUS(text, status)                                     \
  do                                                                    \
    {                                                                   \
      int pid_ = -12345;                                                \
      int r_ = parse ((text), &pid_);                                   \
      if (r_ != (status))                                               \
        print_error ("line \"%s\": status %d, expected %d\n", (text), r_, \
                     (status));                                         \
      assert_int_equal (r_, (status));                                  \
    }                                                                   \
  while (0)

/* ---- single lines ---------------------------------------------------- */

static void
line_plain_values (void **state)
{
  (void) state;
  EXPECT_FOUND ("Pid:\t1234", 1234);
  EXPECT_FOUND ("Pid: 1", 1);
  EXPECT_FOUND ("Pid:1", 1);
  EXPECT_FOUND ("Pid:\t0", 0);
  EXPECT_FOUND ("Pid:\t-1", -1);
  EXPECT_FOUND ("Pid:-1", -1);
  EXPECT_FOUND ("Pid:\t007", 7);
  EXPECT_FOUND ("Pid:\t2147483647", INT_MAX);
  EXPECT_FOUND ("Pid:\t4194304", 4194304);
}

static void
line_blanks (void **state)
{
  (void) state;
  /* C's isspace in the C locale: ' ' and '\t' '\n' '\v' '\f' '\r'.  */
  EXPECT_FOUND ("Pid: \t\n\v\f\r 42", 42);
  EXPECT_FOUND ("Pid:\v5", 5);
  EXPECT_FOUND ("Pid:\f5", 5);
  EXPECT_FOUND ("Pid:\r5", 5);
  EXPECT_FOUND ("Pid:\n5", 5);
  EXPECT_FOUND ("Pid:          \t\t\t99", 99);
  EXPECT_FOUND ("Pid:\t -1", -1);
  /* Not blanks: other control characters and non-ASCII bytes.  */
  EXPECT_STATUS ("Pid:\b5", INVALID);
  EXPECT_STATUS ("Pid:\x0e" "5", INVALID);
  EXPECT_STATUS ("Pid:\x1f" "5", INVALID);
  EXPECT_STATUS ("Pid:\xa0" "5", INVALID);
  EXPECT_STATUS ("Pid:\x85" "5", INVALID);
}

static void
line_signs (void **state)
{
  (void) state;
  EXPECT_STATUS ("Pid:\t+1", INVALID);
  EXPECT_STATUS ("Pid:\t+0", INVALID);
  EXPECT_STATUS ("Pid:+", INVALID);
  EXPECT_STATUS ("Pid:\t-2", INVALID);
  EXPECT_STATUS ("Pid:\t-0", INVALID);
  EXPECT_STATUS ("Pid:\t-10", INVALID);
  EXPECT_STATUS ("Pid:\t-1234", INVALID);
  EXPECT_STATUS ("Pid:\t-2147483648", INVALID);
  EXPECT_STATUS ("Pid:\t--1", INVALID);
  EXPECT_STATUS ("Pid:\t-+1", INVALID);
  EXPECT_STATUS ("Pid:\t- 1", INVALID);
  EXPECT_STATUS ("Pid:\t-01x", INVALID);
  /* "-01" is -1 written with a leading zero.  */
  EXPECT_FOUND ("Pid:\t-01", -1);
}

static void
line_no_value (void **state)
{
  (void) state;
  EXPECT_STATUS ("Pid:", ABSENT);
  EXPECT_STATUS ("Pid:\t", ABSENT);
  EXPECT_STATUS ("Pid: \t \t  ", ABSENT);
  EXPECT_STATUS ("Pid:\t-", ABSENT);
}

static void
line_not_digits (void **state)
{
  (void) state;
  EXPECT_STATUS ("Pid:\tx", INVALID);
  EXPECT_STATUS ("Pid:\t12a", INVALID);
  EXPECT_STATUS ("Pid:\t12 ", INVALID);
  EXPECT_STATUS ("Pid:\t12\t", INVALID);
  EXPECT_STATUS ("Pid:\t12\r", INVALID);
  EXPECT_STATUS ("Pid:\t1 2", INVALID);
  EXPECT_STATUS ("Pid:\t0x10", INVALID);
  EXPECT_STATUS ("Pid:\t1.0", INVALID);
  EXPECT_STATUS ("Pid:\t1e3", INVALID);
  EXPECT_STATUS ("Pid:\t-1 ", INVALID);
  EXPECT_STATUS ("Pid:\t-1x", INVALID);
  EXPECT_STATUS ("Pid:\t\xd9\xa3", INVALID); /* Arabic-Indic digit 3 */
  EXPECT_STATUS ("Pid:\t:", INVALID);
  EXPECT_STATUS ("Pid:\t/", INVALID);
}

static void
line_overflow (void **state)
{
  (void) state;
  EXPECT_STATUS ("Pid:\t2147483648", INVALID);
  EXPECT_STATUS ("Pid:\t2147483650", INVALID);
  EXPECT_STATUS ("Pid:\t4294967295", INVALID);
  EXPECT_STATUS ("Pid:\t4294967297", INVALID); /* wraps to 1 in 32 bits */
  EXPECT_STATUS ("Pid:\t99999999999999999999", INVALID);
  EXPECT_STATUS ("Pid:\t18446744073709551617", INVALID); /* 2^64 + 1 */
  EXPECT_STATUS ("Pid:\t21474836470", INVALID);
  /* Leading zeros do not count toward overflow.  */
  EXPECT_FOUND ("Pid:\t000000000000000000002147483647", INT_MAX);
}

static void
line_other_fields (void **state)
{
  (void) state;
  EXPECT_STATUS ("", ABSENT);
  EXPECT_STATUS ("P", ABSENT);
  EXPECT_STATUS ("Pid", ABSENT);
  EXPECT_STATUS ("NSpid:\t1234", ABSENT);
  EXPECT_STATUS ("pid:\t1234", ABSENT);
  EXPECT_STATUS ("PID:\t1234", ABSENT);
  EXPECT_STATUS (" Pid:\t1234", ABSENT);
  EXPECT_STATUS ("\tPid:\t1234", ABSENT);
  EXPECT_STATUS ("Pid\t1234", ABSENT);
  EXPECT_STATUS ("Pid;\t1234", ABSENT);
  EXPECT_STATUS ("pos:\t0", ABSENT);
  EXPECT_STATUS ("flags:\t02000002", ABSENT);
  EXPECT_STATUS ("mnt_id:\t15", ABSENT);
  EXPECT_STATUS ("ino:\t1057", ABSENT);
  /* Junk after the field name of another field is no concern.  */
  EXPECT_STATUS ("Pidx:\t12", ABSENT);
}

static void
line_nul_ends_line (void **state)
{
  (void) state;
  int pid = -12345;
  static const char a[] = "Pid:\t12\0" "34";
  assert_int_equal (parse_n (a, sizeof a - 1, &pid), FOUND);
  assert_int_equal (pid, 12);

  static const char b[] = "Pid:\t12\0" "xyz";
  pid = -12345;
  assert_int_equal (parse_n (b, sizeof b - 1, &pid), FOUND);
  assert_int_equal (pid, 12);

  static const char c[] = "Pid:\t\0" "5";
  assert_int_equal (parse_n (c, sizeof c - 1, &pid), ABSENT);

  static const char d[] = "\0Pid:\t5";
  assert_int_equal (parse_n (d, sizeof d - 1, &pid), ABSENT);

  static const char e[] = "Pi\0d:\t5";
  assert_int_equal (parse_n (e, sizeof e - 1, &pid), ABSENT);

  static const char f[] = "Pid:\t-\0" "1";
  assert_int_equal (parse_n (f, sizeof f - 1, &pid), ABSENT);

  static const char g[] = "Pid:\t-1\0" "2";
  pid = -12345;
  assert_int_equal (parse_n (g, sizeof g - 1, &pid), FOUND);
  assert_int_equal (pid, -1);

  static const char h[] = "Pid:\t2147483647\0" "9";
  pid = -12345;
  assert_int_equal (parse_n (h, sizeof h - 1, &pid), FOUND);
  assert_int_equal (pid, INT_MAX);

  static const char i[] = "Pid:\tx\0";
  assert_int_equal (parse_n (i, sizeof i - 1, &pid), INVALID);
}

static void
line_length_is_honoured (void **state)
{
  (void) state;
  static const char text[] = "Pid:\t12345";
  int pid = -12345;
  /* "Pid:\t12": parse_n puts a digit right after, which must not count.  */
  assert_int_equal (parse_n (text, 7, &pid), FOUND);
  assert_int_equal (pid, 12);
  assert_int_equal (parse_n (text, 5, &pid), ABSENT); /* "Pid:\t" */
  assert_int_equal (parse_n (text, 4, &pid), ABSENT); /* "Pid:" */
  assert_int_equal (parse_n (text, 3, &pid), ABSENT); /* "Pid" */
  assert_int_equal (parse_n (text, 0, &pid), ABSENT);
  /* Overflow only past the given length.  */
  static const char big[] = "Pid:\t21474836479";
  pid = -12345;
  assert_int_equal (parse_n (big, sizeof big - 2, &pid), FOUND);
  assert_int_equal (pid, 2147483647);
  assert_int_equal (parse_n (big, sizeof big - 1, &pid), INVALID);
}

/* ---- the streaming scanner ------------------------------------------- */

/* Feeds LENGTH bytes of TEXT in chunks of CHUNK bytes (0: all at once) and
   returns the final status; *PID is set when FOUND.  */
static int
scan_chunked (const char *text, size_t length, size_t chunk, int *pid)
{
  struct pidfdspawn_fdinfo_scanner s;
  pidfdspawn_fdinfo_scan_init (&s);
  if (chunk == 0)
    chunk = length;
  size_t at = 0;
  while (at < length)
    {
      size_t n = length - at < chunk ? length - at : chunk;
      /* Each chunk in its own buffer: the scanner must copy what it keeps.  */
      char *piece = malloc (n + 1);
      assert_non_null (piece);
      memcpy (piece, text + at, n);
      piece[n] = '9';
      pidfdspawn_fdinfo_scan_feed (&s, piece, n);
      memset (piece, 'x', n);
      free (piece);
      at += n;
    }
  /* Empty feeds change nothing.  */
  pidfdspawn_fdinfo_scan_feed (&s, "", 0);
  return pidfdspawn_fdinfo_scan_finish (&s, pid);
}

/* Feeds in irregular chunk sizes from a fixed pseudo-random sequence.  */
static int
scan_random_chunks (const char *text, size_t length, unsigned seed, int *pid)
{
  struct pidfdspawn_fdinfo_scanner s;
  pidfdspawn_fdinfo_scan_init (&s);
  size_t at = 0;
  while (at < length)
    {
      seed = seed * 1103515245u + 12345u;
      size_t n = (seed >> 16) % 23; /* 0 to 22, empty feeds included */
      if (n > length - at)
        n = length - at;
      pidfdspawn_fdinfo_scan_feed (&s, text + at, n);
      at += n;
    }
  return pidfdspawn_fdinfo_scan_finish (&s, pid);
}

/* Checks STATUS/VALUE for every chunk size from 1 to the whole length, and
   for a few irregular chunkings.  */
static void
expect_scan (const char *text, size_t length, int status, int value)
{
  for (size_t chunk = 0; chunk <= length + 1; ++chunk)
    {
      int pid = -12345;
      int r = scan_chunked (text, length, chunk, &pid);
      if (r != status || (status == FOUND && pid != value))
        print_error ("chunk %zu: status %d pid %d, expected %d %d\n", chunk,
                     r, pid, status, value);
      assert_int_equal (r, status);
      if (status == FOUND)
        assert_int_equal (pid, value);
    }
  for (unsigned seed = 1; seed <= 50; ++seed)
    {
      int pid = -12345;
      int r = scan_random_chunks (text, length, seed, &pid);
      assert_int_equal (r, status);
      if (status == FOUND)
        assert_int_equal (pid, value);
    }
}

#define EXPECT_SCAN(literal, status, value) \
  expect_scan ((literal), sizeof (literal) - 1, (status), (value))

static const char real_fdinfo[]
  = "pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\nPid:\t1234\n"
    "NSpid:\t1234\n";

static void
scan_real_shapes (void **state)
{
  (void) state;
  EXPECT_SCAN (real_fdinfo, FOUND, 1234);
  EXPECT_SCAN ("pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\nPid:\t-1\n"
               "NSpid:\t-1\n",
               FOUND, -1);
  EXPECT_SCAN ("pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\nPid:\t0\n"
               "NSpid:\t0\n",
               FOUND, 0);
  /* Nested namespaces: only "Pid:" counts, not the NSpid list.  */
  EXPECT_SCAN ("pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\n"
               "Pid:\t4321\nNSpid:\t4321\t17\t1\n",
               FOUND, 4321);
  /* Linux 5.x without ino, Pid last with no newline.  */
  EXPECT_SCAN ("pos:\t0\nflags:\t02000002\nmnt_id:\t13\nPid:\t77", FOUND, 77);
}

static void
scan_missing_pid (void **state)
{
  (void) state;
  /* An eventfd, a pipe, a regular file: no Pid line.  */
  EXPECT_SCAN ("pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t1057\n"
               "eventfd-count:                0\neventfd-id: 3\n",
               ABSENT, 0);
  EXPECT_SCAN ("pos:\t0\nflags:\t02000000\nmnt_id:\t14\nino:\t96563\n",
               ABSENT, 0);
  EXPECT_SCAN ("NSpid:\t1234\n", ABSENT, 0);
  EXPECT_SCAN ("", ABSENT, 0);
  EXPECT_SCAN ("\n\n\n", ABSENT, 0);
  EXPECT_SCAN ("Pid:\n", ABSENT, 0);
  EXPECT_SCAN ("Pid:", ABSENT, 0);
  EXPECT_SCAN ("xPid:\t5\n", ABSENT, 0);
  EXPECT_SCAN (" Pid:\t5\n", ABSENT, 0);
}

static void
scan_first_pid_line_decides (void **state)
{
  (void) state;
  /* "Pid:" with nothing after does not end the scan.  */
  EXPECT_SCAN ("Pid:\nPid:\t5\n", FOUND, 5);
  EXPECT_SCAN ("Pid:\t \nflags:\t0\nPid:\t6\n", FOUND, 6);
  /* A valid line ends it.  */
  EXPECT_SCAN ("Pid:\t5\nPid:\t6\n", FOUND, 5);
  EXPECT_SCAN ("Pid:\t5\nPid:\tjunk\n", FOUND, 5);
  /* So does an invalid one.  */
  EXPECT_SCAN ("Pid:\tjunk\nPid:\t5\n", INVALID, 0);
  EXPECT_SCAN ("Pid:\t+5\nPid:\t5\n", INVALID, 0);
  EXPECT_SCAN ("Pid:\t-5\n", INVALID, 0);
  EXPECT_SCAN ("pos:\t0\nPid:\t99999999999\nNSpid:\t1\n", INVALID, 0);
  /* A CR before the newline is a non-digit.  */
  EXPECT_SCAN ("Pid:\t5\r\n", INVALID, 0);
  /* Blank lines and fields after the Pid line are not read.  */
  EXPECT_SCAN ("\nPid:\t8\n\n", FOUND, 8);
}

static void
scan_nul_bytes (void **state)
{
  (void) state;
  static const char a[] = "pos:\t0\nPid:\t12\0" "34\nNSpid:\t1234\n";
  expect_scan (a, sizeof a - 1, FOUND, 12);
  static const char b[] = "pos:\t0\0Pid:\t12\nPid:\t7\n";
  expect_scan (b, sizeof b - 1, FOUND, 7);
  static const char c[] = "\0Pid:\t12\n";
  expect_scan (c, sizeof c - 1, ABSENT, 0);
  static const char d[] = "Pid:\t\0" "5\nPid:\t9\n";
  expect_scan (d, sizeof d - 1, FOUND, 9);
}

static char *
repeat (char c, size_t n)
{
  char *s = malloc (n + 1);
  assert_non_null (s);
  memset (s, c, n);
  s[n] = '\0';
  return s;
}

static void
scan_long_line_before_pid (void **state)
{
  (void) state;
  const size_t sizes[] = { PIDFDSPAWN_FDINFO_LINE_MAX - 1,
                           PIDFDSPAWN_FDINFO_LINE_MAX,
                           PIDFDSPAWN_FDINFO_LINE_MAX + 1,
                           300, 1000, 5000 };
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; ++k)
    {
      char *filler = repeat ('a', sizes[k]);
      char *text;
      /* A long line of another field, one that contains "Pid:\t1" past
         its start, then the real Pid line.  */
      assert_true (asprintf (&text, "pos:\t0\nfoo:\t%s\n%sPid:\t1\nPid:\t4242\n"
                             "NSpid:\t4242\n", filler, filler) > 0);
      expect_scan (text, strlen (text), FOUND, 4242);
      free (text);
      /* A long line starting like the field, but not it.  */
      assert_true (asprintf (&text, "NSpid:%s\nPid:\t55\n", filler) > 0);
      expect_scan (text, strlen (text), FOUND, 55);
      free (text);
      free (filler);
    }
}

static void
scan_overlong_pid_line (void **state)
{
  (void) state;
  /* A Pid line far longer than the buffer: no pid glibc's kernel could
     print.  */
  char *zeros = repeat ('0', 1000);
  char *text;
  assert_true (asprintf (&text, "pos:\t0\nPid:\t%s5\nPid:\t6\n", zeros) > 0);
  expect_scan (text, strlen (text), INVALID, 0);
  free (text);
  assert_true (asprintf (&text, "Pid:\t%s5", zeros) > 0);
  expect_scan (text, strlen (text), INVALID, 0);
  free (text);
  char *blanks = repeat (' ', 600);
  assert_true (asprintf (&text, "Pid:%s1\nPid:\t2\n", blanks) > 0);
  expect_scan (text, strlen (text), INVALID, 0);
  free (text);
  free (blanks);
  free (zeros);

  /* Just under the buffer size: still parsed.  */
  const size_t pad = PIDFDSPAWN_FDINFO_LINE_MAX - 1 - (sizeof "Pid:" - 1) - 3;
  char *spaces = repeat ('\t', pad);
  assert_true (asprintf (&text, "pos:\t0\nPid:%s321\nNSpid:\t1\n", spaces) > 0);
  assert_int_equal (strlen ("Pid:") + pad + 3, PIDFDSPAWN_FDINFO_LINE_MAX - 1);
  expect_scan (text, strlen (text), FOUND, 321);
  free (text);
  free (spaces);
}

static void
scan_stops_at_decision (void **state)
{
  (void) state;
  struct pidfdspawn_fdinfo_scanner s;
  pidfdspawn_fdinfo_scan_init (&s);
  pidfdspawn_fdinfo_scan_feed (&s, "pos:\t0\nPid:\t10\n", 15);
  /* Further input, even a garbage Pid line, changes nothing.  */
  pidfdspawn_fdinfo_scan_feed (&s, "Pid:\tjunk\n", 10);
  int pid = -12345;
  assert_int_equal (pidfdspawn_fdinfo_scan_finish (&s, &pid), FOUND);
  assert_int_equal (pid, 10);

  pidfdspawn_fdinfo_scan_init (&s);
  pidfdspawn_fdinfo_scan_feed (&s, "Pid:\t1x\n", 8);
  assert_int_equal (s.status, INVALID);
  pidfdspawn_fdinfo_scan_feed (&s, "Pid:\t3\n", 7);
  assert_int_equal (pidfdspawn_fdinfo_scan_finish (&s, &pid), INVALID);

  /* init resets a used scanner.  */
  pidfdspawn_fdinfo_scan_init (&s);
  pidfdspawn_fdinfo_scan_feed (&s, "Pid:\t3", 6);
  pid = -12345;
  assert_int_equal (pidfdspawn_fdinfo_scan_finish (&s, &pid), FOUND);
  assert_int_equal (pid, 3);
}

static void
scan_real_pidfd_fdinfo (void **state)
{
  (void) state;
  int pidfd = (int) syscall (SYS_pidfd_open, getpid (), 0);
  if (pidfd < 0)
    skip_because ("no pidfd_open (Linux 5.3)");
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      close (pidfd);
      skip_because ("cannot open /proc/self/fdinfo (no procfs?)");
    }
  char text[4096];
  size_t length = 0;
  ssize_t n;
  while ((n = read (fd, text + length, sizeof text - length)) > 0)
    length += (size_t) n;
  close (fd);
  close (pidfd);
  assert_true (length > 0);
  expect_scan (text, length, FOUND, getpid ());
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (line_plain_values),
    cmocka_unit_test (line_blanks),
    cmocka_unit_test (line_signs),
    cmocka_unit_test (line_no_value),
    cmocka_unit_test (line_not_digits),
    cmocka_unit_test (line_overflow),
    cmocka_unit_test (line_other_fields),
    cmocka_unit_test (line_nul_ends_line),
    cmocka_unit_test (line_length_is_honoured),
    cmocka_unit_test (scan_real_shapes),
    cmocka_unit_test (scan_missing_pid),
    cmocka_unit_test (scan_first_pid_line_decides),
    cmocka_unit_test (scan_nul_bytes),
    cmocka_unit_test (scan_long_line_before_pid),
    cmocka_unit_test (scan_overlong_pid_line),
    cmocka_unit_test (scan_stops_at_decision),
    cmocka_unit_test (scan_real_pidfd_fdinfo),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
