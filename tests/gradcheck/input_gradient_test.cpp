// trainer::compute_input_gradient: the gradient of the mean batch loss with respect to the network's input, every
// component, against central differences of the loss in double; through a first stage of each kind (a fused
// convolution, a fused dense layer, a plain layer, batch normalization) and on one and two threads.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

template <class Net, std::size_t Batch = 3>
void check_input_gradient(std::uint64_t seed, std::size_t threads) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  std::vector<double> x = gradcheck::uniform(Batch * Net::input_shape::size, rng, 0.1, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(Net::output_shape::size, Batch, rng);
  trainer<Net, categorical_crossentropy, sgd, Batch, double> t(sgd{}, threads);
  std::vector<double> dx(x.size(), 1e3);
  t.compute_input_gradient(*params, x.data(), targets.data(), Batch, dx.data());
  const auto mean_loss = [&] {
    const batch_result r = t.compute_gradient(*params, x.data(), targets.data(), Batch);
    return r.loss_sum / static_cast<double>(r.samples);
  };
  gradcheck::mismatch m;
  for (std::size_t i = 0; i < x.size(); ++i) m.record(i, dx[i], gradcheck::central_difference(x[i], mean_loss));
  const std::string subject =
      std::string(Net::signature) + " on " + std::to_string(threads) + " threads\n" + m.describe("dx");
  INFO(subject);
  CHECK(m.ok());
}

}  // namespace

TEST_CASE("through a fused convolution, relu and pooling") {
  using net = sequential<input<6, 6, 2>, conv2d<3, 3>, relu, max_pool2d<2>, flatten, dense<3>, softmax>;
  check_input_gradient<net>(401, 1);
  check_input_gradient<net>(402, 2);
}

TEST_CASE("through a fused dense layer") {
  using net = sequential<input<7>, dense<5>, nnstatic::tanh, dense<3>, softmax>;
  check_input_gradient<net>(403, 1);
  check_input_gradient<net>(404, 2);
}

TEST_CASE("through batch normalization first, and a folded softmax alone") {
  using net = sequential<input<2, 2, 3>, batch_normalization<>, flatten, dense<4>, softmax>;
  check_input_gradient<net>(405, 1);
  check_input_gradient<net>(406, 2);
  check_input_gradient<sequential<input<4>, softmax>>(407, 1);
}
