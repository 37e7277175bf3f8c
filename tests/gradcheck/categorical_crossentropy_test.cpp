// categorical_crossentropy, which folds the softmax and so works on logits: the gradient its `sample` writes
// against central differences of its value, in double; its value against -sum y log softmax(z) computed the
// textbook way; and at logits of +-1e4, where the textbook way overflows, a finite loss and the gradient p - y.
#include <nnstatic/loss/categorical_crossentropy.hpp>

#include <array>
#include <cmath>
#include <cstddef>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_loss;
using gradcheck::expect_correct;
using loss = nnstatic::categorical_crossentropy;

namespace {

/// -sum_i y_i log(e^z_i / sum_j e^z_j), evaluated as written: fine for moderate logits.
template <std::size_t Width>
double textbook(const std::array<double, Width>& z, const std::array<double, Width>& y) {
  double sum_exp = 0;
  for (double v : z) sum_exp += std::exp(v);
  double total = 0;
  for (std::size_t i = 0; i < Width; ++i) total -= y[i] * std::log(std::exp(z[i]) / sum_exp);
  return total;
}

}  // namespace

TEST_CASE("categorical_crossentropy: gradient against finite differences, one-hot targets") {
  expect_correct(check_loss<loss, 3>({0.3, -1.2, 2.0}, {0, 1, 0}));
  expect_correct(check_loss<loss, 3>({0.3, -1.2, 2.0}, {0, 0, 1}));
  expect_correct(
      check_loss<loss, 10>({0.1, -0.4, 1.5, 2.2, -3.0, 0.0, 0.7, -0.9, 1.1, 0.25}, {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}));
  expect_correct(check_loss<loss, 2>({5.0, -5.0}, {0, 1}));
}

TEST_CASE("categorical_crossentropy: gradient against finite differences, soft and unnormalized targets") {
  expect_correct(check_loss<loss, 4>({0.5, -0.5, 1.0, 0.0}, {0.1, 0.2, 0.3, 0.4}));
  // Targets summing to 2: the gradient is p * sum(y) - y, not p - y.
  expect_correct(check_loss<loss, 4>({0.5, -0.5, 1.0, 0.0}, {0.5, 0.0, 1.0, 0.5}));
}

TEST_CASE("categorical_crossentropy: the value is -sum y log softmax(z) on moderate logits") {
  const std::array<double, 5> z{0.4, -1.3, 2.1, 0.0, -0.2};
  for (const std::array<double, 5>& y : {std::array<double, 5>{0, 0, 1, 0, 0}, std::array<double, 5>{1, 0, 0, 0, 0},
                                         std::array<double, 5>{0.2, 0.2, 0.2, 0.2, 0.2}}) {
    const double value = loss::sample<5>(z.data(), y.data(), gradcheck::no_gradient, 1.0);
    CHECK(value == doctest::Approx(textbook(z, y)).epsilon(1e-13));
  }
}

TEST_CASE("categorical_crossentropy: logits of +-1e4 give a finite loss and the gradient p - y") {
  // softmax(z) = (p, 0, 0, q) with p = 1 / (1 + e^-1), q = e^-1 / (1 + e^-1): e^-1e4 is 0 in double.
  const std::array<double, 4> z{1e4, -1e4, 0.0, 1e4 - 1};
  const double p = 1 / (1 + std::exp(-1.0)), q = std::exp(-1.0) / (1 + std::exp(-1.0));

  SUBCASE("the target is the largest logit") {
    const std::array<double, 4> y{1, 0, 0, 0};
    std::array<double, 4> grad{};
    const double value = loss::sample<4>(z.data(), y.data(), grad.data(), 1.0);
    CHECK(std::isfinite(value));
    CHECK(value == doctest::Approx(std::log1p(std::exp(-1.0))).epsilon(1e-12));
    CHECK(grad[0] == doctest::Approx(p - 1).epsilon(1e-12));
    CHECK(grad[1] == 0.0);
    CHECK(grad[2] == 0.0);
    CHECK(grad[3] == doctest::Approx(q).epsilon(1e-12));
  }
  SUBCASE("the target is a logit 1e4 below the largest") {
    const std::array<double, 4> y{0, 0, 1, 0};
    std::array<double, 4> grad{};
    const double value = loss::sample<4>(z.data(), y.data(), grad.data(), 1.0);
    CHECK(std::isfinite(value));
    CHECK(value == doctest::Approx(1e4 + std::log1p(std::exp(-1.0))).epsilon(1e-15));
    CHECK(grad[0] == doctest::Approx(p).epsilon(1e-12));
    CHECK(grad[1] == 0.0);
    CHECK(grad[2] == doctest::Approx(-1.0).epsilon(1e-15));
    CHECK(grad[3] == doctest::Approx(q).epsilon(1e-12));
  }
  SUBCASE("every logit at -1e4: the loss depends only on differences of logits") {
    const std::array<double, 3> low{-1e4, -1e4 + 2, -1e4 - 1}, moderate{0.0, 2.0, -1.0};
    const std::array<double, 3> y{1, 0, 0};
    std::array<double, 3> grad_low{}, grad_moderate{};
    const double value_low = loss::sample<3>(low.data(), y.data(), grad_low.data(), 1.0);
    const double value_moderate = loss::sample<3>(moderate.data(), y.data(), grad_moderate.data(), 1.0);
    CHECK(std::isfinite(value_low));
    // -1e4 + 2 carries an absolute rounding of ~1e-12 into the logit differences, so 1e-10 and not 1e-15.
    CHECK(value_low == doctest::Approx(value_moderate).epsilon(1e-10));
    for (std::size_t i = 0; i < 3; ++i) CHECK(grad_low[i] == doctest::Approx(grad_moderate[i]).epsilon(1e-10));
  }
}
