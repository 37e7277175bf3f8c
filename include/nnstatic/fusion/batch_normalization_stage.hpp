#pragma once
/// `batch_normalization_stage`: batch normalization with the element-wise activation after it (or none) fused, the
/// team sharing the channels, each over the whole batch.
///
/// The layer as written (layers/batch_normalization.hpp) followed by an activation_stage reads or writes every value
/// 20 times in a training step: two passes for the mean and the variance, one that writes the normalized input and
/// the output, one for the activation; backward, the activation's mask, then two passes for the sums and dx. Here:
///     forward    one pass for the sums of x - k and (x - k)^2, k being each channel's first value (so that
///                E[(x - k)^2] - E[x - k]^2 does not cancel), then one that normalizes, scales, shifts and activates
///     backward   the normalized input and the activation's output recomputed from x, which backward reads instead
///                of a saved copy (the stage saves each channel's mean and 1 / deviation only): one pass for the
///                sums of dz and dz x_hat, one for dx
/// 9 in all. The sums are taken in T over blocks of positions, then in double across blocks (the layer sums in
/// double throughout), so the results are the layer's within rounding (tests/unit/fusion/
/// batch_normalization_stage_test.cpp). The team shares the channels in whole packs, so a channel is computed by
/// the same instructions on any team: the same bits for any thread count.
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/simd/abi.hpp>
#include <nnstatic/simd/loop.hpp>
#include <nnstatic/simd/pack.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Normalization, kernels::fusable_activation Activation, class Out>
struct batch_normalization_stage {
  using input_shape = typename Normalization::input_shape;
  using output_shape = Out;
  static constexpr std::size_t channels = Normalization::channels;
  static constexpr std::size_t positions = Normalization::positions;
  static constexpr std::size_t param_count = Normalization::param_count;
  static constexpr std::size_t state_count = Normalization::state_count;
  /// The batch's mean and 1 / deviation of each channel; a sample's share is room enough for both.
  static constexpr std::size_t saved_size = 2 * channels;
  /// Inference reads and writes each value at its own index.
  static constexpr bool runs_in_place = true;
  static constexpr bool backward_reads_input = true;
  static constexpr bool backward_reads_output = false;
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = 0;
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = 0;

  // Inference: y = f(x scale + shift), scale = gamma / sqrt(moving_variance + epsilon), shift = beta - moving_mean
  // scale; the samples split between threads.
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/, const inference_context<T>& context = {}) noexcept {
    alignas(64) std::array<T, padded> scale{}, shift{};
    for (std::size_t c = 0; c < channels; ++c) {
      scale[c] = params[c] / std::sqrt(context.state[channels + c] + epsilon<T>);
      shift[c] = params[channels + c] - context.state[c] * scale[c];
    }
    const auto [n0, n1] = share(batch, team.index(), team.size());
    for (std::size_t p = n0 * positions; p < n1 * positions; ++p)
      simd::for_each_pack<T, Arch, channels>([&]<class P>(std::size_t c) {
        const std::size_t at = p * channels + c;
        simd::store(y + at, activate(simd::fma(simd::load<P>(x + at), simd::load<P>(scale.data() + c),
                                               simd::load<P>(shift.data() + c))));
      });
  }

  // Training: x_hat = (x - mean) / sqrt(var + epsilon), y = f(gamma x_hat + beta), the statistics the batch's;
  // moving = moving * momentum + batch * (1 - momentum).
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team,
                      const scratch<T>& /*s*/, const training_context<T>& context) noexcept {
    const auto [c0, c1] = channels_of<T>(team);
    if (c1 == c0 || batch == 0) return;
    const std::size_t count = batch * positions;
    alignas(64) std::array<T, padded> shift{};
    std::copy(x + c0, x + c1, shift.data() + c0);
    std::array<double, channels> sum{}, square_sum{};
    sum_products<T>(count, c0, c1, sum, square_sum, [&]<class P>(std::size_t at, std::size_t c) {
      const P d = simd::load<P>(x + at) - simd::load<P>(shift.data() + c);
      return std::pair<P, P>{d, d};
    });
    const auto n = static_cast<double>(count);
    constexpr double keep = Normalization::spec::momentum_ratio.template value<double>();
    for (std::size_t c = c0; c < c1; ++c) {
      const double shifted_mean = sum[c] / n;
      const double mean = static_cast<double>(shift[c]) + shifted_mean;
      const double variance = std::max(0.0, square_sum[c] / n - shifted_mean * shifted_mean);
      saved[c] = static_cast<T>(mean);
      saved[channels + c] = static_cast<T>(1 / std::sqrt(variance + epsilon<double>));
      if (context.state != nullptr) {
        T* moving = context.state;
        moving[c] = static_cast<T>(static_cast<double>(moving[c]) * keep + mean * (1 - keep));
        moving[channels + c] = static_cast<T>(static_cast<double>(moving[channels + c]) * keep + variance * (1 - keep));
      }
    }
    for (std::size_t p = 0; p < count; ++p)
      simd::for_each_pack<T, Arch>(c0, c1 - c0, [&]<class P>(std::size_t c) {
        const std::size_t at = p * channels + c;
        simd::store(y + at, activate(scaled(params, normalized<P>(x + at, saved, c), c)));
      });
  }

  // With z = gamma x_hat + beta and dz = dy f'(z): dgamma = sum dz x_hat; dbeta = sum dz;
  // dx = gamma / sqrt(var + eps) / N (N dz - sum dz - x_hat sum dz x_hat), sums over the channel's N values.
  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* /*y*/, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& /*s*/, Update& update,
                       const training_context<T>& /*context*/ = {}) noexcept {
    const auto [c0, c1] = channels_of<T>(team);
    if (c1 == c0) return;
    const std::size_t count = batch * positions;
    std::array<double, channels> dz_sum{}, dz_x_hat_sum{};
    sum_products<T>(count, c0, c1, dz_sum, dz_x_hat_sum, [&]<class P>(std::size_t at, std::size_t c) {
      const P x_hat = normalized<P>(x + at, saved, c);
      return std::pair<P, P>{gradient(params, x_hat, simd::load<P>(dy + at), c), x_hat};
    });
    for (std::size_t c = c0; c < c1; ++c) {
      grad[c] = static_cast<T>(dz_x_hat_sum[c]);
      grad[channels + c] = static_cast<T>(dz_sum[c]);
    }
    if constexpr (PropagateInput) {
      // dx = a dz - (b x_hat + o): the factors once per channel, in double, as the layer's.
      alignas(64) std::array<T, padded> a{}, b{}, o{};
      const auto n = static_cast<double>(count);
      for (std::size_t c = c0; c < c1; ++c) {
        const double factor = static_cast<double>(params[c]) * static_cast<double>(saved[channels + c]) / n;
        a[c] = static_cast<T>(factor * n);
        b[c] = static_cast<T>(factor * dz_x_hat_sum[c]);
        o[c] = static_cast<T>(factor * dz_sum[c]);
      }
      for (std::size_t p = 0; p < count; ++p)
        simd::for_each_pack<T, Arch>(c0, c1 - c0, [&]<class P>(std::size_t c) {
          const std::size_t at = p * channels + c;
          const P x_hat = normalized<P>(x + at, saved, c);
          const P dz = gradient(params, x_hat, simd::load<P>(dy + at), c);
          const P offset = simd::fma(x_hat, simd::load<P>(b.data() + c), simd::load<P>(o.data() + c));
          simd::store(dx + at, simd::fma(dz, simd::load<P>(a.data() + c), -offset));
        });
    }
    // Last: the optimizer may move gamma as soon as it is told, and dx reads it.
    update(c0, c1 - c0);
    update(channels + c0, c1 - c0);
  }

 private:
  template <class T>
  static constexpr T epsilon = Normalization::spec::epsilon_ratio.template value<T>();
  /// Per-channel factors are kept in arrays of whole 64-byte lines: a pack may be read where fewer channels remain
  /// (it never is, but g++ cannot tell, and warns).
  static constexpr std::size_t padded = whole_lines(channels);
  /// Positions summed in T before their sums join the double ones: 32 values lose about as little as one rounding.
  static constexpr std::size_t block = 32;

  /// This thread's channels: the team shares them in whole packs (the last may be short), so that whichever thread
  /// has a channel computes it with the same kind of pack.
  template <class T, class Team>
  static std::pair<std::size_t, std::size_t> channels_of(Team& team) noexcept {
    constexpr std::size_t lanes = simd::lanes<simd::pack<T, Arch>>;
    const auto [g0, g1] = share((channels + lanes - 1) / lanes, team.index(), team.size());
    return {std::min(channels, g0 * lanes), std::min(channels, g1 * lanes)};
  }

  /// sum_u[c] += u, sum_uv[c] += u v over `count` positions of channels [c0, c1), where {u, v} = terms(at, c) for
  /// the value at index `at` and channel c.
  template <class T, class Terms>
  static void sum_products(std::size_t count, std::size_t c0, std::size_t c1, std::array<double, channels>& sum_u,
                           std::array<double, channels>& sum_uv, Terms terms) noexcept {
    for (std::size_t p0 = 0; p0 < count; p0 += block) {
      const std::size_t p1 = std::min(count, p0 + block);
      simd::for_each_pack<T, Arch>(c0, c1 - c0, [&]<class P>(std::size_t c) {
        // Even and odd positions in sums of their own: each sum waits on its last addition, so two overlap.
        P u_even(T{}), uv_even(T{}), u_odd(T{}), uv_odd(T{});
        std::size_t p = p0;
        for (; p + 1 < p1; p += 2) {
          const auto [u, v] = terms.template operator()<P>(p * channels + c, c);
          const auto [u_next, v_next] = terms.template operator()<P>((p + 1) * channels + c, c);
          u_even = u_even + u;
          uv_even = simd::fma(u, v, uv_even);
          u_odd = u_odd + u_next;
          uv_odd = simd::fma(u_next, v_next, uv_odd);
        }
        if (p < p1) {
          const auto [u, v] = terms.template operator()<P>(p * channels + c, c);
          u_even = u_even + u;
          uv_even = simd::fma(u, v, uv_even);
        }
        const P u_sum = u_even + u_odd, uv_sum = uv_even + uv_odd;
        alignas(64) std::array<T, simd::lanes<P>> u_lanes{}, uv_lanes{};
        simd::store(u_lanes.data(), u_sum);
        simd::store(uv_lanes.data(), uv_sum);
        // No pack is wider than the channels at run time (c1 - c0 <= channels); the bound says so to g++, which at
        // -O2 otherwise warns that the lanes past `channels` of such a pack's (never run) body overflow the sums.
        for (std::size_t l = 0; l < std::min(simd::lanes<P>, channels); ++l) {
          sum_u[c + l] += static_cast<double>(u_lanes[l]);
          sum_uv[c + l] += static_cast<double>(uv_lanes[l]);
        }
      });
    }
  }

  template <class P, class T>
  static P normalized(const T* x, const T* saved, std::size_t c) noexcept {
    return (simd::load<P>(x) - simd::load<P>(saved + c)) * simd::load<P>(saved + channels + c);
  }
  template <class P, class T>
  static P scaled(const T* params, const P& x_hat, std::size_t c) noexcept {
    return simd::fma(simd::load<P>(params + c), x_hat, simd::load<P>(params + channels + c));
  }
  template <class P>
  static P activate(const P& z) noexcept {
    if constexpr (std::is_void_v<Activation>)
      return z;
    else
      return Activation::pack_value(z);
  }
  /// dz = dy f'(z), f' written through f(z) as the activation's own stage does.
  template <class P, class T>
  static P gradient(const T* params, const P& x_hat, const P& dy, std::size_t c) noexcept {
    if constexpr (std::is_void_v<Activation>)
      return dy;
    else
      return dy * Activation::pack_derivative(Activation::pack_value(scaled(params, x_hat, c)));
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
