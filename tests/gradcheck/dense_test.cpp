// dense: dx, dW and db against central differences, in double, for several input and output sizes.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/dense.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using nnstatic::dense;
using nnstatic::shape;

TEST_CASE("dense: one input, one unit") {
  gradcheck::expect_correct(gradcheck::check_layer<dense<1>::bind<shape<1>>>({.seed = 11}));
}

TEST_CASE("dense: more inputs than units") {
  gradcheck::expect_correct(gradcheck::check_layer<dense<3>::bind<shape<5>>>({.seed = 12}));
  gradcheck::expect_correct(gradcheck::check_layer<dense<4>::bind<shape<16>>>({.batch = 2, .seed = 13}));
}

TEST_CASE("dense: more units than inputs") {
  gradcheck::expect_correct(gradcheck::check_layer<dense<7>::bind<shape<2>>>({.seed = 14}));
  gradcheck::expect_correct(gradcheck::check_layer<dense<9>::bind<shape<1>>>({.batch = 2, .seed = 15}));
}

TEST_CASE("dense: a single sample and a wide layer") {
  gradcheck::expect_correct(gradcheck::check_layer<dense<10>::bind<shape<12>>>({.batch = 1, .seed = 16}));
}
