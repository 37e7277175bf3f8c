#pragma once
/// `depthwise_conv2d<Kernel, Options...>`: each input channel convolved with its own kernels, with bias.
///
///     depthwise_conv2d<3>                                          DepthwiseConv2D(3)
///     depthwise_conv2d<3, strides{2}, same, depth_multiplier{2}>   DepthwiseConv2D(3, strides=2, padding="same",
///                                                                                  depth_multiplier=2)
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <class Spec, class In>
struct bound_depthwise_conv2d;

/// depthwise_conv2d's own requirements, besides the image input, the stride and the kernel fitting its input that
/// every windowed layer checks (layers/detail/window.hpp); of the layer's position, the layer and its input, so that
/// a failing one prints all three (core/diagnostics.hpp).
template <class At, class Layer, class InputShape>
inline constexpr bool depthwise_options_are_known = Layer::options_are_known;

template <class At, class Layer, class InputShape>
inline constexpr bool depthwise_multiplier_is_positive = Layer::multiplier > 0;

/// A depthwise 2-D convolution: input channel c is cross-correlated with `depth_multiplier` kernels of its own,
/// which make output channels c * multiplier + m (TensorFlow's order); channels never mix. Options, each at most
/// once: `strides` (default 1), `padding` (`valid` or `same`, default `valid`), `depth_multiplier` (default 1).
/// Parameters, in Keras' order and layout: kernel [kh][kw][in channels][multiplier], then bias
/// [in channels * multiplier].
template <size2d Kernel, auto... Options>
struct depthwise_conv2d : detail::windowed_layer<Kernel, 1, Options...> {
  static constexpr std::string_view name = "depthwise_conv2d";
  static constexpr std::string_view type_name = "DepthwiseConv2D";
  static constexpr std::string_view header = "nnstatic/layers/depthwise_conv2d.hpp";

  static constexpr bool options_are_known = only_options<void(strides, padding, depth_multiplier), Options...>;
  static constexpr std::size_t multiplier = option_value(depth_multiplier{1}, Options...).value;

  static constexpr void write_signature(text& out) {
    out.append("depthwise_conv2d<");
    depthwise_conv2d::write_window_signature(out);
    out.append(",depth_multiplier ").append(multiplier).append(">");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::depthwise_conv2d<");
    depthwise_conv2d::write_window_type(out);
    out.append(", nnstatic::depth_multiplier{").append(multiplier).append("}>");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!depthwise_options_are_known<At, depthwise_conv2d, In>) {
      static_assert(depthwise_options_are_known<At, depthwise_conv2d, In>,
                    "nnstatic: depthwise_conv2d takes its kernel size, then only the options strides{...}, "
                    "padding (valid or same) and depth_multiplier{...}, each at most once "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!input_is_image<At, depthwise_conv2d, In>) {
      static_assert(input_is_image<At, depthwise_conv2d, In>,
                    "nnstatic: depthwise_conv2d needs an image input of shape <height, width, channels> "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!depthwise_multiplier_is_positive<At, depthwise_conv2d, In>) {
      static_assert(depthwise_multiplier_is_positive<At, depthwise_conv2d, In>,
                    "nnstatic: a depthwise_conv2d depth_multiplier must be at least 1 "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!stride_is_positive<At, depthwise_conv2d, In>) {
      static_assert(stride_is_positive<At, depthwise_conv2d, In>,
                    "nnstatic: depthwise_conv2d strides must be at least 1 along both axes "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!window_fits_input<At, depthwise_conv2d, In>) {
      static_assert(window_fits_input<At, depthwise_conv2d, In>,
                    "nnstatic: a depthwise_conv2d kernel must be at least 1x1 and not larger than its input (use "
                    "padding same or a smaller kernel) (layer_index<I> is net::layer<I>, counted from 0 after "
                    "input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_depthwise_conv2d<depthwise_conv2d, In>;
};

template <class Spec, class In>
struct bound_depthwise_conv2d {
  using spec = Spec;
  using rows = typename Spec::template rows<In>;
  using cols = typename Spec::template cols<In>;

  static constexpr std::size_t in_height = extent<In, 0>;
  static constexpr std::size_t in_width = extent<In, 1>;
  static constexpr std::size_t in_channels = extent<In, 2>;
  static constexpr std::size_t multiplier = Spec::multiplier;
  static constexpr std::size_t kernel_height = Spec::window_height;
  static constexpr std::size_t kernel_width = Spec::window_width;
  static constexpr std::size_t out_height = rows::output;
  static constexpr std::size_t out_width = cols::output;
  static constexpr std::size_t out_channels = in_channels * multiplier;

  using input_shape = In;
  using output_shape = shape<out_height, out_width, out_channels>;

  /// One tap of the kernel holds a weight per output channel, in output order: [c][m] is output c * multiplier + m.
  static constexpr std::size_t kernel_size = kernel_height * kernel_width * out_channels;
  static constexpr std::size_t bias_size = out_channels;
  static constexpr std::size_t param_count = kernel_size + bias_size;
  /// Keras' Glorot fans for a kernel of shape (kh, kw, in, multiplier), the receptive field times the last two
  /// dimensions: fan_in = kh kw in, fan_out = kh kw multiplier (keras.initializers' compute_fans).
  static constexpr std::size_t fan_in = kernel_height * kernel_width * in_channels;
  static constexpr std::size_t fan_out = kernel_height * kernel_width * multiplier;

  // y[n][oy][ox][c M + m] = b[c M + m] + sum_{ky,kx} x[n][oy*sy+ky-pad][ox*sx+kx-pad][c] W[ky][kx][c][m]
  template <class T>
  static constexpr void forward(const T* params, const T* x, T* y, std::size_t batch) noexcept {
    const T* kernel = params;
    const T* bias = params + kernel_size;
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * In::size;
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox) {
          T* out = y + ((n * out_height + oy) * out_width + ox) * out_channels;
          for (std::size_t o = 0; o < out_channels; ++o) out[o] = bias[o];
          for_each_tap(oy, ox, [&](std::size_t tap, std::size_t pixel) {
            const T* in = xn + pixel * in_channels;
            const T* w = kernel + tap * out_channels;
            for (std::size_t o = 0; o < out_channels; ++o) out[o] += in[o / multiplier] * w[o];
          });
        }
    }
  }

  // dW[ky][kx][c][m] += sum x[..][c] dy[..][c M + m];  db[o] += sum dy[..][o];  dx[..][c] = sum W[..][c][m] dy[..][c M
  // + m]
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
          const T* grad = dy + ((n * out_height + oy) * out_width + ox) * out_channels;
          for (std::size_t o = 0; o < out_channels; ++o) bias_grad[o] += grad[o];
          for_each_tap(oy, ox, [&](std::size_t tap, std::size_t pixel) {
            const T* in = xn + pixel * in_channels;
            T* wg = kernel_grad + tap * out_channels;
            for (std::size_t o = 0; o < out_channels; ++o) wg[o] += in[o / multiplier] * grad[o];
            if constexpr (PropagateInput) {
              const T* w = params + tap * out_channels;
              T* din = dx + n * In::size + pixel * in_channels;
              for (std::size_t o = 0; o < out_channels; ++o) din[o / multiplier] += w[o] * grad[o];
            }
          });
        }
    }
  }

  /// Calls `visit(tap, input_pixel_index)` for every kernel tap (ky * kernel_width + kx) of output (oy, ox) that
  /// lands inside the input; taps on padding contribute zero and are skipped. Without padding the test folds away.
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
        visit(ky * kernel_width + kx, static_cast<std::size_t>(iy) * in_width + static_cast<std::size_t>(ix));
      }
    }
  }
};

}  // namespace nnstatic
