// relu6: min(max(x, 0), 6) forward; backward passes dy where 0 < y < 6, and nothing at either kink (x = 0, x = 6),
// as PyTorch's relu6 and TensorFlow's Relu6Grad.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/relu6.hpp>

#include <doctest/doctest.h>

#include <array>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using layer = nn::relu6::bind<nn::shape<4>>;
const double* const no_params = nullptr;
double* const no_grad = nullptr;
}  // namespace

TEST_CASE("relu6: shapes, names, spelling") {
  static_assert(std::is_same_v<nn::relu6::bind<nn::shape<4, 4, 2>>::output_shape, nn::shape<4, 4, 2>>);
  static_assert(layer::param_count == 0 && layer::runs_in_place);
  CHECK(nn::relu6::name == "re_lu");  // Keras prints ReLU(max_value=6) as re_lu (ReLU)
  CHECK(nn::relu6::type_name == "ReLU");
  nn::text signature, type;
  nn::relu6::write_signature(signature);
  nn::relu6::write_type(type);
  CHECK(signature.view() == "relu6");
  CHECK(type.view() == "nnstatic::relu6");
  CHECK(nn::sequential<nn::input<3>, nn::relu6>::signature == "input<3> relu6");
}

TEST_CASE("relu6: forward and backward on a batch of two, through both kinks") {
  const std::array<double, 8> x{-2, 0, 3, 6, 0.5, 7, 5.999, -0.0};
  std::array<double, 8> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<double, 8>{0, 0, 3, 6, 0.5, 6, 5.999, 0});

  const std::array<double, 8> dy{1, 2, 3, 4, 5, 6, 7, 8};
  std::array<double, 8> dx{};
  dx.fill(99);
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 2);
  CHECK(dx == std::array<double, 8>{0, 0, 3, 0, 5, 0, 7, 0});  // 0 at x = 0 and at x = 6

  // In place, as the embedded path runs it.
  std::array<double, 8> inout = x;
  layer::forward(no_params, inout.data(), inout.data(), 2);
  CHECK(inout == y);

  static_assert(nn::relu6::value(-1.0) == 0.0 && nn::relu6::value(2.5) == 2.5 && nn::relu6::value(6.5f) == 6.0f);
  static_assert(nn::relu6::derivative(0.0) == 0.0 && nn::relu6::derivative(1e-30) == 1.0);
  static_assert(nn::relu6::derivative(6.0) == 0.0 && nn::relu6::derivative(5.99) == 1.0);
}
