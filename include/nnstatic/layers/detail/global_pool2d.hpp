#pragma once
/// The bound form shared by `global_average_pooling2d` and `global_max_pooling2d`: (h, w, c) -> (c), one image at a
/// time; `Spec::pool` and `Spec::pool_backward` supply what is done to an image.
#include <nnstatic/core/shape.hpp>

#include <cstddef>

namespace nnstatic::detail {

template <class Spec, class In>
struct bound_global_pool2d {
  using spec = Spec;
  static constexpr std::size_t pixels = extent<In, 0> * extent<In, 1>;
  static constexpr std::size_t channels = extent<In, 2>;

  using input_shape = In;
  using output_shape = shape<channels>;
  static constexpr std::size_t param_count = 0;

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t n = 0; n < batch; ++n) Spec::template pool<pixels, channels>(x + n * In::size, y + n * channels);
  }

  /// Overwrites dx: each image's gradient is written whole.
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* x, const T* y, const T* dy, T* dx,
                                 std::size_t batch) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t n = 0; n < batch; ++n)
        Spec::template pool_backward<pixels, channels>(x + n * In::size, y + n * channels, dy + n * channels,
                                                       dx + n * In::size);
  }
};

}  // namespace nnstatic::detail
