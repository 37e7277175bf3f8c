// binary_crossentropy, which folds the sigmoid and so works on logits: the gradient its `sample` writes against
// central differences of its value, in double; its value against the textbook -(y log p + (1 - y) log(1 - p)),
// averaged over the outputs as Keras does, on moderate logits; and finite values where the textbook form is not.
#include <nnstatic/loss/binary_crossentropy.hpp>

#include <array>
#include <cmath>
#include <cstddef>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_loss;
using gradcheck::expect_correct;
using loss = nnstatic::binary_crossentropy;

namespace {

template <std::size_t Width>
double textbook(const std::array<double, Width>& z, const std::array<double, Width>& y) {
  double total = 0;
  for (std::size_t i = 0; i < Width; ++i) {
    const double p = 1 / (1 + std::exp(-z[i]));
    total -= y[i] * std::log(p) + (1 - y[i]) * std::log(1 - p);
  }
  return total / static_cast<double>(Width);
}

}  // namespace

TEST_CASE("binary_crossentropy: gradient against finite differences") {
  expect_correct(check_loss<loss, 1>({0.7}, {1}));
  expect_correct(check_loss<loss, 1>({-2.5}, {1}));
  expect_correct(check_loss<loss, 4>({0.3, -1.2, 2.0, -0.1}, {1, 0, 0, 1}));
  // Soft targets, and logits on both sides of 0 where |z| switches branch.
  expect_correct(check_loss<loss, 5>({4.0, -4.0, 0.05, -0.05, 1.0}, {0.3, 0.9, 0.5, 0.0, 1.0}));
}

TEST_CASE("binary_crossentropy: the value is the textbook formula on moderate logits") {
  const std::array<double, 5> z{0.4, -1.3, 2.1, 0.0, -3.2};
  for (const std::array<double, 5>& y : {std::array<double, 5>{1, 0, 1, 0, 0}, std::array<double, 5>{0, 1, 0, 1, 1},
                                         std::array<double, 5>{0.2, 0.5, 0.9, 0.1, 0.0}}) {
    const double value = loss::sample<5>(z.data(), y.data(), gradcheck::no_gradient, 1.0);
    CHECK(value == doctest::Approx(textbook(z, y)).epsilon(1e-13));
  }
}

TEST_CASE("binary_crossentropy: logits of +-1e4 give a finite loss and the gradient (sigmoid(z) - y) / width") {
  // Textbook: log(1 - sigmoid(1e4)) = log(0). Folded: max(z, 0) - z y + log(1 + e^-|z|) = 1e4 and 0.
  const std::array<double, 2> z{1e4, -1e4};
  const std::array<double, 2> y{0, 0};
  std::array<double, 2> grad{};
  const double value = loss::sample<2>(z.data(), y.data(), grad.data(), 1.0);
  CHECK(std::isfinite(value));
  CHECK(value == doctest::Approx(1e4 / 2).epsilon(1e-15));
  CHECK(grad[0] == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(grad[1] == 0.0);
}
