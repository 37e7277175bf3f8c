// dropout by hand: the identity in inference; in training a fraction near the rate zeroed and the rest scaled by
// 1 / (1 - rate); the mask a function of the step's key and the sample, not of how the batch is split.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dropout.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

namespace nn = nnstatic;

using drop = nn::dropout<nn::ratio{1, 4}>::bind<nn::shape<1000>>;

namespace {

std::vector<float> train(std::size_t batch, std::size_t first_sample, std::uint64_t key, std::vector<float>& saved) {
  std::vector<float> x(batch * 1000, 2.0f), y(x.size());
  saved.assign(x.size(), -1.0f);
  nn::run_training_forward<drop>(
      nn::training_args<float>{nullptr, nullptr, x.data(), y.data(), saved.data(), nullptr, batch, first_sample, key});
  return y;
}

}  // namespace

TEST_CASE("inference is the identity, in place too") {
  std::vector<float> x{1, -2, 3}, y(3);
  using small = nn::dropout<nn::ratio{1, 2}>::bind<nn::shape<3>>;
  static_assert(nn::runs_in_place<small> && nn::saved_size_of<small> == 3);
  nn::run_inference<small>(nn::inference_args<float>{nullptr, nullptr, x.data(), y.data(), nullptr, 1});
  CHECK(y == x);
  nn::run_inference<small>(nn::inference_args<float>{nullptr, nullptr, x.data(), x.data(), nullptr, 1});
  CHECK(x == std::vector<float>{1, -2, 3});
}

TEST_CASE("training drops about the rate and scales the rest") {
  std::vector<float> saved;
  const std::vector<float> y = train(4, 0, 7, saved);
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] == 0) {
      ++dropped;
      CHECK(saved[i] == 0);
    } else {
      CHECK(y[i] == doctest::Approx(2.0 / 0.75));
      CHECK(saved[i] == doctest::Approx(1 / 0.75));
    }
  }
  // 4000 draws at p = 1/4: mean 1000, standard deviation 27; 6 of them either side.
  CHECK(dropped > 840);
  CHECK(dropped < 1160);
}

TEST_CASE("the mask depends on the key and the sample, not on how the batch is split") {
  std::vector<float> saved_whole, saved_first, saved_second, saved_other;
  const std::vector<float> whole = train(4, 0, 11, saved_whole);
  const std::vector<float> first = train(2, 0, 11, saved_first);
  const std::vector<float> second = train(2, 2, 11, saved_second);
  for (std::size_t i = 0; i < 2000; ++i) {
    CHECK(whole[i] == first[i]);
    CHECK(whole[2000 + i] == second[i]);
  }
  const std::vector<float> other_step = train(4, 0, 12, saved_other);
  CHECK(other_step != whole);
}

TEST_CASE("backward multiplies by the kept factor") {
  std::vector<float> saved;
  const std::vector<float> y = train(1, 0, 3, saved);
  std::vector<float> dy(1000, 1.5f), dx(1000, 9.0f);
  nn::run_backward<drop, true>(nn::backward_args<float>{nullptr, nullptr, nullptr, nullptr, y.data(), saved.data(),
                                                        dy.data(), dx.data(), nullptr, 1});
  for (std::size_t i = 0; i < 1000; ++i) CHECK(dx[i] == doctest::Approx(1.5 * static_cast<double>(saved[i])));
}
