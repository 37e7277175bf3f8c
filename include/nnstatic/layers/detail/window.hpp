#pragma once
/// The arithmetic of a sliding window (a convolution kernel or a pooling window) along one spatial axis, and the
/// compile-time checks that a window fits its input.
#include <nnstatic/core/layer_options.hpp>

#include <cstddef>

namespace nnstatic {

/// The requirements of every windowed layer on its input. They are variable templates of the layer's position, the
/// layer and its input shape, so that a failing static_assert prints all three (see core/diagnostics.hpp); each
/// layer checks them in order, so each may assume the ones before it hold.
template <class At, class Layer, class InputShape>
inline constexpr bool input_is_image = InputShape::rank == 3;

template <class At, class Layer, class InputShape>
inline constexpr bool window_fits_input = Layer::template window_fits<InputShape>;

template <class At, class Layer, class InputShape>
inline constexpr bool stride_is_positive = Layer::stride > 0;

template <class At, class Layer, class InputShape>
inline constexpr bool stride_fits_window = Layer::stride <= Layer::window_height && Layer::stride <= Layer::window_width;

namespace detail {

/// One spatial axis of a window of `Window` taps moved by `Stride` over `Extent` inputs. The computations saturate
/// instead of wrapping, so that a bad layer yields one clear static_assert rather than a cascade of errors.
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

}  // namespace detail
}  // namespace nnstatic
