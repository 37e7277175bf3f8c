// dropout: dx against central differences of the training forward, in double. The mask is a function of the
// step's key, the sample and the element, so the forwards of the difference quotients all drop the same values.
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;
using gradcheck::check_layer;
using gradcheck::expect_correct;

TEST_CASE("dropout") {
  expect_correct(check_layer<dropout<ratio{1, 2}>::bind<shape<4, 3>>>({.batch = 3, .seed = 311}));
  expect_correct(check_layer<dropout<ratio{1, 10}>::bind<shape<17>>>({.batch = 2, .seed = 312}));
  expect_correct(check_layer<dropout<ratio{0, 1}>::bind<shape<5>>>({.batch = 2, .seed = 313}));
}

TEST_CASE("a network with dropout, through the trainer") {
  using net = sequential<input<6>, dense<10>, nnstatic::tanh, dropout<ratio{1, 3}>, dense<3>, softmax>;
  random_engine rng(314);
  auto params = gradcheck::random_parameters<net>(314);
  const std::vector<double> x = gradcheck::uniform(3 * net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(3, 3, rng);
  gradcheck::expect_correct(gradcheck::check_network<net, categorical_crossentropy, 3, false>(*params, x, targets, 3));
}
