// tanh: the hyperbolic tangent forward, backward dy (1 - y^2).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using layer = nn::tanh::bind<nn::shape<2, 2>>;
}  // namespace

TEST_CASE("tanh: forward matches std::tanh and saturates at +-1") {
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2>>);
  const std::array<double, 4> x{-1000, -0.5, 0.25, 20};
  std::array<double, 4> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  CHECK(y[0] == -1.0);
  CHECK(y[1] == doctest::Approx(std::tanh(-0.5)).epsilon(1e-14));
  CHECK(y[2] == doctest::Approx(std::tanh(0.25)).epsilon(1e-14));
  CHECK(y[3] == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(nn::tanh::value(0.0f) == 0.0f);
  // (e^2 - 1) / (e^2 + 1) = tanh(1)
  CHECK(nn::tanh::value(1.0) == doctest::Approx((std::exp(2.0) - 1) / (std::exp(2.0) + 1)).epsilon(1e-14));
}

TEST_CASE("tanh: backward is dy (1 - y^2)") {
  const std::array<double, 4> x{0, 0.5, -0.5, 1000};
  std::array<double, 4> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  const std::array<double, 4> dy{3, 1, 2, 5};
  std::array<double, 4> dx{};
  layer::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x.data(), y.data(),
                        dy.data(), dx.data(), 1);
  const double t = std::tanh(0.5);
  CHECK(dx[0] == 3.0);
  CHECK(dx[1] == doctest::Approx(1 - t * t).epsilon(1e-14));
  CHECK(dx[2] == doctest::Approx(2 * (1 - t * t)).epsilon(1e-14));
  CHECK(dx[3] == 0.0);
}
