// global_max_pooling2d: (h, w, c) -> (c), the largest value of each channel; backward routes the gradient to the
// first pixel that holds it, as max_pool2d does.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <string>
#include <type_traits>

namespace nn = nnstatic;

// The layer has no parameters; typed null pointers, since a bare nullptr does not deduce T.
constexpr const double* no_params = nullptr;
constexpr double* no_grad = nullptr;

TEST_CASE("global_max_pooling2d: the largest value of each channel over every pixel") {
  using layer = nn::global_max_pooling2d::bind<nn::shape<2, 2, 2>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2>> && layer::param_count == 0);
  // Sample 0: channel 0 is 1, -3, 5, 2; channel 1 is -2, -4, -6, -1 (all negative).
  const std::array<double, 16> x{1, -2, -3, -4, 5, -6, 2, -1, 0, 0, 9, 0, 0, 0, 0, 7};
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<double, 4>{5, -1, 9, 7});
}

TEST_CASE("global_max_pooling2d: backward routes each gradient to the first maximum only") {
  using layer = nn::global_max_pooling2d::bind<nn::shape<2, 2, 2>>;
  // Channel 0 is 3, 5, 5, 1: a tie, pixel 1 comes first. Channel 1 is 4, 4, 4, 4: pixel 0.
  const std::array<double, 8> x{3, 4, 5, 4, 5, 4, 1, 4};
  std::array<double, 2> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  CHECK(y == std::array<double, 2>{5, 4});
  const std::array<double, 2> dy{2, -3};
  std::array<double, 8> dx{};
  dx.fill(99);  // backward writes every element
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 8>{0, -3, 2, 0, 0, 0, 0, 0});
}

TEST_CASE("global_max_pooling2d: summary row and signature") {
  using net = nn::sequential<nn::input<3, 5, 2>, nn::global_max_pooling2d>;
  static_assert(std::is_same_v<net::output_shape, nn::shape<2>>);
  CHECK(net::signature == "input<3,5,2> global_max_pooling2d");
  const std::string summary = net::summary();
  INFO(summary);
  CHECK(summary.find("global_max_pooling2d (GlobalMaxPooling2D)") != std::string::npos);
}
