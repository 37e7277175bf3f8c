// depthwise_conv2d forward and backward on tiny hand-computed inputs: channels kept apart, the output order
// c * multiplier + m of TensorFlow, a rectangular kernel with 'same' padding and strides, a stride larger than the
// kernel; its options, parameter count, Glorot fans, signature, C++ spelling and summary row.
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace {

namespace nn = nnstatic;
using nn::depth_multiplier;
using nn::same;
using nn::size2d;
using nn::strides;

/// 1, 2, 3, ... as an image of N values.
template <std::size_t N>
constexpr std::array<double, N> counting() {
  std::array<double, N> v{};
  for (std::size_t i = 0; i < N; ++i) v[i] = static_cast<double>(i + 1);
  return v;
}

template <class Spec>
std::string signature_of() {
  nn::text out;
  Spec::write_signature(out);
  return std::string(out.view());
}

template <class Spec>
std::string spelling_of() {
  nn::text out;
  Spec::write_type(out);
  return std::string(out.view());
}

}  // namespace

TEST_CASE("depthwise_conv2d: two channels, each with its own 2x2 kernel, never mixed") {
  using layer = nn::depthwise_conv2d<2>::bind<nn::shape<3, 3, 2>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 2>>);
  // Channel 0: x0 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], W0 = [[1, 2], [3, 4]], b0 = 0.5:
  //   y00 = 0.5 + 1 + 4 + 12 + 20 = 37.5, y01 = 47.5, y10 = 67.5, y11 = 77.5.
  // Channel 1: x1 = 2 x0, W1 = [[1, 0], [0, -1]], b1 = -1: y = -1 + 2 (a - (a + 4)) = -9 everywhere.
  // Kernel [ky][kx][c][m]: tap by tap, one weight per channel; then the bias.
  const std::array<double, 10> params{1, 1, 2, 0, 3, 0, 4, -1, 0.5, -1};
  std::array<double, 18> x{};
  for (std::size_t p = 0; p < 9; ++p) {
    x[p * 2] = static_cast<double>(p + 1);
    x[p * 2 + 1] = 2.0 * static_cast<double>(p + 1);
  }
  std::array<double, 8> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 8>{37.5, -9, 47.5, -9, 67.5, -9, 77.5, -9});
}

TEST_CASE("depthwise_conv2d: depth_multiplier 2 puts output c * 2 + m, forward and backward") {
  using layer = nn::depthwise_conv2d<1, depth_multiplier{2}>::bind<nn::shape<2, 1, 2>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 1, 4>>);
  static_assert(layer::param_count == 1 * 1 * 2 * 2 + 4);
  // W[0][0][c][m]: channel 0 -> (1, -1), channel 1 -> (0.5, 2); bias (0, 1, 2, 3).
  const std::array<double, 8> params{1, -1, 0.5, 2, 0, 1, 2, 3};
  const std::array<double, 4> x{1, 10, 2, 20};  // pixel 0: (1, 10), pixel 1: (2, 20)
  std::array<double, 8> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  // Pixel p: (x0, -x0 + 1, 0.5 x1 + 2, 2 x1 + 3).
  CHECK(y == std::array<double, 8>{1, 0, 7, 23, 2, -1, 12, 43});

  // dy = 1 everywhere: dx[c] = sum_m W[c][m] = (0, 2.5); dW[c][m] = sum_p x[p][c] = (3, 3, 30, 30); db = 2.
  const std::array<double, 8> dy{1, 1, 1, 1, 1, 1, 1, 1};
  std::array<double, 8> grad{};
  grad.fill(1);  // backward adds
  std::array<double, 4> dx{};
  dx.fill(99);  // backward writes
  layer::backward<true>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 4>{0, 2.5, 0, 2.5});
  CHECK(grad == std::array<double, 8>{4, 4, 31, 31, 3, 3, 3, 3});
}

TEST_CASE("depthwise_conv2d: a 1x3 kernel, strides 2, same: TensorFlow's padding, all of it after") {
  using layer = nn::depthwise_conv2d<size2d{1, 3}, strides{2}, same>::bind<nn::shape<3, 4, 1>>;
  // Rows: ceil(3 / 2) = 2 outputs at rows 0 and 2, no padding. Columns: ceil(4 / 2) = 2 outputs, padded width
  // (2 - 1) 2 + 3 = 5: one column of padding, after the image.
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<double, 4> params{1, 1, 1, 0};
  const auto x = counting<12>();  // x[r][c] = 4 r + c + 1
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  // (0, 0): 1 + 2 + 3; (0, 1): 3 + 4 + pad; (1, 0): 9 + 10 + 11; (1, 1): 11 + 12 + pad.
  CHECK(y == std::array<double, 4>{6, 7, 30, 23});
}

TEST_CASE("depthwise_conv2d: a stride larger than the kernel skips the pixels between windows") {
  using layer = nn::depthwise_conv2d<1, strides{2}>::bind<nn::shape<3, 3, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<double, 2> params{2, 1};
  const auto x = counting<9>();
  std::array<double, 4> y{};
  layer::forward(params.data(), x.data(), y.data(), 1);
  CHECK(y == std::array<double, 4>{3, 7, 15, 19});  // 2 x + 1 at pixels 1, 3, 7, 9

  // The skipped pixels get no gradient; the read ones get W dy.
  const std::array<double, 4> dy{1, 2, 3, 4};
  std::array<double, 2> grad{};
  std::array<double, 9> dx{};
  dx.fill(99);
  layer::backward<true>(params.data(), grad.data(), x.data(), y.data(), dy.data(), dx.data(), 1);
  CHECK(dx == std::array<double, 9>{2, 0, 4, 0, 0, 0, 6, 0, 8});
  CHECK(grad == std::array<double, 2>{1 * 1 + 3 * 2 + 7 * 3 + 9 * 4, 10});
}

TEST_CASE("depthwise_conv2d: a batch of two runs each sample on its own") {
  using layer = nn::depthwise_conv2d<2, strides{1, 2}>::bind<nn::shape<3, 4, 1>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<2, 2, 1>>);
  const std::array<double, 5> params{1, 2, 3, 4, 0};
  const auto x = counting<24>();
  std::array<double, 8> both{};
  layer::forward(params.data(), x.data(), both.data(), 2);
  std::array<double, 4> second{};
  layer::forward(params.data(), x.data() + 12, second.data(), 1);
  CHECK(std::array<double, 4>{both[4], both[5], both[6], both[7]} == second);
  // Sample 0, output (0, 1) reads columns 2 and 3: 3 + 2 * 4 + 3 * 7 + 4 * 8.
  CHECK(both[1] == 3 + 8 + 21 + 32);
}

TEST_CASE("depthwise_conv2d: options, parameters and Keras' Glorot fans") {
  using spec = nn::depthwise_conv2d<3, same, depth_multiplier{2}, strides{2, 1}>;  // options in any order
  static_assert(spec::stride_height == 2 && spec::stride_width == 1 && spec::multiplier == 2);
  static_assert(spec::border == nn::padding::same);
  using layer = spec::bind<nn::shape<8, 7, 4>>;
  static_assert(std::is_same_v<layer::output_shape, nn::shape<4, 7, 8>>);
  static_assert(layer::kernel_size == 3 * 3 * 4 * 2 && layer::bias_size == 8);
  // keras.initializers' compute_fans on the kernel shape (3, 3, 4, 2): receptive field 9, times 4 in, times 2 out.
  static_assert(layer::fan_in == 36 && layer::fan_out == 18);
  using plain = nn::depthwise_conv2d<3>;
  static_assert(plain::stride_height == 1 && plain::multiplier == 1 && plain::border == nn::padding::valid);
}

TEST_CASE("depthwise_conv2d: signature, C++ spelling and summary row") {
  using spec = nn::depthwise_conv2d<size2d{3, 1}, strides{2}, same, depth_multiplier{2}>;
  CHECK(signature_of<spec>() == "depthwise_conv2d<3x1,strides 2x2,same,depth_multiplier 2>");
  CHECK(spelling_of<spec>() ==
        "nnstatic::depthwise_conv2d<nnstatic::size2d{3, 1}, nnstatic::strides{2, 2}, nnstatic::padding::same, "
        "nnstatic::depth_multiplier{2}>");
  // The spelling compiles and names the same layer.
  using spelled = nnstatic::depthwise_conv2d<nnstatic::size2d{3, 1}, nnstatic::strides{2, 2}, nnstatic::padding::same,
                                             nnstatic::depth_multiplier{2}>;
  CHECK(signature_of<spelled>() == signature_of<spec>());
  CHECK(signature_of<nn::depthwise_conv2d<3>>() == "depthwise_conv2d<3x3,strides 1x1,valid,depth_multiplier 1>");

  using net = nn::sequential<nn::input<6, 6, 3>, spec>;
  static_assert(net::param_count == 3 * 1 * 3 * 2 + 6);
  const std::string summary = net::summary();
  INFO(summary);
  CHECK(summary.find("depthwise_conv2d (DepthwiseConv2D)") != std::string::npos);
  CHECK(summary.find("(None, 3, 3, 6)") != std::string::npos);
}
