#pragma once
/// int8 post-training quantization: `quantize(params, calibration_images)` turns a trained float network into
/// `quantized_parameters<Net>`, and `int8_model<Net>` runs it.
///
/// - Weights: symmetric int8 per output channel (per dense unit, per conv filter): w ~ s_w[o] q, |q| <= 127,
///   s_w[o] = max |w[.][o]| / 127.
/// - Activations: symmetric int8 per tensor, s = max |a| / 127 over a calibration set; where a ReLU follows, the
///   maximum of the rectified values, since the negative side is zeroed anyway. Pooling, ReLU and flatten keep
///   their input's scale, and run as the plain layer code on int8 values (max and max(0, .) commute with scaling).
/// - Arithmetic: int32 accumulation of int8 products, the bias added in int32 at scale s_in s_w[o], one float
///   multiplier per channel to requantize. The last layer with parameters dequantizes to float, and what follows
///   it (softmax) runs in float.
///
/// Supported networks: conv2d, dense, relu, max_pool2d and flatten up to the last layer with parameters; after it,
/// activations and softmax; no layer deeper than int8_max_depth (quant/int8_ranges.hpp), whose int32
/// accumulator could overflow. Anything else is a compile-time error that says so.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/embedded/inference.hpp>
#include <nnstatic/embedded/status.hpp>
#include <nnstatic/layers/conv2d.hpp>
#include <nnstatic/layers/dense.hpp>
#include <nnstatic/layers/flatten.hpp>
#include <nnstatic/layers/max_pool2d.hpp>
#include <nnstatic/layers/relu.hpp>
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/int8_ranges.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic {

/// The specs that may follow the last layer with parameters, which int8 inference runs in float on the dequantized
/// output (moved here from embedded/inference.hpp, whose arena reads the layer protocol's runs_in_place instead).
template <class Spec>
inline constexpr bool forward_in_place = false;
template <>
inline constexpr bool forward_in_place<relu> = true;
template <>
inline constexpr bool forward_in_place<sigmoid> = true;
template <>
inline constexpr bool forward_in_place<nnstatic::tanh> = true;
template <>
inline constexpr bool forward_in_place<softmax> = true;
template <>
inline constexpr bool forward_in_place<flatten> = true;

template <class Layer>
inline constexpr bool is_bound_conv2d = false;
template <class Spec, class In>
inline constexpr bool is_bound_conv2d<bound_conv2d<Spec, In>> = true;

/// Layers that int8 inference runs on int8 values with their own plain code.
template <class Spec>
inline constexpr bool int8_passes_through = false;
template <>
inline constexpr bool int8_passes_through<relu> = true;
template <>
inline constexpr bool int8_passes_through<flatten> = true;
template <size2d PoolSize, auto... Options>
inline constexpr bool int8_passes_through<max_pool2d<PoolSize, Options...>> = true;

/// The window of a max pool that can be folded into the convolution before it (window = stride, no padding); 1
/// for any other layer.
template <class Spec>
inline constexpr std::size_t absorbable_window = 1;
template <size2d PoolSize, auto... Options>
inline constexpr std::size_t absorbable_window<max_pool2d<PoolSize, Options...>> =
    PoolSize.height == PoolSize.width && max_pool2d<PoolSize, Options...>::stride_size == PoolSize &&
            max_pool2d<PoolSize, Options...>::border == padding::valid
        ? PoolSize.height
        : 1;

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

namespace detail {

// A rejected network may have no layer with parameters left (its stand-ins have none); its binding has reported it.
template <network Net, bool HasOne>
constexpr bool int8_has_layer_with_parameters() {
  if constexpr (Net::accepted && !HasOne) {
    static_assert(HasOne, "nnstatic: int8 quantization needs a network with a dense or conv2d layer");
    return false;
  } else {
    return true;
  }
}

}  // namespace detail

/// Where each layer's int8 data lives, and the checks that the network can be quantized.
template <network Net>
struct int8_plan {
  static constexpr std::size_t layer_count = Net::layer_count;

  template <std::size_t I>
  static constexpr bool has_parameters = Net::template layer<I>::param_count > 0;

  static constexpr std::size_t found_parametric = [] {
    std::size_t last = layer_count;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((has_parameters<I> ? (last = I, 0) : 0), ...);
    }(std::make_index_sequence<layer_count>{});
    return last;
  }();
  /// False for a network without a dense or conv2d layer, after its one error. The check is a function template's
  /// (as a layer's `accepts` is), not a static_assert of this class: clang marks a class whose static_assert failed
  /// as invalid, and every constant read from it, in int8_model too, would be a second error.
  static constexpr bool quantizable = detail::int8_has_layer_with_parameters<Net, found_parametric < layer_count>();
  /// The last layer with parameters. Without one (a network rejected at its first layer has only stand-ins), the
  /// last layer, so that the plan's arrays are read within bounds; everything that runs the plan reads this, and so
  /// makes the check above.
  static constexpr std::size_t last_parametric = quantizable && found_parametric < layer_count ? found_parametric
                                                                                               : layer_count - 1;

  template <std::size_t I>
  static constexpr std::size_t packed_size_of() {
    if constexpr (has_parameters<I>) return int8_geometry<typename Net::template layer<I>>::packed_size;
    else return 0;
  }
  template <std::size_t I>
  static constexpr std::size_t channels_of() {
    if constexpr (has_parameters<I>) return int8_geometry<typename Net::template layer<I>>::padded_units;
    else return 0;
  }

  static constexpr auto offsets = [] {
    std::array<std::size_t, layer_count + 1> packed{}, channels{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((packed[I + 1] = packed[I] + packed_size_of<I>(), channels[I + 1] = channels[I] + channels_of<I>()), ...);
    }(std::make_index_sequence<layer_count>{});
    return std::pair{packed, channels};
  }();
  static constexpr std::size_t packed_size = offsets.first[layer_count];
  static constexpr std::size_t channel_size = offsets.second[layer_count];

  /// int8 values of one sample a buffer must hold: the input and every int8 layer output, plus the zero padding a
  /// dense layer reads up to its padded depth.
  static constexpr std::size_t int8_buffer = [] {
    std::size_t largest = Net::input_shape::size;
    for (std::size_t i = 0; i < last_parametric; ++i)
      largest = std::max(largest, Net::layers::output_sizes[i]);
    return largest + 4;
  }();
  /// A ReLU right after a layer with parameters is fused into its requantization (clamping at 0), and flatten does
  /// not move int8 bytes: both then run as nothing, and their output stays in their input's buffer.
  template <std::size_t I>
  static constexpr bool int8_no_op() {
    if constexpr (I == 0 || I > last_parametric) {
      return false;
    } else {
      using spec = typename Net::template layer<I>::spec;
      return std::is_same_v<spec, flatten> || (std::is_same_v<spec, relu> && has_parameters<I - 1>) ||
             pool_absorbed<I>();
    }
  }

  /// The window of a max pool that a conv2d at I absorbs: the pool follows it (after a ReLU, or directly) and
  /// tiles its output without overlap or padding. The conv then takes the maximum of the int32 accumulators of
  /// each window and requantizes once (requantization is monotonic); 1 when nothing is absorbed.
  template <std::size_t I>
  static constexpr std::size_t pool_window_after() {
    if constexpr (I >= last_parametric || !is_bound_conv2d<typename Net::template layer<I>>) {
      return 1;
    } else {
      constexpr std::size_t at = std::is_same_v<typename Net::template layer<I + 1>::spec, relu> ? I + 2 : I + 1;
      if constexpr (at > last_parametric) return 1;
      else return absorbable_window<typename Net::template layer<at>::spec>;
    }
  }
  template <std::size_t I>
  static constexpr bool pool_absorbed() {
    if constexpr (I >= 1 && pool_window_after<I - 1>() > 1) return true;
    else if constexpr (I >= 2 && std::is_same_v<typename Net::template layer<I - 1>::spec, relu>)
      return pool_window_after<I - 2>() > 1;
    else return false;
  }
  template <std::size_t I>
  static constexpr bool relu_fused_after() {
    if constexpr (I + 1 < layer_count && I < last_parametric)
      return std::is_same_v<typename Net::template layer<I + 1>::spec, relu>;
    else
      return false;
  }

  /// Which of the two int8 buffers holds layer I's output (buffer 0 holds the quantized input).
  static constexpr std::array<std::size_t, layer_count> int8_side = [] {
    std::array<std::size_t, layer_count> side{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((side[I] = int8_no_op<I>() ? (I == 0 ? 0 : side[I == 0 ? 0 : I - 1])
                                  : 1 - (I == 0 ? 0 : side[I == 0 ? 0 : I - 1])),
       ...);
    }(std::make_index_sequence<layer_count>{});
    return side;
  }();

  /// float values after the last layer with parameters.
  static constexpr std::size_t float_buffer = Net::layers::output_sizes[last_parametric];
};

/// A network's int8 weights, int32 biases and per-channel requantization, all in fixed-size arrays (so that a
/// device can hold them in flash); made by `quantize`.
template <network Net>
struct quantized_parameters {
  using plan = int8_plan<Net>;

  alignas(64) std::array<std::int8_t, plan::packed_size> weights{};        ///< per layer, packed [depth/4][units][4]
  alignas(64) std::array<std::int32_t, plan::channel_size> bias{};         ///< at scale s_in s_w[o]
  alignas(64) std::array<std::int32_t, plan::channel_size> weight_sums{};  ///< sum_k q[k][o], for the VNNI kernel
  alignas(64) std::array<float, plan::channel_size> multiplier{};          ///< s_in s_w[o] / s_out (last: s_in s_w[o])
  std::array<float, Net::layer_count + 1> scale{};  ///< [0]: input; [I + 1]: layer I's int8 output

  /// Bytes a device stores for these weights: about a quarter of `Net::param_count * sizeof(float)`.
  static constexpr std::size_t weight_bytes = plan::packed_size + plan::channel_size * 12 + sizeof(scale);
};

namespace detail {

// A scale that is 0 or subnormal (all values 0, or tiny) or infinite would make a multiplier, a bias or the
// inverse scale of the input infinite or NaN: 1 instead, which quantizes such values to 0 or saturates them.
inline float symmetric_scale(double max_abs) noexcept {
  const auto scale = static_cast<float>(max_abs / 127.0);
  return scale >= std::numeric_limits<float>::min() && std::isfinite(scale) ? scale : 1.0f;
}

// A NaN or infinite parameter has no int8 value (and would make every other weight of its channel 0): refused, by
// layer and index.
template <network Net>
void require_finite(const parameters<Net, float>& params) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          const float* values = params.values.data() + Net::template param_offset<I>;
          for (std::size_t i = 0; i < layer::param_count; ++i)
            if (!std::isfinite(values[i]))
              throw error("nnstatic::quantize: parameter " + std::to_string(i) + " of layer " + std::to_string(I) +
                          " is " + (std::isnan(values[i]) ? "NaN" : "infinite") + "; int8 needs finite weights");
        }(),
        ...);
  }(std::make_index_sequence<Net::layer_count>{});
}

// The largest |value| and largest value of every layer's output over `images`, by the plain float layer code.
template <network Net>
void calibrate(const parameters<Net, float>& params, std::span<const float> images,
               std::array<double, Net::layer_count + 1>& max_abs, std::array<double, Net::layer_count + 1>& max_value) {
  constexpr std::size_t batch = 32, in_size = Net::input_shape::size;
  const std::size_t count = images.size() / in_size;
  std::vector<float> a(batch * Net::layers::max_output_size), b(a.size());
  for (std::size_t first = 0; first < count; first += batch) {
    const std::size_t n = std::min(batch, count - first);
    const float* x = images.data() + first * in_size;
    for (std::size_t i = 0; i < n * in_size; ++i) max_abs[0] = std::max(max_abs[0], static_cast<double>(std::abs(x[i])));
    const float* in = x;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            using layer = typename Net::template layer<I>;
            float* out = I % 2 == 0 ? a.data() : b.data();
            layer::forward(params.values.data() + Net::template param_offset<I>, in, out, n);
            for (std::size_t i = 0; i < n * layer::output_shape::size; ++i) {
              max_abs[I + 1] = std::max(max_abs[I + 1], static_cast<double>(std::abs(out[i])));
              max_value[I + 1] = std::max(max_value[I + 1], static_cast<double>(out[i]));
            }
            in = out;
          }(),
          ...);
    }(std::make_index_sequence<Net::layer_count>{});
  }
}

}  // namespace detail

/// Quantizes `params` to int8, taking the activation scales from `calibration_images` (whole samples, e.g. a
/// thousand training images, scaled as in training). Throws nnstatic::error on a NaN or infinite parameter.
template <network Net>
std::unique_ptr<quantized_parameters<Net>> quantize(const parameters<Net, float>& params,
                                                    std::span<const float> calibration_images) {
  using plan = int8_plan<Net>;
  detail::require_finite(params);
  auto q = std::make_unique<quantized_parameters<Net>>();
  std::array<double, Net::layer_count + 1> max_abs{}, max_value{};
  detail::calibrate(params, calibration_images, max_abs, max_value);

  q->scale[0] = detail::symmetric_scale(max_abs[0]);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          using layer = typename Net::template layer<I>;
          if constexpr (I > plan::last_parametric) {
            q->scale[I + 1] = 1.0f;  // float from here on
          } else if constexpr (!plan::template has_parameters<I>) {
            q->scale[I + 1] = q->scale[I];
          } else {
            using geometry = int8_geometry<layer>;
            constexpr bool relu_follows = I + 1 < Net::layer_count && [] {
              if constexpr (I + 1 < Net::layer_count)
                return std::is_same_v<typename Net::template layer<I + 1>::spec, relu>;
              else
                return false;
            }();
            const double out_max = relu_follows ? max_value[I + 1] : max_abs[I + 1];
            const float in_scale = q->scale[I];
            const float out_scale = detail::symmetric_scale(out_max);
            q->scale[I + 1] = I == plan::last_parametric ? 1.0f : out_scale;

            const float* kernel = params.values.data() + Net::template param_offset<I>;
            const float* bias = kernel + layer::kernel_size;
            std::int8_t* packed = q->weights.data() + plan::offsets.first[I];
            const std::size_t channel = plan::offsets.second[I];
            for (std::size_t o = 0; o < geometry::units; ++o) {
              double largest = 0;
              for (std::size_t k = 0; k < geometry::depth; ++k)
                largest = std::max(largest, static_cast<double>(std::abs(kernel[k * geometry::units + o])));
              const float w_scale = detail::symmetric_scale(largest);
              std::int32_t sum = 0;
              for (std::size_t k = 0; k < geometry::depth; ++k) {
                const std::int8_t w = int8_round_clamp<-127>(kernel[k * geometry::units + o] / w_scale);
                packed[(k / 4) * geometry::padded_units * 4 + o * 4 + k % 4] = w;
                sum += w;
              }
              const double acc_scale = static_cast<double>(in_scale) * static_cast<double>(w_scale);
              const double b = std::round(static_cast<double>(bias[o]) / acc_scale);
              constexpr double limit = int8_bias_limit;  // with the depth limit, no accumulator overflows
              q->bias[channel + o] = static_cast<std::int32_t>(std::clamp(b, -limit, limit));
              q->weight_sums[channel + o] = sum;
              q->multiplier[channel + o] =
                  static_cast<float>(I == plan::last_parametric ? acc_scale : acc_scale / static_cast<double>(out_scale));
            }
          }
        }(),
        ...);
  }(std::make_index_sequence<Net::layer_count>{});
  return q;
}

/// int8 inference: the workspace (two int8 buffers and a float one, `inference_bytes` in all, no heap) and the
/// forward pass with the `Kernel` chosen at compile time.
template <network Net, int8_kernel Kernel = default_int8_kernel>
class int8_model {
  using plan = int8_plan<Net>;

 public:
  using network = Net;
  static constexpr int8_kernel kernel = Kernel;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;
  /// Bytes of activation memory: the whole object.
  static constexpr std::size_t inference_bytes =
      2 * ((plan::int8_buffer + 63) / 64 * 64) + (plan::float_buffer * sizeof(float) + 63) / 64 * 64;
  static constexpr std::size_t weight_bytes = quantized_parameters<Net>::weight_bytes;

  /// Runs `batch` float samples from `x` into float outputs `y`, one sample at a time. An input that is NaN reads as
  /// the lowest int8 value, one beyond the calibrated range as the nearest end of it (see int8_round_clamp).
  inference_status run(const quantized_parameters<Net>& q, const float* x, float* y, std::size_t batch = 1) noexcept {
    if (batch == 0) return inference_status::empty_batch;  // as embedded_model::run and infer report it
    if (x == nullptr) return inference_status::null_input;
    if (y == nullptr) return inference_status::null_output;
    for (std::size_t n = 0; n < batch; ++n) run_one(q, x + n * input_size, y + n * output_size);
    return inference_status::ok;
  }

  /// Runs one sample and writes the index of its largest output into `label`.
  inference_status classify(const quantized_parameters<Net>& q, const float* x, std::size_t& label) noexcept {
    std::array<float, output_size> y{};
    const inference_status status = run(q, x, y.data(), 1);
    if (status != inference_status::ok) return status;
    label = 0;
    for (std::size_t i = 1; i < output_size; ++i)
      if (y[i] > y[label]) label = i;
    return status;
  }

 private:
  template <std::size_t I>
  static constexpr bool supported() {
    using spec = typename Net::template layer<I>::spec;
    if constexpr (I <= plan::last_parametric)
      return plan::template has_parameters<I> || int8_passes_through<spec>;
    else
      return forward_in_place<spec>;
  }
  static constexpr bool all_supported = []<std::size_t... I>(std::index_sequence<I...>) {
    return (supported<I>() && ...);
  }(std::make_index_sequence<Net::layer_count>{});
  // A rejected network's stand-ins are not int8 layers, and its binding (or the plan) has said what is wrong already.
  static_assert(!Net::accepted || !plan::quantizable || all_supported,
                "nnstatic: int8 inference runs conv2d, dense, relu, max_pool2d and flatten, then only activations or "
                "softmax after the last layer with parameters");

  void run_one(const quantized_parameters<Net>& q, const float* x, float* y) noexcept {
    const float inverse = 1.0f / q.scale[0];
    for (std::size_t i = 0; i < input_size; ++i) ping_[i] = int8_round_clamp<-127>(x[i] * inverse);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (step<I>(q, y), ...);
    }(std::make_index_sequence<Net::layer_count>{});
  }

  template <std::size_t I>
  void step(const quantized_parameters<Net>& q, float* y) noexcept {
    using layer = typename Net::template layer<I>;
    constexpr std::size_t last = Net::layer_count - 1;
    std::int8_t* in = buffer(I == 0 ? 0 : plan::int8_side[I == 0 ? 0 : I - 1]);
    std::int8_t* out = buffer(plan::int8_side[I]);
    if constexpr (plan::template int8_no_op<I>()) {
      // fused into the layer before, or a flatten: the bytes are already where the next layer reads them
    } else if constexpr (I > plan::last_parametric) {
      layer::forward(static_cast<const float*>(nullptr), float_.data(), I == last ? y : float_.data(), 1);
    } else if constexpr (!plan::template has_parameters<I>) {
      layer::forward(static_cast<const std::int8_t*>(nullptr), in, out, 1);
    } else {
      float* float_out = I == last ? y : float_.data();
      parametric<I, layer>(q, in, out, float_out);
    }
  }

  template <std::size_t I, class Layer>
  void parametric(const quantized_parameters<Net>& q, std::int8_t* in, std::int8_t* out, float* float_out) noexcept {
    using geometry = int8_geometry<Layer>;
    const std::int8_t* w = q.weights.data() + plan::offsets.first[I];
    const std::size_t channel = plan::offsets.second[I];
    const std::int32_t* bias = q.bias.data() + channel;
    const std::int32_t* sums = q.weight_sums.data() + channel;
    const float* multiplier = q.multiplier.data() + channel;
    alignas(64) std::array<std::int32_t, geometry::padded_units> acc;

    const auto emit = [&](std::size_t position) {
      if constexpr (I == plan::last_parametric)
        for (std::size_t o = 0; o < geometry::units; ++o)
          float_out[position * geometry::units + o] = static_cast<float>(acc[o]) * multiplier[o];
      else
        int8_requantize<geometry::units, plan::template relu_fused_after<I>() ? 0 : -127, Kernel>(
            acc.data(), multiplier, out + position * geometry::units);
    };

    if constexpr (is_bound_dense<Layer>) {
      for (std::size_t k = geometry::depth; k < geometry::padded_depth; ++k) in[k] = 0;
      int8_gemv<geometry::padded_depth, geometry::padded_units, Kernel>(in, w, bias, sums, acc.data());
      emit(0);
    } else {
      static_assert(is_bound_conv2d<Layer>, "nnstatic: int8 layers with parameters are dense or conv2d");
      using rows = typename Layer::rows;
      using cols = typename Layer::cols;
      constexpr std::size_t channels = Layer::in_channels;
      alignas(64) std::array<std::int32_t, geometry::padded_units> start;
      int8_accumulator_start<geometry::padded_units, Kernel>(bias, sums, start.data());
      // acc = the convolution at (oy, ox).
      const auto convolve = [&](std::size_t oy, std::size_t ox, std::int32_t* result) {
        // The receptive field in the kernel's [ky][kx][c] order, read tap by tap; padding and the taps past the
        // depth (up to its multiple of 4) read as 0.
        const auto tap = [&](std::size_t t) noexcept -> std::int8_t {
          if (t >= geometry::depth) return 0;
          const std::size_t ky = t / (Layer::kernel_width * channels);
          const std::size_t kx = t / channels % Layer::kernel_width;
          const std::ptrdiff_t iy = rows::input_index(oy, ky), ix = cols::input_index(ox, kx);
          if (!rows::inside(iy) || !cols::inside(ix)) return 0;
          return in[(static_cast<std::size_t>(iy) * Layer::in_width + static_cast<std::size_t>(ix)) * channels +
                    t % channels];
        };
        const auto group = [&](std::size_t k) noexcept { return int8_pack4(tap(k), tap(k + 1), tap(k + 2), tap(k + 3)); };
        int8_gemv_groups<geometry::padded_depth, geometry::padded_units, Kernel>(group, w, start.data(), result);
      };
      constexpr std::size_t window = plan::template pool_window_after<I>();
      if constexpr (window == 1) {
        for (std::size_t oy = 0; oy < Layer::out_height; ++oy)
          for (std::size_t ox = 0; ox < Layer::out_width; ++ox) {
            convolve(oy, ox, acc.data());
            emit(oy * Layer::out_width + ox);
          }
      } else {
        // The max pool that follows, absorbed: the largest accumulator of each window is requantized, once.
        alignas(64) std::array<std::int32_t, geometry::padded_units> position;
        constexpr std::size_t pooled_height = Layer::out_height / window, pooled_width = Layer::out_width / window;
        for (std::size_t py = 0; py < pooled_height; ++py)
          for (std::size_t px = 0; px < pooled_width; ++px) {
            convolve(py * window, px * window, acc.data());
            for (std::size_t i = 1; i < window * window; ++i) {
              convolve(py * window + i / window, px * window + i % window, position.data());
              for (std::size_t o = 0; o < geometry::padded_units; ++o) acc[o] = std::max(acc[o], position[o]);
            }
            emit(py * pooled_width + px);
          }
      }
    }
  }

  std::int8_t* buffer(std::size_t side) noexcept { return side == 0 ? ping_.data() : pong_.data(); }

  alignas(64) std::array<std::int8_t, plan::int8_buffer> ping_{};
  alignas(64) std::array<std::int8_t, plan::int8_buffer> pong_{};
  alignas(64) std::array<float, plan::float_buffer> float_{};
};

}  // namespace nnstatic
