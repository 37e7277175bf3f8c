#include <nnstatic/core/history.hpp>

#include <cmath>
#include <limits>
#include <optional>

#include <doctest/doctest.h>

namespace {

using nnstatic::epoch_record;
using nnstatic::history;

epoch_record validated(std::size_t epoch, double val_loss, double val_accuracy) {
  return {.epoch = epoch, .loss = 1.0, .accuracy = 0.5, .val_loss = val_loss, .val_accuracy = val_accuracy};
}

epoch_record unvalidated(std::size_t epoch) { return {.epoch = epoch, .loss = 1.0, .accuracy = 0.5}; }

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("an empty history has no epochs, no validation and no best epoch") {
  const history runs;
  CHECK(runs.empty());
  CHECK(runs.size() == 0);
  CHECK_FALSE(runs.has_validation());
  CHECK_FALSE(runs.best_epoch_by_val_loss().has_value());
  CHECK_FALSE(runs.best_epoch_by_val_accuracy().has_value());
}

TEST_CASE("a history keeps its epochs in order and can be iterated") {
  const history runs{{unvalidated(1), unvalidated(2), unvalidated(3)}};
  CHECK_FALSE(runs.empty());
  CHECK(runs.size() == 3);
  CHECK(runs[1].epoch == 2);
  std::size_t expected = 1;
  for (const epoch_record& record : runs) CHECK(record.epoch == expected++);
  CHECK_FALSE(runs.has_validation());
}

TEST_CASE("the best epoch by validation loss is the index of the lowest, the first on a tie") {
  const history runs{
      {validated(1, 0.50, 0.80), validated(2, 0.30, 0.85), validated(3, 0.40, 0.90), validated(4, 0.30, 0.90)}};
  CHECK(runs.has_validation());
  REQUIRE(runs.best_epoch_by_val_loss().has_value());
  CHECK(*runs.best_epoch_by_val_loss() == 1);
  REQUIRE(runs.best_epoch_by_val_accuracy().has_value());
  CHECK(*runs.best_epoch_by_val_accuracy() == 2);
}

TEST_CASE("epochs without validation and diverged epochs are never the best") {
  const history runs{{validated(1, not_a_number, not_a_number), unvalidated(2), validated(3, 0.7, 0.6),
                      validated(4, -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()),
                      validated(5, 0.9, 0.4)}};
  CHECK(runs.best_epoch_by_val_loss() == std::optional<std::size_t>(2));
  CHECK(runs.best_epoch_by_val_accuracy() == std::optional<std::size_t>(2));
}

TEST_CASE("a history whose validation figures are all NaN has validation but no best epoch") {
  const history runs{{validated(1, not_a_number, not_a_number)}};
  CHECK(runs.has_validation());
  CHECK_FALSE(runs.best_epoch_by_val_loss().has_value());
  CHECK_FALSE(runs.best_epoch_by_val_accuracy().has_value());
}

TEST_CASE("records compare by value") {
  CHECK(validated(1, 0.5, 0.5) == validated(1, 0.5, 0.5));
  CHECK_FALSE(validated(1, 0.5, 0.5) == unvalidated(1));
  CHECK(history{{unvalidated(1)}} == history{{unvalidated(1)}});
  CHECK_FALSE(history{{unvalidated(1)}} == history{{unvalidated(2)}});
}
