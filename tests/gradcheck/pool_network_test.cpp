// Whole networks in double whose pools run as fusion/pool_stage.hpp (a convolution absorbs none of them): the
// trainer's gradient of the mean batch loss against central differences of its mean loss, as in network_test.cpp.
// Overlapping and padded max pools, padded and strided average pools, rectangular windows, more channels than a
// pack holds, a pool that takes a pool's output, and a pool as the first layer (no input gradient).
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

template <class Net, class Loss>
gradcheck::network_report check(std::uint64_t seed, std::size_t batch, std::vector<double> targets) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, 0, 1);
  return gradcheck::check_network<Net, Loss, 3>(*params, x, targets, batch);
}

}  // namespace

TEST_CASE("a max pool with overlapping, padded windows after a convolution of 9 filters") {
  using net = sequential<input<6, 6, 2>, conv2d<9, 3, padding::same>, relu, max_pool2d<3, strides{2}, padding::same>,
                         flatten, dense<4>, softmax>;
  random_engine rng(31);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(337, 3, gradcheck::one_hot_targets(4, 3, rng)));
}

TEST_CASE("average pools: rectangular and padded, then strided past the window, after tanh") {
  using net = sequential<input<8, 7, 3>, conv2d<10, 2>, nnstatic::tanh,
                         avg_pool2d<size2d{3, 2}, strides{2, 1}, padding::same>, avg_pool2d<2, strides{3}>, flatten,
                         dense<3>, nnstatic::tanh>;
  random_engine rng(32);
  gradcheck::expect_correct(check<net, mean_squared_error>(302, 3, gradcheck::uniform(3 * 3, rng)));
}

TEST_CASE("a max pool as the first layer, overlapping, then a convolution") {
  using net = sequential<input<6, 6, 9>, max_pool2d<2, strides{1}>, conv2d<3, 2>, relu, flatten, dense<3>, softmax>;
  random_engine rng(33);
  gradcheck::expect_correct(check<net, categorical_crossentropy>(303, 2, gradcheck::one_hot_targets(3, 2, rng)));
}
