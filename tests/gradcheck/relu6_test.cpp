// relu6: dx against central differences, in double, on each of its three pieces. No input is within 0.1 of a kink
// (0 and 6), 1e5 steps: there relu6 has no derivative (nnstatic takes 0 at both, as PyTorch and TensorFlow do; see
// tests/unit/layers/relu6_test.cpp) and a difference quotient across the kink would measure neither side.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/relu6.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using gradcheck::input_kind;
using nnstatic::relu6;
using nnstatic::shape;

TEST_CASE("relu6 on mixed signs, below the cap") {
  expect_correct(check_layer<relu6::bind<shape<7>>>({.seed = 191, .input = input_kind::away_from_zero}));
  expect_correct(
      check_layer<relu6::bind<shape<3, 2, 4>>>({.batch = 2, .seed = 192, .input = input_kind::away_from_zero}));
}

TEST_CASE("relu6 around the cap, and all three pieces at once") {
  // |x| in [0.1, 1] shifted by 6: both sides of the cap. Scaled by 5 and shifted by 3: x in [-2, 2.5] and [3.5, 8],
  // below 0, between the kinks and above 6.
  expect_correct(
      check_layer<relu6::bind<shape<8>>>({.seed = 193, .input = input_kind::away_from_zero, .input_shift = 6}));
  expect_correct(check_layer<relu6::bind<shape<4, 3>>>(
      {.batch = 2, .seed = 194, .input = input_kind::away_from_zero, .input_scale = 5, .input_shift = 3}));
}
