// dispatched_trainer and dispatched_inference in a program built as a user's: this file without -march, the
// entry points compiled per instruction set by nnstatic_add_instruction_sets (dispatch_units.cpp), and the plain
// path as the reference (dispatch_plain.cpp). The trainer must choose the best instruction set of this CPU, and
// every instruction set it runs must train and infer as the plain path does.
#include "dispatch_program.hpp"

#include <nnstatic/core/error.hpp>
#include <nnstatic/dispatch/dispatched_inference.hpp>
#include <nnstatic/dispatch/dispatched_trainer.hpp>
#include <nnstatic/dispatch/instruction_set.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace dispatch_program;

/// The instruction set this CPU should get, asked of the CPU here rather than of dispatch/instruction_set.hpp.
std::string_view expected_instruction_set() {
#if defined(NNSTATIC_SIMD_PLAIN)
  return "plain";
#elif defined(__x86_64__)
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vnni");
  if (avx512) return "avx512bw";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "fma3+avx2";
  return "sse2";
#else
  return "arm64+neon";
#endif
}

run_result run_dispatched(const problem& p, nn::dispatch::instruction_set set) {
  auto params = std::make_unique<nn::parameters<net>>(p.initial);
  nn::dispatched_trainer<net, nn::categorical_crossentropy, nn::adam, batch> trainer(set, optimizer, 1);
  run_result r{.instruction_set = std::string(trainer.instruction_set()), .losses = {}, .params = {}, .outputs = {}};
  for (std::size_t s = 0; s < steps; ++s)
    r.losses.push_back(trainer.step(*params, p.x.data(), p.targets.data(), batch).loss_sum / batch);
  r.params.assign(params->values.begin(), params->values.end());
  nn::dispatched_inference<net> infer(set);
  CHECK(infer.instruction_set() == r.instruction_set);
  std::vector<float> y(net::output_shape::size);
  for (std::size_t n = 0; n < batch; ++n) {
    CHECK(infer(*params, p.x.data() + n * net::input_shape::size, y.data()) == nn::inference_status::ok);
    r.outputs.insert(r.outputs.end(), y.begin(), y.end());
  }
  return r;
}

/// The largest difference in units of `want`'s largest magnitude.
template <class V>
double scaled_difference(const std::vector<V>& got, const std::vector<V>& want) {
  REQUIRE(got.size() == want.size());
  double largest = 0, difference = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    largest = std::max(largest, std::abs(static_cast<double>(want[i])));
    difference = std::max(difference, std::abs(static_cast<double>(got[i]) - static_cast<double>(want[i])));
  }
  return largest > 0 ? difference / largest : difference;
}

// The vector kernels sum in another order than the plain path and, on SSE2, round each multiply-add twice: the
// results differ by rounding alone, far below this (tests/package/main.cpp's bound, for a step of the same depth);
// a wrong kernel, a lost tail or the other target's code is off by a sizeable fraction of the magnitudes.
constexpr double tolerance = 2e-4;

void check_agrees(const run_result& got, const run_result& want) {
  const double losses = scaled_difference(got.losses, want.losses);
  const double params = scaled_difference(got.params, want.params);
  const double outputs = scaled_difference(got.outputs, want.outputs);
  MESSAGE(got.instruction_set, " against plain, relative differences: losses ", losses, ", parameters ", params,
          ", outputs ", outputs);
  CHECK(losses <= tolerance);
  CHECK(params <= tolerance);
  CHECK(outputs <= tolerance);
  // The parameters moved: the comparison compares training, not two copies of the initial values.
  CHECK(got.losses.back() < got.losses.front());
}

}  // namespace

TEST_CASE("dispatched_trainer chooses the best instruction set of this CPU and trains as the plain path does") {
  const problem p = make_problem();
  const run_result plain = run_plain(p);
  REQUIRE(plain.instruction_set == "plain");

  auto params = std::make_unique<nn::parameters<net>>(p.initial);
  nn::dispatched_trainer<net, nn::categorical_crossentropy, nn::adam, batch> trainer(optimizer, 1);
  CHECK(trainer.instruction_set() == expected_instruction_set());
  CHECK(trainer.threads() == 1);
  // The target's trainer holds the settings it was given, and they can be changed between steps (a schedule).
  CHECK(trainer.optimizer().learning_rate == optimizer.learning_rate);
  trainer.optimizer().learning_rate = 0.5;
  CHECK(std::as_const(trainer).optimizer().learning_rate == 0.5);
  CHECK(nn::dispatched_inference<net>().instruction_set() == expected_instruction_set());
  CHECK(nn::dispatch::name(nn::dispatch::best_instruction_set()) == expected_instruction_set());

  const run_result best = run_dispatched(p, nn::dispatch::best_instruction_set());
  CHECK(best.instruction_set == expected_instruction_set());
  check_agrees(best, plain);
}

TEST_CASE("every instruction set this CPU runs, chosen by name, trains and infers as the plain path does") {
  const problem p = make_problem();
  const run_result plain = run_plain(p);
  std::size_t ran = 0;
  const auto check_one = [&](nn::dispatch::instruction_set set) {
    const std::string_view name = nn::dispatch::name(set);
    if (!nn::dispatch::supported(set)) {
      MESSAGE("this CPU does not run ", name, ": only its refusal is checked");
      CHECK_THROWS_AS(run_dispatched(p, set), nn::error);
      return;
    }
    const run_result r = run_dispatched(p, set);
    CHECK(r.instruction_set == (expected_instruction_set() == "plain" ? "plain" : name));
    check_agrees(r, plain);
    ++ran;
  };
#define NNSTATIC_TEST_CHECK_ONE(set, suffix) check_one(nn::dispatch::instruction_set::set);
  NNSTATIC_DETAIL_FOR_EACH_INSTRUCTION_SET(NNSTATIC_TEST_CHECK_ONE)
#undef NNSTATIC_TEST_CHECK_ONE
  CHECK(ran >= 1);  // the baseline, at least
}

TEST_CASE("dispatched_trainer: a batch outside its capacity is an error, as the trainer's") {
  const problem p = make_problem();
  auto params = std::make_unique<nn::parameters<net>>(p.initial);
  nn::dispatched_trainer<net, nn::categorical_crossentropy, nn::adam, batch> trainer(optimizer, 1);
  CHECK_THROWS_AS(trainer.step(*params, p.x.data(), p.targets.data(), 0), nn::error);
  CHECK_THROWS_AS(trainer.step(*params, p.x.data(), p.targets.data(), batch + 1), nn::error);
  CHECK_THROWS_AS((void)trainer.outputs(batch + 1), nn::error);
  // evaluate leaves what it computed where outputs finds it: the batch's probabilities, each summing to 1.
  trainer.evaluate(*params, p.x.data(), p.targets.data(), batch);
  const auto out = trainer.outputs(batch);
  double sum = 0;
  for (float v : out) sum += static_cast<double>(v);
  CHECK(sum == doctest::Approx(static_cast<double>(batch)).epsilon(1e-5));
  nn::dispatched_inference<net> infer;
  std::vector<float> y(net::output_shape::size);
  CHECK(infer(*params, p.x.data(), y.data(), 2) == nn::inference_status::batch_too_large);
}
