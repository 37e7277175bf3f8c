#pragma once
/// `leaky_relu<>`: x for x > 0, negative_slope * x below; Keras' LeakyReLU, whose default slope is 0.3.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/simd/pack.hpp>

#include <cstddef>
#include <numeric>
#include <string_view>

namespace nnstatic {

/// The slope of leaky_relu below 0, as a fraction: `negative_slope{1, 10}` is Keras' negative_slope=0.1.
///
/// Why a fraction and not a float: clang 16 takes no floating-point template parameter, and a fraction is exact, so
/// that in float and in double the slope is the nearest value to numerator / denominator, the same number that
/// Keras' 0.1 or PyTorch's 0.01 rounds to. It is kept in lowest terms, so `negative_slope{2, 20}` and
/// `negative_slope{1, 10}` make the same network type (and the same model file). Its terms are unsigned: Keras
/// requires negative_slope >= 0, and backward relies on it (below).
struct negative_slope {
  std::size_t numerator;
  std::size_t denominator;

  constexpr negative_slope(std::size_t n, std::size_t d) noexcept
      : numerator(d == 0 ? n : n / std::gcd(n, d)), denominator(d == 0 ? 0 : d / std::gcd(n, d)) {}
  constexpr bool operator==(const negative_slope&) const = default;
};

/// A slope that is a number: its denominator is not 0.
template <class At, class Layer, class In>
inline constexpr bool negative_slope_is_a_fraction = Layer::slope_fraction.denominator != 0;

/// The leaky rectified linear unit. Backward goes through the output y: with a slope s >= 0, y > 0 exactly where
/// x > 0, so the derivative is 1 where y > 0 and s elsewhere, s at x = 0 included, as PyTorch's leaky_relu and
/// TensorFlow's LeakyReluGrad take it.
template <negative_slope Slope = negative_slope{3, 10}>
struct leaky_relu {
  static constexpr std::string_view name = "leaky_re_lu";
  static constexpr std::string_view type_name = "LeakyReLU";
  static constexpr std::string_view header = "nnstatic/layers/leaky_relu.hpp";
  static constexpr void write_signature(text& out) {
    out.append("leaky_relu<negative_slope ").append(Slope.numerator).append("/").append(Slope.denominator);
    out.append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::leaky_relu<nnstatic::negative_slope{").append(Slope.numerator).append(", ");
    out.append(Slope.denominator).append("}>");
  }

  static constexpr negative_slope slope_fraction = Slope;

  /// Asked by the binding before `bind`.
  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!negative_slope_is_a_fraction<At, leaky_relu, In>) {
      static_assert(negative_slope_is_a_fraction<At, leaky_relu, In>,
                    "nnstatic: leaky_relu's negative_slope{numerator, denominator} needs a denominator of at least 1 "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = detail::bound_elementwise<leaky_relu, In>;

  static constexpr bool non_decreasing = true;

  /// The slope in T: numerator / denominator rounded once.
  template <class T>
  static constexpr T slope = static_cast<T>(Slope.numerator) / static_cast<T>(Slope.denominator);

  template <class T>
  static constexpr T value(T x) noexcept { return x > T{} ? x : x * slope<T>; }
  template <class T>
  static constexpr T derivative(T y) noexcept { return y > T{} ? T{1} : slope<T>; }

  template <simd::any_pack P>
  static P pack_value(const P& x) noexcept {
    return simd::select(x > P(0), x, x * P(slope<typename P::value_type>));
  }
  template <simd::any_pack P>
  static P pack_derivative(const P& y) noexcept {
    return simd::select(y > P(0), P(1), P(slope<typename P::value_type>));
  }
};

}  // namespace nnstatic
