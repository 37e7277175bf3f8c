// flatten: dx against central differences, in double. It moves no value, so its gradient is the identity; the
// check still catches a wrong extent (a sample not fully copied) or a wrong batch stride.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/flatten.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::flatten;
using nnstatic::shape;

TEST_CASE("flatten an image") {
  expect_correct(check_layer<flatten::bind<shape<3, 4, 2>>>({.seed = 81}));
  expect_correct(check_layer<flatten::bind<shape<1, 1, 5>>>({.batch = 2, .seed = 82}));
}

TEST_CASE("flatten a vector") { expect_correct(check_layer<flatten::bind<shape<5>>>({.seed = 83})); }
