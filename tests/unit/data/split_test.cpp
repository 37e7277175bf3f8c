#include <nnstatic/data/split.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

namespace data = nnstatic::data;

// `n` 1 x 1 x 2 images; image i holds (i, -i) and label i % 4, so every sample is recognizable.
data::dataset numbered(std::size_t n) {
  data::dataset d{.images = {}, .labels = {}, .classes = 4, .height = 1, .width = 1, .channels = 2};
  for (std::size_t i = 0; i < n; ++i) {
    d.images.insert(d.images.end(), {static_cast<float>(i), -static_cast<float>(i)});
    d.labels.push_back(static_cast<std::uint8_t>(i % 4));
  }
  return d;
}

// Checks that `part` holds samples first .. first + count - 1 of `numbered`, in order.
void check_samples(const data::dataset& part, std::size_t first, std::size_t count) {
  REQUIRE(part.size() == count);
  REQUIRE(part.images.size() == 2 * count);
  CHECK(part.classes == 4);
  CHECK(part.channels == 2);
  for (std::size_t k = 0; k < count; ++k) {
    CHECK(part.image(k)[0] == static_cast<float>(first + k));
    CHECK(part.labels[k] == (first + k) % 4);
  }
}

}  // namespace

TEST_CASE("validation_split keeps the last fraction for validation, in order, as Keras does") {
  const auto d = numbered(10);
  {
    const auto [train, validation] = data::validation_split(d, 0.2);
    check_samples(train, 0, 8);
    check_samples(validation, 8, 2);
  }
  {
    // Keras: split_at = floor(10 * (1 - 0.25)) = 7
    const auto [train, validation] = data::validation_split(d, 0.25);
    check_samples(train, 0, 7);
    check_samples(validation, 7, 3);
  }
  {
    // floor(3 * 0.9) = 2: the validation part rounds up
    const auto [train, validation] = data::validation_split(numbered(3), 0.1);
    check_samples(train, 0, 2);
    check_samples(validation, 2, 1);
  }
  {
    const auto [train, validation] = data::validation_split(numbered(60000), 0.1);
    CHECK(train.size() == 54000);
    CHECK(validation.size() == 6000);
  }
}

TEST_CASE("validation_split with fraction 0 holds nothing back") {
  const auto [train, validation] = data::validation_split(numbered(5), 0.0);
  check_samples(train, 0, 5);
  CHECK(validation.size() == 0);
  CHECK(validation.images.empty());
  CHECK(validation.height == 1);  // an empty part keeps the shape
}

TEST_CASE("validation_split rejects fractions outside [0, 1) and splits that leave a part empty") {
  const auto d = numbered(10);
  CHECK_THROWS_WITH_AS((void)data::validation_split(d, 1.0),
                       doctest::Contains("expected a fraction in [0, 1), found 1"), nnstatic::error);
  CHECK_THROWS_WITH_AS((void)data::validation_split(d, -0.1), doctest::Contains("found -0.1"), nnstatic::error);
  CHECK_THROWS_AS((void)data::validation_split(d, std::numeric_limits<double>::quiet_NaN()), nnstatic::error);
  // floor(1 * 0.5) = 0 samples to train on: Keras refuses this too
  CHECK_THROWS_WITH_AS((void)data::validation_split(numbered(1), 0.5),
                       doctest::Contains("leaves 0 for training and 1 for validation"), nnstatic::data_error);
  // floor(10 * (1 - 1e-9)) = 9 is fine; a tiny fraction of few samples rounds to one validation sample
  CHECK(data::validation_split(d, 1e-9).validation.size() == 1);
}
