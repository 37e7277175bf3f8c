// global_average_pooling2d and global_max_pooling2d: dx against central differences, in double. The max pool's
// input is drawn from distinct values, so that no step moves a maximum to another pixel.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using gradcheck::input_kind;
using nnstatic::global_average_pooling2d;
using nnstatic::global_max_pooling2d;
using nnstatic::shape;

TEST_CASE("global_average_pooling2d") {
  expect_correct(check_layer<global_average_pooling2d::bind<shape<4, 5, 3>>>({.seed = 61}));
  expect_correct(check_layer<global_average_pooling2d::bind<shape<1, 1, 2>>>({.batch = 2, .seed = 62}));
}

TEST_CASE("global_max_pooling2d") {
  expect_correct(check_layer<global_max_pooling2d::bind<shape<4, 5, 3>>>({.seed = 63, .input = input_kind::distinct}));
  expect_correct(
      check_layer<global_max_pooling2d::bind<shape<3, 2, 1>>>({.batch = 4, .seed = 64, .input = input_kind::distinct}));
}
