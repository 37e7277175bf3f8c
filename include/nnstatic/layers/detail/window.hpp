#pragma once
/// The arithmetic of a sliding window (a convolution kernel or a pooling window) along one spatial axis, what a
/// windowed layer derives from its window, strides and padding, and the compile-time checks of its options and of
/// its input.
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/core/text.hpp>

#include <cstddef>
#include <type_traits>

namespace nnstatic {

/// The requirements of every windowed layer on its input. They are variable templates of the layer's position, the
/// layer and its input shape, so that a failing static_assert prints all three (see core/diagnostics.hpp); each
/// layer checks them in order, so each may assume the ones before it hold.
template <class At, class Layer, class InputShape>
inline constexpr bool input_is_image = InputShape::rank == 3;

template <class At, class Layer, class InputShape>
inline constexpr bool window_fits_input = Layer::template window_fits<InputShape>;

template <class At, class Layer, class InputShape>
inline constexpr bool stride_is_positive = Layer::stride_height > 0 && Layer::stride_width > 0;

/// The requirements on a windowed layer's named options, of its position, the layer and the option, so that the
/// error names the option that is wrong.
template <class At, class Layer, auto Option>
inline constexpr bool layer_takes_option = Layer::template takes_option<std::remove_cvref_t<decltype(Option)>>;

template <class At, class Layer, auto Option>
inline constexpr bool option_given_once = Layer::template times_given<std::remove_cvref_t<decltype(Option)>> == 1;

namespace detail {

/// One spatial axis of a window of `Window` taps moved by `Stride` over `Extent` inputs. The computations saturate
/// instead of wrapping, so that a bad layer yields one clear static_assert rather than a cascade of errors. A
/// stride larger than the window skips the inputs between windows, as in Keras (ResNet's 1x1 stride-2 shortcut).
template <std::size_t Extent, std::size_t Window, std::size_t Stride, padding Pad>
struct window_axis {
  static constexpr std::size_t step = Stride == 0 ? 1 : Stride;
  static constexpr std::size_t output = Pad == padding::valid ? (Extent >= Window ? (Extent - Window) / step + 1 : 0)
                                                              : (Extent + step - 1) / step;
  static constexpr std::size_t padded = output == 0 ? Extent : (output - 1) * step + Window;
  static constexpr std::size_t pad_total = padded > Extent ? padded - Extent : 0;
  static constexpr std::size_t pad_before = pad_total / 2;
  static constexpr bool fits = Window > 0 && (Pad == padding::same || Window <= Extent);

  /// The input index under tap `tap` of output position `out`, or -1 for a padded position.
  static constexpr std::ptrdiff_t input_index(std::size_t out, std::size_t tap) noexcept {
    return static_cast<std::ptrdiff_t>(out * step + tap) - static_cast<std::ptrdiff_t>(pad_before);
  }
  static constexpr bool inside(std::ptrdiff_t i) noexcept { return i >= 0 && i < static_cast<std::ptrdiff_t>(Extent); }
};

/// What conv2d and the pools derive from their window, their options and their input: a layer spec inherits it,
/// so that it only states its positional parameters and which options it takes. `Options...` are the layer's
/// named options as written; `DefaultStrides` is the stride when none is given (1 for a convolution, the window
/// for a pool, as in Keras).
template <size2d Window, size2d DefaultStrides, auto... Options>
struct windowed_layer {
  static constexpr std::size_t window_height = Window.height;
  static constexpr std::size_t window_width = Window.width;
  static constexpr size2d stride_size =
      option_value(strides{DefaultStrides.height, DefaultStrides.width}, Options...).value;
  static constexpr std::size_t stride_height = stride_size.height;
  static constexpr std::size_t stride_width = stride_size.width;
  static constexpr padding border = option_value(padding::valid, Options...);

  template <class Option>
  static constexpr bool takes_option = std::is_same_v<Option, strides> || std::is_same_v<Option, padding>;
  template <class Option>
  static constexpr std::size_t times_given = option_count<Option, Options...>;

  template <class In>
  using rows = window_axis<extent<In, 0>, window_height, stride_height, border>;
  template <class In>
  using cols = window_axis<extent<In, 1>, window_width, stride_width, border>;
  template <class In>
  static constexpr bool window_fits = rows<In>::fits && cols<In>::fits;

  /// "3x3,strides 1x1,valid", the tail of a signature in a model file.
  static constexpr void write_window_signature(text& out) {
    out.append(window_height).append("x").append(window_width);
    out.append(",strides ").append(stride_height).append("x").append(stride_width);
    out.append(border == padding::valid ? ",valid" : ",same");
  }

  /// "nnstatic::size2d{3, 3}, nnstatic::strides{1, 1}, nnstatic::padding::valid", the tail of the C++ spelling.
  static constexpr void write_window_type(text& out) {
    out.append("nnstatic::size2d{").append(window_height).append(", ").append(window_width).append("}");
    out.append(", nnstatic::strides{").append(stride_height).append(", ").append(stride_width).append("}");
    out.append(border == padding::valid ? ", nnstatic::padding::valid" : ", nnstatic::padding::same");
  }
};

/// Whether `Layer` takes each of `Options...`, each once: the first wrong one is reported, by the static_assert of
/// its requirement, and the rest are not checked (core/diagnostics.hpp).
template <class At, class Layer>
constexpr bool options_accepted() {
  return true;
}
template <class At, class Layer, auto Option, auto... Rest>
constexpr bool options_accepted() {
  if constexpr (!layer_takes_option<At, Layer, Option>) {
    static_assert(layer_takes_option<At, Layer, Option>,
                  "nnstatic: conv2d, max_pool2d and avg_pool2d take, after their sizes, only the options strides{...} "
                  "and padding (same or valid) (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return false;
  } else if constexpr (!option_given_once<At, Layer, Option>) {
    static_assert(option_given_once<At, Layer, Option>,
                  "nnstatic: a layer option must be given at most once "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return false;
  } else {
    return options_accepted<At, Layer, Rest...>();
  }
}

}  // namespace detail
}  // namespace nnstatic
