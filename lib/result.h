// A value or an error number, for helpers; only entry points turn it into
// the C convention.
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

namespace pidfdspawn {

template <typename T>
class [[nodiscard]] Result
{
public:
  static constexpr Result success (T value) { return Result (value, 0); }
  static constexpr Result failure (int error) { return Result (T{}, error); }

  constexpr bool ok () const { return error_ == 0; }
  constexpr int error () const { return error_; }
  constexpr const T &value () const { return value_; }

private:
  constexpr Result (T value, int error) : value_ (value), error_ (error) {}
  T value_;
  int error_;
};

} // namespace pidfdspawn
