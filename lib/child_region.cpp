// One region of a common size is kept between calls, so the usual spawn
// makes no mmap or munmap and its child's stack pages are already present
// (a fresh mapping costs a page fault per page touched, and unmapping a
// touched range in a threaded parent a TLB shootdown).
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Concurrency.  The kept region sits in one slot, taken with an atomic
// exchange and given back with a compare-and-swap: a region is only ever
// used by one call.  A call that finds the slot empty (another thread, or
// a signal handler interrupting a spawn, holds the region) maps its own;
// a call that finds the slot full when it is done unmaps its own.  The
// child runs on the region only until execve or exit: every rung clones
// with CLONE_VFORK, so the region is free again when the clone returns.
// A fork() by another thread while a region is taken leaves that region
// mapped and unused in the forked child (64 KiB of address space).
#include "child_region.h"

#include <limits.h>
#include <unistd.h>

#include "atomic.h"
#include "syscall.h"

namespace pidfdspawn {

const size_t search_buffer_size = PATH_MAX + NAME_MAX + 2;

namespace {

// Child stack slack, as glibc: room for anything the compiler may do.
constexpr size_t child_stack_slack = 32 * 1024 + 512;
// The size kept between calls: a 36 KiB stack (up to 448 arguments), a
// PATH buffer and about 500 file actions.
constexpr size_t reusable_bytes = 64 * 1024;
// Stack top and file actions: aligned for any ABI's stack and any member.
constexpr size_t part_alignment = 64;

// Acquire/release on the slot: one call's writes to the region happen
// before the next owner's.
constinit Atomic<char *> kept_region{nullptr};

size_t
align_up (size_t n, size_t to)
{
  return (n + to - 1) & ~(to - 1);
}

size_t
page_size ()
{
  return static_cast<size_t> (sysconf (_SC_PAGESIZE));
}

size_t
reusable_size ()
{
  return align_up (reusable_bytes, page_size ());
}

} // namespace

int
acquire_child_region (ChildRegion &region, size_t argc, size_t action_count,
                      bool with_search_buffer)
{
  const size_t stack_size
    = align_up (argc * sizeof (void *) + child_stack_slack, part_alignment);
  const size_t actions_size = action_count * sizeof (FileAction);
  const size_t needed = stack_size + actions_size
                        + (with_search_buffer ? search_buffer_size : 0);
  const size_t common = reusable_size ();

  char *base = nullptr;
  size_t size = common;
  if (needed <= common)
    base = kept_region.exchange_acquire (nullptr);
  else
    size = align_up (needed, page_size ());
  if (base == nullptr)
    {
      long addr
        = sys::mmap_anonymous (size, PROT_READ | PROT_WRITE, MAP_STACK);
      if (addr < 0 && addr > -4096)
        return sys::error_of (addr);
      base = reinterpret_cast<char *> (addr);
    }
  region.base = base;
  region.size = size;
  region.reusable = size == common;
  region.stack = { base, stack_size };
  region.actions = reinterpret_cast<FileAction *> (base + stack_size);
  region.search_buffer
    = with_search_buffer ? base + stack_size + actions_size : nullptr;
  return 0;
}

void
release_child_region (ChildRegion &region)
{
  if (!region.reusable
      || !kept_region.compare_exchange_release (nullptr, region.base))
    sys::munmap (region.base, region.size);
  region = ChildRegion{};
}

} // namespace pidfdspawn
