#pragma once
/// The bound form shared by `max_pool2d` and `avg_pool2d`: the window walk is the same, the reduction differs.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/detail/window.hpp>

#include <cstddef>

namespace nnstatic::detail {

/// What `max_pool2d` and `avg_pool2d` check before they bind to `In`, in order; only the first requirement that
/// fails is reported (core/diagnostics.hpp).
template <class At, class Spec, class In, auto... Options>
constexpr bool pool2d_accepts() {
  if constexpr (!options_accepted<At, Spec, Options...>()) {
    return false;
  } else if constexpr (!input_is_image<At, Spec, In>) {
    static_assert(input_is_image<At, Spec, In>,
                  "nnstatic: a pooling layer needs an image input of shape <height, width, channels> "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return false;
  } else if constexpr (!window_fits_input<At, Spec, In>) {
    static_assert(window_fits_input<At, Spec, In>,
                  "nnstatic: a pooling window must not be larger than its input (use padding::same or a smaller "
                  "window) (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return false;
  } else if constexpr (!stride_is_positive<At, Spec, In>) {
    static_assert(stride_is_positive<At, Spec, In>,
                  "nnstatic: a pooling stride must be at least 1 in both axes "
                  "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
    return false;
  } else {
    return true;
  }
}

/// A pooling layer bound to `In`; `Spec::reduce` and `Spec::reduce_backward` supply what is done in a window.
template <class Spec, class In>
struct bound_pool2d {
  using spec = Spec;
  using rows = typename Spec::template rows<In>;
  using cols = typename Spec::template cols<In>;

  static constexpr std::size_t in_width = extent<In, 1>;
  static constexpr std::size_t channels = extent<In, 2>;
  static constexpr std::size_t out_height = rows::output;
  static constexpr std::size_t out_width = cols::output;

  using input_shape = In;
  using output_shape = shape<out_height, out_width, channels>;
  static constexpr std::size_t param_count = 0;

  /// Calls `visit(input_pixel_index)` for every pixel of window (oy, ox) inside the input; padded pixels do not
  /// take part (TensorFlow's convention for both max and average pooling).
  template <class Visit>
  static constexpr void for_each_pixel(std::size_t oy, std::size_t ox, Visit&& visit) noexcept {
    for (std::size_t ky = 0; ky < Spec::window_height; ++ky) {
      const std::ptrdiff_t iy = rows::input_index(oy, ky);
      if constexpr (rows::pad_total != 0)
        if (!rows::inside(iy)) continue;
      for (std::size_t kx = 0; kx < Spec::window_width; ++kx) {
        const std::ptrdiff_t ix = cols::input_index(ox, kx);
        if constexpr (cols::pad_total != 0)
          if (!cols::inside(ix)) continue;
        visit(static_cast<std::size_t>(iy) * in_width + static_cast<std::size_t>(ix));
      }
    }
  }

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t n = 0; n < batch; ++n)
      for (std::size_t oy = 0; oy < out_height; ++oy)
        for (std::size_t ox = 0; ox < out_width; ++ox)
          for (std::size_t c = 0; c < channels; ++c) {
            const T* xc = x + n * In::size + c;
            y[((n * out_height + oy) * out_width + ox) * channels + c] =
                Spec::reduce(xc, channels, [&](auto&& visit) { for_each_pixel(oy, ox, visit); });
          }
  }

  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* x, const T* y, const T* dy, T* dx,
                                 std::size_t batch) noexcept {
    if constexpr (PropagateInput) {
      for (std::size_t i = 0; i < batch * In::size; ++i) dx[i] = T{};
      for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t oy = 0; oy < out_height; ++oy)
          for (std::size_t ox = 0; ox < out_width; ++ox)
            for (std::size_t c = 0; c < channels; ++c) {
              const std::size_t o = ((n * out_height + oy) * out_width + ox) * channels + c;
              Spec::reduce_backward(x + n * In::size + c, y[o], dy[o], dx + n * In::size + c, channels,
                                    [&](auto&& visit) { for_each_pixel(oy, ox, visit); });
            }
    }
  }
};

}  // namespace nnstatic::detail
