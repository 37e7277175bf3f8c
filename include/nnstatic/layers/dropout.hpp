#pragma once
/// `dropout<ratio{1, 4}>`: Keras' Dropout(0.25). In training each value is zeroed with probability `Rate` and the
/// others are scaled by 1 / (1 - Rate) (inverted dropout), so that inference is the identity.
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/ratio.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nnstatic {

template <ratio Rate, class In>
struct bound_dropout;

/// dropout's requirement, of the layer's position, the layer and its input shape, so that a failing one prints
/// all three (core/diagnostics.hpp).
template <class At, class Layer, class InputShape>
inline constexpr bool rate_is_a_probability_below_one =
    Layer::rate.denominator > 0 && Layer::rate.numerator >= 0 && Layer::rate.numerator < Layer::rate.denominator;

template <ratio Rate>
struct dropout {
  static constexpr std::string_view name = "dropout";
  static constexpr std::string_view type_name = "Dropout";
  static constexpr std::string_view header = "nnstatic/layers/dropout.hpp";
  static constexpr bool moves_values = true;  // in inference, the identity
  static constexpr ratio rate = Rate;

  static constexpr void write_signature(text& out) {
    out.append("dropout<").append(static_cast<std::size_t>(Rate.numerator)).append("/");
    out.append(static_cast<std::size_t>(Rate.denominator)).append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::dropout<nnstatic::ratio{").append(static_cast<std::size_t>(Rate.numerator)).append(", ");
    out.append(static_cast<std::size_t>(Rate.denominator)).append("}>");
  }

  template <class At, class In>
  static constexpr bool accepts() {
    if constexpr (!rate_is_a_probability_below_one<At, dropout, In>) {
      static_assert(rate_is_a_probability_below_one<At, dropout, In>,
                    "nnstatic: a dropout rate must be in [0, 1), e.g. dropout<ratio{1, 4}> for Keras' Dropout(0.25) "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return true;
    }
  }

  template <class In>
  using bind = bound_dropout<Rate, In>;
};

template <ratio Rate, class In>
struct bound_dropout {
  using spec = dropout<Rate>;
  using input_shape = In;
  using output_shape = In;
  static constexpr std::size_t param_count = 0;
  /// The factor each value was multiplied by, 0 or 1 / (1 - Rate): backward multiplies by it again.
  static constexpr std::size_t saved_size = In::size;
  static constexpr bool runs_in_place = true;

  // Inference: the identity.
  template <class T>
  static constexpr void forward(const T* /*params*/, const T* x, T* y, std::size_t batch) noexcept {
    if (x != y)
      for (std::size_t i = 0; i < batch * In::size; ++i) y[i] = x[i];
  }

  // Whether value i of sample n is kept depends only on (step and layer key, n, i), through a counter-based hash:
  // the same mask whichever thread runs which samples.
  // A value is dropped when u = (hash >> 11) 2^-53 < Rate; since hash >> 11 is an integer, that is
  // hash >> 11 < ceil(Rate 2^53), compared without converting each hash to a double (DS-CNN's two dropouts took a
  // tenth of its training step with the conversion).
  static constexpr std::uint64_t drop_below = [] {
    const double scaled = Rate.template value<double>() * 0x1.0p53;  // exact: a power of two
    const auto whole = static_cast<std::uint64_t>(scaled);
    return static_cast<double>(whole) < scaled ? whole + 1 : whole;
  }();

  template <class T>
  static constexpr void train_forward(const training_args<T>& a) noexcept {
    constexpr double drop = Rate.template value<double>();
    const T keep_scale = static_cast<T>(1.0 / (1.0 - drop));
    for (std::size_t n = 0; n < a.batch; ++n) {
      const std::uint64_t sample_key = mix_bits(a.noise_key, a.first_sample + n);
      for (std::size_t i = 0; i < In::size; ++i) {
        const std::size_t at = n * In::size + i;
        a.saved[at] = (mix_bits(sample_key, i) >> 11) < drop_below ? T{} : keep_scale;
        a.y[at] = a.x[at] * a.saved[at];
      }
    }
  }

  // dx = dy * factor
  template <bool PropagateInput, class T>
  static constexpr void backward(const backward_args<T>& a) noexcept {
    if constexpr (PropagateInput)
      for (std::size_t i = 0; i < a.batch * In::size; ++i) a.dx[i] = a.dy[i] * a.saved[i];
  }
};

}  // namespace nnstatic
