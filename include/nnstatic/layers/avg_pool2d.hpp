#pragma once
/// `avg_pool2d<PoolSize, Options...>`: the mean of each window, per channel.
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/size2d.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Average pooling over windows of `PoolSize`, as Keras' AveragePooling2D, with max_pool2d's options (strides by
/// default the pool size, `valid` or `same`). With `same`, border windows average only the pixels inside the input
/// (TensorFlow's convention).
template <size2d PoolSize, auto... Options>
struct avg_pool2d : detail::windowed_layer<PoolSize, PoolSize, Options...> {
  static constexpr std::string_view name = "average_pooling2d";
  static constexpr std::string_view type_name = "AveragePooling2D";
  static constexpr std::string_view header = "nnstatic/layers/avg_pool2d.hpp";
  static constexpr bool averages = true;

  static constexpr void write_signature(text& out) {
    out.append("avg_pool2d<");
    avg_pool2d::write_window_signature(out);
    out.append(">");
  }

  static constexpr void write_type(text& out) {
    out.append("nnstatic::avg_pool2d<");
    avg_pool2d::write_window_type(out);
    out.append(">");
  }

  /// Asked by the binding before `bind`: the first requirement `In` breaks is reported, the rest are not checked.
  template <class At, class In>
  static constexpr bool accepts() {
    return detail::pool2d_accepts<At, avg_pool2d, In, Options...>();
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
