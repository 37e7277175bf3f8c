// The embedded path: compile-time memory figures, return codes, the same outputs as the hosted `infer`, sparse
// weights, no allocation, and a forward pass inside a static_assert.
#include <nnstatic/embedded/inference.hpp>

#include "../../support/allocation_watch.hpp"

#include <nnstatic/core/initializers.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/leaky_relu.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <memory>
#include <tuple>
#include <vector>

namespace ns = nnstatic;

namespace {

using reference_net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                     ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;

// The reference network's plan: conv writes 26x26x32 at one end, relu rectifies it in place, pooling writes
// 13x13x32 at the other end; nothing later is larger.
static_assert(ns::arena_plan<reference_net>::size == 26 * 26 * 32 + 13 * 13 * 32);
static_assert(ns::embedded_model<reference_net>::inference_bytes == 108160);
static_assert(ns::embedded_model<reference_net>::inference_bytes <= 128 * 1024);
static_assert(sizeof(ns::embedded_model<reference_net>) == ns::embedded_model<reference_net>::inference_bytes);
static_assert(ns::embedded_model<reference_net>::weight_bytes == 693962 * 4);
static_assert(ns::embedded_model<reference_net, float, 4>::inference_bytes == 4 * 108160);

// relu6 and leaky_relu run in place as relu does, by the protocol's runs_in_place rather than an entry in a list:
// the same arena as the reference network's.
using mobile_activations_net =
    ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu6, ns::max_pool2d<2>, ns::flatten, ns::dense<128>,
                   ns::leaky_relu<>, ns::dense<10>, ns::softmax>;
static_assert(ns::arena_plan<mobile_activations_net>::in_place[1] &&
              ns::arena_plan<mobile_activations_net>::in_place[5]);
static_assert(ns::arena_plan<mobile_activations_net>::size == ns::arena_plan<reference_net>::size);

// A network small enough to run in a constant expression: 4x4 image, conv, relu, pool, dense, softmax.
using tiny_net =
    ns::sequential<ns::input<4, 4, 1>, ns::conv2d<2, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten, ns::dense<3>, ns::softmax>;
static_assert(tiny_net::param_count == 29);

// conv: filter 0 sums the window, filter 1 subtracts it; bias 0, -1. dense: unit k weighs channel 0 by k.
constexpr std::array<float, 29> tiny_weights = [] {
  std::array<float, 29> w{};
  for (std::size_t tap = 0; tap < 9; ++tap) {
    w[tap * 2 + 0] = 0.125f;
    w[tap * 2 + 1] = -0.125f;
  }
  w[18] = 0.0f;
  w[19] = -1.0f;
  // dense kernel [2][3] at 20, bias [3] at 26
  w[20] = 0.0f, w[21] = 1.0f, w[22] = 2.0f;
  w[23] = 1.0f, w[24] = 1.0f, w[25] = 1.0f;
  w[26] = 0.5f, w[27] = 0.0f, w[28] = -0.5f;
  return w;
}();
constexpr std::array<float, 16> tiny_image = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f,
                                              0.8f, 0.9f, 1.0f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f};

constexpr std::array<float, 3> tiny_probabilities_at_compile_time = [] {
  ns::embedded_model<tiny_net> model;
  std::array<float, 3> y{};
  const auto status = model.run(tiny_weights.data(), tiny_image.data(), y.data());
  return status == ns::inference_status::ok ? y : std::array<float, 3>{};
}();

constexpr std::size_t tiny_label_at_compile_time = [] {
  ns::embedded_model<tiny_net> model;
  std::size_t label = 99;
  return model.classify(tiny_weights.data(), tiny_image.data(), label) == ns::inference_status::ok ? label : 98;
}();

constexpr float absolute(float v) { return v < 0 ? -v : v; }

// The forward pass, softmax included, ran in the compiler. By hand: the 2x2 conv outputs of filter 0 are
// 0.125 x the window sums (4.5, 5.2, 6.3, 6.4), so pooling keeps m = 0.8; filter 1 is negative everywhere and
// relu zeroes it. The logits are (0.5, m, 2m - 0.5) = (0.5, 0.8, 1.1): class 2 wins.
static_assert(tiny_label_at_compile_time == 2, "the compile-time forward pass picks class 2");
static_assert(absolute(tiny_probabilities_at_compile_time[0] + tiny_probabilities_at_compile_time[1] +
                       tiny_probabilities_at_compile_time[2] - 1.0f) < 1e-6f);
// softmax(0.5, 0.8, 1.1)[2] = 1 / (e^-0.6 + e^-0.3 + 1) = 0.436755...
static_assert(absolute(tiny_probabilities_at_compile_time[2] - 0.436755f) < 1e-5f);

template <class Net>
std::unique_ptr<ns::parameters<Net>> random_parameters(std::uint64_t seed) {
  auto params = std::make_unique<ns::parameters<Net>>();
  ns::glorot_uniform(*params, seed);
  // Glorot leaves biases at zero; give them values so that a bias mix-up shows.
  ns::random_engine random(seed + 1);
  for (float& v : params->values)
    if (v == 0.0f) v = static_cast<float>(random.uniform(-0.1, 0.1));
  return params;
}

template <std::size_t Size>
std::vector<float> random_inputs(std::size_t count, std::uint64_t seed) {
  ns::random_engine random(seed);
  std::vector<float> x(count * Size);
  for (float& v : x) v = static_cast<float>(random.uniform01());
  return x;
}

}  // namespace

TEST_CASE("the compile-time forward pass gives what the same code gives at run time") {
  ns::embedded_model<tiny_net> model;
  std::array<float, 3> y{};
  REQUIRE(model.run(tiny_weights.data(), tiny_image.data(), y.data()) == ns::inference_status::ok);
  for (std::size_t i = 0; i < 3; ++i) CHECK(static_cast<double>(y[i]) == doctest::Approx(static_cast<double>(tiny_probabilities_at_compile_time[i])).epsilon(1e-6));
}

TEST_CASE("embedded outputs equal the hosted infer() outputs on the reference network") {
  const auto params = random_parameters<reference_net>(7);
  constexpr std::size_t count = 3;
  const auto x = random_inputs<784>(count, 11);

  auto workspace = std::make_unique<ns::inference_workspace<reference_net, float, count>>();
  std::vector<float> expected(count * 10), got(count * 10), one(10);
  ns::infer(*params, x.data(), expected.data(), count, *workspace);

  auto model = std::make_unique<ns::embedded_model<reference_net, float, count>>();
  REQUIRE(model->run(*params, x.data(), got.data(), count) == ns::inference_status::ok);
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(static_cast<double>(got[i]) == doctest::Approx(static_cast<double>(expected[i])).epsilon(1e-5));

  // Batch 1 from a raw pointer, for each sample: the same values as in the batch.
  for (std::size_t n = 0; n < count; ++n) {
    REQUIRE(model->run(params->values.data(), x.data() + n * 784, one.data()) == ns::inference_status::ok);
    for (std::size_t i = 0; i < 10; ++i) CHECK(one[i] == got[n * 10 + i]);
  }
}

TEST_CASE("networks with other activations and average pooling run in place where they can") {
  using net = ns::sequential<ns::input<8, 8, 2>, ns::flatten, ns::tanh, ns::dense<16>, ns::sigmoid, ns::dense<4>>;
  using image_net = ns::sequential<ns::input<9, 9, 3>, ns::conv2d<4, 3, ns::strides{2}, ns::padding::same>, ns::tanh,
                                   ns::avg_pool2d<2, ns::strides{1}, ns::padding::same>, ns::flatten, ns::dense<5>,
                                   ns::softmax>;
  static_assert(ns::arena_plan<net>::size == 128 + 16);
  const auto check = [](auto net_tag, std::uint64_t seed) {
    using N = typename decltype(net_tag)::type;
    const auto params = random_parameters<N>(seed);
    const auto x = random_inputs<N::input_shape::size>(2, seed + 5);
    ns::inference_workspace<N, float, 2> workspace;
    std::vector<float> expected(2 * N::output_shape::size), got(expected.size());
    ns::infer(*params, x.data(), expected.data(), 2, workspace);
    ns::embedded_model<N, float, 2> model;
    REQUIRE(model.run(*params, x.data(), got.data(), 2) == ns::inference_status::ok);
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(static_cast<double>(got[i]) == doctest::Approx(static_cast<double>(expected[i])).epsilon(1e-5));
  };
  check(std::type_identity<net>{}, 3);
  check(std::type_identity<image_net>{}, 4);
}

TEST_CASE("errors are return codes") {
  ns::embedded_model<tiny_net, float, 2> model;
  std::array<float, 6> y{};
  std::array<float, 32> x{};
  CHECK(model.run(tiny_weights.data(), x.data(), y.data(), 3) == ns::inference_status::batch_too_large);
  CHECK(model.run(tiny_weights.data(), nullptr, y.data(), 1) == ns::inference_status::null_input);
  CHECK(model.run(tiny_weights.data(), x.data(), nullptr, 1) == ns::inference_status::null_output);
  CHECK(model.run(static_cast<const float*>(nullptr), x.data(), y.data(), 1) == ns::inference_status::null_weights);
  CHECK(model.run(tiny_weights.data(), x.data(), y.data(), 0) == ns::inference_status::empty_batch);
  CHECK(model.run(tiny_weights.data(), nullptr, nullptr, 0) == ns::inference_status::empty_batch);
  CHECK(y == std::array<float, 6>{});
  CHECK(model.check_fingerprint(tiny_net::fingerprint) == ns::inference_status::ok);
  CHECK(model.check_fingerprint(reference_net::fingerprint) == ns::inference_status::fingerprint_mismatch);
  CHECK(ns::describe(ns::inference_status::batch_too_large).find("capacity") != std::string_view::npos);
  const std::tuple<ns::dense_weights<float>, ns::no_weights, ns::no_weights, ns::no_weights, ns::dense_weights<float>,
                   ns::no_weights>
      missing{{tiny_weights.data()}, {}, {}, {}, {nullptr}, {}};
  CHECK(model.run(missing, x.data(), y.data(), 1) == ns::inference_status::null_weights);
}

TEST_CASE("a dense layer stored sparsely gives the outputs of the same layer stored densely with its zeros") {
  using net = ns::sequential<ns::input<6>, ns::dense<5>, ns::relu, ns::dense<3>>;
  auto params = random_parameters<net>(21);
  // Zero two thirds of the first kernel, then store it in compressed sparse rows.
  auto kernel = params->kernel<0>();
  for (std::size_t i = 0; i < kernel.size(); ++i)
    if (i % 3 != 0) kernel[i] = 0.0f;
  std::vector<std::uint32_t> row_start{0};
  std::vector<std::uint8_t> columns;
  std::vector<float> values;
  for (std::size_t i = 0; i < 6; ++i) {
    for (std::size_t o = 0; o < 5; ++o)
      if (kernel[i * 5 + o] != 0.0f) {
        columns.push_back(static_cast<std::uint8_t>(o));
        values.push_back(kernel[i * 5 + o]);
      }
    row_start.push_back(static_cast<std::uint32_t>(values.size()));
  }
  CHECK(values.size() == 10);
  const std::tuple<ns::sparse_weights<float, std::uint8_t>, ns::no_weights, ns::dense_weights<float>> layers{
      {params->bias<0>().data(), row_start.data(), columns.data(), values.data()},
      {},
      {params->of_layer<2>().data()}};

  const auto x = random_inputs<6>(2, 9);
  ns::embedded_model<net, float, 2> model;
  std::array<float, 6> dense_out{}, sparse_out{};
  REQUIRE(model.run(*params, x.data(), dense_out.data(), 2) == ns::inference_status::ok);
  REQUIRE(model.run(layers, x.data(), sparse_out.data(), 2) == ns::inference_status::ok);
  for (std::size_t i = 0; i < 6; ++i) CHECK(sparse_out[i] == dense_out[i]);
}

TEST_CASE("inference allocates nothing") {
  const auto params = random_parameters<reference_net>(5);
  const auto x = random_inputs<784>(1, 6);
  auto model = std::make_unique<ns::embedded_model<reference_net>>();
  std::array<float, 10> y{};
  std::size_t label = 0;

  // The watch sees allocations: a canary proves it before it is trusted.
  REQUIRE(ns::testing::allocations_during([] { delete ns::testing::escape(new int(1)); }).count == 1);

  ns::inference_status status{}, class_status{};
  const auto tally = ns::testing::allocations_during([&] {
    status = model->run(*params, x.data(), y.data());
    class_status = model->classify(params->values.data(), x.data(), label);
  });
  CHECK(status == ns::inference_status::ok);
  CHECK(class_status == ns::inference_status::ok);
  CHECK(tally.count == 0);
  CHECK(label < 10);
}
