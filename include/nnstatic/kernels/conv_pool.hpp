#pragma once
/// A convolution fused with its bias, an element-wise activation (or none) and a following max pool (or none), one
/// image at a time, forward and backward, vectorized across output channels.
///
/// Forward computes the convolution outputs under each pooling window (pool height x pool width of them) in
/// registers (for R windows side by side), takes their maximum and its position, applies the activation and stores
/// only the pooled value and, for backward, the window position that won. The activation is non-decreasing
/// (core/elementwise_activation.hpp), so activating the maximum is the maximum of the activated values, and it runs
/// once per window. (Where two outputs of a window round to the same activated value, as sigmoid's do near 1 in
/// float, the gradient goes to the larger convolution output, and the unfused max_pool2d's to the first: both are
/// the gradient of the same function up to that rounding.) The full-size convolution output is never written.
/// Backward scales each pooled gradient by the activation's derivative, read from the pooled output y, and routes
/// it to its one convolution output inside the weight-gradient loop: the activation's derivative and the pool's
/// argmax are applied there, in registers, and the convolution's output gradient is never materialized either.
///
/// Kernels, strides and pooling windows may be rectangular, and a stride may exceed its window (the inputs or
/// convolution outputs between windows are never read). Windows that overlap are computed once per window they
/// belong to, which is correct (their gradients add up) but repeats work: the fusion plan only hands over pools
/// whose windows do not overlap.
///
/// Shapes are compile-time: the loops over the pooling window, the windows of a tile and the filter packs are
/// unrolled completely (NNSTATIC_UNROLL), the taps are loops of constant length; the filters that do not fill a
/// pack run as a scalar tail. Padding ('same') reads from a zero-bordered copy of the image.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/kernels/gemm.hpp>
#include <nnstatic/kernels/register_tiles.hpp>
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

/// The max pool that the kernels take after the convolution: windows of `Window` convolution outputs moved by
/// `Strides`, all inside the convolution's output (the pool's own padding is none, or none is needed). The kernels
/// take `void` for no pool.
template <size2d Window, size2d Strides>
struct max_pool_window {
  static constexpr std::size_t height = Window.height;
  static constexpr std::size_t width = Window.width;
  static constexpr std::size_t stride_height = Strides.height;
  static constexpr std::size_t stride_width = Strides.width;
};

namespace detail {
/// No pool: windows of one convolution output, moved by one.
using no_pool = max_pool_window<1, 1>;
template <class Pool>
using pool_or_none = std::conditional_t<std::is_void_v<Pool>, no_pool, Pool>;
}  // namespace detail

template <class Arch, class T, class Conv, class Activation, class Pool>
struct conv_pool_kernels {
  static_assert(
      std::is_void_v<Activation> || elementwise_activation<Activation>,
      "nnstatic: conv_pool_kernels fuses an element-wise activation (core/elementwise_activation.hpp) or none");
  static_assert(std::is_void_v<Activation> || std::is_void_v<Pool> || non_decreasing_activation<Activation>,
                "nnstatic: a max pool is taken before the activation, which needs a non-decreasing activation");

  static constexpr std::size_t channels = Conv::in_channels;
  static constexpr std::size_t filters = Conv::filters;
  static constexpr std::size_t kernel_height = Conv::kernel_height;
  static constexpr std::size_t kernel_width = Conv::kernel_width;
  static constexpr std::size_t stride_height = Conv::spec::stride_height;
  static constexpr std::size_t stride_width = Conv::spec::stride_width;
  static constexpr std::size_t kernel_size = Conv::kernel_size;

  /// The image as the kernels read it: with 'same' padding, a zero-bordered copy.
  static constexpr bool padded = Conv::rows::pad_total + Conv::cols::pad_total != 0;
  static constexpr std::size_t pad_top = Conv::rows::pad_before;
  static constexpr std::size_t pad_left = Conv::cols::pad_before;
  static constexpr std::size_t in_height = Conv::in_height;
  static constexpr std::size_t in_width = Conv::in_width;
  static constexpr std::size_t buffer_height = in_height + Conv::rows::pad_total;
  static constexpr std::size_t buffer_width = in_width + Conv::cols::pad_total;
  static constexpr std::size_t buffer_size = buffer_height * buffer_width * channels;

  /// Pooling windows: pool_height x pool_width convolution outputs each, moved by the pool's strides;
  /// out_height x out_width of them.
  using pool = detail::pool_or_none<Pool>;
  static constexpr std::size_t pool_height = pool::height;
  static constexpr std::size_t pool_width = pool::width;
  static constexpr std::size_t window_pixels = pool_height * pool_width;
  static_assert(pool_height <= Conv::out_height && pool_width <= Conv::out_width && pool::stride_height > 0 &&
                    pool::stride_width > 0,
                "nnstatic: the fused max pool's windows must lie inside the convolution's output");
  static constexpr std::size_t out_height = (Conv::out_height - pool_height) / pool::stride_height + 1;
  static constexpr std::size_t out_width = (Conv::out_width - pool_width) / pool::stride_width + 1;
  static constexpr std::size_t out_size = out_height * out_width * filters;
  static constexpr bool has_activation = !std::is_void_v<Activation>;

  using P = simd::pack<T, Arch>;
  static constexpr std::size_t lanes = simd::lanes<P>;
  /// Filter packs per register tile (at most), and pooling windows side by side per tile: as many accumulators as
  /// the instruction set's registers hold besides the operands (kernels/register_tiles.hpp; 16 with AVX-512, 12 in
  /// at most 2 packs with AVX2, measured by bench_runtime_kernels_zoo_convolutions). For 32 float filters and 2 x 2
  /// pooling on AVX-512 that is 2 windows x 4 positions x 2 packs, 1.5x faster than 1 window; a larger window takes
  /// fewer packs at a time (one for 3 x 3), so that its accumulators stay in registers.
  static constexpr std::size_t accumulators = register_tiles<Arch>::convolution_accumulators;
  static constexpr std::size_t chunk_packs =
      std::clamp<std::size_t>(accumulators / window_pixels, 1, register_tiles<Arch>::wide ? 4 : 2);
  static constexpr std::size_t first_chunk_packs = std::min(chunk_packs, filters / lanes);
  static constexpr std::size_t first_chunk_registers = first_chunk_packs != 0 ? first_chunk_packs : filters % lanes;
  static constexpr std::size_t tile_windows =
      std::max<std::size_t>(1, accumulators / (window_pixels * first_chunk_registers));
  /// Without an activation or a pool, the convolution's output gradient is dy itself, and backward runs as GEMMs
  /// over it (direct_backward_image) where they have rows enough: 8 input channels or more. A first convolution of
  /// one channel (DS-CNN's audio) gathers the inputs under every output's taps once (out_pixels x kernel_size
  /// values) and runs one GEMM over all outputs. With 2 to 7 channels (an image's 3) the tiles below do better:
  /// ResNet-8's first convolution backward 55 GFLOP/s with them, 30 with either GEMM form.
  static constexpr bool gradient_is_dy = !has_activation && std::is_void_v<Pool>;
  static constexpr std::size_t out_pixels = Conv::out_height * Conv::out_width;
  static constexpr std::size_t taps_size = kernel_height * kernel_width * channels;
  static constexpr bool gathers_inputs = gradient_is_dy && channels == 1;
  static constexpr bool direct_gradient = gradient_is_dy && (channels >= 8 || gathers_inputs);
  /// Scratch for backward: one tile's routed gradients, all filters, or the gathered inputs (or none).
  static constexpr std::size_t routed_size =
      direct_gradient ? (gathers_inputs ? out_pixels * taps_size : 0) : tile_windows * window_pixels * filters;

  /// Calls body.template operator()<Pack, Packs>(first_filter) for each chunk of filters: whole chunks of
  /// `chunk_packs` packs, a narrower chunk, then the filters left over as scalars.
  template <class Body>
  static void for_filter_chunks(Body&& body) noexcept {
    constexpr std::size_t packs = filters / lanes;
    constexpr std::size_t full = packs / chunk_packs;
    constexpr std::size_t rest = packs % chunk_packs;
    constexpr std::size_t scalars = filters % lanes;
    for (std::size_t c = 0; c < full; ++c) body.template operator()<P, chunk_packs>(c * chunk_packs * lanes);
    if constexpr (rest != 0) body.template operator()<P, rest>(full * chunk_packs * lanes);
    if constexpr (scalars != 0) body.template operator()<simd::pack<T, simd::plain>, scalars>(packs * lanes);
  }

  /// Calls body.template operator()<Windows>(px) for the runs of pooling windows along a row.
  template <class Body>
  static void for_window_runs(Body&& body) noexcept {
    std::size_t px = 0;
    for (; px + tile_windows <= out_width; px += tile_windows) body.template operator()<tile_windows>(px);
    if constexpr (out_width % tile_windows != 0) body.template operator()<out_width % tile_windows>(px);
  }

  /// Index in the (padded) image of the input under tap (ky, kx) for position `i` of window (py, px).
  static constexpr std::size_t input_at(std::size_t py, std::size_t px, std::size_t i, std::size_t ky,
                                        std::size_t kx) noexcept {
    const std::size_t conv_y = py * pool::stride_height + i / pool_width;
    const std::size_t conv_x = px * pool::stride_width + i % pool_width;
    return ((conv_y * stride_height + ky) * buffer_width + conv_x * stride_width + kx) * channels;
  }

  /// Copies one image into the interior of `buffer`, whose border is zero.
  static void pad(const T* image, T* buffer) noexcept {
    for (std::size_t y = 0; y < in_height; ++y)
      std::copy(image + y * in_width * channels, image + (y + 1) * in_width * channels,
                buffer + ((y + pad_top) * buffer_width + pad_left) * channels);
  }

  /// The reverse: the interior of `buffer` into an image.
  static void crop(const T* buffer, T* image) noexcept {
    for (std::size_t y = 0; y < in_height; ++y) {
      const T* row = buffer + ((y + pad_top) * buffer_width + pad_left) * channels;
      std::copy(row, row + in_width * channels, image + y * in_width * channels);
    }
  }

  // y[py][px][f] = act(max over the window of (b[f] + sum_{ky,kx,c} in[..][c] W[ky][kx][c][f]))
  // (act after the max: the activation is non-decreasing)
  template <class Pk, std::size_t Packs, std::size_t Windows>
  static void forward_tile(const T* in, const T* kernel, const T* bias, T* y, T* argmax, std::size_t py, std::size_t px,
                           std::size_t f0) noexcept {
    constexpr std::size_t w = simd::lanes<Pk>;
    Pk acc[Windows][window_pixels][Packs];
    NNSTATIC_UNROLL
    for (std::size_t v = 0; v < Packs; ++v) {
      const Pk b = simd::load<Pk>(bias + f0 + v * w);
      NNSTATIC_UNROLL
      for (std::size_t r = 0; r < Windows; ++r) {
        NNSTATIC_UNROLL
        for (std::size_t i = 0; i < window_pixels; ++i) acc[r][i][v] = b;
      }
    }
    for (std::size_t ky = 0; ky < kernel_height; ++ky)
      for (std::size_t kx = 0; kx < kernel_width; ++kx)
        for (std::size_t c = 0; c < channels; ++c) {
          const T* taps = kernel + ((ky * kernel_width + kx) * channels + c) * filters + f0;
          Pk wv[Packs];
          NNSTATIC_UNROLL
          for (std::size_t v = 0; v < Packs; ++v) wv[v] = simd::load<Pk>(taps + v * w);
          NNSTATIC_UNROLL
          for (std::size_t r = 0; r < Windows; ++r) {
            NNSTATIC_UNROLL
            for (std::size_t i = 0; i < window_pixels; ++i) {
              const Pk xs(in[input_at(py, px + r, i, ky, kx) + c]);
              NNSTATIC_UNROLL
              for (std::size_t v = 0; v < Packs; ++v) acc[r][i][v] = simd::fma(xs, wv[v], acc[r][i][v]);
            }
          }
        }
    NNSTATIC_UNROLL
    for (std::size_t r = 0; r < Windows; ++r) {
      NNSTATIC_UNROLL
      for (std::size_t v = 0; v < Packs; ++v) {
        Pk best = acc[r][0][v];
        Pk position(T{});
        NNSTATIC_UNROLL
        for (std::size_t i = 1; i < window_pixels; ++i) {
          const auto larger = acc[r][i][v] > best;  // strictly: the first maximum wins, as in max_pool2d
          best = simd::select(larger, acc[r][i][v], best);
          position = simd::select(larger, Pk(static_cast<T>(i)), position);
        }
        if constexpr (has_activation) best = Activation::pack_value(best);
        const std::size_t at = ((py * out_width + px + r) * filters) + f0 + v * w;
        simd::store(y + at, best);
        if constexpr (!std::is_void_v<Pool>)
          if (argmax != nullptr) simd::store(argmax + at, position);
      }
    }
  }

  /// One image: `in` is the image (or its padded copy), y its pooled output, argmax (may be null) the winners.
  static void forward_image(const T* in, const T* kernel, const T* bias, T* y, T* argmax) noexcept {
    for (std::size_t py = 0; py < out_height; ++py)
      for_window_runs([&]<std::size_t Windows>(std::size_t px) {
        for_filter_chunks([&]<class Pk, std::size_t Packs>(std::size_t f0) {
          forward_tile<Pk, Packs, Windows>(in, kernel, bias, y, argmax, py, px, f0);
        });
      });
  }

  /// Backward for one tile of windows and one chunk of filters: adds into kernel_grad and bias_grad and, with
  /// `routed` not null, writes the routed gradients (window, position, filter) there for the input gradient.
  template <class Pk, std::size_t Packs, std::size_t Windows>
  static void backward_tile(const T* in, const T* y, const T* argmax, const T* dy, T* kernel_grad, T* bias_grad,
                            T* routed, std::size_t py, std::size_t px, std::size_t f0) noexcept {
    constexpr std::size_t w = simd::lanes<Pk>;
    Pk g[Windows][window_pixels][Packs];
    NNSTATIC_UNROLL
    for (std::size_t v = 0; v < Packs; ++v) {
      Pk bias_sum = simd::load<Pk>(bias_grad + f0 + v * w);
      NNSTATIC_UNROLL
      for (std::size_t r = 0; r < Windows; ++r) {
        const std::size_t at = ((py * out_width + px + r) * filters) + f0 + v * w;
        Pk grad = simd::load<Pk>(dy + at);
        if constexpr (has_activation) grad = grad * Activation::pack_derivative(simd::load<Pk>(y + at));
        if constexpr (std::is_void_v<Pool>) {
          g[r][0][v] = grad;
        } else {
          const Pk position = simd::load<Pk>(argmax + at);
          NNSTATIC_UNROLL
          for (std::size_t i = 0; i < window_pixels; ++i)
            g[r][i][v] = simd::select(position == Pk(static_cast<T>(i)), grad, Pk(T{}));
        }
        bias_sum = bias_sum + grad;
      }
      simd::store(bias_grad + f0 + v * w, bias_sum);
    }
    for (std::size_t ky = 0; ky < kernel_height; ++ky)
      for (std::size_t kx = 0; kx < kernel_width; ++kx)
        for (std::size_t c = 0; c < channels; ++c) {
          T* taps = kernel_grad + ((ky * kernel_width + kx) * channels + c) * filters + f0;
          Pk dw[Packs];
          NNSTATIC_UNROLL
          for (std::size_t v = 0; v < Packs; ++v) dw[v] = simd::load<Pk>(taps + v * w);
          NNSTATIC_UNROLL
          for (std::size_t r = 0; r < Windows; ++r) {
            NNSTATIC_UNROLL
            for (std::size_t i = 0; i < window_pixels; ++i) {
              const Pk xs(in[input_at(py, px + r, i, ky, kx) + c]);
              NNSTATIC_UNROLL
              for (std::size_t v = 0; v < Packs; ++v) dw[v] = simd::fma(xs, g[r][i][v], dw[v]);
            }
          }
          NNSTATIC_UNROLL
          for (std::size_t v = 0; v < Packs; ++v) simd::store(taps + v * w, dw[v]);
        }
    if (routed != nullptr) {
      NNSTATIC_UNROLL
      for (std::size_t r = 0; r < Windows; ++r) {
        NNSTATIC_UNROLL
        for (std::size_t i = 0; i < window_pixels; ++i) {
          NNSTATIC_UNROLL
          for (std::size_t v = 0; v < Packs; ++v)
            simd::store(routed + (r * window_pixels + i) * filters + f0 + v * w, g[r][i][v]);
        }
      }
    }
  }

  /// din[pixel][c] += sum_f W[ky][kx][c][f] g[f] for the taps of each position of the tile's windows, with the
  /// kernel transposed per tap (`kernel_t`: [ky][kx][f][c]) so that the sum runs across packs of channels.
  template <std::size_t Windows>
  static void input_gradient_tile(const T* kernel_t, const T* routed, T* din, std::size_t py, std::size_t px) noexcept {
    for (std::size_t r = 0; r < Windows; ++r)
      for (std::size_t i = 0; i < window_pixels; ++i) {
        const T* gr = routed + (r * window_pixels + i) * filters;
        for (std::size_t ky = 0; ky < kernel_height; ++ky)
          for (std::size_t kx = 0; kx < kernel_width; ++kx) {
            T* dst = din + input_at(py, px + r, i, ky, kx);
            const T* taps = kernel_t + (ky * kernel_width + kx) * filters * channels;
            const auto body = [&]<class Pk>(std::size_t c) {
              Pk sum = simd::load<Pk>(dst + c);
              for (std::size_t f = 0; f < filters; ++f)
                sum = simd::fma(Pk(gr[f]), simd::load<Pk>(taps + f * channels + c), sum);
              simd::store(dst + c, sum);
            };
            std::size_t c = 0;
            for (; c + lanes <= channels; c += lanes) body.template operator()<P>(c);
            for (; c < channels; ++c) body.template operator()<simd::pack<T, simd::plain>>(c);
          }
      }
  }

  /// kernel_t[ky][kx][f][c] = kernel[ky][kx][c][f].
  static void transpose_kernel(const T* kernel, T* kernel_t) noexcept {
    for (std::size_t tap = 0; tap < kernel_height * kernel_width; ++tap)
      for (std::size_t c = 0; c < channels; ++c)
        for (std::size_t f = 0; f < filters; ++f)
          kernel_t[(tap * filters + f) * channels + c] = kernel[(tap * channels + c) * filters + f];
  }

  /// Backward where dy is the convolution's output gradient, as register-tiled GEMMs over each row of outputs
  /// (kernels/gemm.hpp, tiles from kernels/register_tiles.hpp), for each tap (ky, kx):
  ///
  ///     weight gradient  dW[tap] (channels x filters)  += X_tap[oy]^T (channels x out_width) . dY[oy]
  ///     input gradient   dX_tap[oy] (out_width x channels) += dY[oy] (out_width x filters) . W[tap]^T
  ///
  /// where X_tap[oy] are the inputs under the tap along output row oy (a stride of stride_width pixels) and dX_tap
  /// the same places of the input gradient. Each weight's gradient still sums the outputs in row order. With
  /// `gathers_inputs`, `gathered` (routed_size values) holds every output's inputs, and the weight gradient is
  ///
  ///     dW (kernel_size x filters)  += gathered^T (kernel_size x out_pixels) . dY (out_pixels x filters)
  static void direct_backward_image(const T* in, const T* dy, T* kernel_grad, T* bias_grad, const T* kernel_t,
                                    T* gathered, T* din) noexcept {
    for (std::size_t p = 0; p < out_pixels; ++p) {
      const auto add = [&]<class Pk>(std::size_t f) {
        simd::store(bias_grad + f, simd::load<Pk>(bias_grad + f) + simd::load<Pk>(dy + p * filters + f));
      };
      std::size_t f = 0;
      for (; f + lanes <= filters; f += lanes) add.template operator()<P>(f);
      for (; f < filters; ++f) add.template operator()<simd::pack<T, simd::plain>>(f);
    }
    using tiles = register_tiles<Arch>;
    if constexpr (gathers_inputs) {
      for (std::size_t oy = 0; oy < Conv::out_height; ++oy)
        for (std::size_t ox = 0; ox < Conv::out_width; ++ox)
          for (std::size_t ky = 0; ky < kernel_height; ++ky) {
            const T* from = in + ((oy * stride_height + ky) * buffer_width + ox * stride_width) * channels;
            T* to = gathered + (oy * Conv::out_width + ox) * taps_size + ky * kernel_width * channels;
            NNSTATIC_UNROLL  // a few values: moves, not a call to memmove
            for (std::size_t i = 0; i < kernel_width * channels; ++i) to[i] = from[i];
          }
      gemm<P, typename tiles::convolution_weight_gradient, filters, strides<1, taps_size>, filters, filters>(
          gathered, dy, kernel_grad, taps_size, out_pixels, true);
    }
    using along_row = strides<1, stride_width * channels>;  // A(c, ox) = x[ox * stride_width][c]
    for (std::size_t oy = 0; oy < Conv::out_height; ++oy)
      for (std::size_t ky = 0; ky < kernel_height; ++ky)
        for (std::size_t kx = 0; kx < kernel_width; ++kx) {
          const std::size_t tap = ky * kernel_width + kx;
          const std::size_t at = ((oy * stride_height + ky) * buffer_width + kx) * channels;
          const T* dy_row = dy + oy * Conv::out_width * filters;
          if constexpr (!gathers_inputs)
            gemm<P, typename tiles::convolution_weight_gradient, filters, along_row, filters, filters>(
                in + at, dy_row, kernel_grad + tap * channels * filters, channels, Conv::out_width, true);
          if (din != nullptr)
            gemm<P, typename tiles::convolution_input_gradient, channels, strides<filters, 1>, channels,
                 stride_width * channels>(dy_row, kernel_t + tap * filters * channels, din + at, Conv::out_width,
                                          filters, true);
        }
  }

  /// One image backward: adds its kernel and bias gradients; with `din` (the padded or plain input gradient,
  /// zeroed by the caller), adds the input gradient too, using `kernel_t` and `routed` as scratch.
  static void backward_image(const T* in, const T* y, const T* argmax, const T* dy, T* kernel_grad, T* bias_grad,
                             const T* kernel_t, T* routed, T* din) noexcept {
    if constexpr (direct_gradient) {
      direct_backward_image(in, dy, kernel_grad, bias_grad, kernel_t, routed, din);
      return;
    }
    for (std::size_t py = 0; py < out_height; ++py)
      for_window_runs([&]<std::size_t Windows>(std::size_t px) {
        for_filter_chunks([&]<class Pk, std::size_t Packs>(std::size_t f0) {
          backward_tile<Pk, Packs, Windows>(in, y, argmax, dy, kernel_grad, bias_grad,
                                            din == nullptr ? nullptr : routed, py, px, f0);
        });
        if (din != nullptr) input_gradient_tile<Windows>(kernel_t, routed, din, py, px);
      });
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
