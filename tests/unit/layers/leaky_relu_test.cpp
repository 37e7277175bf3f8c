// leaky_relu: x above 0, slope * x below, Keras' default slope 0.3; the slope as a fraction in lowest terms;
// backward 1 above 0 and the slope elsewhere, x = 0 included, as PyTorch's leaky_relu and TensorFlow's
// LeakyReluGrad.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/leaky_relu.hpp>

#include <doctest/doctest.h>

#include <array>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using keras_default = nn::leaky_relu<>;
using tenth = nn::leaky_relu<nn::negative_slope{1, 10}>;
const float* const no_params = nullptr;
float* const no_grad = nullptr;

template <class Layer>
nn::text signature_of() {
  nn::text out;
  Layer::write_signature(out);
  return out;
}
template <class Layer>
nn::text type_of() {
  nn::text out;
  Layer::write_type(out);
  return out;
}
}  // namespace

TEST_CASE("leaky_relu: the slope, its default, and its lowest terms") {
  static_assert(std::is_same_v<keras_default, nn::leaky_relu<nn::negative_slope{3, 10}>>);
  static_assert(std::is_same_v<tenth, nn::leaky_relu<nn::negative_slope{5, 50}>>);  // one type, one model file
  static_assert(nn::negative_slope{0, 7} == nn::negative_slope{0, 1});
  static_assert(keras_default::slope<float> == 0.3f && keras_default::slope<double> == 0.3);
  static_assert(tenth::slope<float> == 0.1f && tenth::slope<double> == 0.1);  // numerator / denominator, rounded once
  static_assert(nn::negative_slope{6, 4}.numerator == 3 && nn::negative_slope{6, 4}.denominator == 2);
}

TEST_CASE("leaky_relu: shapes, names, spelling") {
  static_assert(std::is_same_v<tenth::bind<nn::shape<4, 4, 2>>::output_shape, nn::shape<4, 4, 2>>);
  static_assert(tenth::bind<nn::shape<3>>::param_count == 0 && tenth::bind<nn::shape<3>>::runs_in_place);
  CHECK(keras_default::name == "leaky_re_lu");
  CHECK(keras_default::type_name == "LeakyReLU");
  CHECK(signature_of<keras_default>().view() == "leaky_relu<negative_slope 3/10>");
  CHECK(type_of<keras_default>().view() == "nnstatic::leaky_relu<nnstatic::negative_slope{3, 10}>");
  CHECK(signature_of<nn::leaky_relu<nn::negative_slope{2, 20}>>().view() == "leaky_relu<negative_slope 1/10>");
  CHECK(nn::sequential<nn::input<3>, tenth>::signature == "input<3> leaky_relu<negative_slope 1/10>");
  // What an exported header writes, and it names the same type.
  CHECK(nn::sequential<nn::input<3>, tenth>::cpp_type ==
        "nnstatic::sequential<nnstatic::input<3>, nnstatic::leaky_relu<nnstatic::negative_slope{1, 10}>>");
  static_assert(
      std::is_same_v<nn::sequential<nn::input<3>, tenth>,
                     nnstatic::sequential<nnstatic::input<3>, nnstatic::leaky_relu<nnstatic::negative_slope{1, 10}>>>);
}

TEST_CASE("leaky_relu: forward and backward on a batch of two, through the kink") {
  using layer = keras_default::bind<nn::shape<3>>;
  const std::array<float, 6> x{-2, 0, 3, 0.5f, -0.25f, -0.0f};
  std::array<float, 6> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == std::array<float, 6>{-2 * 0.3f, 0, 3, 0.5f, -0.25f * 0.3f, 0});

  const std::array<float, 6> dy{1, 2, 3, 4, 5, 6};
  std::array<float, 6> dx{};
  dx.fill(99);
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), dy.data(), dx.data(), 2);
  CHECK(dx == std::array<float, 6>{0.3f, 2 * 0.3f, 3, 4, 5 * 0.3f, 6 * 0.3f});  // the slope at x = 0

  static_assert(tenth::value(-1.0) == -0.1 && tenth::value(2.5) == 2.5);
  static_assert(tenth::derivative(0.0) == 0.1 && tenth::derivative(-0.0) == 0.1 && tenth::derivative(1e-30) == 1.0);
  // A slope of 0 is relu; a slope of 1 the identity.
  static_assert(nn::leaky_relu<nn::negative_slope{0, 1}>::value(-3.0) == 0.0);
  static_assert(nn::leaky_relu<nn::negative_slope{1, 1}>::value(-3.0) == -3.0);
}
