// random_flip: dx against central differences of the training forward, in double. Which images are mirrored is a
// function of the step's key and the sample, so the forwards of the difference quotients all mirror the same ones.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/random_flip.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;
using gradcheck::check_layer;
using gradcheck::expect_correct;

TEST_CASE("random_flip") {
  expect_correct(check_layer<random_flip<flip_mode::horizontal>::bind<shape<3, 4, 2>>>({.batch = 6, .seed = 411}));
  expect_correct(check_layer<random_flip<flip_mode::vertical>::bind<shape<5, 2, 1>>>({.batch = 6, .seed = 412}));
  expect_correct(check_layer<random_flip<>::bind<shape<3, 3, 3>>>({.batch = 8, .seed = 413}));
}

TEST_CASE("a network that flips its input, through the trainer") {
  // The flip is not first, so its dx reaches the convolution before it.
  using net = sequential<input<4, 5, 1>, conv2d<2, 3, same>, random_flip<>, nnstatic::tanh, flatten, dense<3>, softmax>;
  random_engine rng(414);
  auto params = gradcheck::random_parameters<net>(414);
  const std::vector<double> x = gradcheck::uniform(4 * net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(4, 3, rng);
  gradcheck::expect_correct(gradcheck::check_network<net, categorical_crossentropy, 4, false>(*params, x, targets, 4));
}
