// DS-CNN's depthwise convolution (25x5x64, 3x3, 'same') as its stage runs it in training at batch 64: forward, and
// backward with the input gradient, on one thread (fusion/depthwise_stage.hpp, kernels/depthwise.hpp).
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/depthwise_stage.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/simd/arch.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

namespace {

namespace ns = nnstatic;
constexpr std::size_t batch = 64;
using in = ns::shape<25, 5, 64>;
using bound = ns::depthwise_conv2d<3, ns::same>::bind<in>;
using stage = ns::fusion::depthwise_stage<ns::simd::native, bound, void, bound::output_shape>;

std::vector<float> uniform(std::size_t count, std::uint64_t seed) {
  ns::random_engine rng(seed);
  std::vector<float> values(count);
  for (float& v : values) v = static_cast<float>(rng.uniform(-1, 1));
  return values;
}

struct data {
  std::vector<float> params = uniform(stage::param_count, 1), x = uniform(batch * in::size, 2),
                     y = std::vector<float>(batch * stage::out_size), dy = uniform(batch * stage::out_size, 3),
                     dx = std::vector<float>(batch * in::size), grad = std::vector<float>(stage::param_count),
                     scratch_storage = std::vector<float>(stage::scratch_size<batch>);
  ns::fusion::scratch<float> scratch{scratch_storage.data(), stage::scratch_size<batch>};
};

void flops(benchmark::State& state) {
  // 2 FLOPs a tap for each output value: forward; backward twice that (the kernel and the input gradients).
  const double forward = 2.0 * 9 * static_cast<double>(batch * stage::out_size);
  state.counters["GFLOP/s"] =
      benchmark::Counter(forward * (state.range(0) == 0 ? 1 : 2), benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
}

void depthwise(benchmark::State& state) {
  data d;
  ns::fusion::solo_team team;
  float* no_saved = nullptr;
  auto update = [](std::size_t, std::size_t) noexcept {};
  stage::forward<batch>(d.params.data(), d.x.data(), d.y.data(), no_saved, batch, team, d.scratch);
  for (auto _ : state) {
    if (state.range(0) == 0)
      stage::forward<batch>(d.params.data(), d.x.data(), d.y.data(), no_saved, batch, team, d.scratch);
    else
      stage::backward<batch, true>(d.params.data(), d.grad.data(), d.x.data(), d.y.data(), no_saved, d.dy.data(),
                                   d.dx.data(), batch, team, d.scratch, update);
    benchmark::DoNotOptimize(d.y.data());
    benchmark::DoNotOptimize(d.dx.data());
  }
  flops(state);
}

BENCHMARK(depthwise)->Name("ds_cnn depthwise 25x5x64 3x3 same, batch 64")->ArgName("backward")->Arg(0)->Arg(1)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
