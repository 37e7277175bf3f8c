#pragma once
/// `adam`: Kingma and Ba's Adam with Keras' defaults and Keras' form of the bias correction.
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

// The settings and the state are the same in every translation unit, so the optimizer is outside the instruction
// set's namespace (simd/abi.hpp) and one type in all of them (dispatch/ hands it from the user's translation unit to
// the one compiled for the CPU); what runs packs is a template on the architecture, whose type carries the tag.
namespace nnstatic {

/// Adam as Keras computes it, per parameter at step t (counting from 1):
///     m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
///     w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)
/// Note epsilon is added to sqrt(v) *without* bias correction (Keras' and TensorFlow's "epsilon hat"), which
/// differs slightly from PyTorch. Defaults are Keras': lr 1e-3, b1 0.9, b2 0.999, epsilon 1e-7.
///
/// `update` is one vectorized pass over the flat parameter buffer. The trainer instead calls `begin_step` once
/// and then `update_range` on each slice, from the thread that computed that slice's gradient, as soon as it is
/// final; either way each parameter sees the same arithmetic.
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

  /// What one step shares between all parameters: the bias-corrected step size and the betas in `T`.
  template <class T>
  struct step_constants {
    T step_size, b1, b2, one_minus_b1, one_minus_b2, eps;
  };

  /// Counts the step and returns its constants; call once per step, before any `update_range`.
  template <class T, std::size_t Size>
  step_constants<T> begin_step(state<T, Size>& s) const noexcept {
    ++s.step;
    const double t = static_cast<double>(s.step);
    const T b1 = static_cast<T>(beta_1), b2 = static_cast<T>(beta_2);
    return {static_cast<T>(learning_rate * std::sqrt(1.0 - std::pow(beta_2, t)) / (1.0 - std::pow(beta_1, t))),
            b1,
            b2,
            T{1} - b1,
            T{1} - b2,
            static_cast<T>(epsilon)};
  }

  /// Updates parameters [first, first + count) of the flat buffer `params` from `grad` (same indexing).
  /// Slices may be updated in any order and from any thread, as long as no two overlap.
  template <class Arch = simd::native, class T, std::size_t Size>
  void update_range(const step_constants<T>& c, state<T, Size>& s, std::size_t first, std::size_t count, T* params,
                    const T* grad) const noexcept {
    T* m = s.m.data();
    T* v = s.v.data();
    const auto body = [&]<class P>(std::size_t i) {
      const P g = simd::load<P>(grad + i);
      const P mi = P(c.b1) * simd::load<P>(m + i) + P(c.one_minus_b1) * g;
      const P vi = P(c.b2) * simd::load<P>(v + i) + P(c.one_minus_b2) * g * g;
      simd::store(m + i, mi);
      simd::store(v + i, vi);
      simd::store(params + i,
                  simd::load<P>(params + i) - simd::divide(P(c.step_size) * mi, simd::sqrt(vi) + P(c.eps)));
    };
    simd::for_each_pack<T, Arch>(first, count, body);
  }

  /// One step over the whole flat parameter buffer.
  template <class Arch = simd::native, class T, std::size_t Size>
  void update(state<T, Size>& s, std::span<T, Size> params, std::span<const T, Size> grad) const noexcept {
    update_range<Arch>(begin_step(s), s, 0, Size, params.data(), grad.data());
  }
};

}  // namespace nnstatic
