#pragma once
/// `sgd`: stochastic gradient descent with optional momentum and Nesterov momentum, as Keras defines them.
#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace nnstatic {

/// Keras' SGD. With momentum m and learning rate lr, per parameter:
///     v = m v - lr g;   w += v               (classic momentum)
///     v = m v - lr g;   w += m v - lr g      (nesterov = true)
/// With m = 0 this is plain w -= lr g. Defaults are Keras': lr 0.01, no momentum.
struct sgd {
  static constexpr std::string_view name = "sgd";

  double learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;

  template <class T, std::size_t Size>
  struct state {
    alignas(64) std::array<T, Size> velocity{};
  };

  /// One pass over the flat parameter buffer.
  template <class T, std::size_t Size>
  void update(state<T, Size>& s, std::span<T, Size> params, std::span<const T, Size> grad) const noexcept {
    const T lr = static_cast<T>(learning_rate);
    const T m = static_cast<T>(momentum);
    T* v = s.velocity.data();
    if (nesterov) {
      for (std::size_t i = 0; i < Size; ++i) {
        v[i] = m * v[i] - lr * grad[i];
        params[i] += m * v[i] - lr * grad[i];
      }
    } else {
      for (std::size_t i = 0; i < Size; ++i) {
        v[i] = m * v[i] - lr * grad[i];
        params[i] += v[i];
      }
    }
  }
};

}  // namespace nnstatic
