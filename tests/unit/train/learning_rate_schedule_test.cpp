// learning_rate_scheduler and cosine_decay: the rates fit's epochs train with, seen through what the parameters do.
#include <nnstatic/nnstatic.hpp>
#include <nnstatic/train/fit.hpp>
#include <nnstatic/train/learning_rate_schedule.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

namespace ns = nnstatic;

namespace {

using small_net = ns::sequential<ns::input<4, 4, 1>, ns::flatten, ns::dense<6>, ns::relu, ns::dense<3>, ns::softmax>;
using small_trainer = ns::trainer<small_net, ns::categorical_crossentropy, ns::adam, 8>;

ns::data::dataset noise(std::size_t count) {
  ns::random_engine rng(5);
  ns::data::dataset data{.images = std::vector<float>(count * 16), .labels = std::vector<std::uint8_t>(count),
                         .classes = 3, .height = 4, .width = 4, .channels = 1};
  for (auto& v : data.images) v = static_cast<float>(rng.uniform01());
  for (auto& l : data.labels) l = static_cast<std::uint8_t>(rng.below(3));
  return data;
}

ns::fit_options epochs(std::size_t count, std::ostream& out) {
  return {.epochs = count, .batch_size = 8, .seed = 2, .display = ns::progress_mode::lines, .out = &out};
}

std::vector<float> values(const ns::model<small_net>& m) {
  return {m.params().values.begin(), m.params().values.end()};
}

}  // namespace

TEST_CASE("cosine_decay falls from the initial rate to alpha times it and stays there") {
  const ns::cosine_decay decay{.initial_learning_rate = 0.01, .decay_epochs = 4, .alpha = 0.1};
  CHECK(decay(0, 0.5) == doctest::Approx(0.01));
  CHECK(decay(2, 0.5) == doctest::Approx(0.01 * (0.9 * 0.5 + 0.1)));
  CHECK(decay(1, 0.5) > decay(2, 0.5));
  CHECK(decay(4, 0.5) == doctest::Approx(0.001));
  CHECK(decay(9, 0.5) == doctest::Approx(0.001));
  CHECK(ns::cosine_decay{.initial_learning_rate = 0.01, .decay_epochs = 0, .alpha = 0.5}(0, 1.0) ==
        doctest::Approx(0.005));
}

TEST_CASE("the scheduler sets the optimizer's rate before every epoch, from the epoch and the current rate") {
  const auto train = noise(32);
  ns::model<small_net> model(3);
  small_trainer trainer(ns::adam{.learning_rate = 0.004});
  std::vector<std::pair<std::size_t, double>> seen;
  ns::learning_rate_scheduler halve([&](std::size_t epoch, double rate) {
    seen.emplace_back(epoch, rate);
    return rate / 2;
  });
  std::ostringstream log;
  ns::fit(trainer, model, train, epochs(3, log), halve);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == std::pair<std::size_t, double>{0, 0.004});
  CHECK(seen[1] == std::pair<std::size_t, double>{1, 0.002});
  CHECK(seen[2] == std::pair<std::size_t, double>{2, 0.001});
  CHECK(trainer.optimizer().learning_rate == 0.0005);
  CHECK(halve.last_learning_rate() == 0.0005);
}

TEST_CASE("the epochs train at the scheduled rate: a rate of 0 leaves the parameters where they are") {
  const auto train = noise(32);
  std::ostringstream log;

  // Two epochs of which the second has rate 0 end where one epoch ends.
  ns::model<small_net> one(3), two(3);
  small_trainer t1, t2;
  ns::fit(t1, one, train, epochs(1, log));
  ns::learning_rate_scheduler stop_after_first([](std::size_t epoch, double rate) { return epoch == 0 ? rate : 0.0; });
  ns::fit(t2, two, train, epochs(2, log), stop_after_first);
  CHECK(values(one) == values(two));

  // Without the schedule the second epoch does move them, so the comparison above can fail.
  ns::model<small_net> plain(3);
  small_trainer t3;
  ns::fit(t3, plain, train, epochs(2, log));
  CHECK(values(plain) != values(one));
}

TEST_CASE("a schedule that gives a negative or non-finite rate stops fit with the epoch named") {
  const auto train = noise(16);
  ns::model<small_net> model(3);
  small_trainer trainer;
  std::ostringstream log;
  ns::learning_rate_scheduler bad([](std::size_t epoch, double rate) { return epoch == 1 ? -1.0 : rate; });
  CHECK_THROWS_WITH_AS(ns::fit(trainer, model, train, epochs(3, log), bad),
                       doctest::Contains("for epoch 1; a learning rate must be finite and not negative"), ns::error);
}
