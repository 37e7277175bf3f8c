// The trainer end to end: small problems that training must actually solve (XOR, two Gaussian clusters, a 1-D
// regression), and the trainer's contract: what a step returns, that the gradient is the one of the mean batch loss,
// that evaluation leaves the parameters alone and that a short last batch reads only its own samples.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/binary_crossentropy.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>
#include <nnstatic/optim/adam.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <numbers>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

namespace nn = nnstatic;

/// A normally distributed number (Box-Muller) from nnstatic's platform-independent generator, so the data sets
/// below are the same on every machine.
double normal(nn::random_engine& rng) {
  const double u1 = 1.0 - rng.uniform01();  // in (0, 1], so the log is finite
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

TEST_CASE("trainer: XOR is learned to 100% accuracy and a loss below 0.1") {
  using net = nn::sequential<nn::input<2>, nn::dense<8>, nn::tanh, nn::dense<1>, nn::sigmoid>;
  using trainer_type = nn::trainer<net, nn::binary_crossentropy, nn::adam, 4>;
  constexpr std::array<float, 8> x{0, 0, 0, 1, 1, 0, 1, 1};
  constexpr std::array<float, 4> y{0, 1, 1, 0};

  // Several seeds, so that one lucky initialization cannot make the test pass.
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    nn::parameters<net> params;
    nn::glorot_uniform(params, seed);
    trainer_type trainer(nn::adam{.learning_rate = 0.05});

    nn::batch_result first = trainer.evaluate(params, x.data(), y.data(), 4);
    nn::batch_result last{};
    int steps = 0;
    for (; steps < 300; ++steps) last = trainer.step(params, x.data(), y.data(), 4);
    last = trainer.evaluate(params, x.data(), y.data(), 4);
    INFO("seed " << seed << ": loss " << first.loss_sum / 4 << " -> " << last.loss_sum / 4);
    CHECK(last.samples == 4);
    CHECK(last.correct_sum == 4.0);
    CHECK(last.loss_sum / 4 < 0.1);
    CHECK(last.loss_sum < first.loss_sum);
  }
}

TEST_CASE("trainer: two Gaussian clusters are separated with softmax, categorical_crossentropy and SGD with momentum") {
  using net = nn::sequential<nn::input<2>, nn::dense<4>, nn::relu, nn::dense<2>, nn::softmax>;
  constexpr std::size_t capacity = 16;
  using trainer_type = nn::trainer<net, nn::categorical_crossentropy, nn::sgd, capacity>;

  // Class 0 around (2, 3), class 1 around (3, 2), standard deviation 0.2: the centres are 7 deviations apart, but
  // on the same side of the origin, so that an untrained network has to move its boundary to separate them.
  constexpr std::size_t train_size = 200, test_size = 200;  // 200 = 12 batches of 16 and a short one of 8
  nn::random_engine rng(7);
  auto make = [&](std::size_t count, std::vector<float>& x, std::vector<float>& y) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t label = rng.below(2);
      const double cx = label == 0 ? 2.0 : 3.0, cy = label == 0 ? 3.0 : 2.0;
      x.push_back(static_cast<float>(cx + 0.2 * normal(rng)));
      x.push_back(static_cast<float>(cy + 0.2 * normal(rng)));
      y.push_back(label == 0 ? 1.0f : 0.0f);
      y.push_back(label == 1 ? 1.0f : 0.0f);
    }
  };
  std::vector<float> train_x, train_y, test_x, test_y;
  make(train_size, train_x, train_y);
  make(test_size, test_x, test_y);

  nn::parameters<net> params;
  nn::glorot_uniform(params, 11);
  trainer_type trainer(nn::sgd{.learning_rate = 0.05, .momentum = 0.9});

  auto evaluate = [&](const std::vector<float>& x, const std::vector<float>& y, std::size_t count) {
    nn::batch_result total{};
    for (std::size_t at = 0; at < count; at += capacity) {
      const std::size_t batch = count - at < capacity ? count - at : capacity;
      const nn::batch_result r = trainer.evaluate(params, x.data() + at * 2, y.data() + at * 2, batch);
      total.loss_sum += r.loss_sum;
      total.correct_sum += r.correct_sum;
      total.samples += r.samples;
    }
    return total;
  };

  const nn::batch_result before = evaluate(test_x, test_y, test_size);
  REQUIRE(before.samples == test_size);
  for (int epoch = 0; epoch < 10; ++epoch)
    for (std::size_t at = 0; at < train_size; at += capacity) {
      const std::size_t batch = train_size - at < capacity ? train_size - at : capacity;
      const nn::batch_result r = trainer.step(params, train_x.data() + at * 2, train_y.data() + at * 2, batch);
      REQUIRE(r.samples == batch);
      REQUIRE(std::isfinite(r.loss_sum));
    }
  const nn::batch_result after = evaluate(test_x, test_y, test_size);
  INFO("held-out accuracy " << before.correct_sum / test_size << " -> " << after.correct_sum / test_size << ", loss "
                            << before.loss_sum / test_size << " -> " << after.loss_sum / test_size);
  CHECK(after.correct_sum / test_size >= 0.97);
  CHECK(after.loss_sum / test_size < 0.1);
  CHECK(after.loss_sum < before.loss_sum / 4);
}

TEST_CASE("trainer: a 1-D regression of sin(x) with mean_squared_error cuts the loss tenfold") {
  using net = nn::sequential<nn::input<1>, nn::dense<16>, nn::tanh, nn::dense<1>>;
  constexpr std::size_t points = 64;
  using trainer_type = nn::trainer<net, nn::mean_squared_error, nn::adam, points>;

  std::array<float, points> x{}, y{};
  for (std::size_t i = 0; i < points; ++i) {
    const double xi = -3.0 + 6.0 * static_cast<double>(i) / (points - 1);
    x[i] = static_cast<float>(xi);
    y[i] = static_cast<float>(std::sin(xi));
  }

  nn::parameters<net> params;
  nn::glorot_uniform(params, 5);
  trainer_type trainer(nn::adam{.learning_rate = 0.01});
  const nn::batch_result before = trainer.evaluate(params, x.data(), y.data(), points);
  for (int step = 0; step < 1000; ++step) trainer.step(params, x.data(), y.data(), points);
  const nn::batch_result after = trainer.evaluate(params, x.data(), y.data(), points);
  INFO("mean squared error " << before.loss_sum / points << " -> " << after.loss_sum / points);
  CHECK(after.loss_sum * 10 < before.loss_sum);
  CHECK(after.loss_sum / points < 0.01);
}

namespace {

using small_net = nn::sequential<nn::input<3>, nn::dense<4>, nn::tanh, nn::dense<3>, nn::softmax>;
using cnn_net = nn::sequential<nn::input<6, 6, 2>, nn::conv2d<3, 3>, nn::relu, nn::max_pool2d<2>, nn::flatten,
                               nn::dense<5>, nn::relu, nn::dense<3>, nn::softmax>;
using same_net = nn::sequential<nn::input<5, 5, 2>, nn::conv2d<2, 3, nn::strides{2}, nn::padding::same>, nn::tanh,
                                nn::avg_pool2d<2, nn::padding::same>, nn::flatten, nn::dense<3>, nn::softmax>;

/// Three samples of small_net's input and one-hot targets.
constexpr std::array<double, 9> small_x{0.5, -1.0, 2.0, 1.5, 0.25, -0.75, -2.0, 1.0, 0.0};
constexpr std::array<double, 9> small_y{1, 0, 0, 0, 0, 1, 0, 1, 0};

/// Three samples of `Net`'s input: small_x for small_net, seeded uniform values for the others.
template <class Net>
std::vector<double> inputs() {
  if constexpr (std::is_same_v<Net, small_net>) {
    return {small_x.begin(), small_x.end()};
  } else {
    std::vector<double> x(3 * Net::input_shape::size);
    nn::random_engine rng(17);
    for (double& v : x) v = rng.uniform(-1, 1);
    return x;
  }
}

/// The mean batch loss at `params`, through a fresh trainer's evaluate.
template <class Net, class Loss>
double mean_loss(const nn::parameters<Net, double>& params, const std::vector<double>& x) {
  nn::trainer<Net, Loss, nn::sgd, 3, double> t;
  const nn::batch_result r = t.evaluate(params, x.data(), small_y.data(), 3);
  return r.loss_sum / static_cast<double>(r.samples);
}

/// compute_gradient against central differences of the mean batch loss, for every parameter.
template <class Net, class Loss>
void check_gradient_of_mean_loss() {
  nn::parameters<Net, double> params;
  nn::glorot_uniform(params, 3);
  // Non-zero biases, so that their gradients are checked in general.
  for (std::size_t i = 0; i < params.size; ++i)
    if (params.values[i] == 0.0) params.values[i] = 0.05 * static_cast<double>(i % 7) - 0.15;
  const std::vector<double> x = inputs<Net>();
  nn::trainer<Net, Loss, nn::sgd, 3, double> t;
  t.compute_gradient(params, x.data(), small_y.data(), 3);
  const auto grad = t.param_grad();
  constexpr double h = 1e-6;
  for (std::size_t i = 0; i < params.size; ++i) {
    CAPTURE(i);
    const double saved = params.values[i];
    params.values[i] = saved + h;
    const double up = mean_loss<Net, Loss>(params, x);
    params.values[i] = saved - h;
    const double down = mean_loss<Net, Loss>(params, x);
    params.values[i] = saved;
    CHECK(grad[i] == doctest::Approx((up - down) / (2 * h)).epsilon(1e-6));
  }
}

}  // namespace

TEST_CASE("trainer: param_grad is the gradient of the MEAN batch loss (central differences in double)") {
  SUBCASE("categorical_crossentropy, folding the softmax") {
    check_gradient_of_mean_loss<small_net, nn::categorical_crossentropy>();
  }
  SUBCASE("mean_squared_error, through softmax's own backward") {
    check_gradient_of_mean_loss<small_net, nn::mean_squared_error>();
  }
  SUBCASE("half_squared_error") { check_gradient_of_mean_loss<small_net, nn::half_squared_error>(); }
  SUBCASE("a CNN: conv2d, relu, max_pool2d and dense, relu, as the trainer fuses them") {
    check_gradient_of_mean_loss<cnn_net, nn::categorical_crossentropy>();
  }
  SUBCASE("a CNN with padding::same, stride 2 and average pooling") {
    check_gradient_of_mean_loss<same_net, nn::categorical_crossentropy>();
  }
}

TEST_CASE("trainer: a batch of every sample twice has the same mean loss and gradient as the batch itself") {
  nn::parameters<small_net, double> params;
  nn::glorot_uniform(params, 4);
  std::array<double, 18> x2{}, y2{};
  for (std::size_t i = 0; i < 9; ++i) x2[i] = x2[i + 9] = small_x[i], y2[i] = y2[i + 9] = small_y[i];

  nn::trainer<small_net, nn::categorical_crossentropy, nn::sgd, 6, double> t;
  const nn::batch_result once = t.compute_gradient(params, small_x.data(), small_y.data(), 3);
  const std::vector<double> grad_once(t.param_grad().begin(), t.param_grad().end());
  const nn::batch_result twice = t.compute_gradient(params, x2.data(), y2.data(), 6);
  CHECK(once.samples == 3);
  CHECK(twice.samples == 6);
  CHECK(twice.loss_sum == doctest::Approx(2 * once.loss_sum).epsilon(1e-12));
  CHECK(twice.loss_sum / 6 == doctest::Approx(once.loss_sum / 3).epsilon(1e-12));
  for (std::size_t i = 0; i < grad_once.size(); ++i)
    CHECK(t.param_grad()[i] == doctest::Approx(grad_once[i]).epsilon(1e-12));
}

TEST_CASE("trainer: step reports the loss before its update and then applies the optimizer to param_grad") {
  nn::parameters<small_net, double> params;
  nn::glorot_uniform(params, 8);
  const nn::sgd optimizer{.learning_rate = 0.5};

  // Reference: the gradient at the current parameters, and by hand one SGD step w -= lr g.
  nn::trainer<small_net, nn::categorical_crossentropy, nn::sgd, 3, double> reference(optimizer);
  const nn::batch_result before = reference.compute_gradient(params, small_x.data(), small_y.data(), 3);
  nn::parameters<small_net, double> expected = params;
  for (std::size_t i = 0; i < params.size; ++i) expected.values[i] -= 0.5 * reference.param_grad()[i];

  nn::trainer<small_net, nn::categorical_crossentropy, nn::sgd, 3, double> t(optimizer);
  CHECK(t.optimizer().learning_rate == 0.5);
  const nn::batch_result stepped = t.step(params, small_x.data(), small_y.data(), 3);
  CHECK(stepped.loss_sum == before.loss_sum);
  CHECK(stepped.correct_sum == before.correct_sum);
  CHECK(stepped.samples == 3);
  for (std::size_t i = 0; i < params.size; ++i)
    CHECK(params.values[i] == doctest::Approx(expected.values[i]).epsilon(1e-12));

  // The loss is lower after the step: the update went downhill.
  CHECK(mean_loss<small_net, nn::categorical_crossentropy>(params, inputs<small_net>()) < before.loss_sum / 3);
}

TEST_CASE("trainer: evaluate and compute_gradient leave the parameters and the optimizer state alone") {
  nn::parameters<small_net, double> params;
  nn::glorot_uniform(params, 9);
  const nn::parameters<small_net, double> original = params;
  nn::trainer<small_net, nn::categorical_crossentropy, nn::adam, 3, double> t;
  t.evaluate(params, small_x.data(), small_y.data(), 3);
  t.compute_gradient(params, small_x.data(), small_y.data(), 3);
  CHECK(params.values == original.values);
  CHECK(t.optimizer_state().step == 0);
  t.step(params, small_x.data(), small_y.data(), 3);
  CHECK(params.values != original.values);
  CHECK(t.optimizer_state().step == 1);
}

TEST_CASE("trainer: loss_sum, correct_sum and outputs agree with the network's outputs") {
  nn::parameters<small_net, double> params;
  nn::glorot_uniform(params, 10);
  nn::trainer<small_net, nn::categorical_crossentropy, nn::sgd, 3, double> t;
  const nn::batch_result r = t.evaluate(params, small_x.data(), small_y.data(), 3);

  std::array<double, 9> expected{};
  nn::inference_workspace<small_net, double, 3> workspace;
  nn::infer(params, small_x.data(), expected.data(), 3, workspace);
  const auto outputs = t.outputs(3);
  REQUIRE(outputs.size() == 9);
  double loss = 0, correct = 0;
  for (std::size_t n = 0; n < 3; ++n) {
    std::size_t predicted = 0, target = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(outputs[n * 3 + k] == doctest::Approx(expected[n * 3 + k]).epsilon(1e-12));
      if (outputs[n * 3 + k] > outputs[n * 3 + predicted]) predicted = k;
      if (small_y[n * 3 + k] > small_y[n * 3 + target]) target = k;
    }
    loss -= std::log(outputs[n * 3 + target]);  // -log p_target, the cross-entropy of a one-hot target
    correct += predicted == target ? 1 : 0;
  }
  CHECK(r.samples == 3);
  CHECK(r.loss_sum == doctest::Approx(loss).epsilon(1e-12));
  CHECK(r.correct_sum == correct);
}

TEST_CASE("trainer: a short last batch reads and trains on its own samples only") {
  using net = nn::sequential<nn::input<3>, nn::dense<4>, nn::relu, nn::dense<2>, nn::softmax>;
  constexpr std::size_t capacity = 8, batch = 5;
  nn::parameters<net> a;
  nn::glorot_uniform(a, 12);
  nn::parameters<net> b = a;

  // Capacity-sized buffers whose rows past the batch are NaN: any read of them would poison the loss or the update.
  std::array<float, capacity * 3> x{};
  std::array<float, capacity * 2> y{};
  x.fill(std::numeric_limits<float>::quiet_NaN());
  y.fill(std::numeric_limits<float>::quiet_NaN());
  nn::random_engine rng(13);
  for (std::size_t i = 0; i < batch * 3; ++i) x[i] = static_cast<float>(rng.uniform(-1, 1));
  for (std::size_t n = 0; n < batch; ++n) {
    y[n * 2] = n % 2 == 0 ? 1.0f : 0.0f;
    y[n * 2 + 1] = n % 2 == 0 ? 0.0f : 1.0f;
  }

  nn::trainer<net, nn::categorical_crossentropy, nn::sgd, capacity> big(nn::sgd{.learning_rate = 0.1});
  nn::trainer<net, nn::categorical_crossentropy, nn::sgd, batch> exact(nn::sgd{.learning_rate = 0.1});
  const nn::batch_result from_big = big.step(a, x.data(), y.data(), batch);
  const nn::batch_result from_exact = exact.step(b, x.data(), y.data(), batch);
  CHECK(from_big.samples == batch);
  CHECK(std::isfinite(from_big.loss_sum));
  CHECK(from_big.loss_sum == doctest::Approx(from_exact.loss_sum));
  CHECK(from_big.correct_sum == from_exact.correct_sum);
  for (std::size_t i = 0; i < a.size; ++i) {
    CAPTURE(i);
    REQUIRE(std::isfinite(a.values[i]));
    CHECK(static_cast<double>(a.values[i]) == doctest::Approx(static_cast<double>(b.values[i])).epsilon(1e-5));
  }
}

TEST_CASE("trainer: a step gives the same bits every time for a thread count, and nearly the same for another") {
  using net = cnn_net;
  constexpr std::size_t batch = 6;
  std::vector<float> x(batch * net::input_shape::size), y(batch * 3);
  nn::random_engine rng(23);
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  for (std::size_t n = 0; n < batch; ++n) y[n * 3 + n % 3] = 1;
  nn::parameters<net> start;
  nn::glorot_uniform(start, 24);

  /// Three SGD steps on `threads` threads; the parameters after them and the last loss. (SGD rather than Adam:
  /// Adam's step is about lr * sign(g) for tiny gradients, so rounding in g could move a weight by a whole step.)
  auto train = [&](std::size_t threads) {
    nn::parameters<net> params = start;
    nn::trainer<net, nn::categorical_crossentropy, nn::sgd, batch> t(nn::sgd{.learning_rate = 0.1, .momentum = 0.9},
                                                                     threads);
    REQUIRE(t.threads() == threads);
    nn::batch_result r{};
    for (int i = 0; i < 3; ++i) r = t.step(params, x.data(), y.data(), batch);
    return std::pair{params, r.loss_sum};
  };
  const auto [one, loss_one] = train(1);
  const auto [one_again, loss_one_again] = train(1);
  const auto [three, loss_three] = train(3);
  const auto [three_again, loss_three_again] = train(3);
  CHECK(one.values == one_again.values);
  CHECK(loss_one == loss_one_again);
  CHECK(three.values == three_again.values);
  CHECK(loss_three == loss_three_again);
  CHECK(loss_three == doctest::Approx(loss_one).epsilon(1e-5));
  for (std::size_t i = 0; i < one.size; ++i) {
    CAPTURE(i);
    CHECK(static_cast<double>(three.values[i]) == doctest::Approx(static_cast<double>(one.values[i])).epsilon(1e-4));
  }
}

TEST_CASE("trainer: a batch of 0 or above the capacity throws, naming the batch and the capacity, in every build") {
  // The buffers hold 4096 samples, so the only memory a wrong batch could run past is the trainer's own.
  constexpr std::size_t capacity = 16, samples = 4096;
  nn::parameters<small_net> params;
  nn::glorot_uniform(params, 14);
  const nn::parameters<small_net> original = params;
  std::vector<float> x(samples * 3, 0.5f), y(samples * 3, 0.0f);
  for (std::size_t n = 0; n < samples; ++n) y[n * 3 + n % 3] = 1;
  nn::trainer<small_net, nn::categorical_crossentropy, nn::adam, capacity> t;

  for (const std::size_t batch : {std::size_t{0}, capacity + 1, 2 * capacity, samples}) {
    CAPTURE(batch);
    const std::string found = std::to_string(batch), limit = std::to_string(capacity);
    for (const std::string entry : {"step", "evaluate", "compute_gradient"}) {
      CAPTURE(entry);
      std::string message;
      try {
        if (entry == "step") t.step(params, x.data(), y.data(), batch);
        else if (entry == "evaluate") t.evaluate(params, x.data(), y.data(), batch);
        else t.compute_gradient(params, x.data(), y.data(), batch);
      } catch (const nn::error& e) {
        message = e.what();
      }
      CHECK(message.find(entry) != std::string::npos);
      CHECK(message.find("batch of " + found) != std::string::npos);
      CHECK(message.find("capacity " + limit) != std::string::npos);
    }
    CHECK_THROWS_AS(static_cast<void>(t.outputs(batch == 0 ? capacity + 1 : batch)), nn::error);
  }
  // Nothing was trained on, and the trainer still works at its capacity.
  CHECK(params.values == original.values);
  CHECK(t.optimizer_state().step == 0);
  CHECK(t.step(params, x.data(), y.data(), capacity).samples == capacity);
  CHECK(t.outputs(capacity).size() == capacity * 3);
}

TEST_CASE("trainer: conv2d<2, 1> and a softmax over the channels of a 1x2 image, by hand (Keras' meaning)") {
  // Pixels x = [1, 2]; kernel [1, -1], biases 0: logits [1, -1] at pixel 0 and [2, -2] at pixel 1, both targets
  // class 0. Each pixel's softmax is (s(2z), s(-2z)) with s the logistic function. Keras' loss is the mean of the
  // pixels' cross-entropies, (ln(1 + e^-2) + ln(1 + e^-4)) / 2 = 0.0725 (their sum is 0.145); the four logits read
  // as one distribution gave 1.724. dL/dz = (p - y) / 2 per pixel, so dL/dw0 = sum_pixels x (p0 - 1) / 2 < 0: a
  // larger w0 raises the right class's probability. (One distribution gave +0.298, the wrong sign.)
  using net = nn::sequential<nn::input<1, 2, 1>, nn::conv2d<2, 1>, nn::softmax>;
  static_assert(std::is_same_v<net::output_shape, nn::shape<1, 2, 2>>);
  nn::parameters<net, double> params;
  params.values = {1, -1, 0, 0};  // kernel (1, 1, 1, 2), then the two biases
  const std::array<double, 2> x{1, 2};
  const auto s = [](double v) { return 1 / (1 + std::exp(-v)); };
  nn::trainer<net, nn::categorical_crossentropy, nn::sgd, 1, double> t(nn::sgd{}, 1);

  SUBCASE("both pixels of class 0") {
    const std::array<double, 4> y{1, 0, 1, 0};
    const nn::batch_result r = t.compute_gradient(params, x.data(), y.data(), 1);
    const double by_hand = (std::log1p(std::exp(-2.0)) + std::log1p(std::exp(-4.0))) / 2;
    CHECK(r.loss_sum == doctest::Approx(by_hand).epsilon(1e-12));
    CHECK(r.loss_sum == doctest::Approx(0.072539).epsilon(1e-6));
    CHECK(r.correct_sum == 1.0);
    const double dw0 = (1 * (s(2) - 1) + 2 * (s(4) - 1)) / 2, db0 = ((s(2) - 1) + (s(4) - 1)) / 2;
    const auto grad = t.param_grad();
    CHECK(dw0 < 0);
    CHECK(grad[0] == doctest::Approx(dw0).epsilon(1e-12));
    CHECK(grad[1] == doctest::Approx(-dw0).epsilon(1e-12));
    CHECK(grad[2] == doctest::Approx(db0).epsilon(1e-12));
    CHECK(grad[3] == doctest::Approx(-db0).epsilon(1e-12));
    // The outputs are the per-pixel probabilities.
    const auto p = t.outputs(1);
    CHECK(p[0] == doctest::Approx(s(2)).epsilon(1e-12));
    CHECK(p[2] == doctest::Approx(s(4)).epsilon(1e-12));
  }
  SUBCASE("pixel 1 of class 1: half the pixels are right") {
    const std::array<double, 4> y{1, 0, 0, 1};
    const nn::batch_result r = t.evaluate(params, x.data(), y.data(), 1);
    // Pixel 1's logits favour class 0 by 4: its cross-entropy is 4 + ln(1 + e^-4).
    const double by_hand = (std::log1p(std::exp(-2.0)) + 4 + std::log1p(std::exp(-4.0))) / 2;
    CHECK(r.loss_sum == doctest::Approx(by_hand).epsilon(1e-12));
    CHECK(r.correct_sum == 0.5);
  }
}
