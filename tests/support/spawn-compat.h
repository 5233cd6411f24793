/* File actions newer than the libc, for the tests.
   SPDX-License-Identifier: LGPL-2.1-or-later

   posix_spawn_file_actions_addclosefrom_np (glibc 2.34) and
   posix_spawn_file_actions_addtcsetpgrp_np (glibc 2.35).  Where configure
   found them in the libc, the helpers call them.  Where it did not (glibc
   2.31 to 2.33 or 2.34) but the libc is glibc, the helpers build the same
   entry by hand in glibc's action array (the layout the library decodes,
   unchanged since glibc 2.0 apart from appended tags), so the library's
   decoder and child code for these actions are still exercised.

   Such a hand-built object is meaningful to the library only: the libc's
   own posix_spawn does not know the tag and silently skips the action, so
   comparisons with the host must not use it (test_fa_native_* says when
   they can).  Elsewhere the helpers return ENOSYS and the tests skip.  */
#ifndef PIDFDSPAWN_TESTS_SPAWN_COMPAT_H
#define PIDFDSPAWN_TESTS_SPAWN_COMPAT_H

#include <spawn.h>

/* Like posix_spawn_file_actions_addclosefrom_np / _addtcsetpgrp_np: 0 or an
   error number; ENOSYS when neither the libc nor a hand-built entry can
   represent the action.  */
int test_fa_addclosefrom (posix_spawn_file_actions_t *fa, int from);
int test_fa_addtcsetpgrp (posix_spawn_file_actions_t *fa, int fd);

/* 1 when the libc itself has the add function (so that its posix_spawn
   performs the action and can be compared with), else 0.  */
extern const int test_fa_native_closefrom;
extern const int test_fa_native_tcsetpgrp;

/* Message for cmocka's skip/print_message naming the missing function.  */
#define TEST_FA_CLOSEFROM_MISSING \
  "posix_spawn_file_actions_addclosefrom_np is missing in this libc " \
  "(glibc < 2.34)"
#define TEST_FA_TCSETPGRP_MISSING \
  "posix_spawn_file_actions_addtcsetpgrp_np is missing in this libc " \
  "(glibc < 2.35)"

#endif
