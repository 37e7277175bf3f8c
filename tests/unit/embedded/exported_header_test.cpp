// An exported header, compiled: exported/folded_model.hpp (written by io::export_header for the network of
// exported_network.hpp, and proved current by unit_io_exported_headers) comes first, so it compiles with nothing but
// what it includes itself, though embedded/inference.hpp names no layer. Its network is the trained one with every
// batch normalization folded away, and embedded_model runs its weights as the hosted inference runs the trained
// network, batch normalization and all.
#include "exported/folded_model.hpp"

#include "exported_network.hpp"

#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ns = nnstatic;

// The header spells every option out (strides{1, 1}, padding::valid), so its type is not the one written in
// exported_network.hpp, but it is the same network.
static_assert(folded_model::network::signature == ns::folded_network<exported_network::trained>::signature);
static_assert(folded_model::network::signature.find("batch_normalization") == std::string_view::npos,
              "the exported network runs no batch normalization");
static_assert(folded_model::network::state_count == 0 && folded_model::state_bytes == 0);
static_assert(exported_network::trained::signature.find("batch_normalization") != std::string_view::npos);
static_assert(folded_model::network::param_count ==
              exported_network::trained::param_count - 2 * (4 + 4 + 4 + 5));  // gamma and beta of each

TEST_CASE("the exported, folded network computes what the trained network computes") {
  constexpr std::size_t batch = 3;
  const auto params = exported_network::parameters();
  ns::random_engine random(13);
  std::vector<float> x(batch * exported_network::trained::input_shape::size);
  for (float& value : x) value = static_cast<float>(random.uniform(-1.0, 1.0));

  std::vector<float> expected(batch * exported_network::trained::output_shape::size);
  auto workspace = std::make_unique<ns::inference_workspace<exported_network::trained, float, batch>>();
  REQUIRE(ns::infer(*params, x.data(), expected.data(), batch, *workspace) == ns::inference_status::ok);

  auto model = std::make_unique<ns::embedded_model<folded_model::network, float, batch>>();
  std::vector<float> got(expected.size(), 42.0f);
  REQUIRE(model->run(folded_model::weights, x.data(), got.data(), batch) == ns::inference_status::ok);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs(static_cast<double>(got[i]) - static_cast<double>(expected[i])) <=
          1e-5 + 1e-4 * std::abs(static_cast<double>(expected[i])));
  }

  // Not by accident: other moving statistics give other outputs.
  auto shifted = std::make_unique<ns::parameters<exported_network::trained>>(*params);
  for (float& value : shifted->state) value *= 1.5f;
  std::vector<float> other(expected.size());
  REQUIRE(ns::infer(*shifted, x.data(), other.data(), batch, *workspace) == ns::inference_status::ok);
  double largest_difference = 0;
  for (std::size_t i = 0; i < got.size(); ++i)
    largest_difference = std::max(largest_difference, std::abs(static_cast<double>(got[i] - other[i])));
  CHECK(largest_difference > 1e-3);
}

TEST_CASE("the exported network classifies in a constant expression as at run time") {
  static constexpr auto label_at_compile_time = [] {
    ns::embedded_model<folded_model::network> model;
    std::array<float, folded_model::network::input_shape::size> image{};
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<float>(i % 7) / 7.0f - 0.4f;
    std::size_t label = 99;
    return model.classify(folded_model::weights, image.data(), label) == ns::inference_status::ok ? label : 98;
  }();
  static_assert(label_at_compile_time < 3);
  auto model = std::make_unique<ns::embedded_model<folded_model::network>>();
  std::array<float, folded_model::network::input_shape::size> image{};
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<float>(i % 7) / 7.0f - 0.4f;
  std::size_t label = 99;
  REQUIRE(model->classify(folded_model::weights, image.data(), label) == ns::inference_status::ok);
  CHECK(label == label_at_compile_time);
}
