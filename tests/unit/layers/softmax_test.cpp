// softmax along the last axis: probabilities that sum to 1, stable for logits of 1e4, invariant to a shift;
// backward dx_i = y_i (dy_i - sum_j dy_j y_j).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
}  // namespace

TEST_CASE("softmax: hand-computed probabilities that sum to 1") {
  using layer = nn::softmax::bind<nn::shape<3>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<3>>);
  static_assert(layer::param_count == 0);
  // Logits [0, ln 2, ln 4] are probabilities [1, 2, 4] / 7; a second sample shifted by 100 gives the same.
  const std::array<double, 6> x{0, std::log(2.0), std::log(4.0), 100, 100 + std::log(2.0), 100 + std::log(4.0)};
  std::array<double, 6> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 2);
  const std::array<double, 3> expected{1.0 / 7, 2.0 / 7, 4.0 / 7};
  for (std::size_t n = 0; n < 2; ++n) {
    double sum = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(y[n * 3 + i] == doctest::Approx(expected[i]).epsilon(1e-12));
      sum += y[n * 3 + i];
    }
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-15));
  }
}

TEST_CASE("softmax: logits of 1e4 are finite, in float") {
  using layer = nn::softmax::bind<nn::shape<4>>;
  const std::array<float, 8> x{1e4f, 1e4f,        -1e4f,       0.0f,  // two equal maxima far above the rest
                               1e4f, 1e4f - 1.0f, 1e4f - 2.0f, 1e4f - 3.0f};
  std::array<float, 8> y{};
  layer::forward(static_cast<const float*>(nullptr), x.data(), y.data(), 2);
  for (const float p : y) CHECK(std::isfinite(p));
  CHECK(y[0] == 0.5f);
  CHECK(y[1] == 0.5f);
  CHECK(y[2] == 0.0f);
  CHECK(y[3] == 0.0f);
  // Second row: e^0, e^-1, e^-2, e^-3 over their sum.
  const double z = 1 + std::exp(-1.0) + std::exp(-2.0) + std::exp(-3.0);
  double sum = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(static_cast<double>(y[4 + i]) == doctest::Approx(std::exp(-static_cast<double>(i)) / z).epsilon(1e-5));
    sum += static_cast<double>(y[4 + i]);
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("softmax: normalizes the last axis of an image, pixel by pixel") {
  using layer = nn::softmax::bind<nn::shape<1, 2, 2>>;
  static_assert(layer::axis == 2);
  const std::array<double, 4> x{0, 0, std::log(3.0), 0};  // pixel 0 [0, 0], pixel 1 [ln 3, 0]
  std::array<double, 4> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  CHECK(y[0] == doctest::Approx(0.5));
  CHECK(y[1] == doctest::Approx(0.5));
  CHECK(y[2] == doctest::Approx(0.75).epsilon(1e-14));
  CHECK(y[3] == doctest::Approx(0.25).epsilon(1e-14));
}

TEST_CASE("softmax: backward, by hand") {
  using layer = nn::softmax::bind<nn::shape<3>>;
  const std::array<double, 3> x{0, std::log(2.0), std::log(4.0)};
  std::array<double, 3> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  // y = [1, 2, 4] / 7, dy = [1, 0, 0]: sum dy y = 1/7, dx = y * (dy - 1/7) = [1/7 * 6/7, -2/49, -4/49].
  const std::array<double, 3> dy{1, 0, 0};
  std::array<double, 3> dx{};
  dx.fill(99);
  layer::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x.data(), y.data(),
                        dy.data(), dx.data(), 1);
  CHECK(dx[0] == doctest::Approx(6.0 / 49).epsilon(1e-12));
  CHECK(dx[1] == doctest::Approx(-2.0 / 49).epsilon(1e-12));
  CHECK(dx[2] == doctest::Approx(-4.0 / 49).epsilon(1e-12));
  // A gradient equal in every output changes nothing: softmax is invariant to a shift.
  const std::array<double, 3> flat{5, 5, 5};
  layer::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x.data(), y.data(),
                        flat.data(), dx.data(), 1);
  for (const double d : dx) CHECK(d == doctest::Approx(0.0).epsilon(1e-12));
}
