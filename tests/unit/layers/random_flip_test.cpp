// random_flip by hand: the identity in inference; in training each image either itself or mirrored along the
// axes its mode allows, about half of them each way; the choice a function of the step's key and the sample, not
// of how the batch is split; backward mirrors dL/dy back.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/random_flip.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <vector>

namespace nn = nnstatic;

namespace {

constexpr std::size_t height = 2, width = 3, channels = 2, image = height * width * channels;

template <nn::flip_mode Mode>
using flip = typename nn::random_flip<Mode>::template bind<nn::shape<height, width, channels>>;

// Image n's value at (h, w, c), all distinct, so that every arrangement of an image can be told apart.
float value(std::size_t n, std::size_t h, std::size_t w, std::size_t c) {
  return static_cast<float>(1000 * n + 100 * h + 10 * w + c);
}

std::vector<float> images(std::size_t batch, std::size_t first = 0) {
  std::vector<float> x(batch * image);
  for (std::size_t n = 0; n < batch; ++n)
    for (std::size_t h = 0; h < height; ++h)
      for (std::size_t w = 0; w < width; ++w)
        for (std::size_t c = 0; c < channels; ++c) x[((n * height + h) * width + w) * channels + c] = value(first + n, h, w, c);
  return x;
}

// Which of the four arrangements output image n is (bit 0 left to right, bit 1 upside down), or -1 for none.
int arrangement(const std::vector<float>& y, std::size_t n, std::size_t sample) {
  for (int axes = 0; axes < 4; ++axes) {
    bool all = true;
    for (std::size_t h = 0; h < height; ++h)
      for (std::size_t w = 0; w < width; ++w)
        for (std::size_t c = 0; c < channels; ++c) {
          const std::size_t sh = (axes & 2) != 0 ? height - 1 - h : h, sw = (axes & 1) != 0 ? width - 1 - w : w;
          all = all && y[((n * height + h) * width + w) * channels + c] == value(sample, sh, sw, c);
        }
    if (all) return axes;
  }
  return -1;
}

template <nn::flip_mode Mode>
std::vector<float> train(std::size_t batch, std::size_t first_sample, std::uint64_t key, std::vector<float>& saved) {
  const std::vector<float> x = images(batch, first_sample);
  std::vector<float> y(x.size(), -1.0f);
  saved.assign(batch, -1.0f);
  nn::run_training_forward<flip<Mode>>(
      nn::training_args<float>{nullptr, nullptr, x.data(), y.data(), saved.data(), nullptr, batch, first_sample, key});
  return y;
}

template <nn::flip_mode Mode>
std::array<std::size_t, 4> count_arrangements(std::size_t batch) {
  std::vector<float> saved;
  const std::vector<float> y = train<Mode>(batch, 0, 5, saved);
  std::array<std::size_t, 4> seen{};
  for (std::size_t n = 0; n < batch; ++n) {
    const int axes = arrangement(y, n, n);
    REQUIRE(axes >= 0);
    CHECK(saved[n] == static_cast<float>(axes));
    ++seen[static_cast<std::size_t>(axes)];
  }
  return seen;
}

}  // namespace

TEST_CASE("inference is the identity") {
  static_assert(nn::saved_size_of<flip<nn::flip_mode::horizontal>> == 1);
  const std::vector<float> x = images(3);
  std::vector<float> y(x.size());
  nn::run_inference<flip<nn::flip_mode::horizontal_and_vertical>>(
      nn::inference_args<float>{nullptr, nullptr, x.data(), y.data(), nullptr, 3});
  CHECK(y == x);
}

TEST_CASE("horizontal mirrors about half the images left to right and never turns one upside down") {
  // 1000 draws at p = 1/2: mean 500, standard deviation 16; 6 of them either side.
  const auto seen = count_arrangements<nn::flip_mode::horizontal>(1000);
  CHECK(seen[0] + seen[1] == 1000);
  CHECK(seen[1] > 400);
  CHECK(seen[1] < 600);
}

TEST_CASE("vertical turns about half upside down and never mirrors left to right") {
  const auto seen = count_arrangements<nn::flip_mode::vertical>(1000);
  CHECK(seen[0] + seen[2] == 1000);
  CHECK(seen[2] > 400);
  CHECK(seen[2] < 600);
}

TEST_CASE("horizontal_and_vertical chooses the two axes independently") {
  // 1000 draws at p = 1/4 each: mean 250, standard deviation 14; 6 of them either side.
  const auto seen = count_arrangements<nn::flip_mode::horizontal_and_vertical>(1000);
  for (const std::size_t count : seen) {
    CHECK(count > 165);
    CHECK(count < 335);
  }
}

TEST_CASE("the choice depends on the key and the sample, not on how the batch is split") {
  std::vector<float> saved_whole, saved_first, saved_second, saved_other;
  constexpr auto both = nn::flip_mode::horizontal_and_vertical;
  const std::vector<float> whole = train<both>(64, 0, 11, saved_whole);
  const std::vector<float> first = train<both>(40, 0, 11, saved_first);
  const std::vector<float> second = train<both>(24, 40, 11, saved_second);
  for (std::size_t i = 0; i < 40 * image; ++i) CHECK(whole[i] == first[i]);
  for (std::size_t i = 0; i < 24 * image; ++i) CHECK(whole[40 * image + i] == second[i]);
  const std::vector<float> other_step = train<both>(64, 0, 12, saved_other);
  CHECK(saved_other != saved_whole);
}

TEST_CASE("backward mirrors dL/dy the way the forward mirrored the image") {
  constexpr auto both = nn::flip_mode::horizontal_and_vertical;
  std::vector<float> saved;
  const std::vector<float> y = train<both>(16, 0, 3, saved);
  // dL/dy is the forward's output itself: mirrored back, it must be the input.
  std::vector<float> dx(y.size(), -1.0f);
  nn::run_backward<flip<both>, true>(nn::backward_args<float>{nullptr, nullptr, nullptr, nullptr, y.data(),
                                                              saved.data(), y.data(), dx.data(), nullptr, 16});
  CHECK(dx == images(16));
}
