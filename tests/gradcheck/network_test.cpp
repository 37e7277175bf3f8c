// Whole networks in double: the gradient of the MEAN batch loss that trainer::compute_gradient leaves in
// param_grad(), every parameter of it, against central differences of trainer::evaluate's mean loss. This checks
// the trainer's wiring (activation arena, ping-pong gradient buffers, the folded activation, 1 / batch, layer 0
// without an input gradient) on top of the layers and losses checked one by one in the other files.
//
// Each case first requires a kink margin (gradcheck::kink_margin) of 1e-4: no ReLU input and no max-pool
// runner-up within 100 steps of a kink, so no difference quotient straddles one.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
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

#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

/// The reference network (a conv / ReLU / max-pool / dense classifier like the MNIST one), reduced.
using reference_net =
    sequential<input<8, 8, 1>, conv2d<4, 3>, relu, max_pool2d<2>, flatten, dense<6>, relu, dense<3>, softmax>;

template <class Net, class Loss, std::size_t BatchCapacity = 3>
gradcheck::network_report check(std::uint64_t seed, std::size_t batch, std::vector<double> targets) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, 0, 1);
  return gradcheck::check_network<Net, Loss, BatchCapacity>(*params, x, targets, batch);
}

/// Multi-label targets: each output independently 0 or 1.
std::vector<double> bits(std::size_t count, random_engine& rng) {
  std::vector<double> t(count);
  for (double& e : t) e = static_cast<double>(rng.below(2));
  return t;
}

}  // namespace

TEST_CASE("reference network with categorical_crossentropy, batch 3") {
  random_engine rng(5);
  gradcheck::expect_correct(
      check<reference_net, categorical_crossentropy>(201, 3, gradcheck::one_hot_targets(3, 3, rng)));
}

TEST_CASE("reference network with categorical_crossentropy, a short batch of 2 in a trainer for 4") {
  random_engine rng(6);
  gradcheck::expect_correct(
      check<reference_net, categorical_crossentropy, 4>(208, 2, gradcheck::one_hot_targets(3, 2, rng)));
}

TEST_CASE("convolutions in a row, with stride 2 and same padding, and overlapping max pooling") {
  // The second conv2d propagates its input gradient, which the reference network's first one never does.
  using net = sequential<input<9, 9, 2>, conv2d<4, 3, strides{2}, padding::same>, relu, conv2d<3, 2>, relu,
                         max_pool2d<2, strides{1}>, flatten, dense<5>, softmax>;
  random_engine rng(7);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(203, 3, gradcheck::one_hot_targets(5, 3, rng)));
}

TEST_CASE("sigmoid output with binary_crossentropy") {
  using net = sequential<input<6, 6, 2>, conv2d<3, 3, strides{2}, padding::same>, sigmoid, flatten, dense<4>, sigmoid>;
  random_engine rng(8);
  gradcheck::expect_correct(check<net, binary_crossentropy>(204, 3, bits(3 * 4, rng)));
}

TEST_CASE("tanh, avg_pool2d and same padding with mean_squared_error") {
  using net = sequential<input<7, 7, 2>, conv2d<3, 3, padding::same>, nnstatic::tanh,
                         avg_pool2d<2, padding::same>, flatten, dense<4>, nnstatic::tanh>;
  random_engine rng(9);
  gradcheck::expect_correct(check<net, mean_squared_error>(205, 3, gradcheck::uniform(3 * 4, rng)));
}

TEST_CASE("a softmax output that no loss folds: half_squared_error runs softmax's own backward") {
  using net = sequential<input<5>, dense<4>, nnstatic::tanh, dense<3>, softmax>;
  random_engine rng(10);
  gradcheck::expect_correct(check<net, half_squared_error>(206, 3, gradcheck::one_hot_targets(3, 3, rng)));
}

TEST_CASE("a first layer without parameters: layer 0 computes no input gradient") {
  using net = sequential<input<4, 4, 2>, avg_pool2d<2>, flatten, dense<3>, softmax>;
  random_engine rng(11);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(207, 3, gradcheck::one_hot_targets(3, 3, rng)));
}
