// concatenate: every branch reads the block's input and their outputs are laid side by side along the last axis;
// backward hands each branch its slice of dy.
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/relu.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

namespace {

namespace nn = nnstatic;

// Per position of a 1x2x2 input: [x W + b (one unit), x (the identity, two channels)].
using joined = nn::concatenate<nn::branch<nn::dense<1>>, nn::branch<>>;
using bound = joined::bind<nn::shape<2>>;
constexpr std::array<double, 3> params{2, -1, 0.5};  // W = [2, -1], b = 0.5

}  // namespace

TEST_CASE("concatenate: constants") {
  static_assert(std::is_same_v<bound::output_shape, nn::shape<3>>);
  static_assert(bound::param_count == 3);
  using images = nn::concatenate<nn::branch<nn::conv2d<2, 1>>, nn::branch<>, nn::branch<nn::conv2d<5, 1>, nn::relu>>;
  using bound_images = images::bind<nn::shape<4, 3, 3>>;
  static_assert(std::is_same_v<bound_images::output_shape, nn::shape<4, 3, 10>>);
  static_assert(bound_images::param_count == (3 * 2 + 2) + (3 * 5 + 5));
  CHECK(joined::name == "concatenate");
  CHECK(joined::type_name == "Concatenate");
  nn::text signature;
  images::write_signature(signature);
  CHECK(signature.view() ==
        "concatenate<branch<conv2d<2,1x1,strides 1x1,valid>>,branch<>,branch<conv2d<5,1x1,strides 1x1,valid>,relu>>");
}

TEST_CASE("concatenate: forward lays the branches side by side, by hand") {
  // x = [1, 3]: [2 - 3 + 0.5, 1, 3];  x = [-1, 0]: [-2 + 0.5, -1, 0]
  const std::array<double, 4> x{1, 3, -1, 0};
  std::array<double, 6> y{};
  bound::forward(params.data(), x.data(), y.data(), 2);
  CHECK(y == std::array<double, 6>{-0.5, 1, 3, -1.5, -1, 0});
}

TEST_CASE("concatenate: along the channels of every position of a feature map") {
  // A 1x2 image of 1 channel; the branches: 1x1 conv of 2 filters (w = [1, -1], b = 0) and the identity.
  using layer = nn::concatenate<nn::branch<nn::conv2d<2, 1>>, nn::branch<>>::bind<nn::shape<1, 2, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<1, 2, 3>>);
  const std::array<double, 4> p{1, -1, 0, 0};
  const std::array<double, 2> x{2, 5};
  std::array<double, 6> y{};
  layer::forward(p.data(), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 6>{2, -2, 2, 5, -5, 5});

  // dy per position [a, b, c]: conv branch gets [a, b], identity gets [c]; dx = a - b + c; dw = x (a, b)
  const std::array<double, 6> dy{1, 2, 3, 4, 5, 6};
  std::array<double, 4> grad{};
  std::array<double, 2> dx{};
  layer::backward<true>(p.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 2>{1 - 2 + 3, 4 - 5 + 6});
  CHECK(grad == std::array<double, 4>{2 * 1 + 5 * 4, 2 * 2 + 5 * 5, 1 + 4, 2 + 5});
}
