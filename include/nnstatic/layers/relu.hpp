#pragma once
/// `relu`: max(x, 0).
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/simd/pack.hpp>

#include <string_view>

namespace nnstatic {

/// The rectified linear unit. Its derivative at 0 is taken as 0, as in PyTorch and TensorFlow.
struct relu {
  static constexpr std::string_view name = "re_lu";
  static constexpr std::string_view type_name = "ReLU";
  static constexpr std::string_view header = "nnstatic/layers/relu.hpp";
  static constexpr value_range clamps_to{.low = 0};  // int8 folds it into a requantization
  static constexpr void write_signature(text& out) { out.append("relu"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::relu"); }

  template <class In>
  using bind = detail::bound_elementwise<relu, In>;

  static constexpr bool non_decreasing = true;

  template <class T>
  static constexpr T value(T x) noexcept { return x > T{} ? x : T{}; }
  template <class T>
  static constexpr T derivative(T y) noexcept { return y > T{} ? T{1} : T{}; }

  template <simd::any_pack P>
  static P pack_value(const P& x) noexcept { return simd::max(x, P(0)); }
  template <simd::any_pack P>
  static P pack_derivative(const P& y) noexcept { return simd::select(y > P(0), P(1), P(0)); }
};

}  // namespace nnstatic
