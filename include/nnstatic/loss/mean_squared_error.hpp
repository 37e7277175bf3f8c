#pragma once
/// `mean_squared_error` (Keras' MSE) and `half_squared_error` (the textbook 1/2 sum form).
#include <nnstatic/core/shape.hpp>
#include <nnstatic/loss/detail/argmax.hpp>

#include <cstddef>
#include <string_view>

namespace nnstatic {

namespace detail {

/// Accuracy for a regression loss, as Keras resolves "accuracy" from the last axis: binary at 0.5 when it holds
/// one output, else categorical, each averaged over the positions of a sample of shape `Output`.
template <shape_type Output, class T>
T regression_accuracy(const T* output, const T* target) noexcept {
  constexpr std::size_t width = last_extent<Output>, positions = position_count<Output>;
  T hits{};
  for (std::size_t at = 0; at < positions * width; at += width) {
    if constexpr (width == 1)
      hits += (output[at] > T{0.5}) == (target[at] > T{0.5}) ? T{1} : T{};
    else
      hits += argmax<width>(output + at) == argmax<width>(target + at) ? T{1} : T{};
  }
  return hits / static_cast<T>(positions);
}

}  // namespace detail

/// Keras' mean squared error: a sample's loss is the MEAN over its outputs of (f(x) - y)^2, the batch loss the mean
/// over samples. Works on any output layer; nothing is folded.
struct mean_squared_error {
  static constexpr std::string_view name = "mean_squared_error";
  using folded_activation = void;

  /// A sample of shape `Output`. Keras takes the mean over the last axis and then over the positions; as every
  /// position has as many outputs, that is the mean over all of them. Accuracy does depend on the last axis.
  template <shape_type Output, class T>
  static T sample(const T* output, const T* target, T* grad, T grad_scale) noexcept {
    return sample<Output::size>(output, target, grad, grad_scale);
  }
  template <shape_type Output, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::regression_accuracy<Output>(output, target);
  }

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
    return detail::regression_accuracy<shape<Width>>(output, target);
  }
};

/// The textbook form: a sample's loss is 1/2 sum_i (f(x) - y)^2, whose gradient is simply f(x) - y. The batch loss
/// is still the mean over samples.
struct half_squared_error {
  static constexpr std::string_view name = "half_squared_error";
  using folded_activation = void;

  /// A sample of shape `Output`: the sum runs over all its outputs, whatever the shape.
  template <shape_type Output, class T>
  static T sample(const T* output, const T* target, T* grad, T grad_scale) noexcept {
    return sample<Output::size>(output, target, grad, grad_scale);
  }
  template <shape_type Output, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::regression_accuracy<Output>(output, target);
  }

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
    return detail::regression_accuracy<shape<Width>>(output, target);
  }
};

}  // namespace nnstatic
