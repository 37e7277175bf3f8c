// avg_pool2d forward and backward on tiny hand-computed inputs; with same padding a border window averages only the
// pixels inside the image (TensorFlow's convention), and its gradient is shared among those pixels only.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using nn::padding;
const double* const no_params = nullptr;
double* const no_grad = nullptr;
}  // namespace

TEST_CASE("avg_pool2d: 2x2 windows, by hand") {
  using layer = nn::avg_pool2d<2>::bind<nn::shape<4, 4, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<double, 16> x{1, 3, 2,  2,  //
                                 5, 7, 2,  2,  //
                                 0, 0, -1, 1,  //
                                 0, 4, 10, 2};
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  CHECK(y == std::array<double, 4>{4, 2, 1, 3});
  CHECK(nn::avg_pool2d<2>::name == "average_pooling2d");
}

TEST_CASE("avg_pool2d: same padding averages only the pixels inside") {
  using layer = nn::avg_pool2d<2, padding::same>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<double, 9> x{1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  // (0,0): (1+2+4+5)/4 = 3; (0,1): (3+6)/2 = 4.5; (1,0): (7+8)/2 = 7.5; (1,1): 9/1 = 9. Counting the padding as
  // zeros would give 2.25, 2.25, 3.75 and 2.25.
  CHECK(y == std::array<double, 4>{3, 4.5, 7.5, 9});
}

TEST_CASE("avg_pool2d: two channels and a batch of two") {
  using layer = nn::avg_pool2d<2>::bind<nn::shape<2, 2, 2>>;
  const std::array<double, 16> x{1,  10, 2,  20, 3,  30, 4,  40,  // sample 0
                                 -1, 0,  -1, 0,  -1, 0,  -1, 8};  // sample 1
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<double, 4>{2.5, 25, -1, 2});
}

TEST_CASE("avg_pool2d: backward shares each gradient among the pixels its window averaged") {
  using layer = nn::avg_pool2d<2, padding::same>::bind<nn::shape<3, 3, 1>>;
  const std::array<double, 9> x{1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::array<double, 4> y{};
  layer::forward(no_params, x.data(), y.data(), 1);
  const std::array<double, 4> dy{4, 2, 6, 1};
  std::array<double, 9> dx{};
  dx.fill(99);  // overwritten
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 1);
  // (0,0) gives 4/4 to 4 pixels, (0,1) 2/2 to 2, (1,0) 6/2 to 2, (1,1) 1/1 to 1.
  CHECK(dx == std::array<double, 9>{1, 1, 1, 1, 1, 1, 3, 3, 1});

  // Overlapping windows add: over a 2x3 image, window 0 covers columns 0-1 and window 1 columns 1-2.
  using overlapping = nn::avg_pool2d<2, nn::strides{1}>::bind<nn::shape<2, 3, 1>>;
  static_assert(std::is_same_v<overlapping::output_shape, nn::shape<1, 2, 1>>);
  const std::array<double, 6> x2{};
  const std::array<double, 2> y2{}, dy2{1, 2};
  std::array<double, 6> dx2{};
  overlapping::backward<true>(no_params, no_grad, x2.data(), y2.data(), dy2.data(), dx2.data(), 1);
  // Column 0 gets 1/4, column 1 gets 1/4 + 2/4, column 2 gets 2/4.
  CHECK(dx2 == std::array<double, 6>{0.25, 0.75, 0.5, 0.25, 0.75, 0.5});
}
