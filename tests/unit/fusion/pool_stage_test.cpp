// pool_stage against the plain max_pool2d and avg_pool2d it replaces, and against its own plain instantiation: bit
// for bit, since the kernels compare and sum in the plain layers' order, on teams of 1, 2 and 3 threads and in
// inference. Windows that overlap, 'same' padding on either side (border averages divide by fewer pixels),
// rectangular windows and strides, strides past the window, channel counts that fill no pack, whole packs, and packs
// with a tail. The max's input has ties, so that the first maximum must take the gradient, and overlapping windows
// send several gradients to one pixel.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <cstddef>

#include "pool_stage_check.hpp"

namespace {

namespace nn = nnstatic;
namespace fusion = nnstatic::fusion;
using nnstatic::testing::check_pool_stage;

template <class S>
inline constexpr bool is_pool = false;
template <class A, class P, class Out>
inline constexpr bool is_pool<fusion::pool_stage<A, P, Out>> = true;

template <class Net>
inline constexpr bool one_pool_stage =
    fusion::plan<Net>::size == 1 && is_pool<typename fusion::plan<Net>::template at<0>::stage> &&
    fusion::plan<Net>::template at<0>::layer_span == Net::layer_count;

template <class Pool, std::size_t Height, std::size_t Width, std::size_t Channels>
using pooled = nn::sequential<nn::input<Height, Width, Channels>, Pool>;

// A pool alone is one pool stage, a flatten after it absorbed.
using overlapping_max = pooled<nn::max_pool2d<3, nn::strides{2}>, 9, 8, 21>;
using flattened_max = nn::sequential<nn::input<5, 6, 3>, nn::max_pool2d<2>, nn::flatten>;
using padded_average = pooled<nn::avg_pool2d<3, nn::strides{1}, nn::padding::same>, 5, 6, 16>;
static_assert(one_pool_stage<overlapping_max> && one_pool_stage<flattened_max> && one_pool_stage<padded_average>);

// A max pool that a convolution cannot absorb, and any avg pool after one, become pool stages after it.
template <class Net>
inline constexpr bool pool_after_convolution =
    fusion::plan<Net>::size == 2 && is_pool<typename fusion::plan<Net>::template at<1>::stage> &&
    fusion::plan<Net>::template at<1>::first_layer == 2;
static_assert(pool_after_convolution<
              nn::sequential<nn::input<8, 8, 2>, nn::conv2d<4, 3>, nn::relu, nn::max_pool2d<3, nn::strides{2}>>>);
static_assert(pool_after_convolution<nn::sequential<nn::input<8, 8, 2>, nn::conv2d<4, 2>, nn::relu,
                                                    nn::max_pool2d<2, nn::padding::same>>>);  // 7 x 7: padded
static_assert(
    pool_after_convolution<nn::sequential<nn::input<8, 8, 2>, nn::conv2d<4, 3>, nn::tanh, nn::avg_pool2d<2>>>);

}  // namespace

TEST_CASE_TEMPLATE("pool stage: max_pool2d with overlapping windows, ties routed to the first maximum", T, float,
                   double) {
  check_pool_stage<overlapping_max, T>(5);
  check_pool_stage<pooled<nn::max_pool2d<2, nn::strides{1}>, 4, 5, 16>, T>(3);
  check_pool_stage<pooled<nn::max_pool2d<nn::size2d{1, 3}, nn::strides{1, 2}>, 3, 9, 5>, T>(4);
}

TEST_CASE_TEMPLATE("pool stage: max_pool2d with 'same' padding, padded pixels left out", T, float, double) {
  check_pool_stage<pooled<nn::max_pool2d<3, nn::strides{2}, nn::padding::same>, 8, 7, 21>, T>(3);
  check_pool_stage<pooled<nn::max_pool2d<2, nn::padding::same>, 5, 5, 3>, T>(7);
  check_pool_stage<pooled<nn::max_pool2d<nn::size2d{3, 2}, nn::strides{1, 3}, nn::padding::same>, 4, 8, 16>, T>(2);
}

TEST_CASE_TEMPLATE("pool stage: max_pool2d without overlap or padding, strides past the window", T, float, double) {
  check_pool_stage<flattened_max, T>(7);
  check_pool_stage<pooled<nn::max_pool2d<2, nn::strides{3}>, 8, 8, 17>, T>(3);
}

TEST_CASE_TEMPLATE("pool stage: avg_pool2d, 'same' border windows divided by their pixels inside the input", T, float,
                   double) {
  check_pool_stage<padded_average, T>(4);
  check_pool_stage<pooled<nn::avg_pool2d<2, nn::padding::same>, 7, 7, 21>, T>(3);
  check_pool_stage<pooled<nn::avg_pool2d<nn::size2d{3, 2}, nn::strides{2, 3}, nn::padding::same>, 7, 8, 5>, T>(5);
}

TEST_CASE_TEMPLATE("pool stage: avg_pool2d valid, overlapping and with strides past the window", T, float, double) {
  check_pool_stage<pooled<nn::avg_pool2d<2>, 6, 6, 16>, T>(7);
  check_pool_stage<pooled<nn::avg_pool2d<3, nn::strides{1}>, 5, 6, 3>, T>(2);
  check_pool_stage<pooled<nn::avg_pool2d<nn::size2d{2, 1}, nn::strides{3, 2}>, 8, 7, 17>, T>(3);
}
