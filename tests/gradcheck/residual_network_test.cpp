// Networks with blocks in double, end to end through the trainer (see network_test.cpp for the method): the
// gradient of the mean batch loss against central differences of evaluate's, for every parameter, inside the
// blocks too. This checks the blocks' place in the trainer's plan on top of the blocks checked alone in
// blocks_test.cpp. Each case first requires a kink margin of 1e-4, ReLUs and max pools inside blocks included.
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

template <class Net, class Loss, std::size_t BatchCapacity = 3>
gradcheck::network_report check(std::uint64_t seed, std::size_t batch, std::vector<double> targets) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, 0, 1);
  return gradcheck::check_network<Net, Loss, BatchCapacity>(*params, x, targets, batch);
}

}  // namespace

TEST_CASE("a small residual network: a stem, two residual blocks with relu inside, a projection block") {
  using net = sequential<input<6, 6, 2>, conv2d<3, 1>, relu,                                         //
                         residual<conv2d<3, 1>, relu, conv2d<3, 1>>, relu,                           //
                         residual<conv2d<3, 1>, relu, conv2d<3, 1>>, relu,                           //
                         add<branch<conv2d<4, 3>, relu, conv2d<4, 1>>, branch<conv2d<4, 3>>>, relu,  //
                         flatten, dense<3>, softmax>;
  random_engine rng(21);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(221, 3, gradcheck::one_hot_targets(3, 3, rng)));
}

TEST_CASE("a residual network's block as the first layer, a short batch of 2 in a trainer for 4") {
  // Layer 0 computes no input gradient: the block's branches then skip theirs, the identity included.
  using net = sequential<input<4, 4, 3>, residual<conv2d<3, 1>, nnstatic::tanh, conv2d<3, 1>>, relu, flatten, dense<3>,
                         softmax>;
  random_engine rng(22);
  gradcheck::expect_correct(check<net, categorical_crossentropy, 4>(222, 2, gradcheck::one_hot_targets(3, 2, rng)));
}

TEST_CASE("concatenate with a max pool inside and nested residual blocks, mean squared error") {
  using net = sequential<input<6>, dense<4>, nnstatic::tanh,
                         concatenate<branch<residual<dense<4>, relu, dense<4>>>, branch<>, branch<dense<3>>>,
                         nnstatic::tanh, dense<2>>;
  random_engine rng(23);
  gradcheck::expect_correct(check<net, mean_squared_error>(223, 3, gradcheck::uniform(3 * 2, rng)));
}

TEST_CASE("concatenate of feature maps, one branch pooled with overlap and same padding") {
  using net = sequential<input<5, 5, 2>, conv2d<3, 1>, relu,
                         concatenate<branch<conv2d<2, 1>, max_pool2d<2, strides{1}, padding::same>>, branch<>>, flatten,
                         dense<3>, softmax>;
  random_engine rng(24);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(224, 3, gradcheck::one_hot_targets(3, 3, rng)));
}

TEST_CASE("a residual network with batch normalization inside its blocks, ResNet's pattern, through the trainer") {
  // conv, batch normalization, relu, conv, batch normalization, then the shortcut added and a relu; the projection
  // shortcut normalized too. The gradient is of the training forward's loss (batch statistics).
  using net = sequential<input<5, 5, 2>, conv2d<3, 1>, batch_normalization<>, relu,
                         residual<conv2d<3, 1>, batch_normalization<>, relu, conv2d<3, 1>, batch_normalization<>>, relu,
                         add<branch<conv2d<4, 3>, batch_normalization<>, relu, conv2d<4, 1>, batch_normalization<>>,
                             branch<conv2d<4, 3>, batch_normalization<>>>,
                         relu, flatten, dense<3>, softmax>;
  random_engine rng(25);
  auto params = gradcheck::random_parameters<net>(225);
  const std::vector<double> x = gradcheck::uniform(4 * net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(3, 4, rng);
  gradcheck::expect_correct(gradcheck::check_network<net, categorical_crossentropy, 4, false>(*params, x, targets, 4));
}
