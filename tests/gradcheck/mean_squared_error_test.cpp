// mean_squared_error (Keras' mean over outputs): the gradient its `sample` writes against central differences of
// its value, in double, and its value against the formula.
#include <nnstatic/loss/mean_squared_error.hpp>

#include <array>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_loss;
using gradcheck::expect_correct;
using loss = nnstatic::mean_squared_error;

TEST_CASE("mean_squared_error: gradient against finite differences") {
  expect_correct(check_loss<loss, 1>({0.7}, {1}));
  expect_correct(check_loss<loss, 3>({0.3, -1.2, 2.0}, {0, 1, 0}));
  expect_correct(check_loss<loss, 6>({0.5, -0.5, 1.0, 0.0, 3.0, -2.0}, {0.1, 0.2, 0.3, 0.4, -1.0, -2.0}));
}

TEST_CASE("mean_squared_error: the value is the mean of the squared differences") {
  const std::array<double, 4> out{1.0, -2.0, 0.5, 3.0}, target{0.0, 1.0, 0.5, 1.0};
  // (1 + 9 + 0 + 4) / 4
  CHECK(loss::sample<4>(out.data(), target.data(), gradcheck::no_gradient, 1.0) == doctest::Approx(3.5));
}
