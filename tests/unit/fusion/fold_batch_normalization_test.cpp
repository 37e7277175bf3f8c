// Batch normalization folded into the layer before it: the folded network's type drops exactly the batch
// normalizations that follow a dense, conv2d or depthwise_conv2d layer, and inference on it gives what inference
// on the original network gives (moving statistics), with random, non-trivial statistics.
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/branch.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/layers/softmax.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace {

namespace nn = nnstatic;

using net =
    nn::sequential<nn::input<6, 6, 2>, nn::batch_normalization<>, nn::conv2d<3, 3>, nn::batch_normalization<>, nn::relu,
                   nn::batch_normalization<nn::epsilon{{1, 10}}>, nn::depthwise_conv2d<3>, nn::batch_normalization<>,
                   nn::flatten, nn::dense<4>, nn::batch_normalization<>, nn::dense<3>, nn::softmax>;
// The first stays (after the input), the one after relu stays; the other three fold.
using expected = nn::sequential<nn::input<6, 6, 2>, nn::batch_normalization<>, nn::conv2d<3, 3>, nn::relu,
                                nn::batch_normalization<nn::epsilon{{1, 10}}>, nn::depthwise_conv2d<3>, nn::flatten,
                                nn::dense<4>, nn::dense<3>, nn::softmax>;
static_assert(std::is_same_v<nn::folded_network<net>, expected>);
static_assert(nn::folded_network<net>::state_count == net::state_count - 2 * (3 + 3 + 4));

/// Parameters from the initializer, then every batch normalization's gamma, beta and statistics drawn away from
/// the identity, so that each term of the fold matters.
template <class Net = net>
std::unique_ptr<nn::parameters<Net>> trained_like(std::uint64_t seed) {
  auto params = std::make_unique<nn::parameters<Net>>();
  nn::glorot_uniform(*params, seed);
  nn::random_engine rng(seed + 1);
  for (float& v : params->values) v += static_cast<float>(rng.uniform(-0.2, 0.2));
  for (std::size_t i = 0; i < Net::state_count; ++i)
    params->state[i] = static_cast<float>(rng.uniform(0.2, 1.5));  // means and variances alike
  return params;
}

/// Inference on `Net` and on its folded form agree.
template <class Net>
void check_folded_inference(std::uint64_t seed) {
  const auto params = trained_like<Net>(seed);
  auto folded = std::make_unique<nn::parameters<nn::folded_network<Net>>>();
  nn::fold_batch_normalization(*params, *folded);
  nn::random_engine rng(seed + 2);
  constexpr std::size_t batch = 3;
  std::vector<float> x(batch * Net::input_shape::size);
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  std::vector<float> y(batch * Net::output_shape::size), y_folded(y.size());
  auto workspace = std::make_unique<nn::inference_workspace<Net, float, batch>>();
  auto folded_workspace = std::make_unique<nn::inference_workspace<nn::folded_network<Net>, float, batch>>();
  REQUIRE(nn::infer(*params, x.data(), y.data(), batch, *workspace) == nn::inference_status::ok);
  REQUIRE(nn::infer(*folded, x.data(), y_folded.data(), batch, *folded_workspace) == nn::inference_status::ok);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(static_cast<double>(y_folded[i]) == doctest::Approx(static_cast<double>(y[i])).epsilon(1e-5));
}

}  // namespace

TEST_CASE("folded inference equals inference with the batch normalizations") {
  const auto params = trained_like(7);
  auto folded = std::make_unique<nn::parameters<nn::folded_network<net>>>();
  nn::fold_batch_normalization(*params, *folded);

  nn::random_engine rng(8);
  constexpr std::size_t batch = 3;
  std::vector<float> x(batch * net::input_shape::size);
  for (float& v : x) v = static_cast<float>(rng.uniform(-1, 1));
  std::vector<float> y(batch * net::output_shape::size), y_folded(y.size());
  auto workspace = std::make_unique<nn::inference_workspace<net, float, batch>>();
  auto folded_workspace = std::make_unique<nn::inference_workspace<nn::folded_network<net>, float, batch>>();
  REQUIRE(nn::infer(*params, x.data(), y.data(), batch, *workspace) == nn::inference_status::ok);
  REQUIRE(nn::infer(*folded, x.data(), y_folded.data(), batch, *folded_workspace) == nn::inference_status::ok);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(static_cast<double>(y_folded[i]) == doctest::Approx(static_cast<double>(y[i])).epsilon(1e-5));
}

TEST_CASE("a network without a foldable batch normalization folds to itself") {
  using plain = nn::sequential<nn::input<4>, nn::batch_normalization<>, nn::dense<2>, nn::softmax>;
  static_assert(std::is_same_v<nn::folded_network<plain>, plain>);
}

TEST_CASE("batch normalizations inside blocks fold too") {
  using blocks =
      nn::sequential<nn::input<4, 4, 3>,
                     nn::add<nn::branch<nn::conv2d<3, 1>, nn::batch_normalization<>, nn::relu, nn::conv2d<3, 1>,
                                        nn::batch_normalization<>>,
                             nn::branch<nn::conv2d<3, 1>, nn::batch_normalization<>>>,
                     nn::relu, nn::residual<nn::batch_normalization<>, nn::conv2d<3, 1>, nn::batch_normalization<>>,
                     nn::flatten, nn::dense<3>, nn::softmax>;
  using folded_blocks =
      nn::sequential<nn::input<4, 4, 3>,
                     nn::add<nn::branch<nn::conv2d<3, 1>, nn::relu, nn::conv2d<3, 1>>, nn::branch<nn::conv2d<3, 1>>>,
                     nn::relu, nn::residual<nn::batch_normalization<>, nn::conv2d<3, 1>>, nn::flatten, nn::dense<3>,
                     nn::softmax>;
  static_assert(std::is_same_v<nn::folded_network<blocks>, folded_blocks>);
  check_folded_inference<blocks>(21);
}
