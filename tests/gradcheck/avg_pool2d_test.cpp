// avg_pool2d: dx against central differences, in double, on the cases max_pool2d is checked on: windows 2 and 3;
// strides 1, 2 and 3; rectangular windows and strides; strides larger than the window; valid and same padding on
// odd and even sizes. With same padding a border window averages only its pixels inside the input, so its share
// per pixel differs from an interior window's: the check sees it.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::avg_pool2d;
using nnstatic::padding;
using nnstatic::shape;
using nnstatic::size2d;
using nnstatic::strides;

TEST_CASE("avg_pool2d 2x2, valid") {
  expect_correct(check_layer<avg_pool2d<2>::bind<shape<4, 4, 2>>>({.seed = 61}));
  expect_correct(check_layer<avg_pool2d<2>::bind<shape<5, 5, 1>>>({.seed = 62}));
  expect_correct(check_layer<avg_pool2d<2, strides{1}>::bind<shape<3, 4, 2>>>({.seed = 63}));
}

TEST_CASE("avg_pool2d 3x3, valid") {
  expect_correct(check_layer<avg_pool2d<3>::bind<shape<6, 6, 1>>>({.seed = 64}));
  expect_correct(check_layer<avg_pool2d<3>::bind<shape<7, 8, 2>>>({.seed = 65}));
  expect_correct(check_layer<avg_pool2d<3, strides{2}>::bind<shape<7, 5, 2>>>({.seed = 66}));
  expect_correct(check_layer<avg_pool2d<3, strides{1}>::bind<shape<4, 5, 1>>>({.seed = 67}));
}

TEST_CASE("avg_pool2d, same padding: border windows average only the pixels inside") {
  expect_correct(check_layer<avg_pool2d<2, padding::same>::bind<shape<5, 5, 2>>>({.seed = 68}));
  expect_correct(check_layer<avg_pool2d<2, strides{1}, padding::same>::bind<shape<4, 3, 1>>>({.seed = 69}));
  expect_correct(check_layer<avg_pool2d<3, strides{2}, padding::same>::bind<shape<6, 6, 1>>>({.seed = 70}));
  expect_correct(check_layer<avg_pool2d<3, strides{2}, padding::same>::bind<shape<5, 5, 2>>>({.seed = 71}));
  expect_correct(check_layer<avg_pool2d<3, strides{1}, padding::same>::bind<shape<4, 5, 2>>>({.seed = 72}));
  expect_correct(check_layer<avg_pool2d<3, padding::same>::bind<shape<7, 8, 1>>>({.batch = 2, .seed = 73}));
}

TEST_CASE("avg_pool2d with rectangular windows and strides, and strides larger than the window") {
  expect_correct(check_layer<avg_pool2d<size2d{2, 3}>::bind<shape<4, 7, 2>>>({.seed = 100}));
  expect_correct(check_layer<avg_pool2d<size2d{3, 1}, strides{1, 2}>::bind<shape<5, 4, 1>>>({.seed = 101}));
  // Border windows of 'same' average fewer pixels: 1x2 windows moved by (2, 1) over 4 columns pad one after.
  expect_correct(check_layer<avg_pool2d<size2d{1, 2}, strides{2, 1}, padding::same>::bind<shape<5, 4, 2>>>(
      {.seed = 102}));
  expect_correct(check_layer<avg_pool2d<2, strides{3}>::bind<shape<8, 8, 1>>>({.seed = 103}));
  expect_correct(check_layer<avg_pool2d<2, strides{3}, padding::same>::bind<shape<7, 7, 2>>>({.seed = 104}));
  expect_correct(check_layer<avg_pool2d<size2d{2, 1}, strides{3, 2}>::bind<shape<7, 5, 1>>>({.batch = 2, .seed = 105}));
}
