#pragma once
/// `conv2d<Filters, Kernel, Options...>`: a 2-D convolution over NHWC images, with bias.
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <class Spec, class In>
struct bound_conv2d;

/// conv2d's own requirement; the others are every windowed layer's (layers/detail/window.hpp).
template <class At, class Layer, class InputShape>
inline constexpr bool layer_has_filters = Layer::filters > 0;

/// A 2-D convolution (strictly, a cross-correlation, as in every framework) of `Filters` output channels over
/// windows of `Kernel` (one number for a square, or `size2d{height, width}`), as Keras' Conv2D:
///
///     conv2d<32, 3>                                   Conv2D(32, 3)
///     conv2d<64, size2d{3, 1}, strides{2}, same>      Conv2D(64, (3, 1), strides=2, padding="same")
///
/// Options: `strides{both}` or `strides{height, width}` (default 1; larger than the kernel skips inputs, as
/// ResNet's 1x1 stride-2 shortcut does) and `valid` (default) or `same`. Parameters, in Keras' order and layout:
/// kernel [kernel height][kernel width][in channels][Filters], then bias [Filters].
template <std::size_t Filters, size2d Kernel, auto... Options>
struct conv2d : detail::windowed_layer<Kernel, 1, Options...> {
  static constexpr std::string_view name = "conv2d";
  static constexpr std::string_view type_name = "Conv2D";
  static constexpr std::string_view header = "nnstatic/layers/conv2d.hpp";
  static constexpr std::size_t filters = Filters;

  static constexpr void write_signature(text& out) {
    out.append("conv2d<").append(Filters).append(",");
    conv2d::write_window_signature(out);
    out.append(">");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::conv2d<").append(Filters).append(", ");
    conv2d::write_window_type(out);
    out.append(">");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!detail::options_accepted<At, conv2d, Options...>()) {
      return false;
    } else if constexpr (!input_is_image<At, conv2d, In>) {
      static_assert(input_is_image<At, conv2d, In>,
                    "nnstatic: conv2d needs an image input of shape <height, width, channels> "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!layer_has_filters<At, conv2d, In>) {
      static_assert(layer_has_filters<At, conv2d, In>,
                    "nnstatic: a conv2d layer needs at least one filter "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!window_fits_input<At, conv2d, In>) {
      static_assert(window_fits_input<At, conv2d, In>,
                    "nnstatic: a conv2d kernel must not be larger than its input (use padding::same or a smaller "
                    "kernel) (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!stride_is_positive<At, conv2d, In>) {
      static_assert(stride_is_positive<At, conv2d, In>,
                    "nnstatic: a conv2d stride must be at least 1 in both axes "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_conv2d<conv2d, In>;
};

template <class Spec, class In>
struct bound_conv2d {
  using spec = Spec;
  using rows = typename Spec::template rows<In>;
  using cols = typename Spec::template cols<In>;

  static constexpr std::size_t in_height = extent<In, 0>;
  static constexpr std::size_t in_width = extent<In, 1>;
  static constexpr std::size_t in_channels = extent<In, 2>;
  static constexpr std::size_t kernel_height = Spec::window_height;
  static constexpr std::size_t kernel_width = Spec::window_width;
  static constexpr std::size_t filters = Spec::filters;
  static constexpr std::size_t out_height = rows::output;
  static constexpr std::size_t out_width = cols::output;

  using input_shape = In;
  using output_shape = shape<out_height, out_width, filters>;

  static constexpr std::size_t kernel_size = kernel_height * kernel_width * in_channels * filters;
  static constexpr std::size_t bias_size = filters;
  static constexpr std::size_t param_count = kernel_size + bias_size;
  static constexpr std::size_t fan_in = kernel_height * kernel_width * in_channels;
  static constexpr std::size_t fan_out = kernel_height * kernel_width * filters;

  // y[n][oy][ox][f] = b[f] + sum_{ky,kx,c} x[n][oy*sh+ky-pad_top][ox*sw+kx-pad_left][c] W[ky][kx][c][f]
  template <class T>
  static constexpr void forward(const T* params, const T* x, T* y, std::size_t batch) noexcept {
    const T* kernel = params;
    const T* bias = params + kernel_size;
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * In::size;
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox) {
          T* out = y + ((n * out_height + oy) * out_width + ox) * filters;
          for (std::size_t f = 0; f < filters; ++f) out[f] = bias[f];
          for_each_tap(oy, ox, [&](std::size_t ky, std::size_t kx, std::size_t pixel) {
            const T* in = xn + pixel * in_channels;
            const T* taps = kernel + (ky * kernel_width + kx) * in_channels * filters;
            for (std::size_t c = 0; c < in_channels; ++c) {
              const T xc = in[c];
              const T* w = taps + c * filters;
              for (std::size_t f = 0; f < filters; ++f) out[f] += xc * w[f];
            }
          });
        }
    }
  }

  // dW[ky][kx][c][f] += sum x[..][c] dy[..][f];  db[f] += sum dy[..][f];  dx[..][c] += sum_f W[ky][kx][c][f] dy[..][f]
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* params, T* param_grad, const T* x, const T* /*y*/, const T* dy, T* dx,
                                 std::size_t batch) noexcept {
    T* kernel_grad = param_grad;
    T* bias_grad = param_grad + kernel_size;
    if constexpr (PropagateInput)
      for (std::size_t i = 0; i < batch * In::size; ++i) dx[i] = T{};
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * In::size;
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox) {
          const T* grad = dy + ((n * out_height + oy) * out_width + ox) * filters;
          for (std::size_t f = 0; f < filters; ++f) bias_grad[f] += grad[f];
          for_each_tap(oy, ox, [&](std::size_t ky, std::size_t kx, std::size_t pixel) {
            const T* in = xn + pixel * in_channels;
            const std::size_t tap = (ky * kernel_width + kx) * in_channels * filters;
            for (std::size_t c = 0; c < in_channels; ++c) {
              const T xc = in[c];
              T* wg = kernel_grad + tap + c * filters;
              for (std::size_t f = 0; f < filters; ++f) wg[f] += xc * grad[f];
            }
            if constexpr (PropagateInput) {
              T* din = dx + n * In::size + pixel * in_channels;
              for (std::size_t c = 0; c < in_channels; ++c) {
                const T* w = params + tap + c * filters;
                T sum{};
                for (std::size_t f = 0; f < filters; ++f) sum += w[f] * grad[f];
                din[c] += sum;
              }
            }
          });
        }
    }
  }

 private:
  /// Calls `visit(ky, kx, input_pixel_index)` for every kernel tap of output (oy, ox) that lands inside the input;
  /// taps on padding contribute zero and are skipped. Without padding the bounds test folds away.
  template <class Visit>
  static constexpr void for_each_tap(std::size_t oy, std::size_t ox, Visit&& visit) noexcept {
    for (std::size_t ky = 0; ky < kernel_height; ++ky) {
      const std::ptrdiff_t iy = rows::input_index(oy, ky);
      if constexpr (rows::pad_total != 0)
        if (!rows::inside(iy)) continue;
      for (std::size_t kx = 0; kx < kernel_width; ++kx) {
        const std::ptrdiff_t ix = cols::input_index(ox, kx);
        if constexpr (cols::pad_total != 0)
          if (!cols::inside(ix)) continue;
        visit(ky, kx, static_cast<std::size_t>(iy) * in_width + static_cast<std::size_t>(ix));
      }
    }
  }
};

}  // namespace nnstatic
