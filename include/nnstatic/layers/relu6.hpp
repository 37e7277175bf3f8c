#pragma once
/// `relu6`: min(max(x, 0), 6), Keras' ReLU(max_value=6) (MobileNet's activation).
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/simd/pack.hpp>

#include <string_view>

namespace nnstatic {

/// The rectified linear unit capped at 6. Backward goes through the output y: the derivative is 1 where
/// 0 < y < 6 and 0 elsewhere, so at both kinks (x = 0 and x = 6) it is 0, as PyTorch's relu6 (hardtanh's
/// backward) and TensorFlow's Relu6Grad take it.
struct relu6 {
  static constexpr std::string_view name = "re_lu";  // Keras prints ReLU(max_value=6) as any ReLU
  static constexpr std::string_view type_name = "ReLU";
  static constexpr std::string_view header = "nnstatic/layers/relu6.hpp";
  static constexpr value_range clamps_to{.low = 0, .high = 6};  // int8 folds it into a requantization
  static constexpr void write_signature(text& out) { out.append("relu6"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::relu6"); }

  template <class In>
  using bind = detail::bound_elementwise<relu6, In>;

  static constexpr bool non_decreasing = true;

  template <class T>
  static constexpr T value(T x) noexcept { return x > T{} ? (x < T{6} ? x : T{6}) : T{}; }
  template <class T>
  static constexpr T derivative(T y) noexcept { return y > T{} && y < T{6} ? T{1} : T{}; }

  template <simd::any_pack P>
  static P pack_value(const P& x) noexcept { return simd::min(simd::max(x, P(0)), P(6)); }
  template <simd::any_pack P>
  static P pack_derivative(const P& y) noexcept {
    return simd::select(y > P(0), simd::select(y < P(6), P(1), P(0)), P(0));
  }
};

}  // namespace nnstatic
