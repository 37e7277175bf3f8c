// A network that is nothing but the activation its loss folds (sequential<input<N>, softmax> with
// categorical_crossentropy): the loss must read the network's input as its logits. It has no parameters, so there
// is no gradient to check, but evaluate and compute_gradient take the same path as every other network's loss.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <memory>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

TEST_CASE("softmax alone with categorical_crossentropy: the loss of the input logits") {
  using namespace nnstatic;
  using net = sequential<input<4>, softmax>;
  const auto params = std::make_unique<parameters<net, double>>();
  trainer<net, categorical_crossentropy, sgd, 2, double> trainer;
  const std::vector<double> x{0.5, -1.0, 2.0, 0.0, 1.5, 1.0, -0.5, 0.25}, targets{0, 0, 1, 0, 1, 0, 0, 0};
  const double expected =
      categorical_crossentropy::sample<4>(x.data(), targets.data(), gradcheck::no_gradient, 1.0) +
      categorical_crossentropy::sample<4>(x.data() + 4, targets.data() + 4, gradcheck::no_gradient, 1.0);

  CHECK(trainer.evaluate(*params, x.data(), targets.data(), 2).loss_sum == doctest::Approx(expected).epsilon(1e-14));
  CHECK(trainer.compute_gradient(*params, x.data(), targets.data(), 2).loss_sum ==
        doctest::Approx(expected).epsilon(1e-14));
}
