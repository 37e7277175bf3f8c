// The reference network's hot spot, the dense 5408 -> 128 layer at batch 64, one thread: the forward GEMM with
// its bias and relu, the backward's weight-gradient and input-gradient GEMMs (with the block transposes), for the
// native architecture and the plain scalar path, and the unfused layer of include/nnstatic/layers for comparison.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/kernels/dense.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
namespace simd = nnstatic::simd;
using layer = ns::bench::hidden_layer;
constexpr std::size_t inputs = layer::inputs, units = layer::bias_size, batch = 64;

struct data {
  std::vector<float> params = std::vector<float>(layer::param_count), x = std::vector<float>(batch * inputs),
                     y = std::vector<float>(batch * units), dy = std::vector<float>(batch * units),
                     dx = std::vector<float>(batch * inputs), grad = std::vector<float>(layer::param_count),
                     wt = std::vector<float>(units * 32);
  data() {
    ns::random_engine rng(1);
    for (float& v : params) v = static_cast<float>(rng.uniform(-0.05, 0.05));
    for (float& v : x) v = static_cast<float>(rng.uniform(0, 1));
    for (float& v : dy) v = static_cast<float>(rng.uniform(-0.01, 0.01));
  }
};

void report_gemm(benchmark::State& state) {
  state.counters["FLOP/s"] = benchmark::Counter(
      2.0 * batch * inputs * units, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::OneK::kIs1000);
}

template <class Arch>
void dense_forward(benchmark::State& state) {
  data d;
  using k = ns::kernels::dense_kernels<Arch, inputs, units>;
  for (auto _ : state) {
    k::forward_partial(d.x.data(), d.params.data(), d.y.data(), batch, 0, inputs);
    ns::kernels::bias_activation<Arch, ns::relu, units>(d.y.data(), d.params.data() + layer::kernel_size, d.y.data(), 0,
                                                        1, batch);
    benchmark::DoNotOptimize(d.y.data());
  }
  report_gemm(state);
}
BENCHMARK(dense_forward<simd::native>)->Unit(benchmark::kMicrosecond);
BENCHMARK(dense_forward<simd::plain>)->Unit(benchmark::kMicrosecond);

/// The weight gradient alone, or with the input gradient (two GEMMs, counted as such).
template <class Arch, bool PropagateInput>
void dense_backward(benchmark::State& state) {
  data d;
  using k = ns::kernels::dense_kernels<Arch, inputs, units>;
  for (auto _ : state) {
    for (std::size_t b = 0; b < k::blocks; ++b)
      k::template backward_block<PropagateInput>(b, d.x.data(), d.params.data(), d.dy.data(), d.dx.data(),
                                                 d.grad.data(), d.wt.data(), batch);
    benchmark::DoNotOptimize(d.grad.data());
  }
  report_gemm(state);
  if constexpr (PropagateInput) state.counters["FLOP/s"].value *= 2;
}
BENCHMARK(dense_backward<simd::native, false>)->Name("dense_weight_gradient<native>")->Unit(benchmark::kMicrosecond);
BENCHMARK(dense_backward<simd::native, true>)->Name("dense_backward<native>")->Unit(benchmark::kMicrosecond);
BENCHMARK(dense_backward<simd::plain, true>)->Name("dense_backward<plain>")->Unit(benchmark::kMicrosecond);

/// The layer as include/nnstatic/layers writes it: the reference the fused kernels are tested against.
void dense_unfused(benchmark::State& state) {
  data d;
  for (auto _ : state) {
    layer::forward(d.params.data(), d.x.data(), d.y.data(), batch);
    benchmark::DoNotOptimize(d.y.data());
  }
  report_gemm(state);
}
BENCHMARK(dense_unfused)->Name("dense_forward<unfused layer>")->Unit(benchmark::kMicrosecond);

}  // namespace
