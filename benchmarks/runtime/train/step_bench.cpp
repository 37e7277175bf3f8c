// One training step of the reference network at batch 64 with Adam, on 1 and on 2 threads: images/s and FLOP/s
// (4.94 MFLOP per image). Wall-clock time, since the step's work runs on the trainer's own threads. For
// comparison, the same step through the unfused layers of include/nnstatic/layers, one thread.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "../reference_network.hpp"

namespace {

namespace ns = nnstatic;
using net = ns::bench::reference_network;
constexpr std::size_t batch = 64;

struct batch_data {
  std::vector<float> x = std::vector<float>(batch * 784), y = std::vector<float>(batch * 10, 0.0f);
  batch_data() {
    ns::random_engine rng(1);
    for (float& v : x) v = static_cast<float>(rng.uniform01());
    for (std::size_t n = 0; n < batch; ++n) y[n * 10 + rng.below(10)] = 1;
  }
};

void train_step(benchmark::State& state) {
  const batch_data d;
  auto params = std::make_unique<ns::parameters<net>>();
  ns::glorot_uniform(*params, 1);
  auto trainer = std::make_unique<ns::trainer<net, ns::categorical_crossentropy, ns::adam, batch>>(
      ns::adam{}, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(trainer->step(*params, d.x.data(), d.y.data(), batch));
  ns::bench::report(state, batch, ns::bench::step_flops);
}
BENCHMARK(train_step)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Forward, loss, backward and Adam through the plain layers, one after the other (what the trainer did before
/// the execution plan).
void train_step_unfused(benchmark::State& state) {
  const batch_data d;
  auto params = std::make_unique<ns::parameters<net>>();
  ns::glorot_uniform(*params, 1);
  auto adam_state = std::make_unique<ns::adam::state<float, net::param_count>>();
  const ns::adam optimizer;
  std::vector<std::vector<float>> act(net::layer_count);
  std::vector<float> grad(net::param_count), ga(batch * net::layers::max_output_size), gb(ga.size());
  for (auto _ : state) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((act[I].resize(batch * net::layer<I>::output_shape::size),
        net::layer<I>::forward(params->values.data() + net::param_offset<I>,
                               I == 0 ? d.x.data() : act[I == 0 ? 0 : I - 1].data(), act[I].data(), batch)),
       ...);
    }(std::make_index_sequence<net::layer_count>{});
    std::fill(grad.begin(), grad.end(), 0.0f);
    for (std::size_t n = 0; n < batch; ++n)
      ns::categorical_crossentropy::sample<10>(act[6].data() + n * 10, d.y.data() + n * 10, ga.data() + n * 10,
                                               1.0f / batch);
    float* g[2] = {ga.data(), gb.data()};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            constexpr std::size_t l = 6 - I;
            net::layer<l>::template backward<(l > 0)>(
                params->values.data() + net::param_offset<l>, grad.data() + net::param_offset<l>,
                l == 0 ? d.x.data() : act[l == 0 ? 0 : l - 1].data(), act[l].data(), g[I % 2], g[1 - I % 2], batch);
          }(),
          ...);
    }(std::make_index_sequence<7>{});
    optimizer.update(*adam_state, params->all(), std::span<const float, net::param_count>(grad));
    benchmark::DoNotOptimize(params->values.data());
  }
  ns::bench::report(state, batch, ns::bench::step_flops);
}
BENCHMARK(train_step_unfused)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
