#pragma once
/// `binary_crossentropy`: -(y log p + (1 - y) log(1 - p)) over a sigmoid output, computed from the logits.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/sigmoid.hpp>

#include <cmath>
#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Binary cross-entropy for independent yes/no outputs. The loss folds the sigmoid: with z the logit,
/// loss = max(z, 0) - z y + log(1 + e^-|z|), finite for any z, and dL/dz = sigmoid(z) - y. The network must end in
/// `sigmoid`. As in Keras, a sample's loss is the mean over its outputs and the batch loss the mean over samples;
/// `accuracy` is binary accuracy (threshold 0.5), averaged over outputs.
struct binary_crossentropy {
  static constexpr std::string_view name = "binary_crossentropy";
  using folded_activation = sigmoid;

  /// A sample of shape `Output`. Keras takes the mean over the last axis and then over the positions; as every
  /// position has as many outputs, that is the mean over all of them, whatever the shape.
  template <shape_type Output, class T>
  static T sample(const T* logits, const T* target, T* grad, T grad_scale) noexcept {
    return sample<Output::size>(logits, target, grad, grad_scale);
  }
  template <shape_type Output, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return sample_accuracy<Output::size>(output, target);
  }

  template <std::size_t Width, class T>
  static T sample(const T* logits, const T* target, T* grad, T grad_scale) noexcept {
    T total{};
    for (std::size_t i = 0; i < Width; ++i) {
      const T z = logits[i];
      total += (z > T{} ? z : T{}) - z * target[i] + std::log1p(std::exp(-std::abs(z)));
      if (grad != nullptr) grad[i] = grad_scale * (sigmoid::value(z) - target[i]) / static_cast<T>(Width);
    }
    return total / static_cast<T>(Width);
  }

  template <std::size_t Width, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    T hits{};
    for (std::size_t i = 0; i < Width; ++i) hits += (output[i] > T{0.5}) == (target[i] > T{0.5}) ? T{1} : T{};
    return hits / static_cast<T>(Width);
  }
};

}  // namespace nnstatic
