#pragma once
/// `avg_pool2d<Window, Stride, Padding>`: the mean of each window, per channel.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Average pooling over square windows of `Window` pixels moved by `Stride`. With padding::same, border windows
/// average only the pixels inside the input (TensorFlow's convention).
template <std::size_t Window, std::size_t Stride = Window, padding Padding = padding::valid>
struct avg_pool2d {
  static constexpr std::string_view name = "average_pooling2d";
  static constexpr std::string_view type_name = "AveragePooling2D";
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
    out.append("avg_pool2d<").append(Window).append("x").append(Window).append(",stride ").append(Stride);
    out.append(Padding == padding::valid ? ",valid>" : ",same>");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::avg_pool2d<").append(Window).append(", ").append(Stride);
    out.append(Padding == padding::valid ? ", nnstatic::padding::valid>" : ", nnstatic::padding::same>");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::pool2d_accepts<At, avg_pool2d, In>();
  }

  template <class In>
  using bind = detail::bound_pool2d<avg_pool2d, In>;

  template <class T, class ForEachPixel>
  static constexpr T reduce(const T* channel, std::size_t pixel_stride, ForEachPixel&& for_each_pixel) noexcept {
    T sum{};
    std::size_t count = 0;
    for_each_pixel([&](std::size_t pixel) {
      sum += channel[pixel * pixel_stride];
      ++count;
    });
    return sum / static_cast<T>(count);
  }

  template <class T, class ForEachPixel>
  static constexpr void reduce_backward(const T* /*channel*/, T /*mean*/, T grad, T* dx_channel,
                                        std::size_t pixel_stride, ForEachPixel&& for_each_pixel) noexcept {
    std::size_t count = 0;
    for_each_pixel([&](std::size_t) { ++count; });
    const T share = grad / static_cast<T>(count);
    for_each_pixel([&](std::size_t pixel) { dx_channel[pixel * pixel_stride] += share; });
  }
};

}  // namespace nnstatic
