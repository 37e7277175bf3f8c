#pragma once
/// `int8_stages`: the int8 realization of fusion/plan.hpp's rules. The rules group the layers (which activation
/// goes with which convolution or dense layer, which max pool a convolution absorbs, what a flatten joins, how a
/// block's branches are planned); this family says how each group runs on int8 values:
///
///     dense, conv2d [activation] [max_pool2d]   int32 accumulation of int8 products, requantized once per output;
///                                               a relu or relu6 is the lower bound of that requantization, and an
///                                               absorbed pool the maximum of the int32 accumulators of its window
///     depthwise_conv2d [activation]             the same per output channel (per-channel weight scales)
///     global_average_pooling2d, avg_pool2d      an int32 sum per channel and window, requantized (divided by the
///                                               window's real inputs, as the float layer does)
///     add<...>, concatenate<...>                each branch by these stages from the block's input, its output
///                                               requantized to the block's scale, then added in int32 or laid side
///                                               by side
///     max_pool2d, global_max_pooling2d,         their own plain code on int8 values, at their input's scale (they
///     flatten, dropout                          only move or pick values, and max commutes with a positive scale)
///     relu, relu6 alone                         a clamp of the int8 values
///
/// The stage that holds the network's last layer with parameters gives float (its activation, any element-wise one,
/// applied in float), and the layers after it run in float (quant/quantized_model.hpp). Anything else has no int8
/// form: a compile-time error names it, its position and its input (`int8_form_exists<...>`).
///
/// Each stage owns a part of every table of `quantized_parameters` (`table_size`: int8 weights, per-channel int32
/// biases and weight sums and float multipliers, and float scales, its output's first), fills it in `quantize`
/// from the float parameters and the calibrated maxima, and reads it in `run`.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
// The layers of the table above; their specs declare what int8 reads of them (moves_values, averages, clamps_to).
#include <nnstatic/layers/add.hpp>
#include <nnstatic/layers/avg_pool2d.hpp>
#include <nnstatic/layers/concatenate.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/depthwise_conv2d.hpp>
#include <nnstatic/layers/detail/block.hpp>
#include <nnstatic/layers/detail/elementwise.hpp>
#include <nnstatic/layers/detail/pool2d.hpp>
#include <nnstatic/layers/dropout.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/global_average_pooling2d.hpp>
#include <nnstatic/layers/global_max_pooling2d.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/relu6.hpp>
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/int8_ranges.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// Whether int8 runs layer `Spec` at position `At` on input `In`: a named template, so that a failing check prints
/// the three (core/diagnostics.hpp).
template <class At, class Spec, class In, bool HasForm>
inline constexpr bool int8_form_exists = HasForm;

/// An activation that int8 folds into requantization: one whose spec clamps each value to a `value_range`
/// (core/layer_protocol.hpp; relu, relu6), whose lower bound becomes the lowest int8 value written and whose upper
/// bound the output's scale respects (see int8_output_scale).
template <class Activation>
concept int8_activation = std::is_void_v<Activation> || requires {
  { Activation::clamps_to } -> std::convertible_to<value_range>;
};

/// The lowest int8 value a requantization after `Activation` writes: -127 (symmetric), or 0 after a rectifier.
template <int8_activation Activation>
inline constexpr std::int32_t int8_low = [] {
  if constexpr (std::is_void_v<Activation>)
    return -int8_value_limit;
  else
    return static_cast<std::int32_t>(Activation::clamps_to.low);
}();

/// Layers whose plain code int8 runs on int8 values, their output at their input's scale: their specs say that they
/// only move or pick values (max commutes with a positive scale).
template <class Layer>
inline constexpr bool int8_moves_values = requires { requires Layer::spec::moves_values; };

/// Average pools, which int8 runs as int32 sums requantized to a scale of their own: their specs say they average.
template <class Layer>
inline constexpr bool int8_averages = requires { requires Layer::spec::averages; };

/// Where a stage's data starts in each table, or how much of each it takes.
struct int8_offsets {
  std::size_t weights = 0, channels = 0, scales = 0;
  constexpr int8_offsets operator+(const int8_offsets& o) const noexcept {
    return {weights + o.weights, channels + o.channels, scales + o.scales};
  }
};

/// A stage's part of the tables: writable for `quantize`, read-only for `run`.
template <bool Writable>
struct int8_tables {
  template <class T>
  using pointer = std::conditional_t<Writable, T*, const T*>;
  pointer<std::int8_t> weights;        ///< dense and conv2d: packed [depth / 4][units][4]; depthwise: [tap][channel]
  pointer<std::int32_t> bias;          ///< per output channel, at the accumulator's scale s_in s_w[o]
  pointer<std::int32_t> weight_sums;   ///< sum_k q[k][o], for the VNNI kernel
  pointer<float> multiplier;           ///< s_in s_w[o] / s_out (a float output: s_in s_w[o])
  pointer<float> scale;                ///< [0]: the stage's output scale
  constexpr int8_tables operator+(const int8_offsets& o) const noexcept {
    return {weights + o.weights, bias + o.channels, weight_sums + o.channels, multiplier + o.channels,
            scale + o.scales};
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

// A scale that is 0 or subnormal (all values 0, or tiny) or infinite would make a multiplier, a bias or the
// inverse scale of the input infinite or NaN: 1 instead, which quantizes such values to 0 or saturates them.
inline float symmetric_scale(double max_abs) noexcept {
  const auto scale = static_cast<float>(max_abs / 127.0);
  return scale >= std::numeric_limits<float>::min() && std::isfinite(scale) ? scale : 1.0f;
}

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// The scale of an output calibrated to `max_abs` after `Activation`. A capped activation (relu6) that saw only
/// zeros takes its cap as the maximum, so that 127 steps never pass the cap: the requantization's upper clamp is
/// then the activation's.
template <int8_activation Activation>
float int8_output_scale(double max_abs) noexcept {
  if constexpr (!std::is_void_v<Activation>)
    if (max_abs == 0 && std::isfinite(Activation::clamps_to.high))
      return detail::symmetric_scale(Activation::clamps_to.high);
  return detail::symmetric_scale(max_abs);
}

/// The int8 shape of a dense or conv2d layer: a matrix of `depth` x `units` (dense [inputs][units], conv
/// [kh x kw x in channels][filters]), padded for the kernel. Checked on the type, before any buffer is sized.
template <class Layer>
struct int8_geometry {
  static constexpr std::size_t units = Layer::bias_size;
  static constexpr std::size_t depth = Layer::kernel_size / units;
  static_assert(int8_depth_check<typename Layer::spec, depth>::passed);
  static constexpr std::size_t padded_depth = int8_padded_depth(depth);
  static constexpr std::size_t padded_units = int8_padded_units(units);
  static constexpr std::size_t packed_size = padded_depth * padded_units;
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

// The int8 weights of output channel o (`depth` values, `stride` apart from kernel[o]) at their own scale, its bias
// at the accumulator's, and the multiplier to `out_scale` (0: a float output). `store(k, q)` places weight k.
template <class Store>
std::int32_t quantize_channel(const float* kernel, std::size_t depth, std::size_t stride, float bias, float in_scale,
                       float out_scale, Store&& store, std::int32_t& q_bias, float& multiplier) {
  double largest = 0;
  for (std::size_t k = 0; k < depth; ++k)
    largest = std::max(largest, static_cast<double>(std::abs(kernel[k * stride])));
  const float w_scale = symmetric_scale(largest);
  std::int32_t sum = 0;
  for (std::size_t k = 0; k < depth; ++k) {
    const std::int8_t w = int8_round_clamp<-int8_value_limit>(kernel[k * stride] / w_scale);
    store(k, w);
    sum += w;
  }
  const double acc_scale = static_cast<double>(in_scale) * static_cast<double>(w_scale);
  constexpr double limit = int8_bias_limit;  // with the depth limit, no accumulator overflows
  q_bias = static_cast<std::int32_t>(std::clamp(std::round(static_cast<double>(bias) / acc_scale), -limit, limit));
  multiplier = static_cast<float>(out_scale == 0 ? acc_scale : acc_scale / static_cast<double>(out_scale));
  return sum;
}

// Writes `Units` accumulators out: requantized to int8 after `Activation`, or as floats with the activation applied.
template <class Activation, bool FloatOut, std::size_t Units, int8_kernel Kernel>
void int8_emit(const std::int32_t* acc, const float* multiplier, std::int8_t* out, float* float_out) noexcept {
  if constexpr (FloatOut) {
    for (std::size_t o = 0; o < Units; ++o) {
      const float v = static_cast<float>(acc[o]) * multiplier[o];
      if constexpr (std::is_void_v<Activation>)
        float_out[o] = v;
      else
        float_out[o] = Activation::value(v);
    }
  } else {
    int8_requantize<Units, int8_low<Activation>, Kernel>(acc, multiplier, out);
  }
}

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// A stage with parameters that int8 runs: it checks its activation, and the rest of its interface is the
/// derived class's.
template <class Layer, class Activation, class Out>
struct int8_parametric_stage {
  using input_shape = typename Layer::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Layer::param_count;
  static constexpr bool keeps_scale = false;
  static constexpr std::size_t workspace_size = 0, accumulator_size = 0;

  /// Before the last layer with parameters, the activation must fold into requantization; the last one's output is
  /// float, and any activation applies there.
  template <class Positions, std::size_t First, bool FloatOut>
  static constexpr bool supported() {
    if constexpr (FloatOut || int8_activation<Activation>) {
      return true;
    } else {
      static_assert(int8_form_exists<typename Positions::template at<First + 1>, Activation,
                                     typename Layer::output_shape, false>,
                    "nnstatic: int8 folds only a clamping activation (relu, relu6) into a layer before the network's "
                    "last layer with parameters (a spec's clamps_to); this activation has no int8 form there "
                    "(layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    }
  }

  template <bool FloatOut>
  static float output_scale(double max_abs) noexcept {
    if constexpr (FloatOut || !int8_activation<Activation>)
      return 1.0f;
    else
      return int8_output_scale<Activation>(max_abs);
  }
  template <bool FloatOut>
  static void write_scale(const int8_tables<true>& t, const double* maxima) noexcept {
    t.scale[0] = output_scale<FloatOut>(maxima[0]);
  }
  template <bool FloatOut>
  static float multiplier_scale(const int8_tables<true>& t) noexcept {
    return FloatOut ? 0.0f : t.scale[0];
  }
};

/// dense [activation]: one int8 GEMV per sample.
template <class Dense, class Activation, class Out>
struct int8_dense_stage : int8_parametric_stage<Dense, Activation, Out> {
  using base = int8_parametric_stage<Dense, Activation, Out>;
  using geometry = int8_geometry<Dense>;
  static constexpr int8_offsets table_size{geometry::packed_size, geometry::padded_units, 1};

  template <bool FloatOut>
  static void quantize(const float* params, const float* /*state*/, const int8_tables<true>& t, float in_scale,
                       const double* maxima) {
    base::template write_scale<FloatOut>(t, maxima);
    const float out_scale = base::template multiplier_scale<FloatOut>(t);
    for (std::size_t o = 0; o < geometry::units; ++o) {
      const auto store = [&](std::size_t k, std::int8_t w) {
        t.weights[(k / 4) * geometry::padded_units * 4 + o * 4 + k % 4] = w;
      };
      t.weight_sums[o] = detail::quantize_channel(params + o, geometry::depth, geometry::units,
                                                  params[Dense::kernel_size + o], in_scale, out_scale, store,
                                                  t.bias[o], t.multiplier[o]);
    }
  }

  /// The input buffer holds 4 values more than the input, which the padded depth reads as zeros.
  template <bool FloatOut, int8_kernel Kernel, class Y>
  static void run(const int8_tables<false>& t, std::int8_t* x, Y* y, std::int8_t* /*workspace*/,
                  std::int32_t* /*accumulators*/) noexcept {
    for (std::size_t k = geometry::depth; k < geometry::padded_depth; ++k) x[k] = 0;
    alignas(64) std::array<std::int32_t, geometry::padded_units> acc;
    int8_gemv<geometry::padded_depth, geometry::padded_units, Kernel>(x, t.weights, t.bias, t.weight_sums, acc.data());
    emit<FloatOut, Kernel>(t, acc.data(), y);
  }

  template <bool FloatOut, int8_kernel Kernel, class Y>
  static void emit(const int8_tables<false>& t, const std::int32_t* acc, Y* y) noexcept {
    if constexpr (FloatOut)
      detail::int8_emit<Activation, true, geometry::units, Kernel>(acc, t.multiplier, nullptr, y);
    else
      detail::int8_emit<Activation, false, geometry::units, Kernel>(acc, t.multiplier, y, nullptr);
  }
};

/// conv2d [activation] [max_pool2d]: a GEMV per output position over its receptive field, read tap by tap; an
/// absorbed pool takes the largest accumulator of each window and requantizes it once (requantization is
/// monotonic, and so are the activations it folds).
template <class Conv, class Activation, class Pool, class Out>
struct int8_conv_stage : int8_dense_stage<Conv, Activation, Out> {
  using base = int8_dense_stage<Conv, Activation, Out>;
  using geometry = int8_geometry<Conv>;

  template <bool FloatOut, int8_kernel Kernel, class Y>
  static void run(const int8_tables<false>& t, std::int8_t* x, Y* y, std::int8_t* /*workspace*/,
                  std::int32_t* /*accumulators*/) noexcept {
    using rows = typename Conv::rows;
    using cols = typename Conv::cols;
    constexpr std::size_t channels = Conv::in_channels, units = geometry::units;
    alignas(64) std::array<std::int32_t, geometry::padded_units> start, acc, position;
    int8_accumulator_start<geometry::padded_units, Kernel>(t.bias, t.weight_sums, start.data());
    // The accumulators of output (oy, ox): the receptive field in the kernel's [ky][kx][c] order; padding and the
    // taps past the depth (up to its multiple of 4) read as 0.
    const auto convolve = [&](std::size_t oy, std::size_t ox, std::int32_t* result) {
      const auto tap = [&](std::size_t k) noexcept -> std::int8_t {
        if (k >= geometry::depth) return 0;
        const std::size_t ky = k / (Conv::kernel_width * channels), kx = k / channels % Conv::kernel_width;
        const std::ptrdiff_t iy = rows::input_index(oy, ky), ix = cols::input_index(ox, kx);
        if (!rows::inside(iy) || !cols::inside(ix)) return 0;
        return x[(static_cast<std::size_t>(iy) * Conv::in_width + static_cast<std::size_t>(ix)) * channels +
                 k % channels];
      };
      const auto group = [&](std::size_t k) noexcept { return int8_pack4(tap(k), tap(k + 1), tap(k + 2), tap(k + 3)); };
      int8_gemv_groups<geometry::padded_depth, geometry::padded_units, Kernel>(group, t.weights, start.data(), result);
    };
    if constexpr (std::is_void_v<Pool>) {
      for (std::size_t oy = 0; oy < Conv::out_height; ++oy)
        for (std::size_t ox = 0; ox < Conv::out_width; ++ox) {
          convolve(oy, ox, acc.data());
          base::template emit<FloatOut, Kernel>(t, acc.data(), y + (oy * Conv::out_width + ox) * units);
        }
    } else {
      using spec = typename Pool::spec;
      for (std::size_t py = 0; py < Pool::out_height; ++py)
        for (std::size_t px = 0; px < Pool::out_width; ++px) {
          for (std::size_t wy = 0; wy < spec::window_height; ++wy)
            for (std::size_t wx = 0; wx < spec::window_width; ++wx) {
              const bool first = wy == 0 && wx == 0;
              convolve(py * spec::stride_height + wy, px * spec::stride_width + wx,
                       first ? acc.data() : position.data());
              if (!first)
                for (std::size_t o = 0; o < geometry::padded_units; ++o) acc[o] = std::max(acc[o], position[o]);
            }
          base::template emit<FloatOut, Kernel>(t, acc.data(), y + (py * Pool::out_width + px) * units);
        }
    }
  }
};

/// depthwise_conv2d [activation]: output channel o = c M + m reads input channel c only, with weights at a scale
/// of their own per output channel; the depth of an accumulator is the kernel's taps.
template <class Depthwise, class Activation, class Out>
struct int8_depthwise_stage : int8_parametric_stage<Depthwise, Activation, Out> {
  using base = int8_parametric_stage<Depthwise, Activation, Out>;
  static constexpr std::size_t taps = Depthwise::kernel_height * Depthwise::kernel_width;
  static constexpr std::size_t channels = Depthwise::out_channels;
  static_assert(int8_depth_check<typename Depthwise::spec, taps>::passed);
  static constexpr int8_offsets table_size{taps * channels, channels, 1};

  template <bool FloatOut>
  static void quantize(const float* params, const float* /*state*/, const int8_tables<true>& t, float in_scale,
                       const double* maxima) {
    base::template write_scale<FloatOut>(t, maxima);
    const float out_scale = base::template multiplier_scale<FloatOut>(t);
    for (std::size_t o = 0; o < channels; ++o) {
      const auto store = [&](std::size_t tap, std::int8_t w) { t.weights[tap * channels + o] = w; };
      t.weight_sums[o] = detail::quantize_channel(params + o, taps, channels, params[Depthwise::kernel_size + o],
                                                  in_scale, out_scale, store, t.bias[o], t.multiplier[o]);
    }
  }

  template <bool FloatOut, int8_kernel Kernel, class Y>
  static void run(const int8_tables<false>& t, std::int8_t* x, Y* y, std::int8_t* /*workspace*/,
                  std::int32_t* /*accumulators*/) noexcept {
    constexpr std::size_t multiplier = Depthwise::multiplier, in_channels = Depthwise::in_channels;
    std::array<std::int32_t, channels> acc;
    for (std::size_t oy = 0; oy < Depthwise::out_height; ++oy)
      for (std::size_t ox = 0; ox < Depthwise::out_width; ++ox) {
        std::copy(t.bias, t.bias + channels, acc.begin());
        Depthwise::for_each_tap(oy, ox, [&](std::size_t tap, std::size_t pixel) {
          const std::int8_t* in = x + pixel * in_channels;
          const std::int8_t* w = t.weights + tap * channels;
          for (std::size_t o = 0; o < channels; ++o)
            acc[o] += std::int32_t{in[o / multiplier]} * std::int32_t{w[o]};
        });
        Y* out = y + (oy * Depthwise::out_width + ox) * channels;
        if constexpr (FloatOut)
          detail::int8_emit<Activation, true, channels, Kernel>(acc.data(), t.multiplier, nullptr, out);
        else
          detail::int8_emit<Activation, false, channels, Kernel>(acc.data(), t.multiplier, out, nullptr);
      }
  }
};

/// A stage without parameters: what it can do on int8 values is its own kind's.
template <class Layer, class Out>
struct int8_parameterless_stage {
  using input_shape = typename Layer::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Layer::param_count;
  static constexpr std::size_t workspace_size = 0, accumulator_size = 0;
};

/// Any other layer: one that only moves values runs its plain code on int8 values, a relu or relu6 clamps them
/// (its cap, in int8 steps of the input's scale, is the stage's multiplier), an average pool sums in int32 and
/// requantizes (s_in / s_out is the multiplier, divided by each window's count); after the last layer with
/// parameters any layer runs, in float.
template <class Layer, class Out>
struct int8_layer_stage : int8_parameterless_stage<Layer, Out> {
  using layer = Layer;
  static constexpr bool clamps = [] {
    if constexpr (requires { typename Layer::spec; })
      return std::is_same_v<Layer, detail::bound_elementwise<typename Layer::spec, typename Layer::input_shape>> &&
             !std::is_void_v<typename Layer::spec> && int8_activation<typename Layer::spec>;
    else
      return false;
  }();
  static constexpr bool averages = int8_averages<Layer>;
  static constexpr bool keeps_scale = !averages;
  static constexpr int8_offsets table_size{0, clamps || averages ? 1 : 0, 1};

  template <class Positions, std::size_t First, bool FloatOut>
  static constexpr bool supported() {
    if constexpr (int8_moves_values<Layer> || clamps || averages) {
      return true;
    } else {
      static_assert(int8_form_exists<typename Positions::template at<First>, typename Layer::spec,
                                     typename Layer::input_shape, false>,
                    "nnstatic: before the network's last layer with parameters, int8 runs conv2d, depthwise_conv2d and "
                    "dense (each with relu or relu6), max_pool2d, avg_pool2d, global pooling, flatten, dropout, relu, "
                    "relu6, add and concatenate; batch normalization only folded into the layer before it. This layer "
                    "has no int8 form there (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    }
  }

  template <bool FloatOut>
  static void quantize(const float* /*params*/, const float* /*state*/, const int8_tables<true>& t, float in_scale,
                       const double* maxima) {
    t.scale[0] = averages ? detail::symmetric_scale(maxima[0]) : in_scale;
    if constexpr (averages)
      t.multiplier[0] = static_cast<float>(static_cast<double>(in_scale) / static_cast<double>(t.scale[0]));
    if constexpr (clamps) {
      const double cap = Layer::spec::clamps_to.high / static_cast<double>(in_scale);
      t.multiplier[0] = static_cast<float>(std::min(static_cast<double>(int8_value_limit), std::nearbyint(cap)));
    }
  }

  template <bool FloatOut, int8_kernel Kernel>
  static void run(const int8_tables<false>& t, std::int8_t* x, std::int8_t* y, std::int8_t* /*workspace*/,
                  std::int32_t* /*accumulators*/) noexcept {
    if constexpr (clamps) {
      constexpr auto low = static_cast<std::int8_t>(int8_low<typename Layer::spec>);
      const auto high = static_cast<std::int8_t>(t.multiplier[0]);
      for (std::size_t i = 0; i < Layer::input_shape::size; ++i) y[i] = std::clamp(x[i], low, high);
    } else if constexpr (averages) {
      constexpr std::size_t channels = Layer::channels;
      std::array<std::int32_t, channels> sum;
      for (std::size_t oy = 0; oy < Layer::out_height; ++oy)
        for (std::size_t ox = 0; ox < Layer::out_width; ++ox) {
          sum.fill(0);
          std::size_t count = 0;
          Layer::for_each_pixel(oy, ox, [&](std::size_t pixel) {
            ++count;
            for (std::size_t c = 0; c < channels; ++c) sum[c] += x[pixel * channels + c];
          });
          const float multiplier = t.multiplier[0] / static_cast<float>(count);
          std::int8_t* out = y + (oy * Layer::out_width + ox) * channels;
          for (std::size_t c = 0; c < channels; ++c)
            out[c] = int8_round_clamp<-int8_value_limit>(static_cast<float>(sum[c]) * multiplier);
        }
    } else {
      run_inference<Layer>(inference_args<std::int8_t>{nullptr, nullptr, x, y, nullptr, 1});
    }
  }
};

/// global_average_pooling2d: an int32 sum per channel, requantized with s_in / (pixels s_out); global max pooling
/// picks values, as a max pool does.
template <class Pool, class Out>
struct int8_global_pool_stage : int8_parameterless_stage<Pool, Out> {
  static constexpr bool average = std::is_same_v<typename Pool::spec, global_average_pooling2d>;
  static constexpr bool keeps_scale = !average;
  static constexpr int8_offsets table_size{0, average ? 1 : 0, 1};

  template <class Positions, std::size_t First, bool FloatOut>
  static constexpr bool supported() {
    return true;
  }

  template <bool FloatOut>
  static void quantize(const float* /*params*/, const float* /*state*/, const int8_tables<true>& t, float in_scale,
                       const double* maxima) {
    if constexpr (average) {
      t.scale[0] = detail::symmetric_scale(maxima[0]);
      t.multiplier[0] = static_cast<float>(static_cast<double>(in_scale) /
                                           (static_cast<double>(Pool::pixels) * static_cast<double>(t.scale[0])));
    } else {
      t.scale[0] = in_scale;
    }
  }

  template <bool FloatOut, int8_kernel Kernel>
  static void run(const int8_tables<false>& t, std::int8_t* x, std::int8_t* y, std::int8_t* /*workspace*/,
                  std::int32_t* /*accumulators*/) noexcept {
    if constexpr (average) {
      constexpr std::size_t channels = Pool::channels;
      std::array<std::int32_t, channels> sum{};
      for (std::size_t p = 0; p < Pool::pixels; ++p)
        for (std::size_t c = 0; c < channels; ++c) sum[c] += x[p * channels + c];
      for (std::size_t c = 0; c < channels; ++c)
        y[c] = int8_round_clamp<-int8_value_limit>(static_cast<float>(sum[c]) * t.multiplier[0]);
    } else {
      Pool::forward(static_cast<const std::int8_t*>(nullptr), x, y, 1);
    }
  }
};

template <class In, class Chain, class Plan>
struct int8_chain;

/// add<...>, concatenate<...>: each branch runs its own plan of these stages from the block's input. Tables: the
/// branches' in order; its channels start with one multiplier per branch, s_branch / s_block; its scales with its
/// output's. Workspace: a branch's two int8 buffers and what its stages need, and for add one int32 sum per output.
template <class Block, class Out, class... BranchPlans>
struct int8_block_stage {
  using input_shape = typename Block::input_shape;
  using output_shape = Out;
  static constexpr std::size_t param_count = Block::param_count;
  static constexpr std::size_t branch_count = Block::branch_count;
  static constexpr bool keeps_scale = false;
  static constexpr bool adds = std::is_same_v<typename Block::merge, detail::add_outputs>;

  template <std::size_t B>
  using chain_of = int8_chain<input_shape, typename Block::template branch_at<B>::chain,
                              std::tuple_element_t<B, std::tuple<BranchPlans...>>>;

  static constexpr auto branch_offsets = []<std::size_t... B>(std::index_sequence<B...>) {
    std::array<int8_offsets, branch_count + 1> offsets{};
    offsets[0] = {0, branch_count, 1};
    const std::array<int8_offsets, branch_count> sizes{chain_of<B>::table_size...};
    for (std::size_t b = 0; b < branch_count; ++b) offsets[b + 1] = offsets[b] + sizes[b];
    return offsets;
  }(std::make_index_sequence<branch_count>{});
  static constexpr int8_offsets table_size = branch_offsets[branch_count];
  static constexpr std::size_t workspace_size = []<std::size_t... B>(std::index_sequence<B...>) {
    return std::max({std::size_t{0}, chain_of<B>::workspace_size...});
  }(std::make_index_sequence<branch_count>{});
  static constexpr std::size_t accumulator_size =
      (adds ? Out::size : 0) + []<std::size_t... B>(std::index_sequence<B...>) {
        return std::max({std::size_t{0}, chain_of<B>::accumulator_size...});
      }(std::make_index_sequence<branch_count>{});

  template <class Positions, std::size_t First, bool FloatOut>
  static constexpr bool supported() {
    using at = typename Positions::template at<First>;
    if constexpr (FloatOut) {
      static_assert(int8_form_exists<at, typename Block::spec, input_shape, false>,
                    "nnstatic: int8 needs the network's last layer with parameters outside any block, since that "
                    "layer gives float (layer_index<I> is net::layer<I>, counted from 0 after input<...>)");
      return false;
    } else {
      return branches_supported<at, 0>();
    }
  }

  /// The float forward of every branch (their maxima recorded) and their merge.
  static void calibrate(const float* params, const float* state, const float* x, float* y, std::size_t batch,
                        double* maxima) {
    std::array<std::vector<float>, branch_count> outputs;
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      ((outputs[B].resize(batch * Block::template branch_at<B>::output_shape::size),
        chain_of<B>::calibrate(params + Block::template param_offset<B>, state + Block::template state_offset<B>, x,
                               outputs[B].data(), batch, maxima + branch_offsets[B].scales)),
       ...);
      (Block::template merge_output<B>(outputs[B].data(), y, batch), ...);
    }(std::make_index_sequence<branch_count>{});
    for (std::size_t i = 0; i < batch * Out::size; ++i)
      maxima[0] = std::max(maxima[0], static_cast<double>(std::abs(y[i])));
  }

  template <bool FloatOut>
  static void quantize(const float* params, const float* state, const int8_tables<true>& t, float in_scale,
                       const double* maxima) {
    t.scale[0] = detail::symmetric_scale(maxima[0]);
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      ((t.multiplier[B] = chain_of<B>::template quantize<chain_of<B>::size>(
                              params + Block::template param_offset<B>, state + Block::template state_offset<B>,
                              t + branch_offsets[B], in_scale, maxima + branch_offsets[B].scales) /
                          t.scale[0]),
       ...);
    }(std::make_index_sequence<branch_count>{});
  }

  template <bool FloatOut, int8_kernel Kernel>
  static void run(const int8_tables<false>& t, std::int8_t* x, std::int8_t* y, std::int8_t* workspace,
                  std::int32_t* accumulators) noexcept {
    std::int32_t* sums = accumulators;
    std::int32_t* inner = accumulators + (adds ? Out::size : 0);
    if constexpr (adds) std::fill(sums, sums + Out::size, 0);
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (merge_branch<B>(t.multiplier[B],
                       chain_of<B>::template run<chain_of<B>::size, Kernel>(t + branch_offsets[B], x, workspace, inner),
                       y, sums),
       ...);
    }(std::make_index_sequence<branch_count>{});
    if constexpr (adds)
      for (std::size_t i = 0; i < Out::size; ++i)
        y[i] = static_cast<std::int8_t>(std::clamp(sums[i], -int8_value_limit, int8_value_limit));
  }

 private:
  template <class At, std::size_t B>
  static constexpr bool branches_supported() {
    if constexpr (B == branch_count)
      return true;
    else if constexpr (!chain_of<B>::template supported<branch_positions<At, B>, chain_of<B>::size>())
      return false;
    else
      return branches_supported<At, B + 1>();
  }

  // A branch's output at the block's scale: added in int32 (each term bounded, so that no sum of branches
  // overflows), or written into its slice of the channels.
  template <std::size_t B>
  static void merge_branch(float multiplier, const std::int8_t* out, std::int8_t* y, std::int32_t* sums) noexcept {
    constexpr std::size_t size = Block::template branch_at<B>::output_shape::size;
    if constexpr (adds) {
      constexpr float bound = 1 << 24;
      for (std::size_t i = 0; i < size; ++i)
        sums[i] += static_cast<std::int32_t>(
            std::nearbyint(std::clamp(static_cast<float>(out[i]) * multiplier, -bound, bound)));
    } else {
      constexpr auto offsets = []<std::size_t... I>(std::index_sequence<I...>) {
        return Block::merge::template channel_offsets<typename Block::template branch_at<I>::output_shape...>;
      }(std::make_index_sequence<branch_count>{});
      constexpr std::size_t width = offsets[branch_count], branch_width = offsets[B + 1] - offsets[B];
      for (std::size_t p = 0; p < size / branch_width; ++p)
        for (std::size_t c = 0; c < branch_width; ++c)
          y[p * width + offsets[B] + c] =
              int8_round_clamp<-int8_value_limit>(static_cast<float>(out[p * branch_width + c]) * multiplier);
    }
  }
};

/// The int8 realization of fusion/plan.hpp's rules.
struct int8_stages {
  template <class Layer, class Out>
  using layer = int8_layer_stage<Layer, Out>;
  template <class Activation, class Out>
  using activation = int8_layer_stage<Activation, Out>;
  template <class Dense, class Activation, class Out>
  using dense = int8_dense_stage<Dense, Activation, Out>;
  template <class Conv, class Activation, class Pool, class Out>
  using convolution = int8_conv_stage<Conv, Activation, Pool, Out>;
  template <class Depthwise, class Activation, class Out>
  using depthwise = int8_depthwise_stage<Depthwise, Activation, Out>;
  /// A pool no convolution absorbs: an average sums in int32, a max picks values (int8_layer_stage).
  template <class Pool, class Out>
  using pool = int8_layer_stage<Pool, Out>;
  template <class Pool, class Out>
  using global_pool = int8_global_pool_stage<Pool, Out>;
  template <class Block, class Out, class... BranchPlans>
  using block = int8_block_stage<Block, Out, BranchPlans...>;
};

/// A chain of layers (a network's, or a branch's) on input `In`, run by its plan of int8 stages: the tables of every
/// stage, one after the other; the float forward that calibrates them; quantization; and the int8 run, through two
/// buffers that take turns and the workspace after them.
template <class In, class Chain, class Plan>
struct int8_chain {
  static constexpr std::size_t size = Plan::size;
  template <std::size_t K>
  using stage = typename Plan::template at<K>;

  static constexpr auto offsets = []<std::size_t... K>(std::index_sequence<K...>) {
    std::array<int8_offsets, size + 1> o{};
    const std::array<int8_offsets, size> sizes{stage<K>::table_size...};
    for (std::size_t k = 0; k < size; ++k) o[k + 1] = o[k] + sizes[k];
    return o;
  }(std::make_index_sequence<size>{});
  static constexpr int8_offsets table_size = offsets[size];

  using input_shape = In;
  /// Each of the two buffers: the largest int8 value a stage reads or writes, and the 4 zeros a dense layer may
  /// read past its input.
  static constexpr std::size_t buffer_size = []<std::size_t... K>(std::index_sequence<K...>) {
    return std::max({input_shape::size, stage<K>::output_shape::size...}) + 4;
  }(std::make_index_sequence<size>{});
  static constexpr std::size_t workspace_size = []<std::size_t... K>(std::index_sequence<K...>) {
    return size == 0 ? 0 : 2 * buffer_size + std::max({std::size_t{0}, stage<K>::workspace_size...});
  }(std::make_index_sequence<size>{});
  static constexpr std::size_t accumulator_size = []<std::size_t... K>(std::index_sequence<K...>) {
    return std::max({std::size_t{0}, stage<K>::accumulator_size...});
  }(std::make_index_sequence<size>{});

  /// Stages [0, End) give int8 and stage End (if any) float, each by its own check; the first that fails reports.
  template <class Positions, std::size_t End, std::size_t K = 0>
  static constexpr bool supported() {
    if constexpr (K == size || K > End)
      return true;
    else if constexpr (!stage<K>::template supported<Positions, stage<K>::first_layer, K == End>())
      return false;
    else
      return supported<Positions, End, K + 1>();
  }

  /// Runs every stage's layers in float on `batch` samples from x, y the chain's output, and raises each stage's
  /// maxima to the largest |value| it gives.
  static void calibrate(const float* params, const float* state, const float* x, float* y, std::size_t batch,
                        double* maxima) {
    std::vector<float> in(x, x + batch * input_shape::size), out;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      ((calibrate_stage<K>(params, state, in, out, batch, maxima + offsets[K].scales), std::swap(in, out)), ...);
    }(std::make_index_sequence<size>{});
    std::copy(in.begin(), in.end(), y);
  }

  /// Quantizes stages [0, End) to int8 and stage End to a float output, from input scale `in_scale`; returns the
  /// scale of stage End - 1's output (the chain's, for End = size).
  template <std::size_t End>
  static float quantize(const float* params, const float* state, const int8_tables<true>& t, float in_scale,
                        const double* maxima) {
    float scale = in_scale;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            if constexpr (K <= End) {
              using s = stage<K>;
              s::template quantize<K == End>(params + Chain::param_offsets[s::first_layer],
                                             state + Chain::state_offsets[s::first_layer], t + offsets[K], scale,
                                             maxima + offsets[K].scales);
              if constexpr (K < End) scale = t.scale[offsets[K].scales];
            }
          }(),
          ...);
    }(std::make_index_sequence<size>{});
    return scale;
  }

  /// Runs stages [0, End) on x; returns where the last of them wrote (x itself for End = 0).
  template <std::size_t End, int8_kernel Kernel>
  static std::int8_t* run(const int8_tables<false>& t, std::int8_t* x, std::int8_t* workspace,
                          std::int32_t* accumulators) noexcept {
    std::int8_t* in = x;
    std::int8_t* inner = workspace + 2 * buffer_size;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            if constexpr (K < End) {
              std::int8_t* out = workspace + (K % 2) * buffer_size;
              stage<K>::template run<false, Kernel>(t + offsets[K], in, out, inner, accumulators);
              in = out;
            }
          }(),
          ...);
    }(std::make_index_sequence<size>{});
    return in;
  }

 private:
  template <std::size_t K>
  static void calibrate_stage(const float* params, const float* state, std::vector<float>& in, std::vector<float>& out,
                              std::size_t batch, double* maxima) {
    using s = stage<K>;
    out.assign(batch * s::output_shape::size, 0.0f);
    if constexpr (requires { s::branch_count; }) {
      s::calibrate(params + Chain::param_offsets[s::first_layer], state + Chain::state_offsets[s::first_layer],
                   in.data(), out.data(), batch, maxima);
    } else {
      std::vector<float> a = in, b;
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
              using layer = typename Chain::template at<s::first_layer + I>;
              b.assign(batch * layer::output_shape::size, 0.0f);
              std::vector<float> scratch(batch * scratch_size_of<layer> + 1);
              run_inference<layer>(inference_args<float>{params + Chain::param_offsets[s::first_layer + I],
                                                         state + Chain::state_offsets[s::first_layer + I], a.data(),
                                                         b.data(), scratch.data(), batch});
              std::swap(a, b);
            }(),
            ...);
      }(std::make_index_sequence<s::layer_span>{});
      std::copy(a.begin(), a.end(), out.begin());
      for (const float v : out) maxima[0] = std::max(maxima[0], static_cast<double>(std::abs(v)));
    }
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
