// kernels::conv_pool_kernels, one image at a time: the pooled output and the winning window position it keeps for
// backward, the ties (the first maximum wins, as in max_pool2d), the relu that cuts a window (its derivative, read
// from y, sends no gradient at all), and the gradient routed to exactly one convolution output per window, compared
// with the unfused layers.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "../fusion/reference.hpp"

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

// 7 x 7 x 1 input, 3 x 3 kernel -> 5 x 5 x 20 -> pooled 2 x 2 x 20 (the last row and column of the convolution
// fall outside every window).
using net = nn::sequential<nn::input<7, 7, 1>, nn::conv2d<20, 3>, nn::relu, nn::max_pool2d<2>>;
template <class Arch>
using kernels = nn::kernels::conv_pool_kernels<Arch, float, net::layer<0>, nn::relu, net::layer<2>>;

static_assert(nn::kernels::absorbable_pool<net::layer<2>>);
static_assert(
    !nn::kernels::absorbable_pool<nn::detail::bound_pool2d<nn::max_pool2d<3, nn::strides{2}>, nn::shape<5, 5, 2>>>);
static_assert(!nn::kernels::absorbable_pool<nn::detail::bound_pool2d<nn::avg_pool2d<2>, nn::shape<5, 5, 2>>>);
static_assert(kernels<simd::native>::out_size == net::output_shape::size);

}  // namespace

TEST_CASE("conv_pool: a constant image ties every window; the first position wins, a negative bias kills it") {
  std::vector<float> params(net::param_count, 0.0f);
  for (std::size_t f = 0; f < 20; ++f) params[net::layer<0>::kernel_size + f] = f % 2 == 0 ? 0.5f : -0.5f;
  const std::vector<float> image(49, 1.0f);
  std::vector<float> y(net::output_shape::size), argmax(net::output_shape::size);
  kernels<simd::native>::forward_image(image.data(), params.data(), params.data() + net::layer<0>::kernel_size,
                                       y.data(), argmax.data());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool alive = (i % 20) % 2 == 0;
    CHECK(y[i] == (alive ? 0.5f : 0.0f));
    CHECK(argmax[i] == 0.0f);  // position 0 of the window, for the dead ones too: relu's derivative masks them
  }

  // Backward: each live window sends its gradient to its first position only; the dead ones send nothing.
  const std::vector<float> dy(net::output_shape::size, 1.0f);
  std::vector<float> grad(net::param_count, 0.0f);
  kernels<simd::native>::backward_image(image.data(), y.data(), argmax.data(), dy.data(), grad.data(),
                                        grad.data() + net::layer<0>::kernel_size, nullptr, nullptr, nullptr);
  for (std::size_t f = 0; f < 20; ++f) {
    const float windows = f % 2 == 0 ? 4.0f : 0.0f;  // 2 x 2 pooled outputs
    CHECK(grad[net::layer<0>::kernel_size + f] == windows);
    for (std::size_t tap = 0; tap < 9; ++tap) CHECK(grad[tap * 20 + f] == windows);  // every input is 1
  }
}

TEST_CASE_TEMPLATE("conv_pool: one image against conv2d, relu and max_pool2d run one by one", Arch, simd::native,
                   simd::plain) {
  const auto params = nn::testing::uniform<float>(net::param_count, 4, -0.5, 0.5);
  const auto image = nn::testing::uniform<float>(49, 5);
  const auto dy = nn::testing::uniform<float>(net::output_shape::size, 6);
  nn::testing::unfused<net, float> reference;
  reference.forward(params.data(), image.data(), 1);
  reference.backward(params.data(), image.data(), dy.data(), 1);

  std::vector<float> y(net::output_shape::size), argmax(net::output_shape::size), grad(net::param_count, 0.0f);
  std::vector<float> din(49, 0.0f), kernel_t(net::layer<0>::kernel_size), routed(kernels<Arch>::routed_size);
  kernels<Arch>::forward_image(image.data(), params.data(), params.data() + net::layer<0>::kernel_size, y.data(),
                               argmax.data());
  kernels<Arch>::transpose_kernel(params.data(), kernel_t.data());
  kernels<Arch>::backward_image(image.data(), y.data(), argmax.data(), dy.data(), grad.data(),
                                grad.data() + net::layer<0>::kernel_size, kernel_t.data(), routed.data(), din.data());
  // One image, sums of at most 9 taps (forward) or 25 positions (backward) of terms up to 1 in float.
  constexpr nn::testing::tolerance tolerance{1e-6, 1e-6};
  CHECK(nn::testing::compare(y, reference.activations.back(), tolerance));
  CHECK(nn::testing::compare(grad, reference.param_grad, tolerance));
  CHECK(nn::testing::compare(din, reference.input_grad, tolerance));
  for (const float position : argmax) {
    CHECK(position >= 0.0f);
    CHECK(position <= 3.0f);
    CHECK(position == static_cast<float>(static_cast<int>(position)));
  }
}
