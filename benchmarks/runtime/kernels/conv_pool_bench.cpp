// The reference network's convolution, fused with its relu and max pool, for 64 images on one thread: forward
// (pooled output and argmax) and backward (weight gradient with the mask and argmax applied inside), native and
// plain, and the three unfused layers forward for comparison. FLOPs are counted as the full convolution's.
#include <nnstatic/core/random.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
namespace simd = nnstatic::simd;
using net = ns::bench::reference_network;
using conv = net::layer<0>;
using pool = net::layer<2>;
constexpr std::size_t batch = 64, out = pool::output_shape::size;

template <class Arch>
using kernels = ns::kernels::conv_pool_kernels<Arch, float, conv, ns::relu, ns::kernels::max_pool_window<2, 2>>;

struct data {
  std::vector<float> params = std::vector<float>(conv::param_count), x = std::vector<float>(batch * 784),
                     y = std::vector<float>(batch * out), argmax = std::vector<float>(batch * out),
                     dy = std::vector<float>(batch * out), grad = std::vector<float>(conv::param_count),
                     conv_out = std::vector<float>(batch * conv::output_shape::size);
  data() {
    ns::random_engine rng(1);
    for (float& v : params) v = static_cast<float>(rng.uniform(-0.3, 0.3));
    for (float& v : x) v = static_cast<float>(rng.uniform(0, 1));
    for (float& v : dy) v = static_cast<float>(rng.uniform(-0.01, 0.01));
  }
};

void finish(benchmark::State& state) { ns::bench::report(state, batch, 2 * ns::bench::conv_macs<conv>); }

template <class Arch>
void conv_pool_forward(benchmark::State& state) {
  data d;
  for (auto _ : state) {
    for (std::size_t n = 0; n < batch; ++n)
      kernels<Arch>::forward_image(d.x.data() + n * 784, d.params.data(), d.params.data() + conv::kernel_size,
                                   d.y.data() + n * out, d.argmax.data() + n * out);
    benchmark::DoNotOptimize(d.y.data());
  }
  finish(state);
}
BENCHMARK(conv_pool_forward<simd::native>)->Unit(benchmark::kMicrosecond);
BENCHMARK(conv_pool_forward<simd::plain>)->Unit(benchmark::kMicrosecond);

template <class Arch>
void conv_pool_backward(benchmark::State& state) {
  data d;
  for (std::size_t n = 0; n < batch; ++n)
    kernels<Arch>::forward_image(d.x.data() + n * 784, d.params.data(), d.params.data() + conv::kernel_size,
                                 d.y.data() + n * out, d.argmax.data() + n * out);
  for (auto _ : state) {
    for (std::size_t n = 0; n < batch; ++n)
      kernels<Arch>::backward_image(d.x.data() + n * 784, d.y.data() + n * out, d.argmax.data() + n * out,
                                    d.dy.data() + n * out, d.grad.data(), d.grad.data() + conv::kernel_size, nullptr,
                                    nullptr, nullptr);
    benchmark::DoNotOptimize(d.grad.data());
  }
  finish(state);
}
BENCHMARK(conv_pool_backward<simd::native>)->Unit(benchmark::kMicrosecond);
BENCHMARK(conv_pool_backward<simd::plain>)->Unit(benchmark::kMicrosecond);

/// conv2d, relu and max_pool2d forward as include/nnstatic/layers writes them.
void conv_pool_unfused(benchmark::State& state) {
  data d;
  for (auto _ : state) {
    conv::forward(d.params.data(), d.x.data(), d.conv_out.data(), batch);
    net::layer<1>::forward(d.params.data(), d.conv_out.data(), d.conv_out.data(), batch);
    pool::forward(d.params.data(), d.conv_out.data(), d.y.data(), batch);
    benchmark::DoNotOptimize(d.y.data());
  }
  finish(state);
}
BENCHMARK(conv_pool_unfused)->Name("conv_pool_forward<unfused layers>")->Unit(benchmark::kMicrosecond);

}  // namespace
