/* Kernel process-creation ABI that old kernel and libc headers lack.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Values are the kernel's uapi ABI; they never change once released.  */
#ifndef PIDFDSPAWN_COMPAT_LINUX_CLONE_H
#define PIDFDSPAWN_COMPAT_LINUX_CLONE_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef CLONE_PIDFD
# define CLONE_PIDFD 0x00001000           /* Linux 5.2 */
#endif
#ifndef CLONE_CLEAR_SIGHAND
# define CLONE_CLEAR_SIGHAND 0x100000000ULL /* Linux 5.5, clone3 only */
#endif
#ifndef CLONE_INTO_CGROUP
# define CLONE_INTO_CGROUP 0x200000000ULL   /* Linux 5.7, clone3 only */
#endif

/* Syscall numbers added after the 5.x split are the same on every
   architecture that uses the generic table (x86_64 and aarch64 included).  */
#ifndef __NR_pidfd_send_signal
# define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_open
# define __NR_pidfd_open 434
#endif
#ifndef __NR_clone3
# define __NR_clone3 435
#endif
#ifndef __NR_close_range
# define __NR_close_range 436
#endif
#ifndef __NR_pidfd_getfd
# define __NR_pidfd_getfd 438
#endif

/* P_PIDFD is an idtype_t enumerator in glibc 2.36's <sys/wait.h> (and
   musl's), not a macro; glibc 2.31 has none (configure: HAVE_DECL_P_PIDFD).  */
#if !defined P_PIDFD && !HAVE_DECL_P_PIDFD
# define P_PIDFD 3                        /* Linux 5.4 */
#endif

/* struct clone_args as of Linux 5.7 (CLONE_ARGS_SIZE_VER2).  Named apart
   from <linux/sched.h>'s so both can be visible.  */
struct pidfdspawn_clone_args
{
  uint64_t flags;
  uint64_t pidfd;
  uint64_t child_tid;
  uint64_t parent_tid;
  uint64_t exit_signal;
  uint64_t stack;
  uint64_t stack_size;
  uint64_t tls;
  uint64_t set_tid;
  uint64_t set_tid_size;
  uint64_t cgroup;
};

/* Sizes the kernel accepts: VER0 is Linux 5.3; VER2 (cgroup) is 5.7.  */
#define PIDFDSPAWN_CLONE_ARGS_SIZE_VER0 64
#define PIDFDSPAWN_CLONE_ARGS_SIZE_VER2 88

/* statfs f_type of cgroup2 (<linux/magic.h>).  */
#define PIDFDSPAWN_CGROUP2_SUPER_MAGIC 0x63677270

#endif
