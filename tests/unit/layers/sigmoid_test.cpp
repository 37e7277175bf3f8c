// sigmoid: 1 / (1 + e^-x), finite and correctly saturated for +-1000 in float and double; backward dy y (1 - y).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/sigmoid.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using layer = nn::sigmoid::bind<nn::shape<5>>;
}  // namespace

TEST_CASE("sigmoid: values") {
  static_assert(layer::param_count == 0);
  static_assert(std::is_same_v<layer::output_shape, nn::shape<5>>);
  CHECK(nn::sigmoid::value(0.0) == 0.5);
  CHECK(nn::sigmoid::value(std::log(3.0)) == doctest::Approx(0.75).epsilon(1e-15));
  CHECK(nn::sigmoid::value(-std::log(3.0)) == doctest::Approx(0.25).epsilon(1e-15));
  for (const double x : {-30.0, -3.0, -0.5, 0.25, 2.0, 30.0})
    CHECK(nn::sigmoid::value(x) + nn::sigmoid::value(-x) == doctest::Approx(1.0).epsilon(1e-15));
}

TEST_CASE("sigmoid: +-1000 saturates without overflow or NaN") {
  const std::array<float, 5> x{-1000, -100, 0, 100, 1000};
  std::array<float, 5> y{};
  layer::forward(static_cast<const float*>(nullptr), x.data(), y.data(), 1);
  for (const float v : y) CHECK(std::isfinite(v));
  CHECK(y[0] == 0.0f);
  CHECK(y[2] == 0.5f);
  CHECK(y[4] == 1.0f);
  CHECK(nn::sigmoid::value(-1000.0) == 0.0);
  CHECK(nn::sigmoid::value(1000.0) == 1.0);
  CHECK(nn::sigmoid::value(-1000.0f) == 0.0f);
  CHECK(nn::sigmoid::value(1000.0f) == 1.0f);
  // Small but non-zero in double where it is representable: sigmoid(-700) = e^-700 / (1 + e^-700).
  CHECK(nn::sigmoid::value(-700.0) == doctest::Approx(std::exp(-700.0)).epsilon(1e-12));
}

TEST_CASE("sigmoid: backward is dy y (1 - y)") {
  const std::array<double, 3> x{0, std::log(3.0), -1000};
  std::array<double, 3> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 0);  // batch 0 writes nothing
  CHECK(y == std::array<double, 3>{});
  using three = nn::sigmoid::bind<nn::shape<3>>;
  three::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  const std::array<double, 3> dy{2, 4, 1};
  std::array<double, 3> dx{};
  three::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x.data(), y.data(),
                        dy.data(), dx.data(), 1);
  // 2 * 0.5 * 0.5 = 0.5;  4 * 0.75 * 0.25 = 0.75;  saturated: 0.
  CHECK(dx[0] == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(dx[1] == doctest::Approx(0.75).epsilon(1e-15));
  CHECK(dx[2] == 0.0);
}
