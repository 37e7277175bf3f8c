#pragma once
/// `adam`: Kingma and Ba's Adam with Keras' defaults and Keras' form of the bias correction.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace nnstatic {

/// Adam as Keras computes it, per parameter at step t (counting from 1):
///     m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
///     w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)
/// Note epsilon is added to sqrt(v) *without* bias correction (Keras' and TensorFlow's "epsilon hat"), which
/// differs slightly from PyTorch. Defaults are Keras': lr 1e-3, b1 0.9, b2 0.999, epsilon 1e-7.
struct adam {
  static constexpr std::string_view name = "adam";

  double learning_rate = 1e-3;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;

  template <class T, std::size_t Size>
  struct state {
    alignas(64) std::array<T, Size> m{};
    alignas(64) std::array<T, Size> v{};
    std::uint64_t step = 0;
  };

  /// One pass over the flat parameter buffer.
  template <class T, std::size_t Size>
  void update(state<T, Size>& s, std::span<T, Size> params, std::span<const T, Size> grad) const noexcept {
    ++s.step;
    const double t = static_cast<double>(s.step);
    const T step_size = static_cast<T>(learning_rate * std::sqrt(1.0 - std::pow(beta_2, t)) / (1.0 - std::pow(beta_1, t)));
    const T b1 = static_cast<T>(beta_1), b2 = static_cast<T>(beta_2), eps = static_cast<T>(epsilon);
    const T one_minus_b1 = T{1} - b1, one_minus_b2 = T{1} - b2;
    T* m = s.m.data();
    T* v = s.v.data();
    for (std::size_t i = 0; i < Size; ++i) {
      const T g = grad[i];
      m[i] = b1 * m[i] + one_minus_b1 * g;
      v[i] = b2 * v[i] + one_minus_b2 * g * g;
      params[i] -= step_size * m[i] / (std::sqrt(v[i]) + eps);
    }
  }
};

}  // namespace nnstatic
