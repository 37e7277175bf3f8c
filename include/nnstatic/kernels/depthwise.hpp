#pragma once
/// A depthwise convolution with its bias and an element-wise activation (or none), one image at a time, forward and
/// backward, vectorized along the output channels (NHWC keeps them contiguous).
///
/// Output channel c * multiplier + m reads input channel c only, so with a multiplier above 1 the kernels first
/// copy the image into an *expanded* one that repeats each input value `multiplier` times, [y][x][c][m]: from then
/// on every output channel has its own input value at the same offset as its weight and its output, and a tap is
/// one fused multiply-add per pack of output channels, with no shuffle. The same copy adds the zero border of
/// 'same' padding, so that no tap tests a bound; backward gathers the input gradient in that layout and folds
/// it back (the sum over m, the border cropped), or with a multiplier of 1 gathers it straight into dx. With a
/// multiplier of 1 and 'valid' padding the image is read as it is and no copy is made.
///
/// Sums run in the plain layer's order (bias, then the taps row by row), so a result differs from the plain layer
/// (layers/depthwise_conv2d.hpp) by the fused multiply-add's rounding only (and by an activation's vectorized
/// e^x or tanh); the instantiation with `simd::plain` is this code with packs of one, and equals the vectorized one
/// bit for bit where the activation's pack form is exact. `Depthwise` is the bound layer, read for its geometry only.
#include <nnstatic/core/elementwise_activation.hpp>
#include <nnstatic/simd/pack.hpp>
#include <nnstatic/simd/unroll.hpp>  // NNSTATIC_UNROLL

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::kernels {

template <class Arch, class T, class Depthwise, class Activation>
requires std::is_void_v<Activation> || elementwise_activation<Activation>
struct depthwise_kernels {
  using rows = typename Depthwise::rows;
  using cols = typename Depthwise::cols;
  static constexpr std::size_t channels = Depthwise::in_channels;
  static constexpr std::size_t multiplier = Depthwise::multiplier;
  static constexpr std::size_t out_channels = Depthwise::out_channels;
  static constexpr std::size_t kernel_height = Depthwise::kernel_height;
  static constexpr std::size_t kernel_width = Depthwise::kernel_width;
  static constexpr std::size_t kernel_size = Depthwise::kernel_size;
  static constexpr std::size_t taps = kernel_height * kernel_width;
  static constexpr std::size_t in_height = Depthwise::in_height;
  static constexpr std::size_t in_width = Depthwise::in_width;
  static constexpr std::size_t out_height = Depthwise::out_height;
  static constexpr std::size_t out_width = Depthwise::out_width;
  static constexpr std::size_t in_size = in_height * in_width * channels;
  static constexpr std::size_t out_size = out_height * out_width * out_channels;

  /// The image as the kernels read it: expanded (and zero-bordered) unless the multiplier is 1 and nothing is padded.
  static constexpr bool padded = rows::pad_total + cols::pad_total != 0;
  static constexpr bool expands = padded || multiplier > 1;
  static constexpr std::size_t buffer_height = in_height + rows::pad_total;
  static constexpr std::size_t buffer_width = in_width + cols::pad_total;
  static constexpr std::size_t buffer_size = buffer_height * buffer_width * out_channels;

  using P = simd::pack<T, Arch>;
  static constexpr std::size_t lanes = simd::lanes<P>;

  /// With a multiplier of 1 the input gradient needs no sum over m, so backward writes it into the sample's dx
  /// itself, not into an expanded copy to fold back.
  static constexpr bool writes_dx = multiplier == 1;

  /// Offset in the image as read (expanded or not) of the values under tap (ky, kx) of output (oy, ox).
  static constexpr std::size_t input_at(std::size_t oy, std::size_t ox, std::size_t ky, std::size_t kx) noexcept {
    return ((oy * rows::step + ky) * buffer_width + ox * cols::step + kx) * out_channels;
  }

  /// Calls body.template operator()<Pack>(first_channel) for each pack of output channels, then for the channels
  /// left over one at a time.
  template <class Body>
  static void for_channel_packs(Body&& body) noexcept {
    constexpr std::size_t whole = out_channels / lanes * lanes;
    for (std::size_t j = 0; j < whole; j += lanes) body.template operator()<P>(j);
    if constexpr (whole < out_channels)
      for (std::size_t j = whole; j < out_channels; ++j) body.template operator()<simd::pack<T, simd::plain>>(j);
  }

  /// One image into the interior of `buffer` (whose border is zero), each value repeated `multiplier` times.
  static void expand(const T* image, T* buffer) noexcept {
    if constexpr (multiplier == 1) {
      // An interior row is contiguous: one copy per row, not a fill of one value per channel (DS-CNN's depthwise
      // stages spent two thirds of their forward time in those fills).
      for (std::size_t y = 0; y < in_height; ++y)
        std::copy(image + y * in_width * channels, image + (y + 1) * in_width * channels,
                  buffer + ((y + rows::pad_before) * buffer_width + cols::pad_before) * out_channels);
    } else {
      for (std::size_t y = 0; y < in_height; ++y)
        for (std::size_t x = 0; x < in_width; ++x) {
          const T* from = image + (y * in_width + x) * channels;
          T* to = buffer + ((y + rows::pad_before) * buffer_width + x + cols::pad_before) * out_channels;
          for (std::size_t c = 0; c < channels; ++c)
            std::fill(to + c * multiplier, to + (c + 1) * multiplier, from[c]);
        }
    }
  }

  /// The reverse for a gradient: dx[y][x][c] = sum over m of buffer's [y][x][c][m], the border dropped.
  static void collapse(const T* buffer, T* dx) noexcept {
    for (std::size_t y = 0; y < in_height; ++y)
      for (std::size_t x = 0; x < in_width; ++x) {
        const T* from = buffer + ((y + rows::pad_before) * buffer_width + x + cols::pad_before) * out_channels;
        T* to = dx + (y * in_width + x) * channels;
        for (std::size_t c = 0; c < channels; ++c) {
          T sum = from[c * multiplier];
          for (std::size_t m = 1; m < multiplier; ++m) sum += from[c * multiplier + m];
          to[c] = sum;
        }
      }
  }

  /// The gradient of the convolution's output at offset `at`: dy times the activation's derivative, written
  /// through its output y, as the unfused activation layer computes it.
  template <class Pk>
  static Pk output_gradient(const T* y, const T* dy, std::size_t at) noexcept {
    if constexpr (std::is_void_v<Activation>)
      return simd::load<Pk>(dy + at);
    else
      return simd::load<Pk>(dy + at) * Activation::pack_derivative(simd::load<Pk>(y + at));
  }

  // y[oy][ox][o] = act(b[o] + sum_{ky,kx} in[oy*sy+ky][ox*sx+kx][o] W[ky][kx][o])     in: the image as read
  static void forward_image(const T* in, const T* kernel, const T* bias, T* y) noexcept {
    for (std::size_t oy = 0; oy < out_height; ++oy)
      for (std::size_t ox = 0; ox < out_width; ++ox)
        for_channel_packs([&]<class Pk>(std::size_t j) {
          Pk acc = simd::load<Pk>(bias + j);
          for (std::size_t ky = 0; ky < kernel_height; ++ky)
            for (std::size_t kx = 0; kx < kernel_width; ++kx)
              acc = simd::fma(simd::load<Pk>(in + input_at(oy, ox, ky, kx) + j),
                              simd::load<Pk>(kernel + (ky * kernel_width + kx) * out_channels + j), acc);
          if constexpr (!std::is_void_v<Activation>) acc = Activation::pack_value(acc);
          simd::store(y + (oy * out_width + ox) * out_channels + j, acc);
        });
  }

  /// One image backward: adds its kernel and bias gradients and, with `din` not null, writes its input gradient:
  /// into the sample's dx where `writes_dx`, else into the interior of the image as read (the border of a copy is
  /// never written).
  /// Each gradient element sums its terms in the plain layer's order (the output pixels row by row).
  static void backward_image(const T* in, const T* y, const T* dy, const T* kernel, T* kernel_grad, T* bias_grad,
                             T* din) noexcept {
    // Every tap and the bias of a pack of channels at once: taps + 1 independent sums over the pixels, so that
    // their multiply-adds overlap; one sum at a time waited on each multiply-add before the next.
    for_channel_packs([&]<class Pk>(std::size_t j) {
      Pk bias_sum = simd::load<Pk>(bias_grad + j);
      Pk sums[taps];
      NNSTATIC_UNROLL
      for (std::size_t t = 0; t < taps; ++t) sums[t] = simd::load<Pk>(kernel_grad + t * out_channels + j);
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox) {
          const Pk grad = output_gradient<Pk>(y, dy, (oy * out_width + ox) * out_channels + j);
          bias_sum = bias_sum + grad;
          NNSTATIC_UNROLL
          for (std::size_t ky = 0; ky < kernel_height; ++ky) {
            NNSTATIC_UNROLL
            for (std::size_t kx = 0; kx < kernel_width; ++kx)
              sums[ky * kernel_width + kx] =
                  simd::fma(simd::load<Pk>(in + input_at(oy, ox, ky, kx) + j), grad, sums[ky * kernel_width + kx]);
          }
        }
      simd::store(bias_grad + j, bias_sum);
      NNSTATIC_UNROLL
      for (std::size_t t = 0; t < taps; ++t) simd::store(kernel_grad + t * out_channels + j, sums[t]);
    });
    if (din != nullptr) gather_input_gradient(dy, y, kernel, din);
  }

 private:
  // din at each position of the image as read = the sum of W[tap] dy'[output] over the (tap, output) pairs that
  // read it, gathered in the order the outputs come (row by row: the taps from the last to the first), from zero.
  // That is the order and the rounding of adding each output's terms into a zeroed copy, so the result is the same
  // bit for bit; but each value is written once, from a register, and nothing is zeroed first. With strides of 1, a
  // position that every tap reads (the interior: all but kernel - 1 rows and columns) takes all taps unchecked, in
  // the same order.
  static void gather_input_gradient(const T* dy, const T* y, const T* kernel, T* din) noexcept {
    for (std::size_t by = rows::pad_before; by < rows::pad_before + in_height; ++by)
      for (std::size_t bx = cols::pad_before; bx < cols::pad_before + in_width; ++bx) {
        T* to = din + (writes_dx ? ((by - rows::pad_before) * in_width + bx - cols::pad_before) * channels
                                 : (by * buffer_width + bx) * out_channels);
        if (read_by_every_tap(by, bx))
          for_channel_packs([&]<class Pk>(std::size_t j) {
            Pk sum(T{});
            // From the last tap to the first, as below (a count down as the loop variable crashed g++ 12's unroller).
            NNSTATIC_UNROLL
            for (std::size_t r = 0; r < kernel_height; ++r) {
              const std::size_t ky = kernel_height - 1 - r;
              NNSTATIC_UNROLL
              for (std::size_t c = 0; c < kernel_width; ++c) {
                const std::size_t kx = kernel_width - 1 - c;
                sum = simd::fma(simd::load<Pk>(kernel + (ky * kernel_width + kx) * out_channels + j),
                                output_gradient<Pk>(y, dy, ((by - ky) * out_width + bx - kx) * out_channels + j), sum);
              }
            }
            simd::store(to + j, sum);
          });
        else
          for_channel_packs([&]<class Pk>(std::size_t j) {
            Pk sum(T{});
            for (std::size_t ky = kernel_height; ky-- > 0;) {
              if (by < ky || (by - ky) % rows::step != 0 || (by - ky) / rows::step >= out_height) continue;
              const std::size_t oy = (by - ky) / rows::step;
              for (std::size_t kx = kernel_width; kx-- > 0;) {
                if (bx < kx || (bx - kx) % cols::step != 0 || (bx - kx) / cols::step >= out_width) continue;
                const std::size_t ox = (bx - kx) / cols::step;
                sum = simd::fma(simd::load<Pk>(kernel + (ky * kernel_width + kx) * out_channels + j),
                                output_gradient<Pk>(y, dy, (oy * out_width + ox) * out_channels + j), sum);
              }
            }
            simd::store(to + j, sum);
          });
      }
  }

  /// Whether every tap reads position (by, bx) of the image as read, for some output: with strides of 1, when
  /// by - ky is an output row for every ky, and the same across.
  static constexpr bool read_by_every_tap(std::size_t by, std::size_t bx) noexcept {
    return rows::step == 1 && cols::step == 1 && by + 1 >= kernel_height && by < out_height &&
           bx + 1 >= kernel_width && bx < out_width;
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::kernels
