// max_pool2d: dx against central differences, in double: windows 2 and 3; strides 1, 2 and 3; rectangular windows
// and strides; strides larger than the window; valid and same padding on odd and even sizes.
//
// The inputs are a permutation of an evenly spaced grid, so all values differ by at least 2/N >= 0.006, far more
// than the step 1e-6. Why it matters: where two pixels tie for a window's maximum, the maximum has no derivative
// (raising either tied pixel raises the max, lowering one does not), central differences give each half of the
// gradient while backward routes it all to the first, and the two disagree without either being wrong. With
// distinct values a step never changes which pixel wins, so the max is a smooth (linear) function near the point.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/max_pool2d.hpp>

#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using gradcheck::input_kind;
using nnstatic::max_pool2d;
using nnstatic::padding;
using nnstatic::shape;
using nnstatic::size2d;
using nnstatic::strides;

TEST_CASE("max_pool2d 2x2, valid") {
  expect_correct(check_layer<max_pool2d<2>::bind<shape<4, 4, 2>>>({.seed = 41, .input = input_kind::distinct}));
  // Odd: the last row and column belong to no window and get no gradient.
  expect_correct(check_layer<max_pool2d<2>::bind<shape<5, 5, 1>>>({.seed = 42, .input = input_kind::distinct}));
  // Stride 1: windows overlap, so one pixel can be the maximum of several and collect their gradients.
  expect_correct(check_layer<max_pool2d<2, strides{1}>::bind<shape<3, 4, 2>>>(
      {.seed = 43, .input = input_kind::distinct}));
}

TEST_CASE("max_pool2d 3x3, valid") {
  expect_correct(check_layer<max_pool2d<3>::bind<shape<6, 6, 1>>>({.seed = 44, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<3>::bind<shape<7, 8, 2>>>({.seed = 45, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<3, strides{2}>::bind<shape<7, 5, 2>>>(
      {.seed = 46, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<3, strides{1}>::bind<shape<4, 5, 1>>>(
      {.seed = 47, .input = input_kind::distinct}));
}

TEST_CASE("max_pool2d, same padding: padded pixels take no part") {
  // out 3, padding 1 after, on both axes.
  expect_correct(
      check_layer<max_pool2d<2, padding::same>::bind<shape<5, 5, 2>>>({.seed = 48, .input = input_kind::distinct}));
  expect_correct(
      check_layer<max_pool2d<2, strides{1}, padding::same>::bind<shape<4, 3, 1>>>(
          {.seed = 49, .input = input_kind::distinct}));
  // Even (padding 1, after) and odd (padding 2, one before and one after).
  expect_correct(
      check_layer<max_pool2d<3, strides{2}, padding::same>::bind<shape<6, 6, 1>>>(
          {.seed = 50, .input = input_kind::distinct}));
  expect_correct(
      check_layer<max_pool2d<3, strides{2}, padding::same>::bind<shape<5, 5, 2>>>(
          {.seed = 51, .input = input_kind::distinct}));
  expect_correct(
      check_layer<max_pool2d<3, strides{1}, padding::same>::bind<shape<4, 5, 2>>>(
          {.seed = 52, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<3, padding::same>::bind<shape<7, 8, 1>>>(
      {.batch = 2, .seed = 53, .input = input_kind::distinct}));
}

TEST_CASE("max_pool2d with rectangular windows and strides, and strides larger than the window") {
  expect_correct(check_layer<max_pool2d<size2d{2, 3}>::bind<shape<4, 7, 2>>>(
      {.seed = 90, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<size2d{3, 1}, strides{1, 2}>::bind<shape<5, 4, 1>>>(
      {.seed = 91, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<size2d{1, 2}, strides{2, 1}, padding::same>::bind<shape<5, 4, 2>>>(
      {.seed = 92, .input = input_kind::distinct}));
  // 2x2 moved by 3: one row and column between windows read by none (valid), or padding after (same).
  expect_correct(check_layer<max_pool2d<2, strides{3}>::bind<shape<8, 8, 1>>>(
      {.seed = 93, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<2, strides{3}, padding::same>::bind<shape<7, 7, 2>>>(
      {.seed = 94, .input = input_kind::distinct}));
  expect_correct(check_layer<max_pool2d<size2d{2, 1}, strides{3, 2}>::bind<shape<7, 5, 1>>>(
      {.batch = 2, .seed = 95, .input = input_kind::distinct}));
}

TEST_CASE("max_pool2d on all-negative inputs: no zero (of padding or of an initial maximum) takes part") {
  expect_correct(check_layer<max_pool2d<2, padding::same>::bind<shape<3, 3, 2>>>(
      {.seed = 54, .input = input_kind::distinct, .input_scale = 0.5, .input_shift = -2}));
  expect_correct(check_layer<max_pool2d<3, strides{2}, padding::same>::bind<shape<5, 5, 1>>>(
      {.seed = 55, .input = input_kind::distinct, .input_scale = 0.5, .input_shift = -2}));
}

TEST_CASE("max_pool2d routes a tie's whole gradient to the first pixel that holds the maximum") {
  using layer = max_pool2d<2>::bind<shape<2, 2, 1>>;
  const std::vector<double> x{0.5, 0.5, 0.5, -1.0};
  std::vector<double> y(1), dx(4, 7.0);
  const std::vector<double> dy{3.0};
  layer::forward<double>(nullptr, x.data(), y.data(), 1);
  layer::backward<true, double>(nullptr, nullptr, x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(y[0] == 0.5);
  CHECK(dx == std::vector<double>{3.0, 0.0, 0.0, 0.0});
}
