#pragma once
/// `max_pool2d<Window, Stride, Padding>`: the largest value of each window, per channel.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Max pooling over square windows of `Window` pixels moved by `Stride` (by default, the window: no overlap).
template <std::size_t Window, std::size_t Stride = Window, padding Padding = padding::valid>
struct max_pool2d {
  static constexpr std::string_view name = "max_pooling2d";
  static constexpr std::string_view type_name = "MaxPooling2D";
  static constexpr std::size_t window_height = Window;
  static constexpr std::size_t window_width = Window;
  static constexpr std::size_t stride = Stride;
  static constexpr padding border = Padding;

  template <class In>
  using rows = detail::window_axis<extent<In, 0>, Window, Stride, Padding>;
  template <class In>
  using cols = detail::window_axis<extent<In, 1>, Window, Stride, Padding>;
  template <class In>
  static constexpr bool window_fits = rows<In>::fits && cols<In>::fits;

  static constexpr void write_signature(text& out) {
    out.append("max_pool2d<").append(Window).append("x").append(Window).append(",stride ").append(Stride);
    out.append(Padding == padding::valid ? ",valid>" : ",same>");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::max_pool2d<").append(Window).append(", ").append(Stride);
    out.append(Padding == padding::valid ? ", nnstatic::padding::valid>" : ", nnstatic::padding::same>");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::pool2d_accepts<At, max_pool2d, In>();
  }

  template <class In>
  using bind = detail::bound_pool2d<max_pool2d, In>;

  /// The window's maximum; `channel` points at this channel of the sample, pixels are `stride` apart.
  template <class T, class ForEachPixel>
  static constexpr T reduce(const T* channel, std::size_t pixel_stride, ForEachPixel&& for_each_pixel) noexcept {
    bool first = true;
    T best{};
    for_each_pixel([&](std::size_t pixel) {
      const T v = channel[pixel * pixel_stride];
      if (first || v > best) best = v;
      first = false;
    });
    return best;
  }

  /// The gradient goes to the first pixel that holds the maximum, as in PyTorch and TensorFlow.
  template <class T, class ForEachPixel>
  static constexpr void reduce_backward(const T* channel, T max, T grad, T* dx_channel, std::size_t pixel_stride,
                                        ForEachPixel&& for_each_pixel) noexcept {
    bool routed = false;
    for_each_pixel([&](std::size_t pixel) {
      if (!routed && channel[pixel * pixel_stride] == max) {
        dx_channel[pixel * pixel_stride] += grad;
        routed = true;
      }
    });
  }
};

}  // namespace nnstatic
