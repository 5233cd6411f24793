/* Emulating old kernels and sandboxes: a seccomp filter that makes the
   kernel refuse what a given kernel or container refuses.
   SPDX-License-Identifier: LGPL-2.1-or-later

   A refusal is "WHAT=ERRNO", WHAT one of:
     clone3          every clone3 call              (Linux < 5.3, old Docker)
     clone3-size88   clone3 with an 88-byte struct  (Linux 5.3 to 5.6: no
                     clone_args.cgroup; the size is clone3's 2nd argument)
     clone-pidfd     clone with CLONE_PIDFD          (Linux < 5.2 would ignore
                                                      it; a filter refuses)
     clone           every clone call
     clone-files     clone with CLONE_FILES, not a thread's (qemu-user
                     7.2: a clone that is not a thread is run as a fork)
     clone-vfork-nosignal
                     clone with CLONE_VM and CLONE_VFORK and exit signal 0
                     (qemu-user 7.2 runs CLONE_VM | CLONE_VFORK as a fork,
                     which must signal SIGCHLD)
     pidfd_open      pidfd_open                     (Linux < 5.3)
     waitid-pidfd    waitid(P_PIDFD, ...)           (Linux < 5.4)
     close_range     close_range                    (Linux < 5.9)
     pidfd-get-info  ioctl PIDFD_GET_INFO           (Linux < 6.13)
     unshare         unshare
   and ERRNO a name (ENOSYS, EPERM, EINVAL, ENOTTY) or a number.  */
#ifndef PIDFDSPAWN_TESTS_SECCOMP_FILTER_H
#define PIDFDSPAWN_TESTS_SECCOMP_FILTER_H

#include <stddef.h>

/* Installs one filter refusing every SPEC (sets no_new_privs first).
   Returns 0, or -1 after printing why to stderr.  */
int seccomp_refuse (const char *const specs[], size_t count);

#endif
