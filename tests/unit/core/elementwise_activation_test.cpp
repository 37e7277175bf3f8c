// core/elementwise_activation.hpp: which layers are element-wise activations, and each activation's pack forms
// against its scalar forms, lane by lane, for the native packs and the plain ones, in float and double: the same bits
// for the piecewise-linear ones, a few units in the last place for sigmoid and tanh.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/pack.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

static_assert(nn::non_decreasing_activation<nn::relu> && nn::non_decreasing_activation<nn::relu6> &&
              nn::non_decreasing_activation<nn::leaky_relu<>> && nn::non_decreasing_activation<nn::sigmoid> &&
              nn::non_decreasing_activation<nn::tanh>);
static_assert(!nn::elementwise_activation<nn::softmax> && !nn::elementwise_activation<nn::dense<4>>);

/// value(x) = x^2 with every form: an element-wise activation, but not non-decreasing, so a max pool may not be
/// taken first. The derivatives are not the real ones: only the forms are checked. Without its pack forms it is no
/// element-wise activation at all, and no kernel fuses it.
struct square {
  template <class V>
  static V value(const V& x) noexcept { return x * x; }
  template <class V>
  static V derivative(const V& y) noexcept { return y; }
  template <class V>
  static V pack_value(const V& x) noexcept { return x * x; }
  template <class V>
  static V pack_derivative(const V& y) noexcept { return y; }
};
struct scalar_square {
  template <class V>
  static V value(const V& x) noexcept { return x * x; }
  template <class V>
  static V derivative(const V& y) noexcept { return y; }
};
static_assert(nn::elementwise_activation<square> && !nn::non_decreasing_activation<square>);
static_assert(!nn::elementwise_activation<scalar_square>);

/// Inputs over every region: both sides of each kink, the kinks themselves (0, 6, -0), the saturation of sigmoid
/// and tanh in float and double (|x| up to 800, beyond e^x's range), tiny values, infinities.
template <class T>
std::vector<T> inputs() {
  std::vector<T> x{0,
                   T(-0.0),
                   6,
                   -6,
                   1,
                   -1,
                   T(1e-30),
                   T(-1e-30),
                   T(5.999999),
                   T(6.000001),
                   std::numeric_limits<T>::infinity(),
                   -std::numeric_limits<T>::infinity()};
  for (int i = -4000; i <= 4000; ++i) x.push_back(static_cast<T>(i) / T(200));  // [-20, 20] in steps of 1/200
  for (int i = -800; i <= 800; i += 7) x.push_back(static_cast<T>(i));
  while (x.size() % 64 != 0) x.push_back(T(0.5));
  return x;
}

/// How far a is from b in units in the last place of b, for results that are normal numbers. Below the smallest
/// normal number only the absolute difference counts: xsimd's e^x returns 0 where the exact result would be
/// subnormal (sigmoid(-104) in float is 2^-149 by <cmath>, 0 by xsimd), which no network can tell from 0; a
/// difference there larger than the smallest normal number counts as infinitely many ulps.
template <class T>
double ulps_from(T a, T b) {
  if (a == b) return 0;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::infinity();
  constexpr T smallest_normal = std::numeric_limits<T>::min();
  if (std::abs(b) < smallest_normal || std::abs(a) < smallest_normal)
    return std::abs(a - b) <= smallest_normal ? 0 : std::numeric_limits<double>::infinity();
  const T ulp = std::nextafter(std::abs(b), std::numeric_limits<T>::infinity()) - std::abs(b);
  return std::abs(static_cast<double>(a) - static_cast<double>(b)) / static_cast<double>(ulp);
}

/// The worst distance in ulps between A's pack forms (packs of Arch) and its scalar forms: value in ulps of the
/// value, derivative in ulps of 1.
template <class A, class Arch, class T>
double worst_ulps() {
  using P = simd::pack<T, Arch>;
  const std::vector<T> x = inputs<T>();
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); i += simd::lanes<P>) {
    std::vector<T> y(simd::lanes<P>), derivative(simd::lanes<P>);
    const P value = A::pack_value(simd::load<P>(x.data() + i));
    simd::store(y.data(), value);
    simd::store(derivative.data(), A::pack_derivative(value));
    for (std::size_t l = 0; l < simd::lanes<P>; ++l) {
      worst = std::max(worst, ulps_from(y[l], A::value(x[i + l])));
      // The derivative is a polynomial in y (or a choice by y's sign), of terms up to 1: from the same y the same
      // value, but for one rounding, which clang may skip in one form and not the other (it contracts the scalar
      // 1 - y * y into a fused multiply-add). Near y = 1 that cancels, so it is measured in ulps of 1, the terms'.
      const T one_ulp = std::numeric_limits<T>::epsilon();
      worst = std::max(worst, static_cast<double>(std::abs(derivative[l] - A::derivative(y[l])) / one_ulp));
    }
  }
  return worst;
}

}  // namespace

TEST_CASE_TEMPLATE("pack forms: the piecewise-linear activations give the scalar form's bits", T, float, double) {
  CHECK(worst_ulps<nn::relu, simd::native, T>() == 0);
  CHECK(worst_ulps<nn::relu, simd::plain, T>() == 0);
  CHECK(worst_ulps<nn::relu6, simd::native, T>() == 0);
  CHECK(worst_ulps<nn::relu6, simd::plain, T>() == 0);
  CHECK(worst_ulps<nn::leaky_relu<>, simd::native, T>() == 0);
  CHECK(worst_ulps<nn::leaky_relu<>, simd::plain, T>() == 0);
  CHECK(worst_ulps<nn::leaky_relu<nn::negative_slope{1, 100}>, simd::native, T>() == 0);
}

TEST_CASE_TEMPLATE("pack forms: sigmoid and tanh within 4 ulps of <cmath>", T, float, double) {
  // Measured on AVX2 over these inputs: 2 ulps for both in float, 2 and 0 in double, and 1 for the plain sigmoid
  // (its pack form rounds e^-|x| * 1 / (1 + e^-|x|) twice where the scalar form rounds e^x / (1 + e^x) once).
  // xsimd's e^x and tanh are within 1 or 2 ulps of the exact result and glibc's within 1, so 4 ulps holds on any
  // architecture, while a wrong branch, sign or formula is off by millions (sigmoid(-1) for sigmoid(1): 7.7e6 ulps).
  constexpr double limit = 4;
  CHECK(worst_ulps<nn::sigmoid, simd::native, T>() <= limit);
  CHECK(worst_ulps<nn::sigmoid, simd::plain, T>() <= limit);
  CHECK(worst_ulps<nn::tanh, simd::native, T>() <= limit);
  CHECK(worst_ulps<nn::tanh, simd::plain, T>() <= limit);
}
