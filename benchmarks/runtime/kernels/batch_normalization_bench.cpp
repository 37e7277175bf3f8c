// DS-CNN's batch normalization and relu (25x5x64) as their stage runs them in training at batch 64: forward, and
// backward with the input gradient, on one thread (fusion/batch_normalization_stage.hpp).
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/batch_normalization_stage.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

namespace ns = nnstatic;
constexpr std::size_t batch = 64;
using in = ns::shape<25, 5, 64>;
using bound = ns::batch_normalization<>::bind<in>;
using stage = ns::fusion::batch_normalization_stage<ns::simd::native, bound, ns::relu, in>;

std::vector<float> uniform(std::size_t count, std::uint64_t seed, double low, double high) {
  ns::random_engine rng(seed);
  std::vector<float> values(count);
  for (float& v : values) v = static_cast<float>(rng.uniform(low, high));
  return values;
}

void batch_normalization(benchmark::State& state) {
  const std::vector<float> params = uniform(stage::param_count, 1, 0.5, 1.5), x = uniform(batch * in::size, 2, -1, 1),
                           dy = uniform(batch * in::size, 3, -1, 1);
  std::vector<float> moving = uniform(stage::state_count, 4, 0.5, 1.5), y(batch * in::size), dx(batch * in::size),
                     grad(stage::param_count), saved(batch * stage::saved_size);
  ns::fusion::solo_team team;
  const ns::fusion::scratch<float> s{};
  const ns::fusion::training_context<float> context{moving.data(), 0};
  auto update = [](std::size_t, std::size_t) noexcept {};
  stage::forward<batch>(params.data(), x.data(), y.data(), saved.data(), batch, team, s, context);
  for (auto _ : state) {
    if (state.range(0) == 0)
      stage::forward<batch>(params.data(), x.data(), y.data(), saved.data(), batch, team, s, context);
    else
      stage::backward<batch, true>(params.data(), grad.data(), x.data(), y.data(), saved.data(), dy.data(),
                                   dx.data(), batch, team, s, update, context);
    benchmark::DoNotOptimize(y.data());
    benchmark::DoNotOptimize(dx.data());
  }
  state.counters["values/s"] = benchmark::Counter(static_cast<double>(batch * in::size),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(batch_normalization)->Name("ds_cnn batch_normalization+relu 25x5x64, batch 64")->ArgName("backward")
    ->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
