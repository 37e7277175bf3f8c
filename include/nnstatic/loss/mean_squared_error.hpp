#pragma once
/// `mean_squared_error` (Keras' MSE) and `half_squared_error` (the textbook 1/2 sum form).
#include <nnstatic/loss/detail/argmax.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

namespace detail {

/// Accuracy for a regression loss, as Keras resolves "accuracy": categorical for several outputs, binary at 0.5
/// for one.
template <std::size_t Width, class T>
T regression_accuracy(const T* output, const T* target) noexcept {
  if constexpr (Width == 1) return (output[0] > T{0.5}) == (target[0] > T{0.5}) ? T{1} : T{};
  else return argmax<Width>(output) == argmax<Width>(target) ? T{1} : T{};
}

}  // namespace detail

/// Keras' mean squared error: a sample's loss is the MEAN over its outputs of (f(x) - y)^2, the batch loss the mean
/// over samples. Works on any output layer; nothing is folded.
struct mean_squared_error {
  static constexpr std::string_view name = "mean_squared_error";
  using folded_activation = void;

  template <std::size_t Width, class T>
  static T sample(const T* output, const T* target, T* grad, T grad_scale) noexcept {
    T total{};
    for (std::size_t i = 0; i < Width; ++i) {
      const T diff = output[i] - target[i];
      total += diff * diff;
      if (grad != nullptr) grad[i] = grad_scale * T{2} * diff / static_cast<T>(Width);
    }
    return total / static_cast<T>(Width);
  }

  template <std::size_t Width, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::regression_accuracy<Width>(output, target);
  }
};

/// The textbook form: a sample's loss is 1/2 sum_i (f(x) - y)^2, whose gradient is simply f(x) - y. The batch loss
/// is still the mean over samples.
struct half_squared_error {
  static constexpr std::string_view name = "half_squared_error";
  using folded_activation = void;

  template <std::size_t Width, class T>
  static T sample(const T* output, const T* target, T* grad, T grad_scale) noexcept {
    T total{};
    for (std::size_t i = 0; i < Width; ++i) {
      const T diff = output[i] - target[i];
      total += diff * diff;
      if (grad != nullptr) grad[i] = grad_scale * diff;
    }
    return total / T{2};
  }

  template <std::size_t Width, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::regression_accuracy<Width>(output, target);
  }
};

}  // namespace nnstatic
