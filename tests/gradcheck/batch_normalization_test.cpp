// batch_normalization: dx and the gradients of gamma and beta against central differences of the training
// forward (batch statistics), in double; on feature maps and on vectors, with a batch of one sample whose
// statistics run over positions only, and alone and in a small network through the trainer.
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;
using gradcheck::check_layer;
using gradcheck::expect_correct;

TEST_CASE("batch_normalization on feature maps") {
  expect_correct(check_layer<batch_normalization<>::bind<shape<3, 2, 4>>>({.batch = 3, .seed = 301}));
  expect_correct(check_layer<batch_normalization<>::bind<shape<2, 2, 3>>>({.batch = 1, .seed = 302}));
  // A large epsilon weighs on every term of dx.
  expect_correct(check_layer<batch_normalization<epsilon{{1, 2}}>::bind<shape<2, 3, 2>>>({.batch = 2, .seed = 303}));
}

TEST_CASE("batch_normalization on vectors, shifted and scaled inputs") {
  expect_correct(check_layer<batch_normalization<>::bind<shape<5>>>({.batch = 4, .seed = 304}));
  expect_correct(check_layer<batch_normalization<momentum{{1, 2}}>::bind<shape<3>>>(
      {.batch = 6, .seed = 305, .input_scale = 3, .input_shift = 2}));
}

TEST_CASE("a network with batch normalization, through the trainer") {
  using net = sequential<input<5, 5, 2>, conv2d<3, 3>, batch_normalization<>, nnstatic::tanh, flatten, dense<8>,
                         batch_normalization<>, nnstatic::tanh, dense<3>, softmax>;
  random_engine rng(306);
  auto params = gradcheck::random_parameters<net>(306);
  const std::vector<double> x = gradcheck::uniform(4 * net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(4, 3, rng);
  gradcheck::expect_correct(gradcheck::check_network<net, categorical_crossentropy, 4, false>(*params, x, targets, 4));
}
