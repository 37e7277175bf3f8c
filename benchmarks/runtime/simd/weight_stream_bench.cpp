// The bound on batch-1 latency: one pass over the reference network's float weights (2.8 MB: the dense layer's
// 5408 x 128 kernel does not fit this core's L2, so it comes from L3), summed with packs as a dense layer reads
// them. Batch-1 inference cannot be faster than this; the target is to stay within 1.25x of it.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
namespace simd = nnstatic::simd;

void weight_stream(benchmark::State& state) {
  auto params = std::make_unique<ns::parameters<ns::bench::reference_network>>();
  ns::glorot_uniform(*params, 1);
  using P = simd::pack<float>;
  constexpr std::size_t size = ns::parameters<ns::bench::reference_network>::size, step = 8 * simd::lanes<P>;
  for (auto _ : state) {
    P sums[8];
    simd::unroll<8>([&](auto i) { sums[i] = P(0.0f); });
    std::size_t i = 0;
    for (; i + step <= size; i += step)
      simd::unroll<8>(
          [&](auto j) { sums[j] = sums[j] + simd::load<P>(params->values.data() + i + j * simd::lanes<P>); });
    float tail = 0;
    for (; i < size; ++i) tail += params->values[i];
    simd::unroll<8>([&](auto j) { benchmark::DoNotOptimize(sums[j]); });
    benchmark::DoNotOptimize(tail);
  }
  state.counters["bytes/s"] =
      benchmark::Counter(static_cast<double>(size * sizeof(float)), benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::OneK::kIs1024);
}
BENCHMARK(weight_stream)->Unit(benchmark::kMicrosecond);

}  // namespace
