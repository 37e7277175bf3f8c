// The convolutions of MLPerf Tiny's ResNet-8 (3 x 3, 16/32/64 filters, strides 1 and 2) and DS-CNN (its first, 10 x 4
// on one channel, and the 1 x 1 pointwise convolution on 64 channels) through kernels/conv_pool.hpp, for 64 images
// on one thread: forward, and backward with the input gradient (but for a first convolution), in GFLOP/s (a
// multiply-add is 2 FLOPs; backward does twice forward's work), to set beside bench_runtime_simd_peak_fma.
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/kernels/dense.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
constexpr std::size_t batch = 64;

template <class Conv>
using kernels = ns::kernels::conv_pool_kernels<ns::simd::native, float, Conv, void, void>;

template <class Conv>
struct data {
  using k = kernels<Conv>;
  static constexpr std::size_t in = k::padded ? k::buffer_size : Conv::input_shape::size;
  std::vector<float> params = std::vector<float>(Conv::param_count), x = std::vector<float>(batch * in),
                     y = std::vector<float>(batch * k::out_size), dy = std::vector<float>(batch * k::out_size),
                     grad = std::vector<float>(Conv::param_count), kernel_t = std::vector<float>(Conv::kernel_size),
                     routed = std::vector<float>(k::routed_size), din = std::vector<float>(in);
  data() {
    ns::random_engine rng(1);
    for (float& v : params) v = static_cast<float>(rng.uniform(-0.3, 0.3));
    for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
    for (float& v : dy) v = static_cast<float>(rng.uniform(-0.01, 0.01));
  }
};

template <class Conv>
void forward(benchmark::State& state) {
  data<Conv> d;
  for (auto _ : state) {
    for (std::size_t n = 0; n < batch; ++n)
      kernels<Conv>::forward_image(d.x.data() + n * d.in, d.params.data(), d.params.data() + Conv::kernel_size,
                                   d.y.data() + n * kernels<Conv>::out_size, nullptr);
    benchmark::DoNotOptimize(d.y.data());
  }
  ns::bench::report(state, batch, 2 * ns::bench::conv_macs<Conv>);
}

/// A network's first convolution computes no input gradient (InputGradient false): half the FLOPs.
template <class Conv, bool InputGradient = true>
void backward(benchmark::State& state) {
  data<Conv> d;
  kernels<Conv>::transpose_kernel(d.params.data(), d.kernel_t.data());
  for (auto _ : state) {
    for (std::size_t n = 0; n < batch; ++n) {
      const std::size_t at = n * kernels<Conv>::out_size;
      kernels<Conv>::backward_image(d.x.data() + n * d.in, d.y.data() + at, nullptr, d.dy.data() + at, d.grad.data(),
                                    d.grad.data() + Conv::kernel_size, d.kernel_t.data(), d.routed.data(),
                                    InputGradient ? d.din.data() : nullptr);
    }
    benchmark::DoNotOptimize(d.grad.data());
    benchmark::DoNotOptimize(d.din.data());
  }
  ns::bench::report(state, batch, (InputGradient ? 4 : 2) * ns::bench::conv_macs<Conv>);
}

using resnet_stem = ns::conv2d<16, 3, ns::same>::bind<ns::shape<32, 32, 3>>;
using ds_cnn_first = ns::conv2d<64, ns::size2d{10, 4}, ns::strides{2}, ns::same>::bind<ns::shape<49, 10, 1>>;
using resnet_16 = ns::conv2d<16, 3, ns::same>::bind<ns::shape<32, 32, 16>>;
using resnet_16_to_32 = ns::conv2d<32, 3, ns::strides{2}, ns::same>::bind<ns::shape<32, 32, 16>>;
using resnet_32 = ns::conv2d<32, 3, ns::same>::bind<ns::shape<16, 16, 32>>;
using resnet_32_to_64 = ns::conv2d<64, 3, ns::strides{2}, ns::same>::bind<ns::shape<16, 16, 32>>;
using resnet_64 = ns::conv2d<64, 3, ns::same>::bind<ns::shape<8, 8, 64>>;

/// DS-CNN's pointwise convolution runs as the dense kernels' GEMM over every pixel (fusion/pointwise_stage.hpp).
using pointwise = ns::kernels::dense_kernels<ns::simd::native, 64, 64>;
constexpr std::size_t pixels = batch * 25 * 5;
constexpr double pointwise_flops = 2.0 * 25 * 5 * 64 * 64;

struct pointwise_data {
  std::vector<float> w = std::vector<float>(64 * 64), x = std::vector<float>(pixels * 64),
                     y = std::vector<float>(pixels * 64), dy = std::vector<float>(pixels * 64),
                     dx = std::vector<float>(pixels * 64), dw = std::vector<float>(64 * 64),
                     wt = std::vector<float>(64 * pointwise::block_rows);
  pointwise_data() {
    ns::random_engine rng(1);
    for (float& v : w) v = static_cast<float>(rng.uniform(-0.3, 0.3));
    for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
    for (float& v : dy) v = static_cast<float>(rng.uniform(-0.01, 0.01));
  }
};

void pointwise_forward(benchmark::State& state) {
  pointwise_data d;
  for (auto _ : state) {
    pointwise::forward_partial(d.x.data(), d.w.data(), d.y.data(), pixels, 0, 64);
    benchmark::DoNotOptimize(d.y.data());
  }
  ns::bench::report(state, batch, pointwise_flops);
}

void pointwise_backward(benchmark::State& state) {
  pointwise_data d;
  for (auto _ : state) {
    for (std::size_t b = 0; b < pointwise::blocks; ++b)
      pointwise::backward_block<true>(b, d.x.data(), d.w.data(), d.dy.data(), d.dx.data(), d.dw.data(), d.wt.data(),
                                      pixels);
    benchmark::DoNotOptimize(d.dx.data());
    benchmark::DoNotOptimize(d.dw.data());
  }
  ns::bench::report(state, batch, 2 * pointwise_flops);
}

BENCHMARK(forward<resnet_stem>)->Name("forward/resnet8 32x32x3 3x3x16")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_stem, false>)->Name("backward/resnet8 32x32x3 3x3x16")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<ds_cnn_first>)->Name("forward/ds_cnn 49x10x1 10x4x64 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<ds_cnn_first, false>)->Name("backward/ds_cnn 49x10x1 10x4x64 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<resnet_16>)->Name("forward/resnet8 32x32x16 3x3x16")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_16>)->Name("backward/resnet8 32x32x16 3x3x16")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<resnet_16_to_32>)->Name("forward/resnet8 32x32x16 3x3x32 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_16_to_32>)->Name("backward/resnet8 32x32x16 3x3x32 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<resnet_32>)->Name("forward/resnet8 16x16x32 3x3x32")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_32>)->Name("backward/resnet8 16x16x32 3x3x32")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<resnet_32_to_64>)->Name("forward/resnet8 16x16x32 3x3x64 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_32_to_64>)->Name("backward/resnet8 16x16x32 3x3x64 /2")->Unit(benchmark::kMicrosecond);
BENCHMARK(forward<resnet_64>)->Name("forward/resnet8 8x8x64 3x3x64")->Unit(benchmark::kMicrosecond);
BENCHMARK(backward<resnet_64>)->Name("backward/resnet8 8x8x64 3x3x64")->Unit(benchmark::kMicrosecond);
BENCHMARK(pointwise_forward)->Name("forward/ds_cnn 25x5x64 1x1x64")->Unit(benchmark::kMicrosecond);
BENCHMARK(pointwise_backward)->Name("backward/ds_cnn 25x5x64 1x1x64")->Unit(benchmark::kMicrosecond);

}  // namespace
