#pragma once
/// `ratio`: a fraction as a template parameter, where Keras takes a float (a dropout rate).
///
/// C++20 allows floating-point template parameters, but clang before 18 does not implement them; a ratio of two
/// integers works in every compiler, prints exactly in an error message and names the same type however it is
/// computed.
#include <nnstatic/config/requires_cxx20.hpp>

#include <cstdint>

namespace nnstatic {

struct ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;

  template <class T>
  constexpr T value() const noexcept {
    return static_cast<T>(static_cast<long double>(numerator) / static_cast<long double>(denominator));
  }
  constexpr bool operator==(const ratio&) const = default;
};

}  // namespace nnstatic
