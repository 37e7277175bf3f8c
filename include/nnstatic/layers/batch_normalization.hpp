#pragma once
/// `batch_normalization<>`: Keras' BatchNormalization() over the last axis (channels of an image, features of a
/// vector), with its defaults: momentum 0.99, epsilon 1e-3, a learned scale (gamma) and offset (beta).
///
/// Training normalizes each channel by the batch's mean and (biased) variance over every sample and position, and
/// moves the moving statistics towards them by Keras' rule, moving = moving * momentum + batch * (1 - momentum).
/// Inference normalizes by the moving statistics, which are the layer's non-trainable state: an optimizer never
/// sees them, the model file saves them. PyTorch's BatchNorm2d differs in two defaults (epsilon 1e-5, momentum
/// 0.1 from the other side) and in using the unbiased variance for its running estimate.
///
/// Options: `momentum{ratio{9, 10}}`, `epsilon{ratio{1, 100000}}`.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_options.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/random.hpp>
#include <nnstatic/core/ratio.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace nnstatic {

/// How much of the moving statistics each training batch keeps (Keras' `momentum`).
struct momentum {
  ratio value;
  constexpr bool operator==(const momentum&) const = default;
};
/// What batch normalization adds to the variance before its square root (Keras' `epsilon`).
struct epsilon {
  ratio value;
  constexpr bool operator==(const epsilon&) const = default;
};

template <class Spec, class In>
struct bound_batch_normalization;

/// batch_normalization's requirements, of the layer's position, the layer and its input shape (core/diagnostics.hpp).
template <class At, class Layer, class InputShape>
inline constexpr bool options_are_batch_normalization_options = Layer::known_options;
template <class At, class Layer, class InputShape>
inline constexpr bool momentum_is_in_0_1 =
    Layer::momentum_ratio.denominator > 0 && Layer::momentum_ratio.numerator >= 0 &&
    Layer::momentum_ratio.numerator <= Layer::momentum_ratio.denominator;
template <class At, class Layer, class InputShape>
inline constexpr bool epsilon_is_positive = Layer::epsilon_ratio.denominator > 0 && Layer::epsilon_ratio.numerator > 0;

template <auto... Options>
struct batch_normalization {
  static constexpr std::string_view name = "batch_normalization";
  static constexpr std::string_view type_name = "BatchNormalization";
  static constexpr std::string_view header = "nnstatic/layers/batch_normalization.hpp";
  static constexpr bool known_options = only_options<void(momentum, epsilon), Options...>;
  static constexpr ratio momentum_ratio = option_value(momentum{{99, 100}}, Options...).value;
  static constexpr ratio epsilon_ratio = option_value(epsilon{{1, 1000}}, Options...).value;

  static constexpr void write_signature(text& out) {
    out.append("batch_normalization<momentum ").append(static_cast<std::size_t>(momentum_ratio.numerator));
    out.append("/").append(static_cast<std::size_t>(momentum_ratio.denominator)).append(",epsilon ");
    out.append(static_cast<std::size_t>(epsilon_ratio.numerator)).append("/");
    out.append(static_cast<std::size_t>(epsilon_ratio.denominator)).append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::batch_normalization<nnstatic::momentum{nnstatic::ratio{");
    out.append(static_cast<std::size_t>(momentum_ratio.numerator)).append(", ");
    out.append(static_cast<std::size_t>(momentum_ratio.denominator)).append("}}, nnstatic::epsilon{nnstatic::ratio{");
    out.append(static_cast<std::size_t>(epsilon_ratio.numerator)).append(", ");
    out.append(static_cast<std::size_t>(epsilon_ratio.denominator)).append("}}>");
  }

  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!options_are_batch_normalization_options<At, batch_normalization, In>) {
      static_assert(options_are_batch_normalization_options<At, batch_normalization, In>,
                    "nnstatic: batch_normalization takes momentum{...} and epsilon{...}, each at most once "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!momentum_is_in_0_1<At, batch_normalization, In>) {
      static_assert(momentum_is_in_0_1<At, batch_normalization, In>,
                    "nnstatic: a batch_normalization momentum must be in [0, 1] "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else if constexpr (!epsilon_is_positive<At, batch_normalization, In>) {
      static_assert(epsilon_is_positive<At, batch_normalization, In>,
                    "nnstatic: a batch_normalization epsilon must be above 0 "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_batch_normalization<batch_normalization, In>;
};

template <class Spec, class In>
struct bound_batch_normalization {
  using spec = Spec;
  using input_shape = In;
  using output_shape = In;

  /// Channels are the last axis; every other position of every sample shares each channel's statistics.
  static constexpr std::size_t channels = last_extent<In>;
  static constexpr std::size_t positions = position_count<In>;

  /// Parameters in Keras' order: gamma [channels], beta [channels]; state: moving mean, moving variance.
  static constexpr std::size_t param_count = 2 * channels;
  static constexpr std::size_t state_count = 2 * channels;
  /// The normalized input of every value; after the whole batch's, the channels' 1 / sqrt(variance + epsilon).
  static constexpr std::size_t saved_size = In::size + channels;
  static constexpr bool batch_coupled = true;
  static constexpr bool runs_in_place = true;
  /// Backward reads only what the training forward saved.
  static constexpr bool backward_reads_input = false;
  static constexpr bool backward_reads_output = false;

  template <class T>
  static void initialize(T* params, T* state, random_engine& /*rng*/) noexcept {
    for (std::size_t c = 0; c < channels; ++c) {
      params[c] = T{1};            // gamma
      params[channels + c] = T{};  // beta
      state[c] = T{};              // moving mean
      state[channels + c] = T{1};  // moving variance
    }
  }

  // Inference: y = gamma (x - moving_mean) / sqrt(moving_variance + epsilon) + beta, as one scale and shift.
  template <class T>
  static constexpr void forward(const inference_args<T>& a) noexcept {
    std::array<T, channels> scale{}, shift{};
    for (std::size_t c = 0; c < channels; ++c) {
      scale[c] = a.params[c] / square_root(a.state[channels + c] + epsilon_value<T>);
      shift[c] = a.params[channels + c] - a.state[c] * scale[c];
    }
    for (std::size_t p = 0; p < a.batch * positions; ++p)
      for (std::size_t c = 0; c < channels; ++c) a.y[p * channels + c] = a.x[p * channels + c] * scale[c] + shift[c];
  }

  // Training, on the whole batch: x_hat = (x - mean) / sqrt(var + epsilon), y = gamma x_hat + beta.
  template <class T>
  static void train_forward(const training_args<T>& a) noexcept {
    train_forward(a, 0, channels);
  }
  /// The same for channels [first, last) alone: each channel's statistics are its own, so a team may share the
  /// channels (core/layer_protocol.hpp's channel_range_layer) and compute the bits of one thread.
  template <class T>
  static void train_forward(const training_args<T>& a, std::size_t first, std::size_t last) noexcept {
    using accumulator = std::conditional_t<std::is_same_v<T, float>, double, T>;
    const std::size_t count = a.batch * positions;
    std::array<accumulator, channels> mean{}, variance{};
    for (std::size_t p = 0; p < count; ++p)
      for (std::size_t c = first; c < last; ++c) mean[c] += static_cast<accumulator>(a.x[p * channels + c]);
    for (std::size_t c = first; c < last; ++c) mean[c] /= static_cast<accumulator>(count);
    for (std::size_t p = 0; p < count; ++p)
      for (std::size_t c = first; c < last; ++c) {
        const accumulator d = static_cast<accumulator>(a.x[p * channels + c]) - mean[c];
        variance[c] += d * d;
      }
    T* x_hat = a.saved;
    T* inverse_deviation = a.saved + a.batch * In::size;
    constexpr accumulator keep = Spec::momentum_ratio.template value<accumulator>();
    for (std::size_t c = first; c < last; ++c) {
      variance[c] /= static_cast<accumulator>(count);
      inverse_deviation[c] = static_cast<T>(1 / std::sqrt(variance[c] + epsilon_value<accumulator>));
      a.state[c] = static_cast<T>(static_cast<accumulator>(a.state[c]) * keep + mean[c] * (1 - keep));
      a.state[channels + c] =
          static_cast<T>(static_cast<accumulator>(a.state[channels + c]) * keep + variance[c] * (1 - keep));
    }
    for (std::size_t p = 0; p < count; ++p)
      for (std::size_t c = first; c < last; ++c) {
        const std::size_t at = p * channels + c;
        const accumulator deviation = static_cast<accumulator>(inverse_deviation[c]);
        x_hat[at] = static_cast<T>((static_cast<accumulator>(a.x[at]) - mean[c]) * deviation);
        a.y[at] = a.params[c] * x_hat[at] + a.params[channels + c];
      }
  }

  // dgamma += sum dy x_hat; dbeta += sum dy;
  // dx = gamma / sqrt(var + eps) / N (N dy - sum dy - x_hat sum dy x_hat), sums over the channel's N values.
  template <bool PropagateInput, class T>
  static void backward(const backward_args<T>& a) noexcept {
    backward<PropagateInput>(a, 0, channels);
  }
  /// The same for channels [first, last) alone, which touches only their values and parameter gradients.
  template <bool PropagateInput, class T>
  static void backward(const backward_args<T>& a, std::size_t first, std::size_t last) noexcept {
    using accumulator = std::conditional_t<std::is_same_v<T, float>, double, T>;
    const std::size_t count = a.batch * positions;
    const T* x_hat = a.saved;
    const T* inverse_deviation = a.saved + a.batch * In::size;
    std::array<accumulator, channels> dy_sum{}, dy_x_hat_sum{};
    for (std::size_t p = 0; p < count; ++p)
      for (std::size_t c = first; c < last; ++c) {
        const std::size_t at = p * channels + c;
        dy_sum[c] += static_cast<accumulator>(a.dy[at]);
        dy_x_hat_sum[c] += static_cast<accumulator>(a.dy[at]) * static_cast<accumulator>(x_hat[at]);
      }
    for (std::size_t c = first; c < last; ++c) {
      a.param_grad[c] += static_cast<T>(dy_x_hat_sum[c]);
      a.param_grad[channels + c] += static_cast<T>(dy_sum[c]);
    }
    if constexpr (PropagateInput) {
      const auto n = static_cast<accumulator>(count);
      // Once per channel: inside the loop over values, the division ran for every value.
      std::array<accumulator, channels> factor{};
      for (std::size_t c = first; c < last; ++c)
        factor[c] = static_cast<accumulator>(a.params[c]) * static_cast<accumulator>(inverse_deviation[c]) / n;
      for (std::size_t p = 0; p < count; ++p)
        for (std::size_t c = first; c < last; ++c) {
          const std::size_t at = p * channels + c;
          a.dx[at] = static_cast<T>(factor[c] * (n * static_cast<accumulator>(a.dy[at]) - dy_sum[c] -
                                                  static_cast<accumulator>(x_hat[at]) * dy_x_hat_sum[c]));
        }
    }
  }

 private:
  template <class T>
  static constexpr T epsilon_value = Spec::epsilon_ratio.template value<T>();

  // std::sqrt is not constexpr before C++26; inference must also run inside a static_assert.
  template <class T>
  static constexpr T square_root(T v) noexcept {
    if (std::is_constant_evaluated()) {
      if (v <= T{}) return T{};
      T r = v > T{1} ? v : T{1};
      for (int i = 0; i < 64; ++i) r = (r + v / r) / 2;
      return r;
    }
    return std::sqrt(v);
  }
};

}  // namespace nnstatic
