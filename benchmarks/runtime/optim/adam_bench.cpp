// Adam over the reference network's 694 k parameters: the vectorized pass and the plain one. It streams seven
// arrays of 2.8 MB (parameters, gradient, two moments; read and written), so it is bound by memory, not arithmetic.
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
constexpr std::size_t size = ns::bench::reference_network::param_count;

template <class Arch>
void adam_update(benchmark::State& state) {
  auto s = std::make_unique<ns::adam::state<float, size>>();
  std::vector<float> params(size, 0.1f), grad(size, 0.01f);
  const ns::adam optimizer;
  for (auto _ : state) {
    optimizer.update_range<Arch>(optimizer.begin_step(*s), *s, 0, size, params.data(), grad.data());
    benchmark::DoNotOptimize(params.data());
  }
  state.counters["bytes/s"] = benchmark::Counter(
      7.0 * size * sizeof(float), benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::OneK::kIs1024);
}
BENCHMARK(adam_update<ns::simd::native>)->Unit(benchmark::kMicrosecond);
BENCHMARK(adam_update<ns::simd::plain>)->Unit(benchmark::kMicrosecond);

}  // namespace
