// A relaxed atomic variable on the compiler's __atomic builtins.
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Not std::atomic: from C++20 on, libstdc++'s <atomic> pulls in its hosted
// waiting machinery (mutexes, locales, pthread_cond_clockwait), which only
// compiles against the libc libstdc++ was configured for, and so breaks a
// musl build that borrows the system's glibc-configured g++.  The caches
// need nothing beyond relaxed loads, stores and fetch_or: races only repeat
// a probe whose answer is always the same.
#pragma once

#include <type_traits>

namespace pidfdspawn {

template <typename T>
  requires std::is_integral_v<T>
class RelaxedAtomic
{
public:
  // constexpr: constant-initialised, so no static constructor.
  constexpr explicit RelaxedAtomic (T initial) : value_ (initial) {}
  RelaxedAtomic (const RelaxedAtomic &) = delete;
  RelaxedAtomic &operator= (const RelaxedAtomic &) = delete;

  T load () const { return __atomic_load_n (&value_, __ATOMIC_RELAXED); }
  void store (T v) { __atomic_store_n (&value_, v, __ATOMIC_RELAXED); }
  T fetch_or (T bits)
  {
    return __atomic_fetch_or (&value_, bits, __ATOMIC_RELAXED);
  }

private:
  T value_;
};

} // namespace pidfdspawn
