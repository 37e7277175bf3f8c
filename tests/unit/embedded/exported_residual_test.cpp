// A small ResNet on the embedded path: exported/residual_model.hpp (written by io::export_header for the network of
// exported_residual_network.hpp, proved current by unit_io_exported_headers) comes first, so it compiles with
// nothing but what it includes itself. Its batch normalizations after convolutions are folded away, the one after
// an activation runs from its exported moving statistics, and embedded_model runs the blocks (an identity and a
// projection shortcut), the depthwise convolution and both global pools as the hosted inference runs the trained
// network, and allocates nothing.
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "../../support/allocation_watch.hpp"
#include "exported/residual_model.hpp"
#include "exported_residual_network.hpp"

namespace ns = nnstatic;

namespace {

using trained = exported_residual_network::trained;
template <std::size_t Batch>
using device_model = ns::embedded_model<residual_model::network, float, Batch>;

static_assert(residual_model::network::signature == ns::folded_network<trained>::signature);
static_assert(device_model<1>::check_fingerprint(residual_model::fingerprint) == ns::inference_status::ok);
// Six of the seven batch normalizations follow a convolution and are folded into it (their gamma and beta go); the
// one after the relu stays, with its 8 channels' moving mean and variance exported beside it.
static_assert(residual_model::network::param_count == trained::param_count - 2 * (4 + 4 + 4 + 8 + 8 + 8));
static_assert(residual_model::network::state_count == 2 * 8 && residual_model::state_bytes == 2 * 8 * 4);
static_assert(sizeof(device_model<1>) == device_model<1>::inference_bytes);
static_assert(device_model<3>::inference_bytes >= 3 * 8 * 8 * 4 * 4, "a sample's stem output, at least");

std::vector<float> images(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  std::vector<float> x(count * trained::input_shape::size);
  for (float& value : x) value = static_cast<float>(random.uniform(-1.0, 1.0));
  return x;
}

double largest_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    largest = std::max(largest, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
  return largest;
}

}  // namespace

TEST_CASE("the exported ResNet computes on the embedded path what the trained network computes") {
  constexpr std::size_t batch = 3;
  const auto params = exported_residual_network::parameters();
  const std::vector<float> x = images(batch, 31);

  std::vector<float> expected(batch * trained::output_shape::size);
  auto workspace = std::make_unique<ns::inference_workspace<trained, float, batch>>();
  REQUIRE(ns::infer(*params, x.data(), expected.data(), batch, *workspace) == ns::inference_status::ok);

  auto model = std::make_unique<device_model<batch>>();
  std::vector<float> got(expected.size(), 42.0f);
  REQUIRE(model->run(residual_model::weights, x.data(), got.data(), batch) == ns::inference_status::ok);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs(static_cast<double>(got[i]) - static_cast<double>(expected[i])) <=
          1e-5 + 1e-4 * std::abs(static_cast<double>(expected[i])));
  }

  // The outputs depend on the image: no layer left nothing but zeros behind it.
  const std::vector<float> first_sample(got.begin(), got.begin() + trained::output_shape::size);
  const std::vector<float> second_sample(got.begin() + trained::output_shape::size,
                                         got.begin() + 2 * trained::output_shape::size);
  CHECK(largest_difference(first_sample, second_sample) > 1e-3);

  // One sample at a time, the same values as in the batch (the blocks' scratch is per sample).
  auto single = std::make_unique<device_model<1>>();
  for (std::size_t n = 0; n < batch; ++n) {
    std::vector<float> one(trained::output_shape::size);
    REQUIRE(single->run(residual_model::weights, x.data() + n * trained::input_shape::size, one.data()) ==
            ns::inference_status::ok);
    for (std::size_t i = 0; i < one.size(); ++i) CHECK(one[i] == got[n * one.size() + i]);
  }

  // Not by accident: other moving statistics give other outputs, through the folded layers and the unfolded one.
  for (const std::size_t first : {std::size_t{0}, trained::state_count - 2 * 8}) {
    auto shifted = std::make_unique<ns::parameters<trained>>(*params);
    for (std::size_t i = first; i < first + 16; ++i) shifted->state[i] *= 1.5f;
    std::vector<float> other(expected.size());
    REQUIRE(ns::infer(*shifted, x.data(), other.data(), batch, *workspace) == ns::inference_status::ok);
    CAPTURE(first);
    CHECK(largest_difference(got, other) > 1e-3);
  }
}

TEST_CASE("the exported ResNet runs and classifies without allocating") {
  const std::vector<float> x = images(2, 41);
  auto model = std::make_unique<device_model<2>>();
  std::vector<float> y(2 * trained::output_shape::size);
  std::size_t label = 99;

  // The watch sees allocations: a canary proves it before it is trusted.
  const auto canary = ns::testing::allocations_during([] { delete ns::testing::escape(new int(1)); });
  REQUIRE(canary.count == 1);

  ns::inference_status status{}, class_status{};
  const auto tally = ns::testing::allocations_during([&] {
    status = model->run(residual_model::weights, x.data(), y.data(), 2);
    class_status = model->classify(residual_model::weights, x.data(), label);
  });
  CHECK(status == ns::inference_status::ok);
  CHECK(class_status == ns::inference_status::ok);
  CHECK(tally.count == 0);
  CHECK(label == static_cast<std::size_t>(std::max_element(y.begin(), y.begin() + 5) - y.begin()));
}
