// A user's first program against the installed package (nnstatic::nnstatic from find_package, none of this
// build's flags): a small convolutional network trained for a step, checked against facts any working build must
// show. Prints what failed and exits non-zero if anything is off.
#include <nnstatic/nnstatic.hpp>
// Named as well, so that this test does not depend on what the umbrella header gathers.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>
#include <nnstatic/version.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

static_assert(nnstatic::version_major == PACKAGE_VERSION_MAJOR && nnstatic::version_minor == PACKAGE_VERSION_MINOR &&
                  nnstatic::version_patch == PACKAGE_VERSION_PATCH,
              "the CMake package's version must equal the one in nnstatic/version.hpp");

namespace {

namespace ns = nnstatic;

// 6 x 6 x 1 -> conv 4 x 4 x 4 -> pool 2 x 2 x 4 -> 16 -> 8 -> 3 classes.
using net = ns::sequential<ns::input<6, 6, 1>, ns::conv2d<4, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                           ns::dense<8>, ns::relu, ns::dense<3>, ns::softmax>;
static_assert(net::param_count == (9 * 4 + 4) + (16 * 8 + 8) + (8 * 3 + 3));

constexpr std::size_t batch = 4;
constexpr std::size_t classes = 3;

int failures = 0;

void expect(bool holds, const char* what, double got) {
  if (holds) return;
  std::fprintf(stderr, "package test failed: %s (got %.9g)\n", what, got);
  ++failures;
}

}  // namespace

int main() {
  ns::random_engine rng(42);
  std::array<float, batch * net::input_shape::size> x{};
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  std::array<float, batch * classes> targets{};
  for (std::size_t n = 0; n < batch; ++n) targets[n * classes + n % classes] = 1;

  ns::trainer<net, ns::categorical_crossentropy, ns::sgd, batch> trainer(ns::sgd{.learning_rate = 0.1}, 1);
  ns::parameters<net> params;  // all zero

  // With every parameter zero the softmax is uniform, so each sample's loss is exactly ln 3.
  const ns::batch_result uniform = trainer.evaluate(params, x.data(), targets.data(), batch);
  expect(uniform.samples == batch, "evaluate counts the batch", static_cast<double>(uniform.samples));
  expect(std::abs(uniform.loss_sum / batch - std::log(3.0)) < 1e-6, "zero parameters give a loss of ln 3 per sample",
         uniform.loss_sum / batch);

  ns::glorot_uniform(params, 1);
  const auto initial = params.values;
  const ns::batch_result before = trainer.evaluate(params, x.data(), targets.data(), batch);
  const ns::batch_result step = trainer.step(params, x.data(), targets.data(), batch);
  const ns::batch_result after = trainer.evaluate(params, x.data(), targets.data(), batch);

  expect(std::isfinite(step.loss_sum) && step.loss_sum > 0, "the step's loss is finite and positive", step.loss_sum);
  // A step reports the loss of the parameters it started from: the same forward pass as evaluate's.
  expect(std::abs(step.loss_sum - before.loss_sum) <= 1e-5 * before.loss_sum, "the step's loss equals evaluate's",
         step.loss_sum - before.loss_sum);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < initial.size(); ++i) changed += params.values[i] != initial[i];
  expect(changed > initial.size() / 2, "the step changed most parameters", static_cast<double>(changed));
  // Gradient descent with a small rate on one batch lowers that batch's loss.
  expect(after.loss_sum < before.loss_sum, "the step lowered the loss", after.loss_sum - before.loss_sum);

  std::printf("nnstatic %d.%d.%d package consumer: one step of %zu parameters, loss %.6f -> %.6f, %zu changed\n",
              nnstatic::version_major, nnstatic::version_minor, nnstatic::version_patch, net::param_count,
              before.loss_sum / batch, after.loss_sum / batch, changed);
  return failures == 0 ? 0 : 1;
}
