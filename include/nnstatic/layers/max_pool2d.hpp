#pragma once
/// `max_pool2d<PoolSize, Options...>`: the largest value of each window, per channel.
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Max pooling over windows of `PoolSize` (one number for a square, or `size2d{height, width}`), as Keras'
/// MaxPooling2D: `max_pool2d<2>`, `max_pool2d<size2d{3, 3}, strides{2}, same>`. Options: `strides{...}` (by
/// default the pool size: windows that do not overlap; a stride larger than the window skips inputs) and `valid`
/// (default) or `same`.
template <size2d PoolSize, auto... Options>
struct max_pool2d : detail::windowed_layer<PoolSize, PoolSize, Options...> {
  static constexpr std::string_view name = "max_pooling2d";
  static constexpr std::string_view type_name = "MaxPooling2D";
  static constexpr std::string_view header = "nnstatic/layers/max_pool2d.hpp";
  static constexpr bool moves_values = true;  // the maximum of each window is one of its values

  static constexpr void write_signature(text& out) {
    out.append("max_pool2d<");
    max_pool2d::write_window_signature(out);
    out.append(">");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::max_pool2d<");
    max_pool2d::write_window_type(out);
    out.append(">");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::pool2d_accepts<At, max_pool2d, In, Options...>();
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
