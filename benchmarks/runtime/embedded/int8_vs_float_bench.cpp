// Batch-1 latency of the reference network: nnstatic's float paths (the hosted infer() and embedded_model) against
// int8 inference with the plain kernel and, where compiled in, AVX-512 VNNI. Weights are random (Glorot): latency
// does not depend on their values. Reported as images/s; never timed in ctest.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <memory>
#include <vector>

namespace ns = nnstatic;

namespace {

using reference_network = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>,
                                         ns::flatten, ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;

struct fixture {
  std::unique_ptr<ns::parameters<reference_network>> params = std::make_unique<ns::parameters<reference_network>>();
  std::vector<float> images = std::vector<float>(256 * 784);
  std::unique_ptr<ns::quantized_parameters<reference_network>> quantized;

  fixture() {
    ns::glorot_uniform(*params, 1);
    ns::random_engine random(2);
    for (float& v : images) v = static_cast<float>(random.uniform01());
    quantized = ns::quantize(*params, images);
  }
};

const fixture& shared() {
  static const fixture f;
  return f;
}

void finish(benchmark::State& state) {
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void float_infer(benchmark::State& state) {
  const auto& f = shared();
  auto workspace = std::make_unique<ns::inference_workspace<reference_network>>();
  std::array<float, 10> y{};
  std::size_t i = 0;
  for (auto _ : state) {
    ns::infer(*f.params, f.images.data() + (i++ % 256) * 784, y.data(), 1, *workspace);
    benchmark::DoNotOptimize(y);
  }
  finish(state);
}
BENCHMARK(float_infer)->Name("batch1/float/infer");

void float_embedded(benchmark::State& state) {
  const auto& f = shared();
  auto model = std::make_unique<ns::embedded_model<reference_network>>();
  std::array<float, 10> y{};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->run(*f.params, f.images.data() + (i++ % 256) * 784, y.data()));
    benchmark::DoNotOptimize(y);
  }
  finish(state);
}
BENCHMARK(float_embedded)->Name("batch1/float/embedded_model");

template <ns::int8_kernel Kernel>
void int8(benchmark::State& state) {
  const auto& f = shared();
  auto model = std::make_unique<ns::int8_model<reference_network, Kernel>>();
  std::array<float, 10> y{};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->run(*f.quantized, f.images.data() + (i++ % 256) * 784, y.data()));
    benchmark::DoNotOptimize(y);
  }
  finish(state);
}
BENCHMARK(int8<ns::int8_kernel::plain>)->Name("batch1/int8/plain");
#if NNSTATIC_HAS_AVX512_VNNI
BENCHMARK(int8<ns::int8_kernel::avx512_vnni>)->Name("batch1/int8/avx512_vnni");
#endif

}  // namespace
