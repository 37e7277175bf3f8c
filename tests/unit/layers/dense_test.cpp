// dense: y = x W + b with W in Keras' layout [inputs][units]; backward adds dW = x^T dy and db = sum dy into the
// parameter gradient and overwrites dx = dy W^T.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dense.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {

namespace nn = nnstatic;
using layer = nn::dense<2>::bind<nn::shape<3>>;  // 3 inputs, 2 units

// W = [[1, 2], [3, 4], [5, 6]] ([input][unit]), b = [0.5, -1].
constexpr std::array<double, 8> params{1, 2, 3, 4, 5, 6, 0.5, -1};

}  // namespace

TEST_CASE("dense: constants") {
  static_assert(std::is_same_v<layer::input_shape, nn::shape<3>>);
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2>>);
  static_assert(std::is_same_v<layer::spec, nn::dense<2>>);
  static_assert(layer::kernel_size == 6 && layer::bias_size == 2 && layer::param_count == 8);
  static_assert(layer::fan_in == 3 && layer::fan_out == 2);
  CHECK(nn::dense<2>::name == "dense");
}

TEST_CASE("dense: forward on a batch of two, by hand") {
  // Sample 0, x = [1, 0, -1]:   y0 = 0.5 + 1*1 + 0*3 - 1*5 = -3.5;   y1 = -1 + 1*2 + 0*4 - 1*6 = -5
  // Sample 1, x = [2, 1, 0.5]:  y0 = 0.5 + 2 + 3 + 2.5 = 8;          y1 = -1 + 4 + 4 + 3 = 10
  const std::array<double, 6> x{1, 0, -1, 2, 1, 0.5};
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 2);
  CHECK(y == std::array<double, 4>{-3.5, -5, 8, 10});

  // Float, and batch 1 leaves the second row alone.
  const std::array<float, 8> pf{1, 2, 3, 4, 5, 6, 0.5f, -1};
  const std::array<float, 6> xf{1, 0, -1, 2, 1, 0.5f};
  std::array<float, 4> yf{7, 7, 7, 7};
  layer::forward(pf.data(), xf.data(), yf.data(), 1);
  CHECK(yf == std::array<float, 4>{-3.5f, -5, 7, 7});
}

TEST_CASE("dense: forward is usable in constant expressions") {
  constexpr auto y = [] {
    const std::array<double, 3> x{1, 0, -1};
    std::array<double, 2> out{};
    layer::forward(params.data(), x.data(), out.data(), 1);
    return out;
  }();
  static_assert(y[0] == -3.5 && y[1] == -5);
  CHECK(y[1] == -5);
}

TEST_CASE("dense: backward adds into the parameter gradient and overwrites dx, by hand") {
  const std::array<double, 6> x{1, 0, -1, 2, 1, 0.5};
  const std::array<double, 4> y{};  // dense's backward does not read y
  // dy: sample 0 [1, -1], sample 1 [0.5, 2].
  const std::array<double, 4> dy{1, -1, 0.5, 2};
  // The gradient buffer already holds 10 everywhere: backward must add to it.
  std::array<double, 8> grad{};
  grad.fill(10);
  std::array<double, 6> dx{};
  dx.fill(99);  // backward must overwrite, not add
  layer::backward<true>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 2);

  // dW[i][o] = sum_n x[n][i] dy[n][o]:
  //   dW[0] = [1*1 + 2*0.5, 1*-1 + 2*2] = [2, 3];  dW[1] = [0 + 0.5, 0 + 2] = [0.5, 2];
  //   dW[2] = [-1 + 0.25, 1 + 1] = [-0.75, 2];     db = [1 + 0.5, -1 + 2] = [1.5, 1]
  CHECK(grad == std::array<double, 8>{12, 13, 10.5, 12, 9.25, 12, 11.5, 11});
  // dx[n][i] = sum_o W[i][o] dy[n][o]:
  //   sample 0: [1 - 2, 3 - 4, 5 - 6] = [-1, -1, -1];  sample 1: [0.5 + 4, 1.5 + 8, 2.5 + 12] = [4.5, 9.5, 14.5]
  CHECK(dx == std::array<double, 6>{-1, -1, -1, 4.5, 9.5, 14.5});

  // Without input propagation dx is not touched, and the gradient still accumulates.
  dx.fill(99);
  layer::backward<false>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 2);
  CHECK(grad == std::array<double, 8>{14, 16, 11, 14, 8.5, 14, 13, 12});
  CHECK(dx == std::array<double, 6>{99, 99, 99, 99, 99, 99});
}
