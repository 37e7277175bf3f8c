#pragma once
/// `global_max_pooling2d`: the largest value of each channel over the whole image, (h, w, c) -> (c).
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/global_pool2d.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Keras' GlobalMaxPooling2D (without keepdims): one value per channel, flat, so that dense can follow it without
/// a flatten.
struct global_max_pooling2d {
  static constexpr std::string_view name = "global_max_pooling2d";
  static constexpr std::string_view type_name = "GlobalMaxPooling2D";
  static constexpr std::string_view header = "nnstatic/layers/global_max_pooling2d.hpp";
  static constexpr void write_signature(text& out) { out.append("global_max_pooling2d"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::global_max_pooling2d"); }

  /// Asked by the binding before `bind`: the input must be an image.
  template <class At, class In>
  static constexpr bool accepts() {
    static_assert(input_is_image<At, global_max_pooling2d, In>,
                  "nnstatic: global_max_pooling2d needs an image input of shape <height, width, channels> "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return input_is_image<At, global_max_pooling2d, In>;
  }

  template <class In>
  using bind = detail::bound_global_pool2d<global_max_pooling2d, In>;

  // y[c] = max_p x[p][c]     (one image)
  template <std::size_t Pixels, std::size_t Channels, class T>
  static constexpr void pool(const T* x, T* y) noexcept {
    for (std::size_t c = 0; c < Channels; ++c) y[c] = x[c];
    for (std::size_t p = 1; p < Pixels; ++p)
      for (std::size_t c = 0; c < Channels; ++c)
        if (x[p * Channels + c] > y[c]) y[c] = x[p * Channels + c];
  }

  // dx[p][c] = dy[c] at the first pixel p that holds the maximum, 0 elsewhere (as max_pool2d routes it)
  template <std::size_t Pixels, std::size_t Channels, class T>
  static constexpr void pool_backward(const T* x, const T* y, const T* dy, T* dx) noexcept {
    for (std::size_t c = 0; c < Channels; ++c) {
      bool routed = false;
      for (std::size_t p = 0; p < Pixels; ++p) {
        const bool winner = !routed && x[p * Channels + c] == y[c];
        dx[p * Channels + c] = winner ? dy[c] : T{};
        routed = routed || winner;
      }
    }
  }
};

template <class In>
using bound_global_max_pooling2d = detail::bound_global_pool2d<global_max_pooling2d, In>;

}  // namespace nnstatic
