// dropout by hand: the identity in inference; in training a fraction near the rate zeroed and the rest scaled by
// 1 / (1 - rate); the mask a function of the step's key and the sample, not of how the batch is split.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dropout.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
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

TEST_CASE("the mask is u < rate for u = (hash >> 11) 2^-53, compared as integers") {
  // Each rate's threshold ceil(rate 2^53), and the draws on either side of it, against the double comparison the
  // mask is defined by; 1/4 and 2/5 (DS-CNN's) among them, 1/4 with a threshold that is a whole number.
  auto agrees = []<nn::ratio Rate>() {
    using layer = typename nn::dropout<Rate>::template bind<nn::shape<1>>;
    constexpr double rate = Rate.template value<double>();
    constexpr std::uint64_t below = layer::drop_below;
    bool all = below > 0 && static_cast<double>(below - 1) * 0x1.0p-53 < rate &&
               !(static_cast<double>(below) * 0x1.0p-53 < rate);
    for (std::uint64_t i = 0; i < 100000; ++i) {
      const std::uint64_t draw = nn::mix_bits(3, i) >> 11;
      all = all && ((draw < below) == (static_cast<double>(draw) * 0x1.0p-53 < rate));
    }
    return all;
  };
  CHECK(agrees.template operator()<nn::ratio{1, 4}>());
  CHECK(agrees.template operator()<nn::ratio{2, 5}>());
  CHECK(agrees.template operator()<nn::ratio{1, 5}>());
  CHECK(agrees.template operator()<nn::ratio{1, 3}>());
  CHECK(agrees.template operator()<nn::ratio{99, 100}>());
  CHECK(nn::dropout<nn::ratio{0, 1}>::bind<nn::shape<1>>::drop_below == 0);
}
