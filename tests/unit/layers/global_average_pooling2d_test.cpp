// global_average_pooling2d: (h, w, c) -> (c), the mean of each channel, forward and backward by hand.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <type_traits>

namespace nn = nnstatic;

// The layer has no parameters; typed null pointers, since a bare nullptr does not deduce T.
constexpr const double* no_params = nullptr;
constexpr double* no_grad = nullptr;

TEST_CASE("global_average_pooling2d: the mean of each channel over every pixel") {
  using layer = nn::global_average_pooling2d::bind<nn::shape<2, 2, 2>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2>> && layer::param_count == 0);
  // Pixel p, channel c holds 2 p + c + 1: channel 0 is 1, 3, 5, 7 (mean 4), channel 1 is 2, 4, 6, 8 (mean 5).
  const std::array<double, 16> x{1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30, 40, 50, 60, 70, 80};
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<double, 4>{4, 5, 40, 50});
}

TEST_CASE("global_average_pooling2d: backward spreads each gradient evenly over the pixels") {
  using layer = nn::global_average_pooling2d::bind<nn::shape<1, 2, 3>>;
  const std::array<double, 6> x{};
  const std::array<double, 3> y{};
  const std::array<double, 3> dy{2, -4, 1};
  std::array<double, 6> dx{};
  dx.fill(99);  // backward writes
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 6>{1, -2, 0.5, 1, -2, 0.5});
}

TEST_CASE("global_average_pooling2d: summary row and signature") {
  using net = nn::sequential<nn::input<4, 4, 3>, nn::global_average_pooling2d>;
  static_assert(std::is_same_v<net::output_shape, nn::shape<3>>);
  CHECK(net::signature == "input<4,4,3> global_average_pooling2d");
  const std::string summary = net::summary();
  INFO(summary);
  CHECK(summary.find("global_average_pooling2d (GlobalAveragePooling2D)") != std::string::npos);
  CHECK(summary.find("(None, 3)") != std::string::npos);
}
