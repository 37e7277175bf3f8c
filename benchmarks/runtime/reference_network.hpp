#pragma once
// What the runtime benchmarks share: the reference network, its FLOP count (the convention: a multiply-add
// is 2 FLOPs, the first convolution computes no input gradient) and the counters every benchmark reports.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>

namespace nnstatic::bench {

using reference_network =
    sequential<input<28, 28, 1>, conv2d<32, 3>, relu, max_pool2d<2>, flatten, dense<128>, relu, dense<10>, softmax>;

using conv_layer = reference_network::layer<0>;
using hidden_layer = reference_network::layer<4>;  // dense 5408 -> 128
using output_layer = reference_network::layer<6>;  // dense 128 -> 10

/// Multiply-adds of one image through a layer, forward.
template <class Conv>
inline constexpr double conv_macs = static_cast<double>(Conv::output_shape::size * Conv::fan_in);
template <class Dense>
inline constexpr double dense_macs = static_cast<double>(Dense::kernel_size);

/// FLOPs per image: forward 1.78 M; a training step 4.94 M (forward, the dense layers' two backward products,
/// the convolution's weight gradient).
inline constexpr double forward_flops =
    2 * (conv_macs<conv_layer> + dense_macs<hidden_layer> + dense_macs<output_layer>);
inline constexpr double step_flops =
    forward_flops + 2 * (conv_macs<conv_layer> + 2 * dense_macs<hidden_layer> + 2 * dense_macs<output_layer>);

/// images/s and GFLOP/s (as "FLOP/s" with a G prefix) for `images` images of `flops_per_image` each per iteration.
inline void report(benchmark::State& state, double images, double flops_per_image) {
  state.counters["images/s"] = benchmark::Counter(images, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["FLOP/s"] = benchmark::Counter(images * flops_per_image, benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::OneK::kIs1000);
}

}  // namespace nnstatic::bench
