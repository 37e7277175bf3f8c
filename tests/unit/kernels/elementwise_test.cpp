// kernels/elementwise.hpp: the epilogue (bias, per-thread parts summed in order, any element-wise activation), the
// activation's derivative on a gradient, column sums and the ordered sum of per-thread gradients, native against
// plain and against loops.
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <vector>

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

std::vector<float> values(std::size_t n, std::size_t seed) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>((i * 5 + seed * 7) % 17) / 8.0f - 1.0f;
  return v;
}

}  // namespace

TEST_CASE_TEMPLATE("bias_activation: bias + part_0 + part_1 + ..., in that order, then relu", Arch, simd::native,
                   simd::plain) {
  constexpr std::size_t width = 37, rows = 5, parts = 3, stride = 200;
  const auto bias = values(width, 1);
  const auto partials = values(parts * stride, 2);
  std::vector<float> y(rows * width), y_none(rows * width);
  nn::kernels::bias_activation<Arch, nn::relu, width>(y.data(), bias.data(), partials.data(), stride, parts, rows);
  nn::kernels::bias_activation<Arch, void, width>(y_none.data(), bias.data(), partials.data(), stride, parts, rows);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < width; ++j) {
      float sum = bias[j];
      for (std::size_t t = 0; t < parts; ++t) sum += partials[t * stride + r * width + j];
      CHECK(y_none[r * width + j] == sum);
      CHECK(y[r * width + j] == (sum > 0.0f ? sum : 0.0f));
    }
}

TEST_CASE_TEMPLATE("activation_gradient, column_sums and sum_parts", Arch, simd::native, simd::plain) {
  constexpr std::size_t width = 21, rows = 6;
  const auto y = values(rows * width, 3);
  const auto dy = values(rows * width, 4);
  std::vector<float> dz(rows * width), copy(rows * width);
  nn::kernels::activation_gradient<Arch, nn::relu, width>(dz.data(), y.data(), dy.data(), rows);
  nn::kernels::activation_gradient<Arch, void, width>(copy.data(), y.data(), dy.data(), rows);
  for (std::size_t i = 0; i < dz.size(); ++i) {
    CHECK(dz[i] == (y[i] > 0.0f ? dy[i] : 0.0f));
    CHECK(copy[i] == dy[i]);
  }

  std::vector<float> sums(width);
  nn::kernels::column_sums<Arch, width>(sums.data(), dy.data(), rows);
  for (std::size_t j = 0; j < width; ++j) {
    float s = 0;
    for (std::size_t r = 0; r < rows; ++r) s += dy[r * width + j];
    CHECK(sums[j] == s);
  }

  const auto partials = values(3 * 50, 5);
  std::vector<float> out(50, -7.0f);
  nn::kernels::sum_parts<Arch>(out.data(), partials.data(), 50, 3, 4, 39);
  for (std::size_t i = 0; i < 50; ++i)
    CHECK(out[i] == (i >= 4 && i < 43 ? partials[i] + partials[50 + i] + partials[100 + i] : -7.0f));
}

namespace {

/// The epilogue and the gradient with `Activation` against its scalar forms applied to the loops' results: the same
/// bits for the piecewise-linear activations, within 4 ulps where the pack form calls e^x or tanh (see
/// tests/unit/core/elementwise_activation_test.cpp).
template <class Arch, class Activation>
void check_activation(bool bit_for_bit) {
  constexpr std::size_t width = 37, rows = 4, parts = 2, stride = 160;
  auto bias = values(width, 6);
  for (float& b : bias) b *= 8;  // sums from -10 to 10: both of relu6's kinks, and saturation
  const auto partials = values(parts * stride, 7);
  std::vector<float> y(rows * width);
  nn::kernels::bias_activation<Arch, Activation, width>(y.data(), bias.data(), partials.data(), stride, parts, rows);
  const auto dy = values(rows * width, 8);
  std::vector<float> dz(rows * width);
  nn::kernels::activation_gradient<Arch, Activation, width>(dz.data(), y.data(), dy.data(), rows);
  const auto close = [&](float got, float expected) {
    return bit_for_bit ? got == expected : std::abs(got - expected) <= 4 * 1.2e-7f * std::abs(expected) + 1e-30f;
  };
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < width; ++j) {
      float sum = bias[j];
      for (std::size_t t = 0; t < parts; ++t) sum += partials[t * stride + r * width + j];
      const std::size_t at = r * width + j;
      CHECK(close(y[at], Activation::value(sum)));
      // From the same y, the same product but for the rounding of a derivative that may cancel (tanh's 1 - y^2, which
      // clang contracts in the scalar form): within 4 ulps of the terms, which are up to 1.
      const float expected_dz = dy[at] * Activation::derivative(y[at]);
      CHECK((bit_for_bit ? dz[at] == expected_dz : std::abs(dz[at] - expected_dz) <= 4 * 1.2e-7f));
    }
}

}  // namespace

TEST_CASE_TEMPLATE("bias_activation and activation_gradient with every element-wise activation", Arch, simd::native,
                   simd::plain) {
  check_activation<Arch, nn::relu>(true);
  check_activation<Arch, nn::relu6>(true);
  check_activation<Arch, nn::leaky_relu<>>(true);
  check_activation<Arch, nn::leaky_relu<nn::negative_slope{1, 100}>>(true);
  check_activation<Arch, nn::sigmoid>(false);
  check_activation<Arch, nn::tanh>(false);
}
