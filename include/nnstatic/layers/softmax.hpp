#pragma once
/// `softmax`: e^x / sum e^x along the last axis.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>
#include <nnstatic/detail/constexpr_math.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

template <class In>
struct bound_softmax;

/// Normalizes the last axis into probabilities: over a feature map, each position's channels on their own (Keras'
/// axis=-1). With `categorical_crossentropy` the loss folds it into a stable log-sum-exp and the gradient p - y,
/// position by position, so training never runs the backward below; it is kept for other losses.
struct softmax {
  static constexpr std::string_view name = "softmax";
  static constexpr std::string_view type_name = "Softmax";
  static constexpr std::string_view header = "nnstatic/layers/softmax.hpp";
  static constexpr void write_signature(text& out) { out.append("softmax"); }
  static constexpr void write_type(text& out) { out.append("nnstatic::softmax"); }

  template <class In>
  using bind = bound_softmax<In>;

  /// Writes the probabilities of the `Count` logits at `z` into `p`, shifting by the maximum so exp never overflows.
  /// `p` may be `z`. std::exp at run time, and usable in constant expressions (detail/constexpr_math.hpp).
  template <std::size_t Count, class T>
  static constexpr void probabilities(const T* z, T* p) noexcept {
    T max = z[0];
    for (std::size_t i = 1; i < Count; ++i) max = z[i] > max ? z[i] : max;
    T sum{};
    for (std::size_t i = 0; i < Count; ++i) sum += p[i] = detail::exp(z[i] - max);
    const T inverse = T{1} / sum;
    for (std::size_t i = 0; i < Count; ++i) p[i] *= inverse;
  }
};

template <class In>
struct bound_softmax {
  using spec = softmax;
  using input_shape = In;
  using output_shape = In;
  static constexpr std::size_t param_count = 0;
  static constexpr std::size_t axis = last_extent<In>;
  /// probabilities() reads each logit before it writes its probability there, so forward may be given y == x.
  static constexpr bool runs_in_place = true;

  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    for (std::size_t row = 0; row < batch * In::size / axis; ++row)
      softmax::probabilities<axis>(x + row * axis, y + row * axis);
  }

  // dx_i = y_i (dy_i - sum_j dy_j y_j)
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* /*params*/, T* /*param_grad*/, const T* /*x*/, const T* y, const T* dy,
                                 T* dx, std::size_t batch) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t row = 0; row < batch * In::size / axis; ++row) {
        const T* yr = y + row * axis;
        const T* dyr = dy + row * axis;
        T dot{};
        for (std::size_t j = 0; j < axis; ++j) dot += dyr[j] * yr[j];
        for (std::size_t i = 0; i < axis; ++i) dx[row * axis + i] = yr[i] * (dyr[i] - dot);
      }
  }
};

}  // namespace nnstatic
