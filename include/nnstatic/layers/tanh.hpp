#pragma once
/// `tanh`: the hyperbolic tangent.
#include <nnstatic/core/text.hpp>
#include <nnstatic/detail/constexpr_math.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/simd/pack.hpp>

#include <string_view>

namespace nnstatic {

/// The hyperbolic tangent activation. (Inside nnstatic, call std::tanh by its full name: this struct hides it.)
struct tanh {
  static constexpr std::string_view name = "tanh";
  static constexpr std::string_view type_name = "Activation";
  static constexpr std::string_view header = "nnstatic/layers/tanh.hpp";
  static constexpr void write_signature(text& out) { out.append("tanh"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::tanh"); }

  template <class In>
  using bind = detail::bound_elementwise<tanh, In>;

  static constexpr bool non_decreasing = true;

  /// std::tanh at run time, and usable in constant expressions (detail/constexpr_math.hpp).
  template <class T>
  static constexpr T value(T x) noexcept { return detail::tanh(x); }
  template <class T>
  static constexpr T derivative(T y) noexcept { return T{1} - y * y; }

  template <simd::any_pack P>
  static P pack_value(const P& x) noexcept { return simd::tanh(x); }
  template <simd::any_pack P>
  static P pack_derivative(const P& y) noexcept { return P(1) - y * y; }
};

}  // namespace nnstatic
