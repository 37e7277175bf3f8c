// The reference network as a user's program would build it, with only the flags it is given (measure.py compiles
// it once per choice of flags): the training step at batch 64 with Adam on one thread, and batch-1 inference.
// Prints one JSON line: the kernels' instruction set, whether the build was optimized, training images/s and
// microseconds per batch-1 inference, each the median of `rounds` timed runs of at least `min_time` seconds.
// Built with -DTRAIN_STEP_DISPATCH (and train_step_units.cpp compiled once per instruction set), it trains with
// dispatched_trainer and infers with dispatched_inference instead.
//
//   train_step [min_time seconds = 0.5] [rounds = 3]
#include "reference_network.hpp"

#include <nnstatic/nnstatic.hpp>
#if defined(TRAIN_STEP_DISPATCH)
#include <nnstatic/dispatch/dispatched_inference.hpp>
#include <nnstatic/dispatch/dispatched_trainer.hpp>
#endif

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace consumer_speed;

/// Seconds per call of `run`, the median of `rounds` runs that each repeat it for at least `min_time` seconds.
template <class Run>
double seconds_per_call(Run run, double min_time, int rounds) {
  using clock = std::chrono::steady_clock;
  run();  // warm: the trainer's threads, the caches, the workspace
  std::vector<double> per_call;
  for (int r = 0; r < rounds; ++r) {
    const auto start = clock::now();
    std::size_t calls = 0;
    double elapsed = 0;
    do {
      run();
      ++calls;
      elapsed = std::chrono::duration<double>(clock::now() - start).count();
    } while (elapsed < min_time);
    per_call.push_back(elapsed / static_cast<double>(calls));
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const double min_time = argc > 1 ? std::strtod(argv[1], nullptr) : 0.5;
  const int rounds = std::max(1, argc > 2 ? std::atoi(argv[2]) : 3);

  ns::random_engine rng(1);
  std::vector<float> x(batch * net::input_shape::size), y(batch * net::output_shape::size, 0.0f);
  for (float& v : x) v = static_cast<float>(rng.uniform01());
  for (std::size_t n = 0; n < batch; ++n) y[n * net::output_shape::size + rng.below(10)] = 1;

  auto params = std::make_unique<ns::parameters<net>>();
  ns::glorot_uniform(*params, 1);
#if defined(TRAIN_STEP_DISPATCH)
  auto trainer = std::make_unique<ns::dispatched_trainer<net, ns::categorical_crossentropy, ns::adam, batch>>(
      ns::adam{}, 1);
#else
  auto trainer = std::make_unique<ns::trainer<net, ns::categorical_crossentropy, ns::adam, batch>>(ns::adam{}, 1);
#endif
  const std::string arch(trainer->instruction_set());
  const double step = seconds_per_call([&] { trainer->step(*params, x.data(), y.data(), batch); }, min_time, rounds);

  std::vector<float> out(net::output_shape::size);
#if defined(TRAIN_STEP_DISPATCH)
  ns::dispatched_inference<net> infer;
  const double inference = seconds_per_call([&] { infer(*params, x.data(), out.data(), 1); }, min_time, rounds);
#else
  auto workspace = std::make_unique<ns::inference_workspace<net>>();
  const double inference =
      seconds_per_call([&] { ns::infer(*params, x.data(), out.data(), 1, *workspace); }, min_time, rounds);
#endif

  std::printf("{\"arch\": \"%s\", \"optimized\": %s, \"train_images_per_s\": %.1f, \"infer_us\": %.2f}\n",
              arch.c_str(), ns::optimized_build ? "true" : "false", static_cast<double>(batch) / step,
              inference * 1e6);
  return 0;
}
