// int8 quantization: quantized outputs against float, the layout, the compile-time figures and the refusals, with
// the plain kernel chosen explicitly so that every check runs on any CPU. The kernels themselves:
// int8_gemv_test.cpp; the VNNI kernel against the plain one: int8_vnni_test.cpp.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/initializers.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/random_flip.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "int8_networks.hpp"

namespace ns = nnstatic;

namespace {

using namespace nnstatic::testing::int8;

constexpr auto plain = ns::int8_kernel::plain;

using reference_net = ns::sequential<ns::input<28, 28, 1>, ns::conv2d<32, 3>, ns::relu, ns::max_pool2d<2>, ns::flatten,
                                     ns::dense<128>, ns::relu, ns::dense<10>, ns::softmax>;
// int8 weights: conv 12 x 32, dense 5408 x 128, dense 128 x 16 (10 units padded to a register of 16).
static_assert(ns::int8_plan<reference_net>::packed_size == 12 * 32 + 5408 * 128 + 128 * 16);
static_assert(ns::quantized_parameters<reference_net>::weight_bytes * 3.9 < reference_net::param_count * sizeof(float));
static_assert(sizeof(ns::int8_model<reference_net, ns::int8_kernel::plain>) ==
              ns::int8_model<reference_net, ns::int8_kernel::plain>::inference_bytes);
// Activations: two int8 buffers of the largest stage output, the pooled 13 x 13 x 32 (+ 4), and two float buffers
// of the 10 logits, each rounded up to 64 bytes; the convolution's 26 x 26 x 32 never exists, its pool absorbed.
static_assert(ns::int8_model<reference_net, ns::int8_kernel::plain>::inference_bytes ==
              (2 * (13 * 13 * 32 + 4) + 63) / 64 * 64 + 64 + 128 + 64);
static_assert(ns::int8_model<reference_net, ns::int8_kernel::plain>::inference_bytes == 11136);

// Whether `Other`, small_net with layers between that int8 runs as the identity, gives small_net's int8 outputs
// bit for bit with small_net's parameters (drawn from `seed`) on `count` inputs (drawn from seed + 1).
template <class Other>
bool int8_matches_small_net(std::uint64_t seed, std::size_t count) {
  static_assert(Other::param_count == small_net::param_count);
  const auto params = random_parameters<small_net>(seed);
  auto same_params = std::make_unique<ns::parameters<Other>>();
  same_params->values = params->values;
  const auto x = random_values(count * small_net::input_shape::size, seed + 1, 0.0, 1.0);
  return run_int8<small_net, plain>(*ns::quantize(*params, x), x) ==
         run_int8<Other, plain>(*ns::quantize(*same_params, x), x);
}

}  // namespace

TEST_CASE("quantized inference follows the float network closely") {
  const auto params = random_parameters<small_net>(9);
  constexpr std::size_t count = 64;
  const auto x = random_values(count * small_net::input_shape::size, 10, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);

  auto workspace = std::make_unique<ns::inference_workspace<small_net, float, count>>();
  std::vector<float> expected(count * 7);
  ns::infer(*params, x.data(), expected.data(), count, *workspace);
  const std::vector<float> quantized = run_int8<small_net, plain>(*q, x);

  double largest_error = 0;
  std::size_t same_class = 0;
  for (std::size_t n = 0; n < count; ++n) {
    std::size_t a = 0, b = 0;
    for (std::size_t k = 0; k < 7; ++k) {
      largest_error =
          std::max(largest_error, static_cast<double>(std::abs(quantized[n * 7 + k] - expected[n * 7 + k])));
      if (expected[n * 7 + k] > expected[n * 7 + a]) a = k;
      if (quantized[n * 7 + k] > quantized[n * 7 + b]) b = k;
    }
    if (a == b) ++same_class;
  }
  CHECK(largest_error < 0.02);
  CHECK(same_class >= count - 3);
}

TEST_CASE("weights are per-channel symmetric int8 and biases int32 at the accumulator's scale") {
  using net = ns::sequential<ns::input<8>, ns::dense<16>>;
  auto params = std::make_unique<ns::parameters<net>>();
  for (std::size_t k = 0; k < 8; ++k)
    for (std::size_t o = 0; o < 16; ++o)
      params->kernel<0>()[k * 16 + o] = static_cast<float>(o + 1) * (k == 3 ? -1.0f : 0.25f);
  for (std::size_t o = 0; o < 16; ++o) params->bias<0>()[o] = 0.25f;
  const std::vector<float> x(8, 1.0f);
  const auto q = ns::quantize(*params, x);
  CHECK(q->scale[0] == doctest::Approx(1.0 / 127));
  for (std::size_t o = 0; o < 16; ++o) {
    // Column o: the largest |w| is input 3's, (o + 1), which becomes -127; the others (o + 1) / 4, 31.75 -> 32.
    CHECK(q->weights[(3 / 4) * 64 + o * 4 + 3 % 4] == -127);
    CHECK(q->weights[(0 / 4) * 64 + o * 4 + 0] == 32);
    CHECK(q->bias[o] ==
          static_cast<std::int32_t>(std::lround(0.25 / ((1.0 / 127) * static_cast<double>(o + 1) / 127.0))));
  }
}

TEST_CASE("biases too large for the accumulator are clamped to int8_bias_limit") {
  using net = ns::sequential<ns::input<4>, ns::dense<16>>;
  auto params = std::make_unique<ns::parameters<net>>();
  for (float& w : params->kernel<0>()) w = 1e-3f;
  for (std::size_t o = 0; o < 16; ++o) params->bias<0>()[o] = o % 2 == 0 ? 1e30f : -1e30f;
  const auto q = ns::quantize(*params, std::vector<float>(4, 1.0f));
  for (std::size_t o = 0; o < 16; ++o) CHECK(q->bias[o] == (o % 2 == 0 ? ns::int8_bias_limit : -ns::int8_bias_limit));
}

TEST_CASE("a channel of subnormal weights quantizes to zeros, its bias kept") {
  // max |w| / 127 is 0 as a float: the scale must not be, or the multiplier would be 0 and the weights infinite.
  using net = ns::sequential<ns::input<4>, ns::dense<16>>;
  auto params = random_parameters<net>(4);
  for (std::size_t k = 0; k < 4; ++k) params->kernel<0>()[k * 16] = 1e-44f;
  params->bias<0>()[0] = 0.5f;
  const auto x = random_values(4 * 8, 5, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);
  const std::vector<float> y = run_int8<net, plain>(*q, x);
  for (std::size_t n = 0; n < 8; ++n) CHECK(y[n * 16] == doctest::Approx(0.5).epsilon(0.01));
}

TEST_CASE("quantize refuses a NaN or infinite parameter, naming its layer and index") {
  using net = ns::sequential<ns::input<4>, ns::dense<8>, ns::relu, ns::dense<3>>;
  const std::vector<float> x(4, 0.5f);
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    auto params = random_parameters<net>(3);
    params->bias<2>()[1] = bad;  // layer 2, parameter 8 x 3 + 1
    CAPTURE(bad);
    try {
      (void)ns::quantize(*params, x);
      FAIL("quantize accepted a non-finite bias");
    } catch (const ns::error& e) {
      const std::string message = e.what();
      CHECK(message.find("parameter 25 of layer 2") != std::string::npos);
      CHECK(message.find(std::isnan(bad) ? "NaN" : "infinite") != std::string::npos);
    }
  }
}

TEST_CASE("inputs past the calibrated range saturate, and a NaN input reads as the lowest value") {
  const auto params = random_parameters<small_net>(5);
  const auto calibration = random_values(8 * small_net::input_shape::size, 6, 0.0, 1.0);
  const auto q = ns::quantize(*params, calibration);
  constexpr float inf = std::numeric_limits<float>::infinity();
  // One sample each: +-1e30, +-inf, +-FLT_MAX, NaN and -inf in every position alike.
  const auto filled = [](float v) { return std::vector<float>(small_net::input_shape::size, v); };
  const float largest = std::numeric_limits<float>::max();
  CHECK(run_int8<small_net, plain>(*q, filled(inf)) == run_int8<small_net, plain>(*q, filled(1e30f)));
  CHECK(run_int8<small_net, plain>(*q, filled(largest)) == run_int8<small_net, plain>(*q, filled(1e30f)));
  CHECK(run_int8<small_net, plain>(*q, filled(-inf)) == run_int8<small_net, plain>(*q, filled(-1e30f)));
  CHECK(run_int8<small_net, plain>(*q, filled(std::numeric_limits<float>::quiet_NaN())) ==
        run_int8<small_net, plain>(*q, filled(-inf)));
}

TEST_CASE("int8 inference reports errors as return codes") {
  const auto params = random_parameters<small_net>(1);
  const auto x = random_values(small_net::input_shape::size, 2, 0.0, 1.0);
  const auto q = ns::quantize(*params, x);
  ns::int8_model<small_net, plain> model;
  std::array<float, 7> y{};
  CHECK(model.run(*q, nullptr, y.data()) == ns::inference_status::null_input);
  CHECK(model.run(*q, x.data(), nullptr) == ns::inference_status::null_output);
  CHECK(model.run(*q, x.data(), y.data(), 0) == ns::inference_status::empty_batch);
  CHECK(model.run(*q, nullptr, nullptr, 0) == ns::inference_status::empty_batch);
  std::size_t label = 99;
  CHECK(model.classify(*q, x.data(), label) == ns::inference_status::ok);
  CHECK(label < 7);
}

TEST_CASE("a max pool absorbed into the convolution before it gives the bits of the pool run as its own layer") {
  // A dropout between the relu and the pool keeps them apart (the plan's rules absorb a pool right after the
  // convolution or its activation), and int8 runs it as the identity: the pool then runs as its own layer on the
  // requantized values, where the absorbed one takes the maximum of the int32 accumulators.
  using separate_pool = ns::sequential<ns::input<10, 10, 3>, ns::conv2d<20, 3, ns::padding::same>, ns::relu,
                                       ns::dropout<ns::ratio{1, 4}>, ns::max_pool2d<2>,
                                       ns::conv2d<16, 3, ns::strides{2}>, ns::relu, ns::flatten, ns::dense<40>,
                                       ns::relu, ns::dense<7>, ns::softmax>;
  static_assert(ns::int8_plan<small_net>::stage_count == 5 && ns::int8_plan<small_net>::stages::at<0>::layer_span == 3);
  static_assert(ns::int8_plan<separate_pool>::stage_count == 7);
  static_assert(separate_pool::param_count == small_net::param_count);

  CHECK(int8_matches_small_net<separate_pool>(11, 16));
}

TEST_CASE("random_flip is the identity in int8 too: a network with it quantizes to the bits of one without") {
  using flipped = ns::sequential<ns::input<10, 10, 3>, ns::random_flip<>, ns::conv2d<20, 3, ns::padding::same>, ns::relu,
                                 ns::max_pool2d<2>, ns::conv2d<16, 3, ns::strides{2}>, ns::relu, ns::flatten,
                                 ns::dense<40>, ns::relu, ns::dense<7>, ns::softmax>;
  static_assert(flipped::param_count == small_net::param_count);
  CHECK(int8_matches_small_net<flipped>(13, 8));
}
