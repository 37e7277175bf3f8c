// int8 for the layers beyond dense, conv2d and max pooling, each network against float inference on the same
// parameters: batch normalization folded first, depthwise convolution (per-channel scales), relu6 (a clamp in
// requantization, and alone), global and windowed average pooling (int32 sums), residual and add blocks (each branch
// requantized to the block's scale before the int32 add) and concatenate. The outputs are logits (no softmax), so
// the error is read against their range. Plain kernel, so that every check runs on any CPU.
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/inference.hpp>
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/batch_normalization.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/layers/residual.hpp>
#include <nnstatic/quant/quantized_model.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include "int8_networks.hpp"

namespace ns = nnstatic;

namespace {

using namespace nnstatic::testing::int8;

constexpr auto plain = ns::int8_kernel::plain;
constexpr std::size_t count = 64;

struct agreement {
  double largest_error = 0;  ///< the largest |int8 - float| over every output
  double range = 0;          ///< max - min of the float outputs
  std::size_t same_class = 0;
};

// Quantizes `params` on `x` itself, runs int8 and float inference on x, and compares them.
template <class Net>
agreement compare_with_float(const ns::parameters<Net>& params, const std::vector<float>& x) {
  constexpr std::size_t outputs = Net::output_shape::size;
  const auto q = ns::quantize(params, x);
  auto workspace = std::make_unique<ns::inference_workspace<Net, float, count>>();
  std::vector<float> expected(count * outputs);
  REQUIRE(ns::infer(params, x.data(), expected.data(), count, *workspace) == ns::inference_status::ok);
  const std::vector<float> quantized = run_int8<Net, plain>(*q, x);
  agreement a;
  const auto [low, high] = std::minmax_element(expected.begin(), expected.end());
  a.range = static_cast<double>(*high - *low);
  for (std::size_t n = 0; n < count; ++n) {
    std::size_t e = 0, g = 0;
    for (std::size_t k = 0; k < outputs; ++k) {
      const std::size_t i = n * outputs + k;
      a.largest_error = std::max(a.largest_error, static_cast<double>(std::abs(quantized[i] - expected[i])));
      if (expected[i] > expected[n * outputs + e]) e = k;
      if (quantized[i] > quantized[n * outputs + g]) g = k;
    }
    if (e == g) ++a.same_class;
  }
  return a;
}

void check_close(const agreement& a, double relative_error, std::size_t misses) {
  CAPTURE(a.largest_error);
  CAPTURE(a.range);
  CAPTURE(a.same_class);
  CHECK(a.range > 0);
  CHECK(a.largest_error <= relative_error * a.range);
  CHECK(a.same_class + misses >= count);
}

// Moving statistics and scales away from their initial values, as training leaves them.
template <class Net>
void randomize_state(ns::parameters<Net>& params, std::uint64_t seed) {
  ns::random_engine random(seed);
  for (float& v : params.state) v = static_cast<float>(random.uniform(0.3, 1.5));
}

using with_batch_normalization =
    ns::sequential<ns::input<8, 8, 3>, ns::conv2d<8, 3, ns::padding::same>, ns::batch_normalization<>, ns::relu,
                   ns::max_pool2d<2>, ns::depthwise_conv2d<3, ns::padding::same>, ns::batch_normalization<>, ns::relu6,
                   ns::flatten, ns::dense<16>, ns::batch_normalization<>, ns::relu, ns::dense<5>>;
// int8 runs the network without its batch normalizations: conv + relu + pool, depthwise + relu6 + flatten,
// dense + relu, dense.
static_assert(std::is_same_v<ns::int8_network<with_batch_normalization>, ns::folded_network<with_batch_normalization>>);
static_assert(ns::int8_network<with_batch_normalization>::layer_count == 9);
static_assert(ns::int8_plan<with_batch_normalization>::stage_count == 4);

using mobile = ns::sequential<ns::input<12, 12, 3>, ns::conv2d<8, 3, ns::strides{2}, ns::padding::same>, ns::relu6,
                              ns::depthwise_conv2d<3, ns::padding::same, ns::depth_multiplier{2}>, ns::relu6,
                              ns::conv2d<16, 1>, ns::relu6, ns::depthwise_conv2d<3, ns::strides{2}>, ns::relu,
                              ns::global_average_pooling2d, ns::dense<6>>;

// ResNet-8's blocks, batch normalizations inside the branches folded too, then a relu6 alone after the first.
using residual_net = ns::sequential<
    ns::input<8, 8, 4>, ns::conv2d<8, 3, ns::padding::same>, ns::batch_normalization<>, ns::relu,
    ns::residual<ns::conv2d<8, 3, ns::padding::same>, ns::batch_normalization<>, ns::relu,
                 ns::conv2d<8, 3, ns::padding::same>, ns::batch_normalization<>>,
    ns::relu6,
    ns::add<ns::branch<ns::conv2d<16, 3, ns::strides{2}, ns::padding::same>, ns::batch_normalization<>, ns::relu,
                       ns::conv2d<16, 3, ns::padding::same>, ns::batch_normalization<>>,
            ns::branch<ns::conv2d<16, 1, ns::strides{2}>>>,
    ns::relu, ns::global_average_pooling2d, ns::dense<5>>;
static_assert(ns::int8_network<residual_net>::state_count == 0);

using concatenated =
    ns::sequential<ns::input<8, 8, 4>, ns::conv2d<8, 1>, ns::relu,
                   ns::concatenate<ns::branch<ns::conv2d<4, 1>, ns::relu>,
                                   ns::branch<ns::conv2d<6, 3, ns::padding::same>, ns::relu>, ns::branch<>>,
                   ns::max_pool2d<2>, ns::flatten, ns::dense<5>>;

// Average pools: valid and non-overlapping, overlapping with 'same' padding (windows at the border count only
// their real inputs), and ResNet-8's last one, over the whole image before flatten.
using averaged =
    ns::sequential<ns::input<12, 12, 3>, ns::conv2d<8, 3, ns::padding::same>, ns::relu, ns::avg_pool2d<2>,
                   ns::conv2d<8, 3, ns::padding::same>, ns::relu, ns::avg_pool2d<3, ns::strides{2}, ns::padding::same>,
                   ns::conv2d<16, 1>, ns::relu, ns::avg_pool2d<3>, ns::flatten, ns::dense<5>>;

}  // namespace

TEST_CASE("batch normalization is folded before quantization, and int8 follows the float network") {
  auto params = random_parameters<with_batch_normalization>(21);
  randomize_state(*params, 22);
  const auto x = random_values(count * with_batch_normalization::input_shape::size, 23, 0.0, 1.0);
  check_close(compare_with_float(*params, x), 0.05, 4);
}

TEST_CASE("depthwise convolutions, relu6 and global average pooling in int8 follow float") {
  const auto params = random_parameters<mobile>(31);
  const auto x = random_values(count * mobile::input_shape::size, 32, 0.0, 1.0);
  check_close(compare_with_float(*params, x), 0.05, 4);
}

TEST_CASE("residual and add blocks with batch normalization in int8 follow float, a relu6 alone after one too") {
  auto params = random_parameters<residual_net>(41);
  randomize_state(*params, 43);
  const auto x = random_values(count * residual_net::input_shape::size, 42, 0.0, 1.0);
  check_close(compare_with_float(*params, x), 0.05, 4);
}

TEST_CASE("average pools in int8 follow float") {
  const auto params = random_parameters<averaged>(61);
  const auto x = random_values(count * averaged::input_shape::size, 62, 0.0, 1.0);
  check_close(compare_with_float(*params, x), 0.05, 4);
}

TEST_CASE("concatenate in int8 follows float") {
  const auto params = random_parameters<concatenated>(51);
  const auto x = random_values(count * concatenated::input_shape::size, 52, 0.0, 1.0);
  check_close(compare_with_float(*params, x), 0.05, 4);
}

TEST_CASE("a relu6 that saw only zeros in calibration still caps at 6") {
  // A dense layer whose outputs are all negative on the calibration set: its relu6 gives zeros there, and the
  // output's scale then takes the cap, 6 / 127 (not the 1 of an all-zero tensor), so that an input of 100 gives 6.
  using net = ns::sequential<ns::input<1>, ns::dense<16>, ns::relu6, ns::dense<16>>;
  auto params = std::make_unique<ns::parameters<net>>();
  for (float& w : params->kernel<0>()) w = 1.0f;
  for (std::size_t k = 0; k < 16; ++k) params->kernel<2>()[k * 16 + k] = 1.0f;  // the identity
  const std::vector<float> calibration{-100.0f, -50.0f};
  const auto q = ns::quantize(*params, calibration);
  CHECK(q->scale[1] == doctest::Approx(6.0 / 127));
  const std::vector<float> y = run_int8<net, plain>(*q, std::vector<float>{100.0f});
  for (const float v : y) CHECK(v == doctest::Approx(6.0).epsilon(0.01));
}
