#pragma once
/// `categorical_crossentropy`: -sum_i y_i log p_i over a softmax output, computed from the logits.
#include <nnstatic/core/shape.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/detail/argmax.hpp>

#include <cmath>
#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Cross-entropy between one-hot (or soft) targets and a softmax output. The loss folds the softmax: it reads the
/// logits z that enter the softmax and computes log p_i = z_i - logsumexp(z) with the maximum shifted out, so
/// logits of +-1e4 give a finite loss, and its gradient with respect to z is p - y (times sum y). The network must
/// end in `softmax`. As in Keras, an output of several positions (a softmax over the channels of a feature map)
/// is one distribution per position: a sample's loss is the mean over its positions of each one's cross-entropy,
/// and its accuracy the fraction of positions whose class is right. The batch loss is the mean over samples.
struct categorical_crossentropy {
  static constexpr std::string_view name = "categorical_crossentropy";
  using folded_activation = softmax;

  /// The loss of one sample of shape `Output`, whose last axis holds the classes; when `grad` is not null, also
  /// writes grad_scale * dL/dz into it. Each position's gradient is scaled by 1 / positions, as the mean is.
  template <shape_type Output, class T>
  static T sample(const T* logits, const T* target, T* grad, T grad_scale) noexcept {
    constexpr std::size_t classes = last_extent<Output>, positions = position_count<Output>;
    const T position_scale = grad_scale / static_cast<T>(positions);
    T total{};
    for (std::size_t at = 0; at < positions * classes; at += classes)
      total += sample<classes>(logits + at, target + at, grad == nullptr ? nullptr : grad + at, position_scale);
    return total / static_cast<T>(positions);
  }

  /// The fraction of positions of a sample of shape `Output` whose predicted class is the target's.
  template <shape_type Output, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    constexpr std::size_t classes = last_extent<Output>, positions = position_count<Output>;
    T hits{};
    for (std::size_t at = 0; at < positions * classes; at += classes)
      hits += sample_accuracy<classes>(output + at, target + at);
    return hits / static_cast<T>(positions);
  }

  /// The loss of one distribution of `Width` logits; when `grad` is not null, also writes grad_scale * dL/dz into it.
  template <std::size_t Width, class T>
  static T sample(const T* logits, const T* target, T* grad, T grad_scale) noexcept {
    T max = logits[0];
    for (std::size_t i = 1; i < Width; ++i) max = logits[i] > max ? logits[i] : max;
    T sum_exp{}, target_sum{}, target_dot_logits{};
    for (std::size_t i = 0; i < Width; ++i) {
      sum_exp += std::exp(logits[i] - max);
      target_sum += target[i];
      target_dot_logits += target[i] * logits[i];
    }
    const T log_sum_exp = max + std::log(sum_exp);
    if (grad != nullptr)
      for (std::size_t i = 0; i < Width; ++i)
        grad[i] = grad_scale * (std::exp(logits[i] - log_sum_exp) * target_sum - target[i]);
    // -sum_i y_i (z_i - lse) = lse * sum y - y . z
    return log_sum_exp * target_sum - target_dot_logits;
  }

  /// 1 when the predicted class of one distribution (its largest probability) is the target's, else 0.
  template <std::size_t Width, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::argmax<Width>(output) == detail::argmax<Width>(target) ? T{1} : T{};
  }
};

}  // namespace nnstatic
