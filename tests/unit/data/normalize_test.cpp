#include <nnstatic/data/normalize.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace data = nnstatic::data;

// Four 1 x 2 images of 2 channels. Channel 0 holds 1 .. 8, channel 1 is constant 7.
data::dataset two_channels() {
  data::dataset d{.images = {}, .labels = {0, 1, 0, 1}, .classes = 2, .height = 1, .width = 2, .channels = 2};
  for (int v = 1; v <= 8; ++v) d.images.insert(d.images.end(), {static_cast<float>(v), 7.0f});
  return d;
}

// Mean and population deviation of one channel, in double.
std::pair<double, double> moments(const data::dataset& d, std::size_t channel) {
  double sum = 0, squares = 0;
  const std::size_t n = d.images.size() / d.channels;
  for (std::size_t i = channel; i < d.images.size(); i += d.channels) sum += static_cast<double>(d.images[i]);
  const double mean = sum / static_cast<double>(n);
  for (std::size_t i = channel; i < d.images.size(); i += d.channels) {
    const double deviation = static_cast<double>(d.images[i]) - mean;
    squares += deviation * deviation;
  }
  return {mean, std::sqrt(squares / static_cast<double>(n))};
}

}  // namespace

TEST_CASE("scale maps bytes to [0, 1]") {
  data::dataset d{.images = {0, 51, 255, 127.5f}, .labels = {0}, .classes = 1, .height = 2, .width = 2, .channels = 1};
  data::scale(d, 1.0f / 255);
  CHECK(d.images[0] == 0.0f);
  CHECK(d.images[1] == doctest::Approx(0.2));
  CHECK(d.images[2] == doctest::Approx(1.0));
  CHECK(d.images[3] == doctest::Approx(0.5));
}

TEST_CASE("standardizer fits per-channel mean and population deviation") {
  const auto s = data::standardizer::fit(two_channels());
  REQUIRE(s.mean.size() == 2);
  REQUIRE(s.deviation.size() == 2);
  CHECK(s.mean[0] == doctest::Approx(4.5));
  CHECK(s.deviation[0] == doctest::Approx(std::sqrt(5.25)));  // variance of 1 .. 8 is (64 - 1) / 12
  CHECK(s.mean[1] == doctest::Approx(7.0));
  CHECK(s.deviation[1] == 0.0f);
}

TEST_CASE("standardizing the training set gives mean 0 and deviation 1; a constant channel becomes 0, not NaN") {
  auto train = two_channels();
  const auto s = data::standardizer::fit(train);
  s.apply(train);
  const auto [mean0, deviation0] = moments(train, 0);
  CHECK(mean0 == doctest::Approx(0.0).epsilon(1e-6));
  CHECK(deviation0 == doctest::Approx(1.0));
  for (std::size_t i = 1; i < train.images.size(); i += 2) CHECK(train.images[i] == 0.0f);
  CHECK_NOTHROW(data::check_finite(train));
}

TEST_CASE("the test set is standardized with the training statistics, unchanged") {
  const auto s = data::standardizer::fit(two_channels());
  data::dataset test{
      .images = {4.5f, 7.0f, 9.0f, 8.0f}, .labels = {1}, .classes = 2, .height = 1, .width = 2, .channels = 2};
  s.apply(test);
  CHECK(test.images[0] == doctest::Approx(0.0));
  CHECK(test.images[1] == doctest::Approx(0.0));
  CHECK(test.images[2] == doctest::Approx(4.5 / std::sqrt(5.25)));
  CHECK(test.images[3] == doctest::Approx(1.0));  // constant channel: centred, divided by 1
}

TEST_CASE("standardizer errors: empty training set, channel mismatch") {
  data::dataset empty{.images = {}, .labels = {}, .classes = 1, .height = 2, .width = 2, .channels = 1};
  CHECK_THROWS_WITH_AS((void)data::standardizer::fit(empty), doctest::Contains("expected at least one image, found 0"),
                       nnstatic::data_error);

  const auto s = data::standardizer::fit(two_channels());
  data::dataset gray{.images = {1, 2}, .labels = {0}, .classes = 1, .height = 1, .width = 2, .channels = 1};
  CHECK_THROWS_WITH_AS(s.apply(gray), doctest::Contains("expected a data set of 2 channels, found 1"),
                       nnstatic::data_error);
}

TEST_CASE("check_finite names the first image and pixel that is NaN or infinite") {
  // Three 2 x 3 images of 2 channels.
  data::dataset d{.images = std::vector<float>(3 * 12, 0.5f),
                  .labels = {0, 0, 0},
                  .classes = 1,
                  .height = 2,
                  .width = 3,
                  .channels = 2};
  CHECK_NOTHROW(data::check_finite(d));

  // image 2, row 1, column 0, channel 1: float (1 * 3 + 0) * 2 + 1 = 7 of the image
  d.images[2 * 12 + 7] = std::numeric_limits<float>::quiet_NaN();
  d.images[2 * 12 + 9] = std::numeric_limits<float>::infinity();
  std::string message;
  try {
    data::check_finite(d);
  } catch (const nnstatic::data_error& e) {
    message = e.what();
  }
  INFO("message: ", message);
  CHECK(message.find("image 2") != std::string::npos);
  CHECK(message.find("row 1, column 0, channel 1") != std::string::npos);
  CHECK(message.find("float 7 of the image") != std::string::npos);
  CHECK(message.find("nan") != std::string::npos);

  d.images[1 * 12 + 11] = -std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH_AS(data::check_finite(d),
                       doctest::Contains("image 1 is not finite at pixel (row 1, column 2, channel 1)"),
                       nnstatic::data_error);
}
