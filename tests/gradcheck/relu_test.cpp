// relu: dx against central differences, in double. Every input is at least 0.1 away from 0, 1e5 steps: at 0 relu
// has no derivative (nnstatic takes 0, as PyTorch and TensorFlow do) and a difference quotient across the kink
// would measure neither side.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/relu.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using gradcheck::input_kind;
using nnstatic::relu;
using nnstatic::shape;

TEST_CASE("relu on mixed signs") {
  expect_correct(check_layer<relu::bind<shape<7>>>({.seed = 91, .input = input_kind::away_from_zero}));
  expect_correct(check_layer<relu::bind<shape<3, 2, 4>>>({.seed = 92, .input = input_kind::away_from_zero}));
  expect_correct(check_layer<relu::bind<shape<5>>>({.batch = 2, .seed = 93, .input = input_kind::away_from_zero}));
}

TEST_CASE("relu on all-positive and all-negative inputs") {
  // All positive: the identity. All negative: a zero gradient everywhere, written, not left as it was.
  expect_correct(check_layer<relu::bind<shape<6>>>({.seed = 94, .input_scale = 0.4, .input_shift = 0.6}));
  expect_correct(check_layer<relu::bind<shape<6>>>({.seed = 95, .input_scale = 0.4, .input_shift = -0.6}));
}
