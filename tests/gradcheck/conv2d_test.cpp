// conv2d: dx, the kernel gradient and the bias gradient against central differences, in double: 1 and 3 input
// channels; 3x3, 2x3, 1x3, 2x2 and 1x1 kernels; strides 1, 2, (2, 1), (1, 2) and strides larger than the kernel
// (ResNet's 1x1 stride-2 shortcut, 2x2 moved by 3); valid and same padding on odd and even sizes, so that both
// TensorFlow padding splits (all padding after, and one before / one after) are walked.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::conv2d;
using nnstatic::padding;
using nnstatic::shape;
using nnstatic::size2d;
using nnstatic::strides;

TEST_CASE("conv2d 3x3, stride 1, valid") {
  expect_correct(check_layer<conv2d<2, 3>::bind<shape<5, 5, 1>>>({.seed = 21}));  // odd, 1 channel
  expect_correct(check_layer<conv2d<3, 3>::bind<shape<4, 6, 3>>>({.seed = 22}));  // even, 3 channels
  expect_correct(check_layer<conv2d<1, 3>::bind<shape<3, 3, 1>>>({.seed = 23}));  // kernel = input: 1x1 output
}

TEST_CASE("conv2d 3x3, stride 1, same") {
  expect_correct(check_layer<conv2d<2, 3, padding::same>::bind<shape<5, 5, 1>>>({.seed = 24}));
  expect_correct(check_layer<conv2d<3, 3, padding::same>::bind<shape<4, 4, 3>>>({.seed = 25}));
  // Kernel larger than the input: same padding still gives one output per pixel.
  expect_correct(check_layer<conv2d<2, 3, padding::same>::bind<shape<2, 2, 1>>>({.seed = 26}));
}

TEST_CASE("conv2d 3x3, stride 2") {
  expect_correct(check_layer<conv2d<2, 3, strides{2}>::bind<shape<7, 7, 1>>>({.seed = 27}));  // valid, odd: no rest
  expect_correct(check_layer<conv2d<2, 3, strides{2}>::bind<shape<6, 6, 3>>>(
      {.seed = 28}));  // valid, even: last row unread
  // same, even: out 3, padding 1, all of it after.  same, odd: out 3, padding 2, one before and one after.
  expect_correct(check_layer<conv2d<2, 3, strides{2}, padding::same>::bind<shape<6, 6, 3>>>({.seed = 29}));
  expect_correct(check_layer<conv2d<2, 3, strides{2}, padding::same>::bind<shape<5, 5, 1>>>({.seed = 30}));
}

TEST_CASE("conv2d 2x3 (rectangular), stride 1 and 2") {
  expect_correct(check_layer<conv2d<2, size2d{2, 3}>::bind<shape<5, 6, 3>>>({.seed = 31}));
  expect_correct(check_layer<conv2d<2, size2d{2, 3}>::bind<shape<4, 3, 1>>>({.seed = 32}));
  // Rows pad 1 (after), columns pad 2 (one before, one after).
  expect_correct(check_layer<conv2d<2, size2d{2, 3}, padding::same>::bind<shape<4, 5, 1>>>({.seed = 33}));
  expect_correct(check_layer<conv2d<3, size2d{2, 3}, strides{2}>::bind<shape<5, 7, 3>>>({.seed = 34}));
  expect_correct(check_layer<conv2d<2, size2d{2, 3}, strides{2}, padding::same>::bind<shape<5, 6, 3>>>({.seed = 35}));
  expect_correct(check_layer<conv2d<2, size2d{2, 3}, strides{2}, padding::same>::bind<shape<4, 5, 1>>>(
      {.batch = 2, .seed = 36}));
}

TEST_CASE("conv2d with rectangular strides, and strides larger than the kernel") {
  // 3x3 moved by 2 down and 1 across; 1x3 moved by 1 down and 2 across, padded only across.
  expect_correct(check_layer<conv2d<2, 3, strides{2, 1}>::bind<shape<7, 5, 2>>>({.seed = 80}));
  expect_correct(check_layer<conv2d<2, size2d{1, 3}, strides{1, 2}, padding::same>::bind<shape<3, 6, 1>>>(
      {.seed = 81}));
  // ResNet's shortcut: 1x1 moved by 2 reads every other pixel of every other row; the rest get no gradient.
  expect_correct(check_layer<conv2d<3, 1, strides{2}>::bind<shape<5, 4, 2>>>({.seed = 82}));
  expect_correct(check_layer<conv2d<2, 1, strides{2}, padding::same>::bind<shape<4, 5, 3>>>({.batch = 2, .seed = 83}));
  // 2x2 moved by 3 (valid: a gap of one pixel between windows) and 2x3 moved by (3, 4) with same padding, which
  // needs none here (out 2 x 2: (2-1)*3+2 = 5 < 6 rows, (2-1)*4+3 = 7 = 7 columns).
  expect_correct(check_layer<conv2d<2, 2, strides{3}>::bind<shape<8, 8, 1>>>({.seed = 84}));
  expect_correct(check_layer<conv2d<2, size2d{2, 3}, strides{3, 4}, padding::same>::bind<shape<6, 7, 2>>>(
      {.seed = 85}));
  // same with a stride larger than the kernel that still pads: out 3, (3-1)*3+2 = 8 > 7, one pixel after.
  expect_correct(check_layer<conv2d<2, 2, strides{3}, padding::same>::bind<shape<7, 7, 1>>>({.seed = 86}));
}

TEST_CASE("conv2d 1x1") {
  expect_correct(check_layer<conv2d<3, 1>::bind<shape<4, 3, 3>>>({.seed = 37}));
  expect_correct(check_layer<conv2d<2, 1>::bind<shape<3, 3, 1>>>({.batch = 2, .seed = 38}));
  expect_correct(check_layer<conv2d<2, 1, padding::same>::bind<shape<3, 4, 3>>>({.seed = 39}));
}
