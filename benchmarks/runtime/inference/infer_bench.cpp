// Inference of the reference network on one thread: batch-1 latency (compare with weight_stream, the time to read
// the float weights once) and batch-64 throughput.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/inference.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
using net = ns::bench::reference_network;

template <std::size_t Batch>
void infer(benchmark::State& state) {
  auto params = std::make_unique<ns::parameters<net>>();
  ns::glorot_uniform(*params, 1);
  auto workspace = std::make_unique<ns::inference_workspace<net, float, Batch>>();
  std::vector<float> x(Batch * 784), y(Batch * 10);
  ns::random_engine rng(2);
  for (float& v : x) v = static_cast<float>(rng.uniform01());
  for (auto _ : state) {
    ns::infer(*params, x.data(), y.data(), Batch, *workspace);
    benchmark::DoNotOptimize(y.data());
  }
  ns::bench::report(state, Batch, ns::bench::forward_flops);
}
BENCHMARK(infer<1>)->Name("infer/batch:1")->Unit(benchmark::kMicrosecond);
BENCHMARK(infer<64>)->Name("infer/batch:64")->Unit(benchmark::kMicrosecond);

}  // namespace
