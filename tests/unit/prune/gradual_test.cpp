// prune/gradual.hpp: the polynomial schedule, and pruning while training on it.
#include <nnstatic/prune/gradual.hpp>

#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/model.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

namespace ns = nnstatic;

namespace {
using net = ns::sequential<ns::input<6, 6, 1>, ns::conv2d<4, 3>, ns::relu, ns::flatten, ns::dense<8>, ns::relu,
                           ns::dense<3>, ns::softmax>;

// Three classes: class k adds 0.5 to every third pixel starting at pixel k.
ns::data::dataset stripes(std::size_t count, std::uint64_t seed) {
  ns::data::dataset data;
  data.height = 6, data.width = 6, data.channels = 1, data.classes = 3;
  ns::random_engine random(seed);
  for (std::size_t n = 0; n < count; ++n) {
    data.labels.push_back(static_cast<std::uint8_t>(n % 3));
    for (std::size_t i = 0; i < 36; ++i)
      data.images.push_back(static_cast<float>(random.uniform01()) + (i % 3 == n % 3 ? 0.5f : 0.0f));
  }
  return data;
}

/// Records the mask's sparsity after every step, checking that pruned weights are zero at that moment.
struct sparsity_log {
  const ns::prune_gradually<net>& pruning;
  std::vector<double> after_step;
  std::size_t nonzero_pruned = 0;

  void on_batch_end(ns::model<net>& model) {
    after_step.push_back(pruning.mask().sparsity());
    for (std::size_t i = 0; i < net::param_count; ++i)
      if (pruning.mask().keep[i] == 0 && model.params().values[i] != 0.0f) ++nonzero_pruned;
  }
};
}  // namespace

TEST_CASE("the schedule: initial before begin_step, final after end_step, a cubic in between") {
  const ns::pruning_schedule s{.initial_sparsity = 0.0, .final_sparsity = 0.8, .begin_step = 10, .end_step = 110};
  CHECK(s.sparsity_at(0) == 0.0);
  CHECK(s.sparsity_at(10) == 0.0);
  CHECK(s.sparsity_at(60) == doctest::Approx(0.8 - 0.8 * 0.125));  // half way: (1 - 0.5)^3 of the way left
  CHECK(s.sparsity_at(110) == 0.8);
  CHECK(s.sparsity_at(1000) == 0.8);
  for (std::size_t t = 10; t < 110; ++t) CHECK(s.sparsity_at(t) <= s.sparsity_at(t + 1));
}

TEST_CASE("bad schedules are refused with the values") {
  CHECK_THROWS_WITH_AS(ns::prune_gradually<net>({.initial_sparsity = 0.5, .final_sparsity = 0.2}),
                       doctest::Contains("initial_sparsity <= final_sparsity"), ns::error);
  CHECK_THROWS_WITH_AS(ns::prune_gradually<net>({.final_sparsity = 1.2}), doctest::Contains("1.2"), ns::error);
  CHECK_THROWS_WITH_AS(ns::prune_gradually<net>({.begin_step = 5, .end_step = 5}),
                       doctest::Contains("begin_step < end_step"), ns::error);
}

TEST_CASE("pruning while training reaches the final sparsity in steps, keeps pruned weights at zero, and learns") {
  const auto train = stripes(96, 1), test = stripes(60, 2);
  ns::model<net> model(5);
  ns::trainer<net, ns::categorical_crossentropy, ns::adam, 16> trainer(ns::adam{.learning_rate = 0.01});
  // 6 steps per epoch; prune from step 6 to step 30, every 6 steps, then 2 epochs at the final sparsity.
  ns::prune_gradually<net> pruning(
      {.final_sparsity = 0.75, .begin_step = 6, .end_step = 30, .frequency = 6});
  sparsity_log log{pruning, {}};
  std::ostringstream quiet;
  ns::fit(trainer, model, train, {.epochs = 7, .display = ns::progress_mode::quiet, .out = &quiet}, pruning, log);

  REQUIRE(log.after_step.size() == 42);
  CHECK(pruning.step() == 42);
  CHECK(log.after_step[4] == 0.0);                           // before begin_step: nothing pruned
  CHECK(log.after_step[11] == doctest::Approx(0.75 - 0.75 * 0.421875).epsilon(0.02));  // step 12: (1 - 0.25)^3 left
  CHECK(log.after_step[29] == doctest::Approx(0.75).epsilon(0.02));                   // step 30: the end
  CHECK(log.after_step.back() == log.after_step[29]);        // and no further
  for (std::size_t t = 1; t < log.after_step.size(); ++t) CHECK(log.after_step[t - 1] <= log.after_step[t]);
  CHECK(log.nonzero_pruned == 0);

  const auto result = ns::evaluate(trainer, model, test);
  CHECK(result.accuracy > 0.9);
}
