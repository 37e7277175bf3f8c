// kernels::conv_pool_kernels, one image at a time: the pooled output and the winning window position it keeps for
// backward, the ties (the first maximum wins, as in max_pool2d), the relu that cuts a window (its derivative, read
// from y, sends no gradient at all), and the gradient routed to exactly one convolution output per window, compared
// with the unfused layers; then rectangular kernels, strides and pooling windows, strides larger than the kernel or
// the window, and overlapping windows (which the kernels compute right, though the fusion plan does not hand them
// over).
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/kernels/conv_pool.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/simd/arch.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "../fusion/reference.hpp"

namespace {

namespace nn = nnstatic;
namespace simd = nnstatic::simd;

// 7 x 7 x 1 input, 3 x 3 kernel -> 5 x 5 x 20 -> pooled 2 x 2 x 20 (the last row and column of the convolution
// fall outside every window).
using net = nn::sequential<nn::input<7, 7, 1>, nn::conv2d<20, 3>, nn::relu, nn::max_pool2d<2>>;
template <class Arch>
using kernels =
    nn::kernels::conv_pool_kernels<Arch, float, net::layer<0>, nn::relu, nn::kernels::max_pool_window<2, 2>>;

static_assert(kernels<simd::native>::out_size == net::output_shape::size);

/// The kernels for `Net`, a conv2d, optionally a relu, then optionally a max_pool2d (valid, so that every window
/// lies inside the convolution's output), told the pool's geometry as the fusion plan would tell them.
template <class Net, class Arch, class T>
struct kernels_for {
  static constexpr bool rectified = std::is_same_v<typename Net::template layer<1>::spec, nn::relu>;
  static constexpr std::size_t pool_at = rectified ? 2 : 1;
  using pool_spec = typename Net::template layer<pool_at>::spec;
  using type = nn::kernels::conv_pool_kernels<
      Arch, T, typename Net::template layer<0>, std::conditional_t<rectified, nn::relu, void>,
      nn::kernels::max_pool_window<nn::size2d{pool_spec::window_height, pool_spec::window_width},
                                   pool_spec::stride_size>>;
};

/// What one image gave through the kernels, in double whatever T was, for comparisons between architectures.
struct image_result {
  std::vector<double> y, grad, din;
};

/// One image of `Net` through the kernels `K` (conv2d [relu] [max_pool2d], the first layer `Net`'s), forward and
/// backward, checked against the layers run one by one within `tolerance`; with 'same' padding the kernels read a
/// zero-bordered copy, as conv_stage gives them. `Pooled` kernels record each window's argmax for backward.
template <class Net, class K, class T, bool Pooled>
image_result check_one_image(std::uint64_t seed, nn::testing::tolerance tolerance) {
  using conv = typename Net::template layer<0>;
  static_assert(K::out_size == Net::output_shape::size);
  constexpr std::size_t in_size = Net::input_shape::size;
  const auto params = nn::testing::uniform<T>(Net::param_count, seed, -0.5, 0.5);
  const auto image = nn::testing::uniform<T>(in_size, seed + 1);
  const auto dy = nn::testing::uniform<T>(Net::output_shape::size, seed + 2);
  nn::testing::unfused<Net, T> reference;
  reference.forward(params.data(), image.data(), 1);
  reference.backward(params.data(), image.data(), dy.data(), 1);

  std::vector<T> padded(K::buffer_size, T{}), din_padded(K::buffer_size, T{}), din(in_size, T{});
  const T* in = image.data();
  if constexpr (K::padded) {
    K::pad(image.data(), padded.data());
    in = padded.data();
  }
  std::vector<T> y(Net::output_shape::size), argmax(Pooled ? Net::output_shape::size : 0),
      grad(Net::param_count, T{}), kernel_t(conv::kernel_size), routed(K::routed_size);
  T* const argmax_or_none = Pooled ? argmax.data() : nullptr;
  K::forward_image(in, params.data(), params.data() + conv::kernel_size, y.data(), argmax_or_none);
  K::transpose_kernel(params.data(), kernel_t.data());
  K::backward_image(in, y.data(), argmax_or_none, dy.data(), grad.data(), grad.data() + conv::kernel_size,
                    kernel_t.data(), routed.data(), K::padded ? din_padded.data() : din.data());
  if constexpr (K::padded) K::crop(din_padded.data(), din.data());
  CHECK(nn::testing::compare(y, reference.activations.back(), tolerance));
  CHECK(nn::testing::compare(grad, reference.param_grad, tolerance));
  CHECK(nn::testing::compare(din, reference.input_grad, tolerance));
  return {{y.begin(), y.end()}, {grad.begin(), grad.end()}, {din.begin(), din.end()}};
}

/// The kernels on one image of `Net` (conv2d [relu] max_pool2d) against the layers run one by one.
template <class Net, class Arch, class T>
void check_kernels(std::uint64_t seed) {
  // One image: sums of at most 27 taps (forward) or some 70 products (backward) of terms up to 1; float within a
  // few 1e-7, double scaled by its epsilon.
  constexpr nn::testing::tolerance tolerance = std::is_same_v<T, float> ? nn::testing::tolerance{2e-6, 2e-6}
                                                                        : nn::testing::tolerance{1e-14, 2e-14};
  check_one_image<Net, typename kernels_for<Net, Arch, T>::type, T, true>(seed, tolerance);
}

// A 3x2 kernel moved by (2, 1) and 2x3 windows moved by (2, 3): 11 x 10 -> 5 x 9 -> 2 x 3.
using rectangular = nn::sequential<nn::input<11, 10, 3>, nn::conv2d<12, nn::size2d{3, 2}, nn::strides{2, 1}>,
                                   nn::relu, nn::max_pool2d<nn::size2d{2, 3}>>;
// ResNet's 1x1 stride-2 shortcut, then 2x2 windows moved by 3: 12 x 12 -> 6 x 6 -> 2 x 2, a gap between windows.
using gaps = nn::sequential<nn::input<12, 12, 4>, nn::conv2d<8, 1, nn::strides{2}>, nn::relu,
                            nn::max_pool2d<2, nn::strides{3}>>;
// A 2x2 kernel moved by 3 with 'same' padding (one row after, no column), then 1x2 windows moved by (2, 3).
using padded_gaps = nn::sequential<nn::input<10, 9, 2>, nn::conv2d<16, 2, nn::strides{3}, nn::padding::same>,
                                   nn::max_pool2d<nn::size2d{1, 2}, nn::strides{2, 3}>>;
// Overlapping 3x3 windows moved by 2 after a 3x3 kernel moved by (1, 2), 'same': 9 x 10 -> 9 x 5 -> 4 x 2.
using overlapping = nn::sequential<nn::input<9, 10, 2>, nn::conv2d<20, 3, nn::strides{1, 2}, nn::padding::same>,
                                   nn::relu, nn::max_pool2d<3, nn::strides{2}>>;
static_assert(std::is_same_v<rectangular::output_shape, nn::shape<2, 3, 12>>);
static_assert(std::is_same_v<gaps::output_shape, nn::shape<2, 2, 8>>);
static_assert(std::is_same_v<padded_gaps::output_shape, nn::shape<2, 1, 16>>);
static_assert(std::is_same_v<overlapping::output_shape, nn::shape<4, 2, 20>>);

}  // namespace

TEST_CASE("conv_pool: a constant image ties every window; the first position wins, a negative bias kills it") {
  std::vector<float> params(net::param_count, 0.0f);
  for (std::size_t f = 0; f < 20; ++f) params[net::layer<0>::kernel_size + f] = f % 2 == 0 ? 0.5f : -0.5f;
  const std::vector<float> image(49, 1.0f);
  std::vector<float> y(net::output_shape::size), argmax(net::output_shape::size);
  kernels<simd::native>::forward_image(image.data(), params.data(), params.data() + net::layer<0>::kernel_size,
                                       y.data(), argmax.data());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool alive = (i % 20) % 2 == 0;
    CHECK(y[i] == (alive ? 0.5f : 0.0f));
    CHECK(argmax[i] == 0.0f);  // position 0 of the window, for the dead ones too: relu's derivative masks them
  }

  // Backward: each live window sends its gradient to its first position only; the dead ones send nothing.
  const std::vector<float> dy(net::output_shape::size, 1.0f);
  std::vector<float> grad(net::param_count, 0.0f);
  kernels<simd::native>::backward_image(image.data(), y.data(), argmax.data(), dy.data(), grad.data(),
                                        grad.data() + net::layer<0>::kernel_size, nullptr, nullptr, nullptr);
  for (std::size_t f = 0; f < 20; ++f) {
    const float windows = f % 2 == 0 ? 4.0f : 0.0f;  // 2 x 2 pooled outputs
    CHECK(grad[net::layer<0>::kernel_size + f] == windows);
    for (std::size_t tap = 0; tap < 9; ++tap) CHECK(grad[tap * 20 + f] == windows);  // every input is 1
  }
}

TEST_CASE_TEMPLATE("conv_pool: one image against conv2d, relu and max_pool2d run one by one", Arch, simd::native,
                   simd::plain) {
  const auto params = nn::testing::uniform<float>(net::param_count, 4, -0.5, 0.5);
  const auto image = nn::testing::uniform<float>(49, 5);
  const auto dy = nn::testing::uniform<float>(net::output_shape::size, 6);
  nn::testing::unfused<net, float> reference;
  reference.forward(params.data(), image.data(), 1);
  reference.backward(params.data(), image.data(), dy.data(), 1);

  std::vector<float> y(net::output_shape::size), argmax(net::output_shape::size), grad(net::param_count, 0.0f);
  std::vector<float> din(49, 0.0f), kernel_t(net::layer<0>::kernel_size), routed(kernels<Arch>::routed_size);
  kernels<Arch>::forward_image(image.data(), params.data(), params.data() + net::layer<0>::kernel_size, y.data(),
                               argmax.data());
  kernels<Arch>::transpose_kernel(params.data(), kernel_t.data());
  kernels<Arch>::backward_image(image.data(), y.data(), argmax.data(), dy.data(), grad.data(),
                                grad.data() + net::layer<0>::kernel_size, kernel_t.data(), routed.data(), din.data());
  // One image, sums of at most 9 taps (forward) or 25 positions (backward) of terms up to 1 in float.
  constexpr nn::testing::tolerance tolerance{1e-6, 1e-6};
  CHECK(nn::testing::compare(y, reference.activations.back(), tolerance));
  CHECK(nn::testing::compare(grad, reference.param_grad, tolerance));
  CHECK(nn::testing::compare(din, reference.input_grad, tolerance));
  for (const float position : argmax) {
    CHECK(position >= 0.0f);
    CHECK(position <= 3.0f);
    CHECK(position == static_cast<float>(static_cast<int>(position)));
  }
}

TEST_CASE_TEMPLATE("conv_pool: rectangular kernels, strides and windows, strides past the window, overlap", Arch,
                   simd::native, simd::plain) {
  check_kernels<rectangular, Arch, float>(11);
  check_kernels<rectangular, Arch, double>(12);
  check_kernels<gaps, Arch, float>(13);
  check_kernels<gaps, Arch, double>(14);
  check_kernels<padded_gaps, Arch, float>(15);
  check_kernels<padded_gaps, Arch, double>(16);
  check_kernels<overlapping, Arch, float>(17);
  check_kernels<overlapping, Arch, double>(18);
}

namespace {

// Convolutions alone (no activation, no pool: batch normalization follows them in ResNet and DS-CNN), whose
// backward runs as GEMMs over dy from 8 channels on, and after gathering its inputs with one: 'same' and 'valid',
// strides 1 and 2, rectangular kernels, filter and channel counts that leave scalar tails after whole packs, and
// 3 or 5 channels, which keep the tiles.
using same_3x3 = nn::sequential<nn::input<9, 8, 5>, nn::conv2d<12, 3, nn::padding::same>>;
using same_3x3_wide = nn::sequential<nn::input<6, 6, 16>, nn::conv2d<24, 3, nn::padding::same>>;
using halving = nn::sequential<nn::input<9, 9, 9>, nn::conv2d<20, 3, nn::strides{2}, nn::padding::same>>;
using rectangular_alone = nn::sequential<nn::input<7, 6, 3>, nn::conv2d<9, nn::size2d{3, 2}, nn::strides{2, 1}>>;
using audio_like =
    nn::sequential<nn::input<13, 6, 1>, nn::conv2d<20, nn::size2d{5, 3}, nn::strides{2}, nn::padding::same>>;

template <class Conv, class Arch, class T>
using direct_kernels = nn::kernels::conv_pool_kernels<Arch, T, Conv, void, void>;
template <class Net>
using kernels_alone = direct_kernels<typename Net::template layer<0>, simd::native, float>;
static_assert(kernels_alone<audio_like>::direct_gradient && kernels_alone<audio_like>::gathers_inputs);
static_assert(kernels_alone<same_3x3_wide>::direct_gradient && !kernels_alone<same_3x3_wide>::gathers_inputs);
static_assert(kernels_alone<halving>::direct_gradient && !kernels_alone<halving>::gathers_inputs);
static_assert(!kernels_alone<same_3x3>::direct_gradient && !kernels_alone<rectangular_alone>::direct_gradient);

/// One image of `Net` (a conv2d alone) through the kernels with Arch, checked against the layer; returns its values.
template <class Net, class Arch, class T>
image_result check_direct(std::uint64_t seed) {
  using k = direct_kernels<typename Net::template layer<0>, Arch, T>;
  static_assert(k::gradient_is_dy);
  // Sums of at most 9 taps x 24 channels (forward, input gradient) or 81 positions (weight gradient).
  constexpr nn::testing::tolerance tolerance = std::is_same_v<T, float> ? nn::testing::tolerance{4e-6, 4e-6}
                                                                        : nn::testing::tolerance{1e-14, 2e-14};
  return check_one_image<Net, k, T, false>(seed, tolerance);
}

template <class Net, class T>
void check_direct_against_plain(std::uint64_t seed) {
  const image_result simd_path = check_direct<Net, simd::native, T>(seed);
  const image_result plain_path = check_direct<Net, simd::plain, T>(seed);
  if constexpr (simd::fuses_multiply_add<simd::native>) {
    CHECK(simd_path.y == plain_path.y);
    CHECK(simd_path.grad == plain_path.grad);
    CHECK(simd_path.din == plain_path.din);
  }
}

}  // namespace

TEST_CASE_TEMPLATE("conv_pool: a convolution alone, backward as GEMMs over dy; SIMD gives the plain path's bits", T,
                   float, double) {
  check_direct_against_plain<same_3x3, T>(21);
  check_direct_against_plain<same_3x3_wide, T>(22);
  check_direct_against_plain<halving, T>(23);
  check_direct_against_plain<rectangular_alone, T>(24);
  check_direct_against_plain<audio_like, T>(25);
}
