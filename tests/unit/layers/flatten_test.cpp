// flatten: an image <h, w, c> seen as h*w*c values in NHWC order; values do not move, forward or backward.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/flatten.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {
namespace nn = nnstatic;
using layer = nn::flatten::bind<nn::shape<2, 2, 3>>;
// flatten has no parameters; its functions take the pointers all layers take.
const float* const no_params = nullptr;
float* const no_grad = nullptr;
}  // namespace

TEST_CASE("flatten: shapes") {
  static_assert(std::is_same_v<layer::output_shape, nn::shape<12>>);
  static_assert(std::is_same_v<nn::flatten::bind<nn::shape<7>>::output_shape, nn::shape<7>>);
  static_assert(layer::param_count == 0);
  CHECK(nn::flatten::name == "flatten");
}

TEST_CASE("flatten: forward copies a batch in order; backward copies the gradient back") {
  std::array<float, 24> x{};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) * 0.5f;
  std::array<float, 24> y{};
  layer::forward(no_params, x.data(), y.data(), 2);
  CHECK(y == x);

  std::array<float, 24> dx{};
  dx.fill(-1);
  layer::backward<true>(no_params, no_grad, x.data(), y.data(), y.data(), dx.data(), 2);
  CHECK(dx == x);
  dx.fill(-1);
  layer::backward<false>(no_params, no_grad, x.data(), y.data(), y.data(), dx.data(), 2);
  CHECK(dx[0] == -1.0f);
}
