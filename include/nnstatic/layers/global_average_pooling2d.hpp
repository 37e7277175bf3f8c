#pragma once
/// `global_average_pooling2d`: the mean of each channel over the whole image, (h, w, c) -> (c).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <class In>
struct bound_global_average_pooling2d;

/// Keras' GlobalAveragePooling2D (without keepdims): one value per channel, flat, so that dense can follow it
/// without a flatten.
struct global_average_pooling2d {
  static constexpr std::string_view name = "global_average_pooling2d";
  static constexpr std::string_view type_name = "GlobalAveragePooling2D";
  static constexpr std::string_view header = "nnstatic/layers/global_average_pooling2d.hpp";
  static constexpr void write_signature(text& out) { out.append("global_average_pooling2d"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::global_average_pooling2d"); }

  /// Asked by the binding before `bind`: the input must be an image.
  template <class At, class In>
  static constexpr bool accepts() {
    static_assert(input_is_image<At, global_average_pooling2d, In>,
                  "nnstatic: global_average_pooling2d needs an image input of shape <height, width, channels> "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return input_is_image<At, global_average_pooling2d, In>;
  }

  template <class In>
  using bind = bound_global_average_pooling2d<In>;
};

template <class In>
struct bound_global_average_pooling2d {
  using spec = global_average_pooling2d;
  static constexpr std::size_t pixels = extent<In, 0> * extent<In, 1>;
  static constexpr std::size_t channels = extent<In, 2>;

  using input_shape = In;
  using output_shape = shape<channels>;
  static constexpr std::size_t param_count = 0;

  // y[n][c] = sum_p x[n][p][c] / pixels
  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t n = 0; n < batch; ++n) {
      const T* xn = x + n * In::size;
      T* yn = y + n * channels;
      for (std::size_t c = 0; c < channels; ++c) yn[c] = T{};
      for (std::size_t p = 0; p < pixels; ++p)
        for (std::size_t c = 0; c < channels; ++c) yn[c] += xn[p * channels + c];
      for (std::size_t c = 0; c < channels; ++c) yn[c] /= static_cast<T>(pixels);
    }
  }

  // dx[n][p][c] = dy[n][c] / pixels
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* /*x*/, const T* /*y*/, const T* dy,
                                 T* dx, std::size_t batch) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t p = 0; p < pixels; ++p)
          for (std::size_t c = 0; c < channels; ++c)
            dx[n * In::size + p * channels + c] = dy[n * channels + c] / static_cast<T>(pixels);
  }
};

}  // namespace nnstatic
