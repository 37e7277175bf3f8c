// detail/constexpr_math.hpp: the series used in constant expressions agree with <cmath>, and at run time the
// functions are exactly <cmath>'s, so routing softmax, sigmoid and tanh through them changed no result.
#include <nnstatic/detail/constexpr_math.hpp>

#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>

namespace ns = nnstatic;

static_assert(ns::detail::constexpr_exp(0.0) == 1.0);
static_assert(ns::detail::constexpr_log(1.0) == 0.0);
static_assert(ns::detail::constexpr_tanh(0.0) == 0.0);
static_assert(ns::detail::exp(1.0f) > 2.7182f && ns::detail::exp(1.0f) < 2.7183f);
static_assert(ns::sigmoid::value(0.0f) == 0.5f);
static_assert(ns::tanh::value(100.0f) == 1.0f);

TEST_CASE("the compile-time series agree with <cmath> to a few units in the last place") {
  for (double x = -700.0; x <= 700.0; x += 0.37) {
    CHECK(ns::detail::constexpr_exp(x) == doctest::Approx(std::exp(x)).epsilon(1e-14));
    CHECK(ns::detail::constexpr_tanh(x / 100) == doctest::Approx(std::tanh(x / 100)).epsilon(1e-14));
  }
  for (double x = 1e-300; x < 1e300; x *= 7.3) CHECK(ns::detail::constexpr_log(x) == doctest::Approx(std::log(x)).epsilon(1e-14));
  CHECK(ns::detail::constexpr_exp(-800.0) == 0.0);
  CHECK(std::isinf(ns::detail::constexpr_exp(800.0)));
  CHECK(std::isnan(ns::detail::constexpr_log(-1.0)));
}

TEST_CASE("at run time the activations compute exactly what <cmath> computes") {
  for (float x = -30.0f; x <= 30.0f; x += 0.173f) {
    CHECK(ns::detail::exp(x) == std::exp(x));
    CHECK(ns::tanh::value(x) == std::tanh(x));
    const float expected = x >= 0 ? 1.0f / (1.0f + std::exp(-x)) : std::exp(x) / (1.0f + std::exp(x));
    CHECK(ns::sigmoid::value(x) == expected);
  }
  const std::array<float, 4> z{1.0f, -2.0f, 0.5f, 3.0f};
  std::array<float, 4> expected{};
  float total = 0;
  for (std::size_t i = 0; i < 4; ++i) total += expected[i] = std::exp(z[i] - 3.0f);
  for (std::size_t i = 0; i < 4; ++i) expected[i] *= 1.0f / total;
  std::array<float, 4> got{};
  ns::softmax::probabilities<4>(z.data(), got.data());
  CHECK(got == expected);
}
