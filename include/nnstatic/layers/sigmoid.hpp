#pragma once
/// `sigmoid`: 1 / (1 + e^-x).
#include <nnstatic/core/text.hpp>
#include <nnstatic/detail/constexpr_math.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/simd/pack.hpp>

#include <string_view>

namespace nnstatic {

/// The logistic function. Paired with `binary_crossentropy`, the loss folds it into a stable log-sum-exp.
struct sigmoid {
  static constexpr std::string_view name = "sigmoid";
  static constexpr std::string_view type_name = "Activation";
  static constexpr std::string_view header = "nnstatic/layers/sigmoid.hpp";
  static constexpr void write_signature(text& out) { out.append("sigmoid"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::sigmoid"); }

  template <class In>
  using bind = detail::bound_elementwise<sigmoid, In>;

  static constexpr bool non_decreasing = true;

  /// Evaluated so that exp never overflows: for negative x through e^x / (1 + e^x). std::exp at run time,
  /// and usable in constant expressions (detail/constexpr_math.hpp).
  template <class T>
  static constexpr T value(T x) noexcept {
    if (x >= T{}) return T{1} / (T{1} + detail::exp(-x));
    const T e = detail::exp(x);
    return e / (T{1} + e);
  }
  template <class T>
  static constexpr T derivative(T y) noexcept { return y * (T{1} - y); }

  /// Both branches at once, from e^-|x| <= 1, which cannot overflow.
  template <simd::any_pack P>
  static P pack_value(const P& x) noexcept {
    const P e = simd::exp(-simd::abs(x));
    const P positive = simd::divide(P(1), P(1) + e);
    return simd::select(x >= P(0), positive, e * positive);
  }
  template <simd::any_pack P>
  static P pack_derivative(const P& y) noexcept { return y * (P(1) - y); }
};

}  // namespace nnstatic
