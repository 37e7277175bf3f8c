// Whole depthwise-separable networks in double, as gradcheck/network_test.cpp checks the others: the gradient of
// the mean batch loss that trainer::compute_gradient leaves in param_grad() against central differences of
// trainer::evaluate's mean loss, through depthwise_conv2d (multipliers 1 and 2, strides, same and valid), the
// pointwise conv2d after it, and both global pools into dense. Each case first requires a kink margin of 1e-4 at
// every ReLU; the global max pool sees continuous values, where a tie within a step has no chance to occur.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/loss/mean_squared_error.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

/// A MobileNet-style block, reduced: depthwise 3x3 and pointwise 1x1 with ReLUs, then a strided depthwise.
using separable_net =
    sequential<input<7, 6, 2>, depthwise_conv2d<3, same, depth_multiplier{2}>, relu, conv2d<3, 1>, relu,
               depthwise_conv2d<size2d{3, 2}, strides{2}>, global_average_pooling2d, dense<3>, softmax>;
using max_pooled_net = sequential<input<6, 6, 3>, depthwise_conv2d<2, strides{2, 1}, same>, nnstatic::tanh,
                                  global_max_pooling2d, dense<2>>;

template <class Net, class Loss, std::size_t BatchCapacity = 3>
gradcheck::network_report check(std::uint64_t seed, std::size_t batch, std::vector<double> targets) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, -1, 1);
  return gradcheck::check_network<Net, Loss, BatchCapacity>(*params, x, targets, batch);
}

}  // namespace

TEST_CASE("depthwise, pointwise, strided depthwise, global average pool, with categorical_crossentropy") {
  random_engine rng(7);
  gradcheck::expect_correct(
      check<separable_net, categorical_crossentropy>(301, 3, gradcheck::one_hot_targets(3, 3, rng)));
  gradcheck::expect_correct(
      check<separable_net, categorical_crossentropy>(302, 2, gradcheck::one_hot_targets(3, 2, rng)));
}

TEST_CASE("depthwise, tanh, global max pool, with mean_squared_error") {
  random_engine rng(8);
  gradcheck::expect_correct(check<max_pooled_net, mean_squared_error>(303, 3, gradcheck::uniform(3 * 2, rng, -1, 1)));
}
