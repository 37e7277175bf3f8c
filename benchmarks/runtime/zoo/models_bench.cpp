// MLPerf Tiny's ResNet-8 and DS-CNN (examples/zoo/): a training step at batch 64 with Adam on 1 and 2 threads
// (images/s) and batch-1 inference latency, for benchmarks/peers/side_by_side.py to set beside the same models in
// PyTorch (benchmarks/peers/zoo_models.py), which also counts their FLOPs.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/trainer.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "../../../examples/zoo/ds_cnn.hpp"
#include "../../../examples/zoo/resnet8.hpp"

namespace {

namespace ns = nnstatic;
constexpr std::size_t batch = 64;

void images_per_second(benchmark::State& state, std::size_t images) {
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(images),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

template <class Net>
std::vector<float> random_inputs(std::size_t samples) {
  std::vector<float> x(samples * Net::input_shape::size);
  ns::random_engine rng(1);
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  return x;
}

template <class Net>
void train_step(benchmark::State& state) {
  constexpr std::size_t classes = Net::output_shape::size;
  const std::vector<float> x = random_inputs<Net>(batch);
  std::vector<float> y(batch * classes);
  ns::random_engine rng(2);
  for (std::size_t n = 0; n < batch; ++n) y[n * classes + rng.below(classes)] = 1;
  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, 1);
  auto trainer = std::make_unique<ns::trainer<Net, ns::categorical_crossentropy, ns::adam, batch>>(
      ns::adam{}, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(trainer->step(*params, x.data(), y.data(), batch));
  images_per_second(state, batch);
}

template <class Net>
void infer(benchmark::State& state) {
  const std::vector<float> x = random_inputs<Net>(1);
  std::vector<float> y(Net::output_shape::size);
  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, 1);
  auto workspace = std::make_unique<ns::inference_workspace<Net>>();
  for (auto _ : state) {
    ns::infer(*params, x.data(), y.data(), 1, *workspace);
    benchmark::DoNotOptimize(y.data());
  }
  images_per_second(state, 1);
}

BENCHMARK(train_step<zoo::resnet8>)->Name("resnet8/train_step")->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(infer<zoo::resnet8>)->Name("resnet8/infer/batch:1")->Unit(benchmark::kMicrosecond);
BENCHMARK(train_step<zoo::ds_cnn>)->Name("ds_cnn/train_step")->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(infer<zoo::ds_cnn>)->Name("ds_cnn/infer/batch:1")->Unit(benchmark::kMicrosecond);

}  // namespace
