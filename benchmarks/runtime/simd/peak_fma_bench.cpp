// One core's multiply-add peak, the yardstick every other figure is a fraction of: independent chains of fused
// multiply-adds on the widest packs nnstatic compiles for (more accumulators than latency x throughput needs on
// any x86 core: 16 where there are 32 registers, 12 where there are 16, since 16 chains and their two operands
// spill there and measure half the peak: 57 GFLOP/s on a Zen 3 core, against 2 x 8 lanes x 2 FLOPs a cycle).
// Both cores' peak is twice this.
#include <nnstatic/kernels/register_tiles.hpp>
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>

#include "../reference_network.hpp"

namespace {

namespace simd = nnstatic::simd;

void peak_fma(benchmark::State& state) {
  using P = simd::pack<float>;
  constexpr std::size_t chains = nnstatic::kernels::vector_registers<simd::native> >= 32 ? 16 : 12, rounds = 1024;
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
