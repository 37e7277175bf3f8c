// batch_normalization by hand: Keras' defaults, the training forward's batch statistics, the moving statistics'
// update by Keras' rule, inference from the moving statistics, its parameter and state counts and its summary.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <string>

namespace nn = nnstatic;

using bn = nn::batch_normalization<>::bind<nn::shape<2>>;  // two features

TEST_CASE("Keras' defaults and layout") {
  static_assert(nn::batch_normalization<>::momentum_ratio == nn::ratio{99, 100});
  static_assert(nn::batch_normalization<>::epsilon_ratio == nn::ratio{1, 1000});
  static_assert(bn::param_count == 4 && nn::state_count_of<bn> == 4 && nn::batch_coupled<bn>);
  std::array<double, 4> params{}, state{};
  nn::random_engine rng(1);
  nn::initialize_layer<bn>(params.data(), state.data(), rng);
  CHECK(params == std::array<double, 4>{1, 1, 0, 0});  // gamma, beta
  CHECK(state == std::array<double, 4>{0, 0, 1, 1});   // moving mean, moving variance
}

TEST_CASE("training normalizes by the batch and moves the statistics by Keras' rule") {
  // Feature 0 over the batch: 1, 3, 5 (mean 3, biased variance 8/3); feature 1: 2, 2, 2 (mean 2, variance 0).
  const std::array<double, 6> x{1, 2, 3, 2, 5, 2};
  const std::array<double, 4> params{2, 1, 0.5, -1};  // gamma 2, 1; beta 0.5, -1
  std::array<double, 4> state{0, 0, 1, 1};
  std::array<double, 6> y{};
  std::array<double, 3 * nn::saved_size_of<bn>> saved{};
  nn::run_training_forward<bn>(
      nn::training_args<double>{params.data(), state.data(), x.data(), y.data(), saved.data(), nullptr, 3, 0, 0});
  const double deviation = std::sqrt(8.0 / 3 + 1e-3);
  CHECK(y[0] == doctest::Approx(2 * (1 - 3) / deviation + 0.5));
  CHECK(y[2] == doctest::Approx(0.5));
  CHECK(y[4] == doctest::Approx(2 * (5 - 3) / deviation + 0.5));
  CHECK(y[1] == doctest::Approx(-1));  // a constant feature normalizes to 0, then beta
  CHECK(state[0] == doctest::Approx(0.01 * 3));
  CHECK(state[1] == doctest::Approx(0.01 * 2));
  CHECK(state[2] == doctest::Approx(0.99 + 0.01 * 8.0 / 3));
  CHECK(state[3] == doctest::Approx(0.99));
}

TEST_CASE("inference normalizes by the moving statistics") {
  const std::array<double, 2> x{4, -1};
  const std::array<double, 4> params{2, 1, 0.5, -1};
  const std::array<double, 4> state{1, -2, 4, 0.25};  // means 1, -2; variances 4, 0.25
  std::array<double, 2> y{};
  nn::run_inference<bn>(nn::inference_args<double>{params.data(), state.data(), x.data(), y.data(), nullptr, 1});
  CHECK(y[0] == doctest::Approx(2 * (4 - 1) / std::sqrt(4 + 1e-3) + 0.5));
  CHECK(y[1] == doctest::Approx(1 * (-1 + 2) / std::sqrt(0.25 + 1e-3) - 1));
}

TEST_CASE("on feature maps, statistics per channel over samples and positions; the summary counts the state") {
  using net = nn::sequential<nn::input<5, 5, 1>, nn::conv2d<3, 3>, nn::batch_normalization<>>;
  static_assert(net::param_count == 9 * 3 + 3 + 2 * 3 && net::state_count == 2 * 3);
  static_assert(nn::batch_normalization<>::bind<nn::shape<3, 3, 3>>::channels == 3);
  const std::string summary = net::summary();
  CHECK(summary.find("batch_normalization (BatchNormalization)") != std::string::npos);
  CHECK(summary.find("Total params: 42") != std::string::npos);
  CHECK(summary.find("Trainable params: 36") != std::string::npos);
  CHECK(summary.find("Non-trainable params: 6") != std::string::npos);
}

// Inference runs inside a constant expression too (embedded models check their outputs in static_asserts).
static_assert([] {
  const std::array<double, 2> x{3, 3};
  const std::array<double, 4> params{1, 1, 0, 0}, state{3, 3, 1, 1};
  std::array<double, 2> y{1, 1};
  nn::run_inference<bn>(nn::inference_args<double>{params.data(), state.data(), x.data(), y.data(), nullptr, 1});
  return y[0] == 0 && y[1] == 0;
}());
