// depthwise_conv2d: dx, the kernel gradient and the bias gradient against central differences, in double:
// depth multiplier 1, 2 and 3; 3x3, 2x3 and 1x1 kernels; strides 1, 2, (2, 1) and a stride larger than the kernel;
// valid and same padding on odd and even sizes, so that both TensorFlow padding splits (all padding after, and
// one before / one after) are walked.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::depth_multiplier;
using nnstatic::depthwise_conv2d;
using nnstatic::same;
using nnstatic::shape;
using nnstatic::size2d;
using nnstatic::strides;

TEST_CASE("depthwise_conv2d 3x3, multiplier 1, stride 1, valid and same") {
  expect_correct(check_layer<depthwise_conv2d<3>::bind<shape<5, 5, 1>>>({.seed = 41}));
  expect_correct(check_layer<depthwise_conv2d<3>::bind<shape<4, 6, 3>>>({.seed = 42}));
  expect_correct(check_layer<depthwise_conv2d<3, same>::bind<shape<5, 4, 3>>>({.seed = 43}));
  // Kernel larger than the input: same padding still gives one output per pixel.
  expect_correct(check_layer<depthwise_conv2d<3, same>::bind<shape<2, 2, 2>>>({.seed = 44}));
}

TEST_CASE("depthwise_conv2d, multiplier 2 and 3") {
  expect_correct(check_layer<depthwise_conv2d<3, depth_multiplier{2}>::bind<shape<5, 5, 2>>>({.seed = 45}));
  expect_correct(check_layer<depthwise_conv2d<3, same, depth_multiplier{2}>::bind<shape<4, 5, 3>>>({.seed = 46}));
  expect_correct(check_layer<depthwise_conv2d<2, depth_multiplier{3}>::bind<shape<3, 4, 2>>>({.batch = 2, .seed = 47}));
}

TEST_CASE("depthwise_conv2d, stride 2") {
  expect_correct(check_layer<depthwise_conv2d<3, strides{2}>::bind<shape<7, 7, 2>>>({.seed = 48}));
  expect_correct(check_layer<depthwise_conv2d<3, strides{2}>::bind<shape<6, 6, 3>>>({.seed = 49}));  // last row unread
  // same, even: out 3, padding 1, all of it after.  same, odd: out 3, padding 2, one before and one after.
  expect_correct(
      check_layer<depthwise_conv2d<3, strides{2}, same, depth_multiplier{2}>::bind<shape<6, 6, 2>>>({.seed = 50}));
  expect_correct(check_layer<depthwise_conv2d<3, strides{2}, same>::bind<shape<5, 5, 3>>>({.seed = 51}));
}

TEST_CASE("depthwise_conv2d, rectangular kernels and strides, strides larger than the kernel") {
  expect_correct(check_layer<depthwise_conv2d<size2d{2, 3}>::bind<shape<5, 6, 3>>>({.seed = 52}));
  expect_correct(
      check_layer<depthwise_conv2d<size2d{2, 3}, same, depth_multiplier{2}>::bind<shape<4, 5, 2>>>({.seed = 53}));
  expect_correct(check_layer<depthwise_conv2d<size2d{2, 3}, strides{2, 1}, same>::bind<shape<5, 6, 3>>>({.seed = 54}));
  expect_correct(check_layer<depthwise_conv2d<1, strides{2}>::bind<shape<5, 5, 3>>>({.seed = 55}));
  expect_correct(check_layer<depthwise_conv2d<2, strides{3}, same, depth_multiplier{2}>::bind<shape<7, 5, 2>>>(
      {.batch = 2, .seed = 56}));
}
