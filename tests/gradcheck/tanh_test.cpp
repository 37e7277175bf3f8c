// tanh: dx against central differences, in double.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::shape;

TEST_CASE("tanh around 0") {
  expect_correct(check_layer<nnstatic::tanh::bind<shape<7>>>({.seed = 111}));
  expect_correct(check_layer<nnstatic::tanh::bind<shape<2, 3, 2>>>({.batch = 2, .seed = 112}));
}

TEST_CASE("tanh on larger inputs, where it flattens") {
  expect_correct(check_layer<nnstatic::tanh::bind<shape<8>>>({.seed = 113, .input_scale = 3}));
}
