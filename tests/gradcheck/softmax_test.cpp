// softmax as a layer (what runs when a loss other than categorical_crossentropy follows it): dx against central
// differences, in double, on a 1-D shape and on a 3-D shape, where it normalizes the last axis only.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using gradcheck::check_layer;
using gradcheck::expect_correct;
using nnstatic::shape;
using nnstatic::softmax;

TEST_CASE("softmax on a vector") {
  expect_correct(check_layer<softmax::bind<shape<5>>>({.seed = 121}));
  expect_correct(check_layer<softmax::bind<shape<2>>>({.batch = 2, .seed = 122}));
  // Spread-out logits: some probabilities near 1, others near 0.
  expect_correct(check_layer<softmax::bind<shape<6>>>({.seed = 123, .input_scale = 8}));
}

TEST_CASE("softmax of one value is 1 whatever the input, so its gradient is 0") {
  expect_correct(check_layer<softmax::bind<shape<1>>>({.seed = 124}));
}

TEST_CASE("softmax on an image normalizes the last axis") {
  using layer = softmax::bind<shape<2, 3, 4>>;
  expect_correct(check_layer<layer>({.seed = 125}));
  expect_correct(check_layer<softmax::bind<shape<3, 1, 2>>>({.batch = 2, .seed = 126}));

  // The check above compares backward with the layer's own forward, so it also needs the forward to normalize the
  // right axis: each group of 4 consecutive values (one pixel's channels) sums to 1.
  constexpr std::size_t batch = 2;
  nnstatic::random_engine rng(127);
  const std::vector<double> x = gradcheck::uniform(batch * layer::input_shape::size, rng, -2, 2);
  std::vector<double> y(x.size());
  layer::forward<double>(nullptr, x.data(), y.data(), batch);
  for (std::size_t row = 0; row < y.size() / 4; ++row) {
    double sum = 0;
    for (std::size_t i = 0; i < 4; ++i) sum += y[row * 4 + i];
    CHECK(std::abs(sum - 1) < 1e-14);
  }
}
