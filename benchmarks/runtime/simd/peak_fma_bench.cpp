// One core's multiply-add peak, the yardstick every other figure is a fraction of: independent chains of fused
// multiply-adds on the widest packs nnstatic compiles for (16 accumulators, more than latency x throughput needs
// on any x86 core). Both cores' peak is twice this.
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>

#include "../reference_network.hpp"

namespace {

namespace simd = nnstatic::simd;

void peak_fma(benchmark::State& state) {
  using P = simd::pack<float>;
  constexpr std::size_t chains = 16, rounds = 1024;
  P acc[chains];
  simd::unroll<chains>([&](auto i) { acc[i] = P(static_cast<float>(i.value) * 0.001f); });
  const P a(0.999999f), b(1e-7f);
  for (auto _ : state) {
    for (std::size_t r = 0; r < rounds; ++r) simd::unroll<chains>([&](auto i) { acc[i] = simd::fma(acc[i], a, b); });
    simd::unroll<chains>([&](auto i) { benchmark::DoNotOptimize(acc[i]); });
  }
  const double flops = 2.0 * chains * rounds * simd::lanes<P>;
  state.counters["FLOP/s"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(peak_fma);

}  // namespace
