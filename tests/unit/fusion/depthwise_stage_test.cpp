// depthwise_stage against the unfused layers it replaces (depthwise_conv2d, and the activation that follows it),
// against its own plain instantiation (SIMD vs scalar, bit for bit where the fused multiply-add rounds alike and the
// activation's pack form is exact: all but sigmoid and tanh), on teams of 1, 2 and 3 threads, with and without the
// input gradient, and as inference runs it (a team of one with only the inference scratch). The geometries walk every
// path of kernels/depthwise.hpp: multiplier 1 with valid padding (the image read as it is), multipliers 2 and 3 and
// 'same' padding (the expanded copy), strides 1, 2, (2, 1) and one larger than the kernel, a rectangular kernel,
// channel counts that fill no pack, a pack, and a pack and a tail.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <type_traits>
#include <vector>

#include "reference.hpp"
#include "stage_runner.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;
namespace simd = nnstatic::simd;
using nn::depth_multiplier;
using nn::depthwise_conv2d;
using nn::same;
using nn::size2d;
using nn::strides;

/// `exact`: the activation's pack form gives its scalar form's bits, so SIMD and plain agree bit for bit.
template <class Net, class T, bool exact = true>
void check_stage(std::size_t batch) {
  constexpr std::size_t capacity = 8;
  const auto params = nn::testing::uniform<T>(Net::param_count, 1, -0.5, 0.5);
  const auto x = nn::testing::uniform<T>(batch * Net::input_shape::size, 2);
  const auto dy = nn::testing::uniform<T>(batch * Net::output_shape::size, 3);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  // Inputs, parameters and dy are of magnitude up to 1; an output sums at most 10 products, a kernel gradient
  // element up to 8 x 20 of them. The stage sums in the plain layer's order but with one rounding per multiply-add
  // (and, with a multiplier above 1, the input gradient over m last), so it differs by a few float epsilons of the
  // terms: atol 2e-6 and rtol 1e-5 (84 float epsilons) for float, double scaled by its epsilon. The vectorized
  // e^x and tanh of sigmoid and tanh add a few ulps of their own, well inside.
  constexpr nn::testing::tolerance tolerance =
      std::is_same_v<T, float> ? nn::testing::tolerance{2e-6, 1e-5} : nn::testing::tolerance{4e-15, 2e-14};
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = nn::testing::run_stage<Net, simd::native, capacity>(params, x, dy, batch, threads);
    const auto plain = nn::testing::run_stage<Net, simd::plain, capacity>(params, x, dy, batch, threads);
    CHECK(nn::testing::compare(fused.y, reference.activations.back(), tolerance));
    CHECK(nn::testing::compare(fused.grad, reference.param_grad, tolerance));
    CHECK(nn::testing::compare(fused.dx, reference.input_grad, tolerance));
    CHECK(fused.grad_alone == fused.grad);
    CHECK(fused.inferred == fused.y);
    for (int covered : fused.updates) REQUIRE(covered == 1);
    if constexpr (exact && simd::fuses_multiply_add<simd::native>) {
      CHECK(fused.y == plain.y);
      CHECK(fused.grad == plain.grad);
      CHECK(fused.dx == plain.dx);
    }
  }
}

template <class Net>
inline constexpr bool is_depthwise_stage = false;
template <class A, class D, class Act, class Out>
inline constexpr bool is_depthwise_stage<fusion::depthwise_stage<A, D, Act, Out>> = true;

template <class Net>
using only_stage = typename fusion::plan<Net>::template at<0>;

using rectified = nn::sequential<nn::input<5, 6, 16>, depthwise_conv2d<3>, nn::relu>;
using flattened = nn::sequential<nn::input<5, 5, 3>, depthwise_conv2d<3, same>, nn::relu, nn::flatten>;
static_assert(is_depthwise_stage<only_stage<rectified>::stage> && only_stage<rectified>::layer_span == 2);
static_assert(is_depthwise_stage<only_stage<flattened>::stage> && only_stage<flattened>::layer_span == 3);
static_assert(
    !fusion::depthwise_stage<simd::native, rectified::layer<0>, void, rectified::output_shape>::k<float>::expands);

}  // namespace

TEST_CASE_TEMPLATE("depthwise stage: multiplier 1, valid: the image read as it is, with and without relu", T, float,
                   double) {
  check_stage<rectified, T>(7);
  check_stage<nn::sequential<nn::input<6, 5, 3>, depthwise_conv2d<size2d{2, 3}, strides{2, 1}>>, T>(3);
  check_stage<nn::sequential<nn::input<7, 7, 20>, depthwise_conv2d<1, strides{3}>, nn::relu>, T>(2);
}

TEST_CASE_TEMPLATE("depthwise stage: 'same' padding and multipliers 2 and 3: the expanded image", T, float, double) {
  check_stage<flattened, T>(5);
  check_stage<nn::sequential<nn::input<6, 6, 8>, depthwise_conv2d<3, strides{2}, same, depth_multiplier{2}>, nn::relu>,
              T>(4);
  check_stage<nn::sequential<nn::input<5, 4, 3>, depthwise_conv2d<size2d{3, 2}, depth_multiplier{3}>>, T>(1);
  check_stage<nn::sequential<nn::input<4, 7, 12>, depthwise_conv2d<3, strides{1, 2}, same, depth_multiplier{2}>>, T>(6);
}

TEST_CASE_TEMPLATE("depthwise stage: any element-wise activation in the epilogue", T, float, double) {
  check_stage<nn::sequential<nn::input<5, 6, 16>, depthwise_conv2d<3, same>, nn::relu6>, T>(3);
  check_stage<nn::sequential<nn::input<5, 5, 3>, depthwise_conv2d<3, depth_multiplier{2}>, nn::leaky_relu<>>, T>(4);
  check_stage<nn::sequential<nn::input<6, 4, 9>, depthwise_conv2d<2, strides{2}>, nn::sigmoid>, T, false>(3);
  check_stage<nn::sequential<nn::input<4, 4, 8>, depthwise_conv2d<3, same, depth_multiplier{3}>, nn::tanh>, T, false>(
      2);
}
