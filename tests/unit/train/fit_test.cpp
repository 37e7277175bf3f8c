// fit, evaluate and the callbacks on small synthetic data sets that training must actually learn.
#include <nnstatic/nnstatic.hpp>
#include <nnstatic/train/fit.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

namespace ns = nnstatic;

namespace {

// Four classes of 6x6 single-channel images: class k has a bright 2x2 block in quadrant k over noise.
ns::data::dataset quadrants(std::size_t count, std::uint64_t seed) {
  ns::random_engine rng(seed);
  ns::data::dataset data{.images = std::vector<float>(count * 36), .labels = std::vector<std::uint8_t>(count),
                         .classes = 4, .height = 6, .width = 6, .channels = 1};
  for (std::size_t n = 0; n < count; ++n) {
    const auto label = static_cast<std::uint8_t>(rng.below(4));
    data.labels[n] = label;
    const std::size_t top = label / 2 * 3, left = label % 2 * 3;
    for (std::size_t y = 0; y < 6; ++y)
      for (std::size_t x = 0; x < 6; ++x) {
        const bool lit = y >= top && y < top + 2 && x >= left && x < left + 2;
        data.images[n * 36 + y * 6 + x] = static_cast<float>(lit ? 0.8 + 0.2 * rng.uniform01() : 0.3 * rng.uniform01());
      }
  }
  return data;
}

using small_net = ns::sequential<ns::input<6, 6, 1>, ns::conv2d<4, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                 ns::dense<8>, ns::relu, ns::dense<4>, ns::softmax>;
using small_trainer = ns::trainer<small_net, ns::categorical_crossentropy, ns::adam, 16>;

ns::fit_options quiet(std::size_t epochs, std::ostream& out, double split = 0.0) {
  return {.epochs = epochs, .validation_split = split, .seed = 3, .display = ns::progress_mode::lines, .out = &out};
}

}  // namespace

TEST_CASE("fit learns a separable synthetic problem and evaluate agrees") {
  const auto train = quadrants(400, 1), test = quadrants(200, 2);
  ns::model<small_net> model(7);
  small_trainer trainer(ns::adam{.learning_rate = 0.01});
  std::ostringstream log;
  const auto history = ns::fit(trainer, model, train, quiet(8, log, 0.2));

  REQUIRE(history.size() == 8);
  CHECK(history.epochs.back().loss < history.epochs.front().loss);
  CHECK(history.epochs.back().accuracy > 0.95);
  REQUIRE(history.epochs.back().val_accuracy.has_value());
  CHECK(*history.epochs.back().val_accuracy > 0.95);
  CHECK(history.epochs.back().images_per_second > 0);

  const auto result = ns::evaluate(trainer, model, test);
  CHECK(result.samples == 200);
  CHECK(result.accuracy > 0.95);
  std::size_t total = 0, diagonal = 0;
  for (std::size_t t = 0; t < 4; ++t)
    for (std::size_t p = 0; p < 4; ++p) {
      total += result.confused(t, p);
      if (t == p) diagonal += result.confused(t, p);
    }
  CHECK(total == 200);
  CHECK(static_cast<double>(diagonal) / 200.0 == doctest::Approx(result.accuracy));

  // One plain line per epoch when the output is not a terminal.
  std::size_t lines = 0;
  for (char c : log.str()) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 8);
  CHECK(log.str().find("Epoch 8/8") != std::string::npos);
  CHECK(log.str().find("val_accuracy") != std::string::npos);
}

TEST_CASE("fit is reproducible for a seed") {
  const auto train = quadrants(100, 4);
  ns::model<small_net> a(1), b(1);
  small_trainer ta, tb;
  std::ostringstream log;
  ns::fit(ta, a, train, quiet(2, log));
  ns::fit(tb, b, train, quiet(2, log));
  CHECK(a.params().values == b.params().values);
}

TEST_CASE("fit rejects data that does not fit the network, naming both") {
  auto train = quadrants(10, 5);
  train.classes = 3;
  ns::model<small_net> model;
  small_trainer trainer;
  std::ostringstream log;
  CHECK_THROWS_WITH_AS(ns::fit(trainer, model, train, quiet(1, log)),
                       doctest::Contains("has 3 classes, but the network"), ns::data_error);
}

TEST_CASE("early_stopping stops on a stalled validation loss and restores the best weights") {
  const auto train = quadrants(200, 6);
  ns::model<small_net> model(2);
  // A learning rate this large makes the validation loss climb after the first epochs.
  small_trainer trainer(ns::adam{.learning_rate = 0.5});
  ns::early_stopping stop({.patience = 1, .restore_best_weights = true});
  std::ostringstream log;
  const auto history = ns::fit(trainer, model, train, quiet(30, log, 0.25), stop);
  REQUIRE(stop.stopped_epoch.has_value());
  CHECK(history.size() == *stop.stopped_epoch);
  CHECK(history.size() < 30);
  REQUIRE(stop.best_epoch.has_value());
  CHECK(*stop.best_epoch + 2 == *stop.stopped_epoch);

  // The restored weights give the best epoch's validation loss.
  const auto parts = ns::data::validation_split(train, 0.25);
  const auto best = history.epochs[*stop.best_epoch - 1];
  CHECK(ns::evaluate(trainer, model, parts.validation).loss == doctest::Approx(*best.val_loss).epsilon(1e-6));
}

TEST_CASE("save_best writes the model of the best epoch") {
  const auto dir = std::filesystem::temp_directory_path() / "nnstatic_fit_test_save_best";
  std::filesystem::create_directories(dir);
  const auto train = quadrants(200, 8);
  ns::model<small_net> model(3);
  small_trainer trainer(ns::adam{.learning_rate = 0.01});
  ns::save_best best(dir / "best.nns");
  std::ostringstream log;
  const auto history = ns::fit(trainer, model, train, quiet(4, log, 0.25), best);
  REQUIRE(best.best_epoch.has_value());
  const auto saved = ns::model<small_net>::from_file(dir / "best.nns");
  const auto parts = ns::data::validation_split(train, 0.25);
  CHECK(ns::evaluate(trainer, saved, parts.validation).loss ==
        doctest::Approx(*history.epochs[*best.best_epoch - 1].val_loss).epsilon(1e-6));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a monitor without validation data is an error that says what to do") {
  const auto train = quadrants(20, 9);
  ns::model<small_net> model;
  small_trainer trainer;
  ns::early_stopping stop;
  std::ostringstream log;
  CHECK_THROWS_WITH_AS(ns::fit(trainer, model, train, quiet(1, log), stop),
                       doctest::Contains("give fit a validation set"), ns::error);
}

TEST_CASE("fit trains in batches of batch_size, any size up to the trainer's capacity") {
  const auto train = quadrants(100, 5);
  std::ostringstream log;
  ns::fit_options options = quiet(1, log);

  // With batch_size 10, an epoch is 10 steps; the capacity (16) would take 7. A callback counts them.
  struct step_counter {
    std::size_t steps = 0;
    void on_batch_end(const ns::model<small_net>&) { ++steps; }
  } counter;
  ns::model<small_net> model(1);
  small_trainer trainer;
  options.batch_size = 10;
  ns::fit(trainer, model, train, options, counter);
  CHECK(counter.steps == 10);
  options.batch_size = 0;  // the capacity
  ns::fit(trainer, model, train, options, counter);
  CHECK(counter.steps == 10 + 7);

  // Batches of 10 give the same model as a trainer whose capacity is 10.
  ns::model<small_net> a(2), b(2);
  small_trainer large;
  ns::trainer<small_net, ns::categorical_crossentropy, ns::adam, 10> exact;
  options.batch_size = 10;
  ns::fit(large, a, train, options);
  options.batch_size = 0;
  ns::fit(exact, b, train, options);
  CHECK(std::equal(a.params().values.begin(), a.params().values.end(), b.params().values.begin()));

  options.batch_size = 17;
  try {
    ns::fit(trainer, model, train, options);
    FAIL("a batch size above the capacity must be refused");
  } catch (const ns::error& e) {
    CHECK(std::string(e.what()).find("batch_size 17 is larger than the trainer's batch capacity 16") !=
          std::string::npos);
  }
}
