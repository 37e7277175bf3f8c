// The optimizers' slice updates, which the trainer applies as soon as each slice of the gradient is final: the
// vectorized pass gives the bits of the plain one, slices in any order give the bits of one pass over everything,
// and both are the formula each optimizer documents, written out here as a scalar loop.
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

constexpr std::size_t size = 1037;  // packs and a tail

std::vector<float> values(std::size_t seed, float scale) {
  std::vector<float> v(size);
  for (std::size_t i = 0; i < size; ++i) v[i] = scale * (static_cast<float>((i * 13 + seed * 7) % 31) / 15.0f - 1.0f);
  return v;
}

template <class Optimizer>
struct run {
  std::unique_ptr<typename Optimizer::template state<float, size>> state =
      std::make_unique<typename Optimizer::template state<float, size>>();
  std::vector<float> params = values(1, 0.5f);
};

}  // namespace

TEST_CASE_TEMPLATE("optimizer slices: native = plain = whole pass, over three steps", Optimizer, nn::adam, nn::sgd) {
  Optimizer optimizer;
  if constexpr (std::is_same_v<Optimizer, nn::sgd>) {
    optimizer.momentum = 0.9;
    optimizer.nesterov = true;
  }
  run<Optimizer> whole, sliced, plain;
  for (std::size_t step = 0; step < 3; ++step) {
    const auto grad = values(step + 2, 0.1f);
    optimizer.update(*whole.state, std::span<float, size>(whole.params), std::span<const float, size>(grad));

    const auto c = optimizer.begin_step(*sliced.state);
    // Out of order, uneven, one of them empty.
    optimizer.update_range(c, *sliced.state, 700, size - 700, sliced.params.data(), grad.data());
    optimizer.update_range(c, *sliced.state, 0, 333, sliced.params.data(), grad.data());
    optimizer.update_range(c, *sliced.state, 333, 0, sliced.params.data(), grad.data());
    optimizer.update_range(c, *sliced.state, 333, 367, sliced.params.data(), grad.data());

    const auto p = optimizer.begin_step(*plain.state);
    optimizer.template update_range<simd::plain>(p, *plain.state, 0, size, plain.params.data(), grad.data());
  }
  CHECK(sliced.params == whole.params);
  CHECK(plain.params == whole.params);
}

TEST_CASE("adam: the vectorized update is Keras' formula") {
  const nn::adam optimizer{.learning_rate = 0.01};
  run<nn::adam> fast;
  std::vector<float> params = values(1, 0.5f), m(size, 0.0f), v(size, 0.0f);
  for (std::size_t step = 1; step <= 3; ++step) {
    const auto grad = values(step + 1, 0.1f);
    optimizer.update(*fast.state, std::span<float, size>(fast.params), std::span<const float, size>(grad));
    const double t = static_cast<double>(step);
    const auto step_size = static_cast<float>(0.01 * std::sqrt(1.0 - std::pow(0.999, t)) / (1.0 - std::pow(0.9, t)));
    for (std::size_t i = 0; i < size; ++i) {
      m[i] = 0.9f * m[i] + (1.0f - 0.9f) * grad[i];
      v[i] = 0.999f * v[i] + (1.0f - 0.999f) * grad[i] * grad[i];
      params[i] -= step_size * m[i] / (std::sqrt(v[i]) + 1e-7f);
    }
  }
  for (std::size_t i = 0; i < size; ++i)
    CHECK(static_cast<double>(fast.params[i]) == doctest::Approx(static_cast<double>(params[i])).epsilon(1e-6));
  CHECK(fast.state->step == 3);
}
