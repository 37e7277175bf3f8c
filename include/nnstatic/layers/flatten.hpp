#pragma once
/// `flatten`: an image <h, w, c> seen as a vector of h*w*c values, in NHWC order like Keras.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <class In>
struct bound_flatten;

/// Reshapes any input to one dimension. Samples are already stored flat, so the values do not move.
struct flatten {
  static constexpr std::string_view name = "flatten";
  static constexpr std::string_view type_name = "Flatten";
  static constexpr std::string_view header = "nnstatic/layers/flatten.hpp";
  static constexpr bool moves_values = true;
  static constexpr void write_signature(text& out) { out.append("flatten"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::flatten"); }

  template <class In>
  using bind = bound_flatten<In>;
};

template <class In>
struct bound_flatten {
  using spec = flatten;
  using input_shape = In;
  using output_shape = shape<In::size>;
  static constexpr std::size_t param_count = 0;
  static constexpr bool runs_in_place = true;  // the values do not move

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t i = 0; i < batch * In::size; ++i) y[i] = x[i];
  }

  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* /*x*/, const T* /*y*/, const T* dy,
                                 T* dx, std::size_t batch) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t i = 0; i < batch * In::size; ++i) dx[i] = dy[i];
  }
};

}  // namespace nnstatic
