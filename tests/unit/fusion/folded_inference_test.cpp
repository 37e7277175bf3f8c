// Float inference of a network with batch normalization runs it folded: inference_parameters folds once, when it is
// given the trained parameters, and infer on it runs folded_network's fused plan (conv2d, batch normalization, relu
// and the pool become one conv_stage), with no allocation, giving what infer gives on the trained parameters, batch
// normalization and all. model<Net>::predict and classify run the same, and fold again after the parameters change.
#include <nnstatic/fusion/inference.hpp>

#include "../../support/allocation_watch.hpp"

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/train/model.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

namespace ns = nnstatic;
namespace fusion = nnstatic::fusion;

using net = ns::sequential<ns::input<8, 8, 3>, ns::conv2d<8, 3, ns::same>, ns::batch_normalization<>, ns::relu,
                           ns::max_pool2d<2>, ns::depthwise_conv2d<3, ns::same>, ns::batch_normalization<>, ns::relu6,
                           ns::flatten, ns::dense<16>, ns::batch_normalization<>, ns::relu, ns::dense<4>, ns::softmax>;
using folded = ns::folded_network<net>;
static_assert(std::is_same_v<ns::inference_parameters<net>::network, folded>);
static_assert(folded::layer_count == net::layer_count - 3 && folded::state_count == 0);

template <class S>
inline constexpr bool is_conv = false;
template <class A, class C, class Act, class Pool, class Out>
inline constexpr bool is_conv<fusion::conv_stage<A, C, Act, Pool, Out>> = true;
template <class S>
inline constexpr bool is_dense = false;
template <class A, class D, class Act, class Out>
inline constexpr bool is_dense<fusion::dense_stage<A, D, Act, Out>> = true;

// Written out, batch normalization stands between each layer and its activation, so the convolution runs alone and
// the three batch normalizations run as stages of their own; folded, conv2d + relu + max_pool2d is one conv_stage
// and dense + relu one dense_stage.
using written_plan = fusion::plan<net>;
using folded_plan = fusion::plan<folded>;
static_assert(written_plan::size > folded_plan::size);
static_assert(is_conv<folded_plan::at<0>::stage> && folded_plan::at<0>::layer_span == 3);
static_assert(is_dense<folded_plan::at<folded_plan::size - 3>::stage> &&
              folded_plan::at<folded_plan::size - 3>::layer_span == 2);

// A network with nothing to fold is its own folded network: the same type, the same workspace.
using plain_net = ns::sequential<ns::input<4>, ns::dense<3>, ns::relu, ns::dense<2>>;
static_assert(std::is_same_v<ns::folded_network<plain_net>, plain_net>);
static_assert(!ns::model<plain_net>::folds_for_inference && ns::model<net>::folds_for_inference);

// Trained-looking parameters: moving statistics far from the initial 0 and 1, gamma and beta away from 1 and 0.
void make_trained(ns::parameters<net>& params, std::uint64_t seed) {
  ns::glorot_uniform(params, seed);
  ns::random_engine random(seed + 1);
  for (float& value : params.values) value += static_cast<float>(random.uniform(-0.2, 0.2));
  for (float& value : params.state) value = static_cast<float>(random.uniform(0.25, 2.0));
  // Moving means about zero, or the last relu would see only negative values and the output would not depend on them.
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (std::generate_n(params.state.begin() + net::state_offset<I>, ns::state_count_of<net::layer<I>> / 2,
                     [&] { return static_cast<float>(random.uniform(-0.3, 0.3)); }),
     ...);
  }(std::index_sequence<1, 5, 9>{});
}

std::vector<float> inputs(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  std::vector<float> x(count * net::input_shape::size);
  for (float& value : x) value = static_cast<float>(random.uniform(-1.0, 1.0));
  return x;
}

void check_close(const std::vector<float>& got, const std::vector<float>& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs(static_cast<double>(got[i]) - static_cast<double>(expected[i])) <=
          1e-5 + 1e-4 * std::abs(static_cast<double>(expected[i])));
  }
}

double largest_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    largest = std::max(largest, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
  return largest;
}

}  // namespace

TEST_CASE("infer on inference_parameters gives what infer gives on the trained parameters, allocating nothing") {
  constexpr std::size_t capacity = 5;
  auto trained = std::make_unique<ns::parameters<net>>();
  make_trained(*trained, 21);
  const auto weights = std::make_unique<ns::inference_parameters<net>>(*trained);
  auto workspace = std::make_unique<ns::inference_workspace<net, float, capacity>>();
  const auto x = inputs(capacity, 22);
  for (const std::size_t batch : {std::size_t{1}, std::size_t{3}, capacity}) {
    CAPTURE(batch);
    std::vector<float> expected(batch * net::output_shape::size), got(expected.size(), 42.0f);
    REQUIRE(ns::infer(*trained, x.data(), expected.data(), batch, *workspace) == ns::inference_status::ok);
    ns::inference_status status{};
    const auto tally =
        ns::testing::allocations_during([&] { status = ns::infer(*weights, x.data(), got.data(), batch, *workspace); });
    REQUIRE(status == ns::inference_status::ok);
    CHECK(tally.count == 0);
    check_close(got, expected);
  }
  // The same statuses as the other infer, and nothing written then.
  std::vector<float> untouched(net::output_shape::size, 42.0f);
  CHECK(ns::infer(*weights, x.data(), untouched.data(), 0, *workspace) == ns::inference_status::empty_batch);
  CHECK(ns::infer(*weights, x.data(), untouched.data(), capacity + 1, *workspace) ==
        ns::inference_status::batch_too_large);
  CHECK(ns::infer(*weights, static_cast<const float*>(nullptr), untouched.data(), 1, *workspace) == ns::inference_status::null_input);
  CHECK(untouched == std::vector<float>(net::output_shape::size, 42.0f));
}

TEST_CASE("the fold is made when the parameters are given, not by infer") {
  auto trained = std::make_unique<ns::parameters<net>>();
  make_trained(*trained, 31);
  auto weights = std::make_unique<ns::inference_parameters<net>>(*trained);
  auto workspace = std::make_unique<ns::inference_workspace<net>>();
  const auto x = inputs(1, 32);
  std::vector<float> before(net::output_shape::size), after(before.size()), refolded(before.size());
  REQUIRE(ns::infer(*weights, x.data(), before.data(), 1, *workspace) == ns::inference_status::ok);
  for (float& value : trained->state) value *= 1.5f;  // other moving statistics
  REQUIRE(ns::infer(*weights, x.data(), after.data(), 1, *workspace) == ns::inference_status::ok);
  CHECK(after == before);  // what was folded
  weights->assign(*trained);
  REQUIRE(ns::infer(*weights, x.data(), refolded.data(), 1, *workspace) == ns::inference_status::ok);
  CHECK(largest_difference(refolded, before) > 1e-3);
  std::vector<float> expected(before.size());
  REQUIRE(ns::infer(*trained, x.data(), expected.data(), 1, *workspace) == ns::inference_status::ok);
  check_close(refolded, expected);
}

TEST_CASE("model::predict and classify run the folded network, folded again after the parameters change") {
  ns::model<net> model(41);
  make_trained(model.params(), 41);
  const auto x = inputs(40, 42);  // more than one predict batch
  std::vector<float> expected(40 * net::output_shape::size);
  auto workspace = std::make_unique<ns::inference_workspace<net, float, 40>>();
  REQUIRE(ns::infer(std::as_const(model).params(), x.data(), expected.data(), 40, *workspace) ==
          ns::inference_status::ok);
  check_close(model.predict(x), expected);

  const auto probabilities = model.classify(std::span<const float>(x).first<net::input_shape::size>()).probabilities;
  check_close(std::vector<float>(probabilities.begin(), probabilities.end()),
              std::vector<float>(expected.begin(), expected.begin() + net::output_shape::size));

  // Changed through params(): the next prediction sees the change.
  for (float& value : model.params().state) value *= 1.5f;
  std::vector<float> changed(expected.size());
  REQUIRE(ns::infer(std::as_const(model).params(), x.data(), changed.data(), 40, *workspace) ==
          ns::inference_status::ok);
  CHECK(largest_difference(changed, expected) > 1e-3);
  check_close(model.predict(x), changed);

  // A copy folds its own parameters.
  ns::model<net> copy = model;
  for (float& value : copy.params().values) value *= 0.5f;
  check_close(model.predict(x), changed);
  CHECK(largest_difference(copy.predict(x), changed) > 1e-3);
}

TEST_CASE("docs/api.md's example") {
  ns::model<net> model(51);
  make_trained(model.params(), 51);
  const auto x = inputs(32, 52);
  std::vector<float> y(32 * net::output_shape::size);
  // snippet: inference_parameters
  auto weights = std::make_unique<ns::inference_parameters<net>>(model.params());  // folds, once
  auto workspace = std::make_unique<ns::inference_workspace<net, float, 32>>();      // both plans fit in it
  const ns::inference_status status = ns::infer(*weights, x.data(), y.data(), 32, *workspace);  // no heap
  weights->assign(model.params());  // after training further: fold again
  // snippet end
  CHECK(status == ns::inference_status::ok);
  check_close(y, model.predict(x));
}
