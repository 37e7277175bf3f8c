// sigmoid: dx against central differences, in double, on both branches of its overflow-free evaluation
// (1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/sigmoid.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::shape;
using nnstatic::sigmoid;

TEST_CASE("sigmoid around 0") {
  expect_correct(check_layer<sigmoid::bind<shape<7>>>({.seed = 101}));
  expect_correct(check_layer<sigmoid::bind<shape<2, 3, 2>>>({.batch = 2, .seed = 102}));
}

TEST_CASE("sigmoid on larger inputs, where it flattens") {
  expect_correct(check_layer<sigmoid::bind<shape<8>>>({.seed = 103, .input_scale = 6}));
  expect_correct(check_layer<sigmoid::bind<shape<4>>>({.seed = 104, .input_scale = 2, .input_shift = -5}));
}
