// max_pool2d forward and backward on tiny hand-computed inputs: valid, overlapping, same padding (padded pixels take
// no part, so an all-negative border stays negative), channels kept apart, gradient to the first maximum.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using nn::padding;
const float* const no_params = nullptr;
}  // namespace

TEST_CASE("max_pool2d: 2x2 windows over a 4x4 image, by hand") {
  using layer = nn::max_pool2d<2>::bind<nn::shape<4, 4, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  static_assert(layer::param_count == 0);
  const std::array<float, 16> x{1,  5,  2, 0,  //
                                3,  4,  8, 1,  //
                                -1, -2, 0, 7,  //
                                -3, -4, 6, 6};
  std::array<float, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  CHECK(y == std::array<float, 4>{5, 8, -1, 7});
}

TEST_CASE("max_pool2d: channels are pooled separately (NHWC)") {
  using layer = nn::max_pool2d<2>::bind<nn::shape<2, 2, 2>>;
  // Pixels (c0, c1): (1, -1), (4, -4), (2, -2), (3, -3): channel 0 max 4, channel 1 max -1.
  const std::array<float, 8> x{1, -1, 4, -4, 2, -2, 3, -3};
  std::array<float, 2> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  CHECK(y == std::array<float, 2>{4, -1});
}

TEST_CASE("max_pool2d: overlapping windows, stride 1") {
  using layer = nn::max_pool2d<2, nn::strides{1}>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<float, 9> x{1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::array<float, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  CHECK(y == std::array<float, 4>{5, 6, 8, 9});
}

TEST_CASE("max_pool2d: same padding ignores the padded pixels") {
  // 3x3 with 2x2 windows and stride 2: 2x2 outputs, one padded row and column after. All values negative: were the
  // padding read as 0, the border outputs would be 0.
  using layer = nn::max_pool2d<2, padding::same>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<float, 9> x{-1, -2, -3, -4, -5, -6, -7, -8, -9};
  std::array<float, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  // (0,0): max(-1, -2, -4, -5); (0,1): max(-3, -6); (1,0): max(-7, -8); (1,1): -9.
  CHECK(y == std::array<float, 4>{-1, -3, -7, -9});

  // 3x3 windows, stride 1, same: each output is the maximum of its neighbourhood.
  using neighbourhood = nn::max_pool2d<3, nn::strides{1}, padding::same>::bind<nn::shape<3, 3, 1>>;
  const std::array<float, 9> x2{9, -1, -1, -1, -1, -1, -1, -1, 8};
  std::array<float, 9> y2{};
  neighbourhood::forward(no_params, x2.data(), y2.data(), 1);
  CHECK(y2 == std::array<float, 9>{9, 9, -1, 9, 9, 8, -1, 8, 8});
}

TEST_CASE("max_pool2d: backward sends each gradient to the first maximum of its window") {
  using layer = nn::max_pool2d<2>::bind<nn::shape<2, 4, 1>>;
  // Window 0 is [1, 5 | 3, 4]: maximum at (0,1). Window 1 is [7, 7 | 7, 0]: a tie, the first (0,2) wins.
  const std::array<double, 8> x{1, 5, 7, 7, 3, 4, 7, 0};
  std::array<double, 2> y{};
  layer::forward(static_cast<const double*>(nullptr), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 2>{5, 7});
  const std::array<double, 2> dy{0.5, -2};
  std::array<double, 8> dx{};
  dx.fill(99);  // overwritten
  layer::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x.data(), y.data(),
                        dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 8>{0, 0.5, -2, 0, 0, 0, 0, 0});

  // Overlapping windows add up in the pixel they share.
  using overlapping = nn::max_pool2d<2, nn::strides{1}>::bind<nn::shape<2, 3, 1>>;
  const std::array<double, 6> x2{0, 9, 0, 0, 0, 0};  // both windows have their maximum at (0,1)
  std::array<double, 2> y2{};
  overlapping::forward(static_cast<const double*>(nullptr), x2.data(), y2.data(), 1);
  const std::array<double, 2> dy2{1, 2};
  std::array<double, 6> dx2{};
  overlapping::backward<true>(static_cast<const double*>(nullptr), static_cast<double*>(nullptr), x2.data(), y2.data(),
                              dy2.data(), dx2.data(), 1);
  CHECK(dx2 == std::array<double, 6>{0, 3, 0, 0, 0, 0});
}
