// global_pool_stage against the plain global_average_pooling2d and global_max_pooling2d it replaces, and against its
// own plain instantiation: bit for bit, since the kernels sum and compare in the plain layers' order, on teams of 1,
// 2 and 3 threads and in inference, for channel counts that fill no pack, whole packs, and packs with a tail. The
// max's input has ties, so that the first maximum must take the gradient.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "reference.hpp"
#include "stage_runner.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;
namespace simd = nnstatic::simd;

template <class Net, class T>
void check_stage(std::size_t batch) {
  constexpr std::size_t capacity = 8;
  const std::vector<T> params;
  auto x = nn::testing::uniform<T>(batch * Net::input_shape::size, 2);
  for (T& v : x) v = std::round(v * 4) / 4;  // 9 values: ties in every window
  const auto dy = nn::testing::uniform<T>(batch * Net::output_shape::size, 3);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = nn::testing::run_stage<Net, simd::native, capacity>(params, x, dy, batch, threads);
    const auto plain = nn::testing::run_stage<Net, simd::plain, capacity>(params, x, dy, batch, threads);
    CHECK(fused.y == reference.activations.back());
    CHECK(fused.dx == reference.input_grad);
    CHECK(fused.inferred == fused.y);
    CHECK(plain.y == fused.y);
    CHECK(plain.dx == fused.dx);
  }
}

template <class S>
inline constexpr bool is_global_pool = false;
template <class A, class P, class Out>
inline constexpr bool is_global_pool<fusion::global_pool_stage<A, P, Out>> = true;

using flattened = nn::sequential<nn::input<3, 3, 5>, nn::global_max_pooling2d, nn::flatten>;
static_assert(is_global_pool<fusion::plan<flattened>::at<0>::stage> && fusion::plan<flattened>::at<0>::layer_span == 2);

}  // namespace

TEST_CASE_TEMPLATE("global pool stage: global_average_pooling2d", T, float, double) {
  check_stage<nn::sequential<nn::input<4, 5, 3>, nn::global_average_pooling2d>, T>(7);
  check_stage<nn::sequential<nn::input<3, 3, 16>, nn::global_average_pooling2d>, T>(3);
  check_stage<nn::sequential<nn::input<2, 7, 21>, nn::global_average_pooling2d>, T>(5);
}

TEST_CASE_TEMPLATE("global pool stage: global_max_pooling2d, ties routed to the first maximum", T, float, double) {
  check_stage<flattened, T>(7);
  check_stage<nn::sequential<nn::input<3, 3, 16>, nn::global_max_pooling2d>, T>(3);
  check_stage<nn::sequential<nn::input<2, 7, 21>, nn::global_max_pooling2d>, T>(5);
}
