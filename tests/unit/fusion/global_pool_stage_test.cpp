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

#include <doctest/doctest.h>

#include <cstddef>

#include "pool_stage_check.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;
using nnstatic::testing::check_pool_stage;

template <class S>
inline constexpr bool is_global_pool = false;
template <class A, class P, class Out>
inline constexpr bool is_global_pool<fusion::global_pool_stage<A, P, Out>> = true;

using flattened = nn::sequential<nn::input<3, 3, 5>, nn::global_max_pooling2d, nn::flatten>;
static_assert(is_global_pool<fusion::plan<flattened>::at<0>::stage> && fusion::plan<flattened>::at<0>::layer_span == 2);

}  // namespace

TEST_CASE_TEMPLATE("global pool stage: global_average_pooling2d", T, float, double) {
  check_pool_stage<nn::sequential<nn::input<4, 5, 3>, nn::global_average_pooling2d>, T>(7);
  check_pool_stage<nn::sequential<nn::input<3, 3, 16>, nn::global_average_pooling2d>, T>(3);
  check_pool_stage<nn::sequential<nn::input<2, 7, 21>, nn::global_average_pooling2d>, T>(5);
}

TEST_CASE_TEMPLATE("global pool stage: global_max_pooling2d, ties routed to the first maximum", T, float, double) {
  check_pool_stage<flattened, T>(7);
  check_pool_stage<nn::sequential<nn::input<3, 3, 16>, nn::global_max_pooling2d>, T>(3);
  check_pool_stage<nn::sequential<nn::input<2, 7, 21>, nn::global_max_pooling2d>, T>(5);
}
