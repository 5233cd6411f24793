/* pidfdspawn: the pidfd API of glibc's current <sys/pidfd.h> for every libc.
   SPDX-License-Identifier: LGPL-2.1-or-later

   Two ways to reach this header (see pidfdspawn(7)):

   - direct mode, pkg-config pidfdspawn: #include <pidfdspawn/sys/pidfd.h>.
     The libc's <sys/pidfd.h> is included first where it exists.
   - overlay mode, pkg-config pidfdspawn-overlay, which puts
     -isystem ${includedir}/pidfdspawn on the include path: code written
     for glibc 2.39 writes #include <sys/pidfd.h> and reaches this file,
     which then reaches the libc's header with #include_next.

   The mode is not a macro: the header includes <sys/pidfd.h> plainly, and
   if that finds this very file again (the overlay directory is on the
   include path ahead of the libc's), the second entry passes the search on
   to the libc's header with #include_next, or skips it where the libc has
   none (musl, glibc before 2.36).  So both spellings work in both modes,
   and a hand-written -isystem or -I needs no extra -D.

   Every declaration has glibc's prototype, so it sits beside a libc header
   that has the same one.  Every macro is guarded by #ifndef so that a libc
   header with some of them (glibc 2.36 has only PIDFD_NONBLOCK, 2.40 adds
   PIDFD_THREAD and the PIDFD_SIGNAL_* flags, 2.41 the namespace ioctls,
   2.43 PIDFD_SELF* and struct pidfd_info) keeps its own.  */

#if defined __PIDFDSPAWN_IN_SYS_PIDFD_H
/* Second entry, through the plain #include below: this directory precedes
   the libc's on the include path.  Continue the search after it.  The
   pragma keeps -pedantic quiet about #include_next in this branch only.  */
# if defined __GNUC__
#  pragma GCC system_header
# endif
# if defined __has_include_next
#  if __has_include_next (<sys/pidfd.h>)
#   include_next <sys/pidfd.h>
#  endif
# else
#  include_next <sys/pidfd.h>
# endif

#elif defined __cplusplus && !defined PIDFDSPAWN_SYS_PIDFD_H \
      && defined PIDFD_NONBLOCK && !defined _LINUX_PIDFD_H \
      && defined __GLIBC__ && !defined __UCLIBC__ \
      && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 36))
/* C++, direct mode, and glibc's <sys/pidfd.h> came first (it defined
   PIDFD_NONBLOCK; <linux/pidfd.h>, the only other header that does, did
   not).  glibc's header has no extern "C" and no working include guard:
   its functions are already declared with C++ linkage, which nothing can
   undo.  Declaring them again here with C linkage is a compile error
   (glibc 2.39 and later declare pidfd_getpid: "conflicting declaration
   with 'C' linkage"), and leaving them is a link error (no such C++
   symbols).  One clear error instead, and nothing else from this header,
   so that it is the only message.  */
# error "pidfdspawn/sys/pidfd.h after glibc's <sys/pidfd.h> in C++: glibc's header lacks extern \"C\", so its functions cannot link. Use overlay mode (pkg-config pidfdspawn-overlay; #include <sys/pidfd.h> then reaches pidfdspawn's header, which wraps glibc's), or include <pidfdspawn/sys/pidfd.h> first or instead of <sys/pidfd.h>."

#elif !defined PIDFDSPAWN_SYS_PIDFD_H
#define PIDFDSPAWN_SYS_PIDFD_H 1

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

/* P_PIDFD, for waitid on a pidfd (Linux 5.4): glibc's <sys/wait.h> has it
   from 2.36 on, as an idtype_t constant that no #ifdef can see.  */
#if defined __GLIBC__ && __GLIBC__ == 2 && __GLIBC_MINOR__ < 36 \
    && !defined P_PIDFD
# define P_PIDFD ((idtype_t) 3)
#endif

/* The libc's header, where it has one (glibc 2.36 and later).  glibc's
   <sys/pidfd.h> (2.36 to at least 2.43) lacks __BEGIN_DECLS, so C++ sees
   its functions with C++ linkage and cannot link them; it is included
   here inside extern "C", after the headers it includes itself, so that
   only its own declarations are affected.  glibc's header has no include
   guard of its own either: C++ code that included it before this header
   stopped at the #error above.  PIDFD_NONBLOCK defined here in C++ means
   <linux/pidfd.h> came first; glibc's header is then not included (had it
   come too, including it again inside extern "C" would contradict its
   first declarations).  In C the libc's header may come before or after
   this one: identical declarations and macros may be repeated.  */
#if !defined __cplusplus || !defined PIDFD_NONBLOCK
# ifdef __cplusplus
extern "C" {
# endif
# define __PIDFDSPAWN_IN_SYS_PIDFD_H 1
# if defined __has_include
#  if __has_include (<sys/pidfd.h>)
#   include <sys/pidfd.h>
#  endif
# elif defined __GLIBC__ && !defined __UCLIBC__ \
       && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 36))
#  include <sys/pidfd.h>
# endif
# undef __PIDFDSPAWN_IN_SYS_PIDFD_H
# ifdef __cplusplus
}
# endif
#endif

#ifdef __cplusplus
# if __cplusplus >= 201103L
#  define __PIDFDSPAWN_NOTHROW noexcept (true)
# else
#  define __PIDFDSPAWN_NOTHROW throw ()
# endif
extern "C" {
#elif defined __GNUC__ || defined __clang__
# define __PIDFDSPAWN_NOTHROW __attribute__ ((__nothrow__))
#else
# define __PIDFDSPAWN_NOTHROW
#endif

/* Flags for pidfd_open.  */
#ifndef PIDFD_NONBLOCK
# define PIDFD_NONBLOCK O_NONBLOCK
#endif
#ifndef PIDFD_THREAD
# define PIDFD_THREAD O_EXCL
#endif

/* Flags for pidfd_send_signal.  */
#ifndef PIDFD_SIGNAL_THREAD
# define PIDFD_SIGNAL_THREAD (1UL << 0)
#endif
#ifndef PIDFD_SIGNAL_THREAD_GROUP
# define PIDFD_SIGNAL_THREAD_GROUP (1UL << 1)
#endif
#ifndef PIDFD_SIGNAL_PROCESS_GROUP
# define PIDFD_SIGNAL_PROCESS_GROUP (1UL << 2)
#endif

/* ioctls on pidfds (pidfs, Linux 6.9 and later).  */
#ifndef PIDFS_IOCTL_MAGIC
# define PIDFS_IOCTL_MAGIC 0xFF
#endif
#ifndef PIDFD_GET_CGROUP_NAMESPACE
# define PIDFD_GET_CGROUP_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 1)
#endif
#ifndef PIDFD_GET_IPC_NAMESPACE
# define PIDFD_GET_IPC_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 2)
#endif
#ifndef PIDFD_GET_MNT_NAMESPACE
# define PIDFD_GET_MNT_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 3)
#endif
#ifndef PIDFD_GET_NET_NAMESPACE
# define PIDFD_GET_NET_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 4)
#endif
#ifndef PIDFD_GET_PID_NAMESPACE
# define PIDFD_GET_PID_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 5)
#endif
#ifndef PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE
# define PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 6)
#endif
#ifndef PIDFD_GET_TIME_NAMESPACE
# define PIDFD_GET_TIME_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 7)
#endif
#ifndef PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE
# define PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 8)
#endif
#ifndef PIDFD_GET_USER_NAMESPACE
# define PIDFD_GET_USER_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 9)
#endif
#ifndef PIDFD_GET_UTS_NAMESPACE
# define PIDFD_GET_UTS_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 10)
#endif

/* Descriptor values that name the caller without opening a pidfd.  */
#ifndef PIDFD_SELF_THREAD
# define PIDFD_SELF_THREAD -10000
#endif
#ifndef PIDFD_SELF_THREAD_GROUP
# define PIDFD_SELF_THREAD_GROUP -10001
#endif
#ifndef PIDFD_SELF
# define PIDFD_SELF PIDFD_SELF_THREAD
#endif
#ifndef PIDFD_SELF_PROCESS
# define PIDFD_SELF_PROCESS PIDFD_SELF_THREAD_GROUP
#endif

/* Bits of struct pidfd_info's mask.  */
#ifndef PIDFD_INFO_PID
# define PIDFD_INFO_PID (1UL << 0)
#endif
#ifndef PIDFD_INFO_CREDS
# define PIDFD_INFO_CREDS (1UL << 1)
#endif
#ifndef PIDFD_INFO_CGROUPID
# define PIDFD_INFO_CGROUPID (1UL << 2)
#endif
#ifndef PIDFD_INFO_EXIT
# define PIDFD_INFO_EXIT (1UL << 3)
#endif
#ifndef PIDFD_INFO_COREDUMP
# define PIDFD_INFO_COREDUMP (1UL << 4)
#endif
#ifndef PIDFD_INFO_SUPPORTED_MASK
# define PIDFD_INFO_SUPPORTED_MASK (1UL << 5)
#endif
#ifndef PIDFD_INFO_COREDUMP_SIGNAL
# define PIDFD_INFO_COREDUMP_SIGNAL (1UL << 6)
#endif

/* Bits of struct pidfd_info's coredump_mask.  */
#ifndef PIDFD_COREDUMPED
# define PIDFD_COREDUMPED (1U << 0)
#endif
#ifndef PIDFD_COREDUMP_SKIP
# define PIDFD_COREDUMP_SKIP (1U << 1)
#endif
#ifndef PIDFD_COREDUMP_USER
# define PIDFD_COREDUMP_USER (1U << 2)
#endif
#ifndef PIDFD_COREDUMP_ROOT
# define PIDFD_COREDUMP_ROOT (1U << 3)
#endif

/* Sizes of the published versions of struct pidfd_info.  */
#ifndef PIDFD_INFO_SIZE_VER0
# define PIDFD_INFO_SIZE_VER0 64
#endif
#ifndef PIDFD_INFO_SIZE_VER1
# define PIDFD_INFO_SIZE_VER1 72
#endif
#ifndef PIDFD_INFO_SIZE_VER2
# define PIDFD_INFO_SIZE_VER2 80
#endif

/* A struct cannot be tested with #ifndef.  Every header that defines
   struct pidfd_info defines PIDFD_GET_INFO right after it: glibc's
   <sys/pidfd.h> from 2.43, the kernel's <linux/pidfd.h> from 6.13.  So the
   struct and the ioctl number come as a pair: if PIDFD_GET_INFO is defined
   here, someone already defined the struct, and this header defines
   neither.  The replacement lists of all macros here are spelled
   token for token (and space for space) as glibc's and the kernel's, so
   that a later header defining the same macro does not warn.

   The layout is the kernel's third version (PIDFD_INFO_SIZE_VER2, 80
   bytes), with named members where the kernel uses an anonymous struct
   (not C99).  It is a superset of glibc 2.43's (whose coredump_signal is
   __spare1).  The kernel copies only as much as both sides know and
   ignores mask bits it does not know; the mask it returns says which
   fields it filled: check it after the ioctl.

   <linux/pidfd.h> from Linux 6.13 or later included AFTER this header
   redefines the struct (a compile error, as with glibc 2.43's own
   <sys/pidfd.h>); include it before, or not at all.  Older <linux/pidfd.h>
   define only macros that agree with these.  */
#ifndef PIDFD_GET_INFO
struct pidfd_info
{
  uint64_t mask;
  uint64_t cgroupid;
  uint32_t pid;
  uint32_t tgid;
  uint32_t ppid;
  uint32_t ruid;
  uint32_t rgid;
  uint32_t euid;
  uint32_t egid;
  uint32_t suid;
  uint32_t sgid;
  uint32_t fsuid;
  uint32_t fsgid;
  int32_t exit_code;
  uint32_t coredump_mask;
  uint32_t coredump_signal;
  uint64_t supported_mask;
};
# define PIDFD_GET_INFO _IOWR(PIDFS_IOCTL_MAGIC, 11, struct pidfd_info)
#endif

/* pidfd_open, pidfd_getfd and pidfd_send_signal are declared where the
   libc lacks them: musl, and glibc before 2.36.  libpidfdspawn exports
   them on exactly those libcs (configure decides it by the same rule).
   Elsewhere the libc's own declarations and functions are used.  */
#if !defined __GLIBC__ || defined __UCLIBC__ \
    || __GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 36)
# define __PIDFDSPAWN_PROVIDES_PIDFD_API 1

/* siginfo_t: glibc has it in any mode (<bits/types/siginfo_t.h>, 2.26 and
   later), musl's <signal.h> only with POSIX feature macros, and SI_QUEUE
   comes with it.  Without it (musl in strict ISO C mode, say -std=c99
   alone) pidfd_send_signal is not declared: define _POSIX_C_SOURCE or
   _GNU_SOURCE to get it.  */
# if defined __GLIBC__ && !defined __UCLIBC__ \
     && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 26)
#  include <bits/types/siginfo_t.h>
#  define __PIDFDSPAWN_HAVE_SIGINFO_T 1
# elif defined SI_QUEUE
#  define __PIDFDSPAWN_HAVE_SIGINFO_T 1
# endif

/* A close-on-exec pidfd for process PID; FLAGS: 0, PIDFD_NONBLOCK,
   PIDFD_THREAD.  -1 with errno on error.  */
extern int pidfd_open (pid_t __pid, unsigned int __flags) __PIDFDSPAWN_NOTHROW;

/* A close-on-exec duplicate of the descriptor TARGETFD of the process
   PIDFD refers to; FLAGS must be 0.  -1 with errno on error.  */
extern int pidfd_getfd (int __pidfd, int __targetfd,
                        unsigned int __flags) __PIDFDSPAWN_NOTHROW;

# ifdef __PIDFDSPAWN_HAVE_SIGINFO_T
/* Send SIG to the process PIDFD refers to, with INFO if not null.  -1 with
   errno on error.  */
extern int pidfd_send_signal (int __pidfd, int __sig, siginfo_t *__info,
                              unsigned int __flags) __PIDFDSPAWN_NOTHROW;
# endif
#endif

/* The pid of the process PIDFD refers to, in the caller's pid namespace;
   -1 with errno EBADF (not a pidfd), ESRCH (process gone) or EREMOTE (not
   visible from the caller's pid namespace).  Async-signal-safe.  */
extern pid_t pidfd_getpid (int __fd) __PIDFDSPAWN_NOTHROW;

#ifdef __cplusplus
}
#endif

#endif /* PIDFDSPAWN_SYS_PIDFD_H */
