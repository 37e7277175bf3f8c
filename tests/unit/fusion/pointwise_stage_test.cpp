// pointwise_stage (a 1x1 convolution of stride 1 as dense_stage over every pixel) against the unfused conv2d it
// replaces, which the plan chooses it for, relu after it or not, on teams of 1, 2 and 3 threads, with and without the
// input gradient, and as inference runs it; channel and filter counts that fill no pack, a pack, and a pack and a tail;
// and 64 filters over 8x8 pixels, where the dense kernels split the weights between threads.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/pointwise_stage.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/relu.hpp>
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

template <class Net, class Activation, class T>
void check_pointwise(std::size_t batch) {
  constexpr std::size_t capacity = 6;
  using conv = typename Net::template layer<0>;
  static_assert(fusion::is_pointwise_convolution<conv>);
  using stage = fusion::pointwise_stage<simd::native, conv, Activation, typename Net::output_shape>;
  // The plan chooses this stage for the network (its one stage), flatten absorbed or not.
  static_assert(std::is_same_v<typename fusion::plan<Net>::template at<0>::stage, stage>);
  const auto params = nn::testing::uniform<T>(Net::param_count, 11, -0.5, 0.5);
  const auto x = nn::testing::uniform<T>(batch * Net::input_shape::size, 12);
  const auto dy = nn::testing::uniform<T>(batch * Net::output_shape::size, 13);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  // Sums of up to 6 x 64 products of terms below 1, in another order (GEMM blocks, per-thread parts).
  constexpr nn::testing::tolerance tolerance =
      std::is_same_v<T, float> ? nn::testing::tolerance{1e-5, 1e-4} : nn::testing::tolerance{1e-13, 1e-12};
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = nn::testing::run_given_stage<stage, Net, capacity>(params, x, dy, batch, threads);
    CHECK(nn::testing::compare(fused.y, reference.activations.back(), tolerance));
    CHECK(nn::testing::compare(fused.grad, reference.param_grad, tolerance));
    CHECK(nn::testing::compare(fused.dx, reference.input_grad, tolerance));
    CHECK(fused.grad_alone == fused.grad);
    CHECK(fused.inferred == fused.y);
    for (int covered : fused.updates) REQUIRE(covered == 1);
  }
}

}  // namespace

TEST_CASE("1x1 convolutions as GEMMs, with and without relu") {
  check_pointwise<nn::sequential<nn::input<3, 4, 5>, nn::conv2d<7, 1>>, void, float>(4);
  check_pointwise<nn::sequential<nn::input<2, 3, 16>, nn::conv2d<16, 1>, nn::relu>, nn::relu, float>(3);
  check_pointwise<nn::sequential<nn::input<3, 3, 19>, nn::conv2d<21, 1, nn::same>, nn::relu>, nn::relu, double>(2);
  check_pointwise<nn::sequential<nn::input<8, 8, 64>, nn::conv2d<64, 1>, nn::relu>, nn::relu, float>(6);
}

// A strided 1x1 convolution (ResNet's projection shortcut) reads a subsampled image: it stays a convolution.
static_assert(
    !fusion::is_pointwise_convolution<nn::sequential<nn::input<4, 4, 3>, nn::conv2d<5, 1, nn::strides{2}>>::layer<0>>);
