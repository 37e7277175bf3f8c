// Each kind of stage against the unfused layers it replaces (fused vs unfused), against its own plain
// instantiation (SIMD vs scalar), on teams of 1, 2 and 3 threads, with every kind of tail: filters and units that
// do not fill a pack, W's rows past the last block, odd batches, 'same' padding, strides, pools that drop a border,
// rectangular kernels, strides and pools, strides larger than the kernel or the pooling window.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
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

/// How the SIMD instantiation of a stage compares with its plain one: the same bits (on an architecture that fuses
/// multiply-adds, as std::fma does), or within the tolerance, when the stage calls e^x or tanh, whose xsimd
/// algorithms are not <cmath>'s.
enum class simd_agreement { bit_for_bit, within_tolerance };

template <class Activation>
inline constexpr simd_agreement agreement_of = simd_agreement::bit_for_bit;
template <>
inline constexpr simd_agreement agreement_of<nn::sigmoid> = simd_agreement::within_tolerance;
template <>
inline constexpr simd_agreement agreement_of<nn::tanh> = simd_agreement::within_tolerance;

/// `weight_range`: parameters uniform in [-weight_range, weight_range), larger to reach relu6's cap and saturate
/// sigmoid and tanh; the tolerance's atol grows with it, as the terms of every sum do.
template <class Net, class T, simd_agreement Agreement = simd_agreement::bit_for_bit>
void check_stage(std::size_t batch, double weight_range = 0.5) {
  constexpr std::size_t capacity = 8;
  const auto params = nn::testing::uniform<T>(Net::param_count, 1, -weight_range, weight_range);
  const auto x = nn::testing::uniform<T>(batch * Net::input_shape::size, 2);
  const auto dy = nn::testing::uniform<T>(batch * Net::output_shape::size, 3);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), x.data(), batch);
  reference.backward(params.data(), x.data(), dy.data(), batch);
  // Inputs, parameters and dy are of magnitude up to 1 and a stage sums up to 650 products of them in another
  // order than the plain layers (SIMD lanes, blocks, threads): float rounding reaches a few 1e-6 on an element near
  // zero (3.3e-6 is the worst seen), so atol is 5e-6 and rtol 1e-5 (84 float epsilons); double, scaled by its
  // epsilon.
  const double scale = weight_range / 0.5;
  const nn::testing::tolerance tolerance = std::is_same_v<T, float> ? nn::testing::tolerance{5e-6 * scale, 1e-5}
                                                                    : nn::testing::tolerance{1e-14 * scale, 2e-14};
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    CAPTURE(threads);
    const auto fused = nn::testing::run_stage<Net, simd::native, capacity>(params, x, dy, batch, threads);
    const auto plain = nn::testing::run_stage<Net, simd::plain, capacity>(params, x, dy, batch, threads);
    CHECK(nn::testing::compare(fused.y, reference.activations.back(), tolerance));
    CHECK(nn::testing::compare(fused.grad, reference.param_grad, tolerance));
    CHECK(nn::testing::compare(fused.dx, reference.input_grad, tolerance));
    for (int covered : fused.updates) REQUIRE(covered == 1);
    CHECK(fused.grad_alone == fused.grad);
    // Inference runs on one thread, so a stage that splits its sums between threads adds in another order.
    CHECK(nn::testing::compare(fused.inferred, reference.activations.back(), tolerance));
    if constexpr (Agreement == simd_agreement::bit_for_bit && simd::fuses_multiply_add<simd::native>) {
      CHECK(fused.y == plain.y);
      CHECK(fused.grad == plain.grad);
      CHECK(fused.dx == plain.dx);
    } else {
      CHECK(nn::testing::compare(plain.y, reference.activations.back(), tolerance));
      CHECK(nn::testing::compare(plain.grad, reference.param_grad, tolerance));
      CHECK(nn::testing::compare(plain.dx, reference.input_grad, tolerance));
    }
  }
}

}  // namespace

TEST_CASE_TEMPLATE("conv stage: conv2d + relu + max_pool2d, 20 filters (a pack and a scalar tail), 3 channels", T,
                   float, double) {
  using net = nn::sequential<nn::input<12, 10, 3>, nn::conv2d<20, 3>, nn::relu, nn::max_pool2d<2>>;
  check_stage<net, T>(7);
  check_stage<net, T>(1);
}

TEST_CASE_TEMPLATE("conv stage: 'same' padding, stride 2, a pool without relu that drops the last row", T, float,
                   double) {
  using net =
      nn::sequential<nn::input<9, 9, 2>, nn::conv2d<16, 3, nn::strides{2}, nn::padding::same>, nn::max_pool2d<2>>;
  check_stage<net, T>(5);
}

TEST_CASE_TEMPLATE("conv stage: conv2d + relu without a pool, and a conv2d alone with 3 filters", T, float, double) {
  check_stage<nn::sequential<nn::input<7, 6, 4>, nn::conv2d<8, 2>, nn::relu>, T>(6);
  check_stage<nn::sequential<nn::input<6, 6, 1>, nn::conv2d<3, 3>>, T>(3);
  check_stage<nn::sequential<nn::input<8, 8, 16>, nn::conv2d<32, 3, nn::padding::same>, nn::relu,
                             nn::max_pool2d<2>, nn::flatten>,
              T>(4);
}

TEST_CASE_TEMPLATE("conv stage: rectangular kernels, strides and pools, strides past the kernel or the window", T,
                   float, double) {
  // 3x2 kernel moved by (2, 1), 2x3 windows moved by (2, 3): 11 x 10 -> 5 x 9 -> 2 x 3.
  check_stage<nn::sequential<nn::input<11, 10, 3>, nn::conv2d<12, nn::size2d{3, 2}, nn::strides{2, 1}>, nn::relu,
                             nn::max_pool2d<nn::size2d{2, 3}>>,
              T>(5);
  // ResNet's 1x1 stride-2 shortcut, then 2x2 windows moved by 3 (a gap between them): 12 x 12 -> 6 x 6 -> 2 x 2.
  check_stage<nn::sequential<nn::input<12, 12, 4>, nn::conv2d<8, 1, nn::strides{2}>, nn::relu,
                             nn::max_pool2d<2, nn::strides{3}>, nn::flatten>,
              T>(4);
  // 2x2 kernel moved by 3, 'same' (one row of padding after), 1x2 windows moved by (2, 3): -> 4 x 3 -> 2 x 1.
  check_stage<nn::sequential<nn::input<10, 9, 2>, nn::conv2d<16, 2, nn::strides{3}, nn::padding::same>,
                             nn::max_pool2d<nn::size2d{1, 2}, nn::strides{2, 3}>>,
              T>(3);
  // A 'same' pool that needs no padding is absorbed like a valid one: 8 x 8 -> 8 x 4 -> 4 x 2.
  check_stage<nn::sequential<nn::input<8, 8, 3>, nn::conv2d<8, 3, nn::strides{1, 2}, nn::padding::same>, nn::relu,
                             nn::max_pool2d<2, nn::padding::same>>,
              T>(3);
  // No pool: a 1x3 kernel moved by (2, 1).
  check_stage<nn::sequential<nn::input<7, 6, 5>, nn::conv2d<9, nn::size2d{1, 3}, nn::strides{2, 1}>, nn::relu>, T>(2);
}

TEST_CASE_TEMPLATE("dense stage: split by W's rows (large) and by samples (small), with relu and without", T, float,
                   double) {
  using large = nn::sequential<nn::input<650>, nn::dense<64>, nn::relu>;  // 21 blocks, a 10-row tail
  using small = nn::sequential<nn::input<50>, nn::dense<30>>;
  static_assert(fusion::plan<large>::at<0>::split_weights);
  static_assert(!fusion::plan<small>::at<0>::split_weights);
  check_stage<large, T>(7);
  check_stage<large, T>(2);
  check_stage<small, T>(7);
  check_stage<nn::sequential<nn::input<33>, nn::dense<17>, nn::relu, nn::flatten>, T>(5);
}

TEST_CASE_TEMPLATE("layer stage: any layer as written, its batch split between threads", T, float, double) {
  check_stage<nn::sequential<nn::input<6, 6, 2>, nn::softmax>, T>(4);
  check_stage<nn::sequential<nn::input<5, 4, 3>, nn::softmax>, T>(3);
}

namespace {

/// Every element-wise activation, each fused into the stages of `check`.
template <class Check>
void for_each_activation(Check check) {
  check.template operator()<nn::relu>("relu");
  check.template operator()<nn::relu6>("relu6");
  check.template operator()<nn::leaky_relu<>>("leaky_relu<>");
  check.template operator()<nn::leaky_relu<nn::negative_slope{1, 100}>>("leaky_relu<1/100>");
  check.template operator()<nn::sigmoid>("sigmoid");
  check.template operator()<nn::tanh>("tanh");
}

}  // namespace

TEST_CASE_TEMPLATE("activation stage: every activation alone, through its pack forms, the batch split", T, float,
                   double) {
  for_each_activation([]<class Activation>(const char* name) {
    CAPTURE(name);
    // 72 values a sample (whole packs) and 60 (a tail); odd batches start each thread's share inside a pack.
    using whole_packs = nn::sequential<nn::input<6, 6, 2>, Activation>;
    using with_tail = nn::sequential<nn::input<5, 4, 3>, Activation, nn::flatten>;
    static_assert(std::is_same_v<typename fusion::plan<with_tail>::template at<0>::stage,
                                 fusion::activation_stage<simd::native, Activation, nn::shape<5, 4, 3>, nn::shape<60>>>);
    check_stage<whole_packs, T, agreement_of<Activation>>(7);
    check_stage<with_tail, T, agreement_of<Activation>>(3);
  });
}

TEST_CASE_TEMPLATE("dense stage: every activation in the epilogue, split by W's rows and by samples", T, float,
                   double) {
  for_each_activation([]<class Activation>(const char* name) {
    CAPTURE(name);
    using large = nn::sequential<nn::input<650>, nn::dense<64>, Activation>;
    using small = nn::sequential<nn::input<33>, nn::dense<17>, Activation, nn::flatten>;
    static_assert(fusion::plan<large>::size == 1 && fusion::plan<large>::template at<0>::split_weights);
    static_assert(!fusion::plan<small>::template at<0>::split_weights);
    // Weights up to 0.5 give pre-activations of about 4 (650 terms) and 1 (33 terms); 2 takes the small one past 6.
    check_stage<large, T, agreement_of<Activation>>(7);
    check_stage<large, T, agreement_of<Activation>>(2);
    check_stage<small, T, agreement_of<Activation>>(5, 2);
  });
}

TEST_CASE_TEMPLATE("conv stage: every activation, with an absorbed max pool and without, 'same' and strides", T, float,
                   double) {
  for_each_activation([]<class Activation>(const char* name) {
    CAPTURE(name);
    using pooled = nn::sequential<nn::input<12, 10, 3>, nn::conv2d<20, 3>, Activation, nn::max_pool2d<2>>;
    using strided =
        nn::sequential<nn::input<9, 9, 2>, nn::conv2d<16, 3, nn::strides{2}, nn::padding::same>, Activation>;
    using flat = nn::sequential<nn::input<6, 5, 4>, nn::conv2d<9, 2>, Activation, nn::max_pool2d<2>, nn::flatten>;
    static_assert(fusion::plan<pooled>::size == 1 && fusion::plan<pooled>::template at<0>::layer_span == 3);
    static_assert(fusion::plan<flat>::size == 1 && fusion::plan<flat>::template at<0>::layer_span == 4);
    // 27, 18 and 16 taps: weights up to 3 give pre-activations of about 5, past relu6's cap and into saturation.
    check_stage<pooled, T, agreement_of<Activation>>(5);
    check_stage<pooled, T, agreement_of<Activation>>(3, 3);
    check_stage<strided, T, agreement_of<Activation>>(4, 3);
    check_stage<flat, T, agreement_of<Activation>>(3, 3);
  });
}
