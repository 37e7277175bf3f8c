// leaky_relu: dx against central differences, in double, for Keras' default slope, a small one and a slope above
// 1. Every input is at least 0.1 away from 0, 1e5 steps: at 0 leaky_relu has no derivative (nnstatic takes the
// slope, as PyTorch and TensorFlow do; see tests/unit/layers/leaky_relu_test.cpp).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/leaky_relu.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using gradcheck::input_kind;
using nnstatic::leaky_relu;
using nnstatic::negative_slope;
using nnstatic::shape;

TEST_CASE("leaky_relu with Keras' default slope 0.3, on mixed signs") {
  expect_correct(check_layer<leaky_relu<>::bind<shape<7>>>({.seed = 291, .input = input_kind::away_from_zero}));
  expect_correct(
      check_layer<leaky_relu<>::bind<shape<3, 2, 4>>>({.batch = 2, .seed = 292, .input = input_kind::away_from_zero}));
}

TEST_CASE("leaky_relu with slopes 0.01 and 3/2, and all inputs negative") {
  expect_correct(check_layer<leaky_relu<negative_slope{1, 100}>::bind<shape<6>>>(
      {.seed = 293, .input = input_kind::away_from_zero}));
  expect_correct(check_layer<leaky_relu<negative_slope{3, 2}>::bind<shape<6>>>(
      {.seed = 294, .input = input_kind::away_from_zero}));
  expect_correct(check_layer<leaky_relu<>::bind<shape<6>>>({.seed = 295, .input_scale = 0.4, .input_shift = -0.6}));
}
