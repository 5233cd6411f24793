// Atomic variables on the compiler's __atomic builtins.
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Not std::atomic: from C++20 on, libstdc++'s <atomic> pulls in its hosted
// waiting machinery (mutexes, locales, pthread_cond_clockwait), which only
// compiles against the libc libstdc++ was configured for, and so breaks a
// musl build that borrows the system's glibc-configured g++.
//
// Relaxed unless the name says otherwise: the caches need nothing more, as
// races only repeat a probe whose answer is always the same.  Acquire and
// release where one owner's writes must reach the next (the kept child
// region, an address looked up once).
#pragma once

#include <type_traits>

namespace pidfdspawn {

template <typename T>
  requires std::is_integral_v<T> || std::is_pointer_v<T>
class Atomic
{
public:
  // constexpr: constant-initialised, so no static constructor.
  constexpr explicit Atomic (T initial) : value_ (initial) {}
  Atomic (const Atomic &) = delete;
  Atomic &operator= (const Atomic &) = delete;

  T load () const { return __atomic_load_n (&value_, __ATOMIC_RELAXED); }
  void store (T v) { __atomic_store_n (&value_, v, __ATOMIC_RELAXED); }
  T fetch_or (T bits)
    requires std::is_integral_v<T>
  {
    return __atomic_fetch_or (&value_, bits, __ATOMIC_RELAXED);
  }

  T load_acquire () const
  {
    return __atomic_load_n (&value_, __ATOMIC_ACQUIRE);
  }
  void store_release (T v) { __atomic_store_n (&value_, v, __ATOMIC_RELEASE); }
  T exchange_acquire (T v)
  {
    return __atomic_exchange_n (&value_, v, __ATOMIC_ACQUIRE);
  }
  // Stores DESIRED if the value is EXPECTED; whether it did.
  bool compare_exchange_release (T expected, T desired)
  {
    return __atomic_compare_exchange_n (&value_, &expected, desired, false,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED);
  }

private:
  T value_;
};

} // namespace pidfdspawn
