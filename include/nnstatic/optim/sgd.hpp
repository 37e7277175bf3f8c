#pragma once
/// `sgd`: stochastic gradient descent with optional momentum and Nesterov momentum, as Keras defines them.
#include <nnstatic/simd/arch.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

// The settings and the state are the same in every translation unit, so the optimizer is outside the instruction
// set's namespace (simd/abi.hpp) and one type in all of them (dispatch/ hands it from the user's translation unit to
// the one compiled for the CPU); what runs packs is a template on the architecture, whose type carries the tag.
namespace nnstatic {

/// Keras' SGD. With momentum m and learning rate lr, per parameter:
///     v = m v - lr g;   w += v               (classic momentum)
///     v = m v - lr g;   w += m v - lr g      (nesterov = true)
/// With m = 0 this is plain w -= lr g. Defaults are Keras': lr 0.01, no momentum.
///
/// Like `adam`, it updates either the whole buffer (`update`) or, for the trainer, slice by slice
/// (`begin_step`, then `update_range`), with the same arithmetic per parameter.
struct sgd {
  static constexpr std::string_view name = "sgd";

  double learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;

  template <class T, std::size_t Size>
  struct state {
    alignas(64) std::array<T, Size> velocity{};
  };

  template <class T>
  struct step_constants {
    T lr, m;
    bool nesterov;
  };

  template <class T, std::size_t Size>
  step_constants<T> begin_step(state<T, Size>& /*s*/) const noexcept {
    return {static_cast<T>(learning_rate), static_cast<T>(momentum), nesterov};
  }

  /// Updates parameters [first, first + count) of the flat buffer `params` from `grad` (same indexing).
  template <class Arch = simd::native, class T, std::size_t Size>
  void update_range(const step_constants<T>& c, state<T, Size>& s, std::size_t first, std::size_t count, T* params,
                    const T* grad) const noexcept {
    T* v = s.velocity.data();
    const auto body = [&]<class P>(std::size_t i) {
      const P g = simd::load<P>(grad + i);
      const P vi = P(c.m) * simd::load<P>(v + i) - P(c.lr) * g;
      simd::store(v + i, vi);
      const P step = c.nesterov ? P(c.m) * vi - P(c.lr) * g : vi;
      simd::store(params + i, simd::load<P>(params + i) + step);
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
