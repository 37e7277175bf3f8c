// relu: max(x, 0) forward; backward passes dy where the output is positive (derivative 0 at 0, as PyTorch and TF).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/relu.hpp>

#include <doctest/doctest.h>

#include <array>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using layer = nn::relu::bind<nn::shape<3>>;
const float* const no_params = nullptr;
float* const no_grad = nullptr;
}  // namespace

TEST_CASE("relu: shapes and names") {
  static_assert(std::is_same_v<nn::relu::bind<nn::shape<4, 4, 2>>::output_shape, nn::shape<4, 4, 2>>);
  static_assert(layer::param_count == 0);
  CHECK(nn::relu::name == "re_lu");  // Keras' name for a ReLU layer
  CHECK(nn::relu::type_name == "ReLU");
}

TEST_CASE("relu: forward and backward on a batch of two") {
  const std::array<float, 6> x{-2, 0, 3, 0.5f, -0.25f, 7};
  std::array<float, 6> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<float, 6>{0, 0, 3, 0.5f, 0, 7});

  const std::array<float, 6> dy{1, 2, 3, 4, 5, 6};
  std::array<float, 6> dx{};
  dx.fill(99);
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 2);
  CHECK(dx == std::array<float, 6>{0, 0, 3, 4, 0, 6});  // 0 at x = 0 too
  static_assert(nn::relu::value(-1.0) == 0.0 && nn::relu::value(2.5) == 2.5);
  static_assert(nn::relu::derivative(0.0) == 0.0 && nn::relu::derivative(1e-30) == 1.0);
}
