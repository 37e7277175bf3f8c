// Networks whose softmax runs over the channels of a feature map, with categorical_crossentropy: Keras' meaning, one
// distribution per position and a sample's loss the mean over its positions. In double, two checks:
//  - against a reference written here from that definition alone: the plain layers forward, then
//    -sum_c y log p averaged over positions and samples. The trainer's loss must equal it, and its gradient must
//    equal the central differences of it. (The trainer's own loss cannot be the judge: a loss that took the
//    whole output as one distribution had a gradient consistent with itself.)
//  - gradcheck::check_network, the wiring of the trainer (fused stages, the folded softmax, short batches).
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/loss/categorical_crossentropy.hpp>
#include <nnstatic/optim/sgd.hpp>
#include <nnstatic/train/trainer.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "gradcheck.hpp"

using namespace nnstatic;

namespace {

/// A per-pixel classifier: 3 classes at each of 6 x 6 positions.
using pixel_net = sequential<input<6, 6, 2>, conv2d<4, 3, padding::same>, nnstatic::tanh, conv2d<3, 1>, softmax>;
/// Pooling before the softmax: 3 classes at each of 2 x 2 positions.
using pooled_net = sequential<input<6, 6, 1>, conv2d<4, 3>, relu, max_pool2d<2>, conv2d<3, 1>, softmax>;
static_assert(std::is_same_v<pixel_net::output_shape, shape<6, 6, 3>>);
static_assert(std::is_same_v<pooled_net::output_shape, shape<2, 2, 3>>);

/// The mean over samples and positions of -sum_c y_c log p_c, with p the plain layers' softmax outputs.
template <network Net>
double keras_mean_loss(const parameters<Net, double>& params, const std::vector<double>& x,
                       const std::vector<double>& targets, std::size_t batch) {
  std::vector<double> in = x, out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((out.assign(batch * Net::template layer<I>::output_shape::size, 0.0),
      Net::template layer<I>::forward(params.values.data() + Net::template param_offset<I>, in.data(), out.data(),
                                      batch),
      in.swap(out)),
     ...);
  }(std::make_index_sequence<Net::layer_count>{});
  using output = typename Net::output_shape;
  constexpr std::size_t classes = last_extent<output>, positions = position_count<output>;
  long double total = 0;
  for (std::size_t at = 0; at < batch * positions * classes; at += classes)
    for (std::size_t c = 0; c < classes; ++c)
      total -= static_cast<long double>(targets[at + c]) * std::log(static_cast<long double>(in[at + c]));
  return static_cast<double>(total / static_cast<long double>(batch * positions));
}

/// The trainer's mean loss and gradient against keras_mean_loss and its central differences.
template <network Net, std::size_t BatchCapacity = 3>
void check_against_definition(std::uint64_t seed, std::size_t batch) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(
      last_extent<typename Net::output_shape>, batch * position_count<typename Net::output_shape>, rng);
  REQUIRE(gradcheck::kink_margin(*params, x, batch) > 1e-4);

  trainer<Net, categorical_crossentropy, sgd, BatchCapacity, double> t;
  const batch_result r = t.compute_gradient(*params, x.data(), targets.data(), batch);
  const double reference = keras_mean_loss(*params, x, targets, batch);
  CHECK(r.loss_sum / static_cast<double>(batch) == doctest::Approx(reference).epsilon(1e-12));

  gradcheck::mismatch gradient;
  for (std::size_t k = 0; k < Net::param_count; ++k)
    gradient.record(k, t.param_grad()[k], gradcheck::central_difference(params->values[k], [&] {
                      return keras_mean_loss(*params, x, targets, batch);
                    }));
  INFO(gradient.describe("param_grad vs finite differences of the per-position mean loss"));
  CHECK(gradient.ok());
}

template <network Net, std::size_t BatchCapacity = 3>
gradcheck::network_report check(std::uint64_t seed, std::size_t batch) {
  random_engine rng(seed);
  auto params = gradcheck::random_parameters<Net>(seed);
  const std::vector<double> x = gradcheck::uniform(batch * Net::input_shape::size, rng, 0, 1);
  const std::vector<double> targets = gradcheck::one_hot_targets(
      last_extent<typename Net::output_shape>, batch * position_count<typename Net::output_shape>, rng);
  return gradcheck::check_network<Net, categorical_crossentropy, BatchCapacity>(*params, x, targets, batch);
}

}  // namespace

TEST_CASE("a softmax over every pixel: the trainer's loss and gradient are those of the per-position mean") {
  check_against_definition<pixel_net>(301, 3);
}

TEST_CASE("a softmax over a pooled feature map: the trainer's loss and gradient are those of the per-position mean") {
  check_against_definition<pooled_net>(302, 3);
  check_against_definition<pooled_net, 4>(303, 2);
}

TEST_CASE("a softmax over every pixel, through gradcheck::check_network") {
  gradcheck::expect_correct(check<pixel_net>(304, 3));
  gradcheck::expect_correct(check<pooled_net, 4>(305, 2));
}
