#pragma once
/// `categorical_crossentropy`: -sum_i y_i log p_i over a softmax output, computed from the logits.
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/loss/detail/argmax.hpp>

#include <cmath>
#include <cstddef>
#include <string_view>

namespace nnstatic {

/// Cross-entropy between one-hot (or soft) targets and a softmax output. The loss folds the softmax: it reads the
/// logits z that enter the softmax and computes log p_i = z_i - logsumexp(z) with the maximum shifted out, so
/// logits of +-1e4 give a finite loss, and its gradient with respect to z is p - y (times sum y). The network must
/// end in `softmax`. Like Keras, the batch loss is the mean over samples; `accuracy` is categorical accuracy.
struct categorical_crossentropy {
  static constexpr std::string_view name = "categorical_crossentropy";
  using folded_activation = softmax;

  /// The loss of one sample of `Width` logits; when `grad` is not null, also writes grad_scale * dL/dz into it.
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

  /// 1 when the predicted class (the largest probability) is the target's, else 0.
  template <std::size_t Width, class T>
  static T sample_accuracy(const T* output, const T* target) noexcept {
    return detail::argmax<Width>(output) == detail::argmax<Width>(target) ? T{1} : T{};
  }
};

}  // namespace nnstatic
