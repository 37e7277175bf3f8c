#pragma once
/// int8 post-training quantization: `quantize(params, calibration_images)` turns a trained float network into
/// `quantized_parameters<Net>`, and `int8_model<Net>` runs it.
///
/// - Batch normalization after a dense, conv2d or depthwise_conv2d layer is folded into that layer first
///   (fusion/fold_batch_normalization.hpp): int8 runs `int8_network<Net>`, which is `folded_network<Net>`.
/// - The layers are grouped by the same rules as the float stages (fusion/plan.hpp), realized by int8 stages
///   (quant/int8_stages.hpp, which says what each runs and what is refused): one activation folded into a
///   requantization, a max pool absorbed into the convolution before it, a flatten joined to the stage before it,
///   a block's branches planned from the block's input.
/// - Weights: symmetric int8 per output channel (per dense unit, per conv filter, per depthwise output channel):
///   w ~ s_w[o] q, |q| <= 127, s_w[o] = max |w[.][o]| / 127.
/// - Activations: symmetric int8 per tensor, s = max |a| / 127 over a calibration set at each stage's output (after
///   its activation and pool). Stages that only move values (max pools, flatten, dropout) keep their input's scale.
/// - Arithmetic: int32 accumulation of int8 products, the bias added in int32 at scale s_in s_w[o], one float
///   multiplier per channel to requantize. The stage with the last layer with parameters dequantizes to float
///   (with its activation, any element-wise one), and the layers after it (softmax) run in float.
///
/// No layer may be deeper than int8_max_depth (quant/int8_ranges.hpp), whose int32 accumulator could overflow.
/// Anything int8 cannot run is one compile-time error that names the layer, its position and its input.
#include <nnstatic/core/error.hpp>
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/fold_batch_normalization.hpp>
#include <nnstatic/fusion/plan.hpp>
// The layers that end a classifier after its last layer with parameters, which int8 runs in float.
#include <nnstatic/layers/sigmoid.hpp>
#include <nnstatic/layers/softmax.hpp>
#include <nnstatic/layers/tanh.hpp>
#include <nnstatic/quant/int8_gemv.hpp>
#include <nnstatic/quant/int8_ranges.hpp>
#include <nnstatic/quant/int8_stages.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

// A rejected network may have no layer with parameters left (its stand-ins have none); its binding has reported it.
template <network Net, bool HasOne>
constexpr bool int8_has_layer_with_parameters() {
  if constexpr (Net::accepted && !HasOne) {
    static_assert(HasOne,
                  "nnstatic: int8 quantization needs a network with a dense, conv2d or depthwise_conv2d layer");
    return false;
  } else {
    return true;
  }
}

// Checks the stages only when asked: a check named in an expression is instantiated even where || skips it.
template <class Chain, std::size_t Last, bool Check>
constexpr bool int8_chain_supported() {
  if constexpr (Check)
    return Chain::template supported<network_positions, Last>();
  else
    return true;
}

// A rejected network is not folded: its stand-ins would be bound again.
template <bool Accepted, class Net>
struct int8_network_of {
  using type = Net;
};
template <class Net>
struct int8_network_of<true, Net> {
  using type = folded_network<Net>;
};

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// The network int8 runs: `Net` with each batch normalization that follows a dense, conv2d or depthwise_conv2d
/// layer folded into it.
template <network Net>
using int8_network = typename detail::int8_network_of<Net::accepted, Net>::type;

/// The int8 stages of a network and where their data lives, and the checks that the network can be quantized.
template <network Net>
struct int8_plan {
  using deployed = int8_network<Net>;
  using stages = fusion::plan_of_family<deployed, int8_stages>;
  using chain = int8_chain<typename deployed::input_shape, typename deployed::layers, stages>;
  static constexpr std::size_t stage_count = stages::size;

  static constexpr std::size_t found_parametric = []<std::size_t... K>(std::index_sequence<K...>) {
    std::size_t last = stage_count;
    ((stages::template at<K>::param_count > 0 ? (last = K, 0) : 0), ...);
    return last;
  }(std::make_index_sequence<stage_count>{});
  /// False for a network without a layer with parameters, after its one error. The check is a function
  /// template's (as a layer's `accepts` is), not a static_assert of this class: clang marks a class whose
  /// static_assert failed as invalid, and every constant read from it, in int8_model too, would be a second error.
  static constexpr bool quantizable =
      detail::int8_has_layer_with_parameters<deployed, found_parametric < stage_count>();
  /// The stage with the last layer with parameters, which gives float. Without one (a network rejected at its first
  /// layer has only stand-ins), the last stage, so that the tables are read within bounds.
  static constexpr std::size_t last_parametric =
      quantizable && found_parametric < stage_count ? found_parametric : stage_count - 1;
  /// Whether every stage has an int8 form, after the one error that names the first without (a rejected network
  /// has reported its own already).
  static constexpr bool supported =
      detail::int8_chain_supported<chain, last_parametric, deployed::accepted && quantizable>();
  /// Whether quantize and int8_model do anything: a network that failed a check compiles no further.
  static constexpr bool runs = deployed::accepted && quantizable && supported;

  static constexpr std::size_t packed_size = chain::table_size.weights;
  static constexpr std::size_t channel_size = chain::table_size.channels;
  static constexpr std::size_t scale_count = chain::table_size.scales + 1;

  using last_stage = typename stages::template at<last_parametric>;
  /// The layers after the last stage with parameters, which run in float.
  static constexpr std::size_t tail_first = last_stage::first_layer + last_stage::layer_span;
  static constexpr std::size_t layer_count = deployed::layer_count;
  static constexpr bool has_tail = tail_first < layer_count;
  /// Each of the two float buffers: the largest float value the last stage with parameters and the layers after it
  /// write; and the most scratch one of those layers takes.
  static constexpr std::size_t float_buffer = [] {
    std::size_t largest = last_stage::output_shape::size;
    for (std::size_t i = tail_first; i < layer_count; ++i)
      largest = std::max(largest, deployed::layers::output_sizes[i]);
    return largest;
  }();
  static constexpr std::size_t float_scratch = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::max({std::size_t{0}, (I >= tail_first ? scratch_size_of<typename deployed::template layer<I>> : 0)...});
  }(std::make_index_sequence<layer_count>{});
};

/// A network's int8 weights, int32 biases and per-channel requantization, all in fixed-size arrays (so that a
/// device can hold them in flash); made by `quantize`.
template <network Net>
struct quantized_parameters {
  using plan = int8_plan<Net>;

  alignas(64) std::array<std::int8_t, plan::packed_size> weights{};        ///< per stage (int8_stages.hpp)
  alignas(64) std::array<std::int32_t, plan::channel_size> bias{};         ///< at scale s_in s_w[o]
  alignas(64) std::array<std::int32_t, plan::channel_size> weight_sums{};  ///< sum_k q[k][o], for the VNNI kernel
  alignas(64) std::array<float, plan::channel_size> multiplier{};          ///< s_in s_w[o] / s_out (last: s_in s_w[o])
  std::array<float, plan::scale_count> scale{};  ///< [0]: the input; then each stage's, its output's first

  /// Bytes a device stores for these weights: about a quarter of `Net::param_count * sizeof(float)`.
  static constexpr std::size_t weight_bytes = plan::packed_size + plan::channel_size * 12 + sizeof(scale);

  int8_tables<true> tables() noexcept {
    return {weights.data(), bias.data(), weight_sums.data(), multiplier.data(), scale.data() + 1};
  }
  int8_tables<false> tables() const noexcept {
    return {weights.data(), bias.data(), weight_sums.data(), multiplier.data(), scale.data() + 1};
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::detail::inline NNSTATIC_ISA_NAMESPACE {

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

// Calibrates the stages of the deployed network on `images` by its plain float layers, then quantizes them.
template <network Net>
void quantize_deployed(const parameters<int8_network<Net>, float>& params, std::span<const float> images,
                       quantized_parameters<Net>& q) {
  using plan = int8_plan<Net>;
  using chain = typename plan::chain;
  using deployed = typename plan::deployed;
  constexpr std::size_t batch = 32, in_size = deployed::input_shape::size;
  std::vector<double> maxima(chain::table_size.scales);
  std::vector<float> y(batch * deployed::output_shape::size);
  double input_max = 0;
  const std::size_t count = images.size() / in_size;
  for (std::size_t first = 0; first < count; first += batch) {
    const std::size_t n = std::min(batch, count - first);
    const float* x = images.data() + first * in_size;
    for (std::size_t i = 0; i < n * in_size; ++i) input_max = std::max(input_max, static_cast<double>(std::abs(x[i])));
    chain::calibrate(params.values.data(), params.state.data(), x, y.data(), n, maxima.data());
  }
  q.scale[0] = symmetric_scale(input_max);
  chain::template quantize<plan::last_parametric>(params.values.data(), params.state.data(), q.tables(), q.scale[0],
                                                  maxima.data());
}

}  // namespace nnstatic::detail::NNSTATIC_ISA_NAMESPACE

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE {

/// Quantizes `params` to int8, its batch normalizations folded first, taking the activation scales from
/// `calibration_images` (whole samples, e.g. a thousand training images, scaled as in training). Throws
/// nnstatic::error on a NaN or infinite parameter.
template <network Net>
std::unique_ptr<quantized_parameters<Net>> quantize(const parameters<Net, float>& params,
                                                    std::span<const float> calibration_images) {
  using plan = int8_plan<Net>;
  detail::require_finite(params);
  auto q = std::make_unique<quantized_parameters<Net>>();
  if constexpr (plan::runs) {
    if constexpr (std::is_same_v<typename plan::deployed, Net>) {
      detail::quantize_deployed<Net>(params, calibration_images, *q);
    } else {
      auto folded = std::make_unique<parameters<typename plan::deployed, float>>();
      fold_batch_normalization(params, *folded);
      detail::quantize_deployed<Net>(*folded, calibration_images, *q);
    }
  }
  return q;
}

/// int8 inference: the workspace (two int8 buffers and what the stages need, int32 sums for add blocks, two float
/// buffers for the layers after the last with parameters: `inference_bytes` in all, no heap) and the forward pass
/// with the `Kernel` chosen at compile time.
template <network Net, int8_kernel Kernel = default_int8_kernel>
class int8_model {
  using plan = int8_plan<Net>;
  using chain = typename plan::chain;
  static constexpr std::size_t lines(std::size_t bytes) noexcept {
    return (std::max(bytes, std::size_t{1}) + 63) / 64 * 64;
  }

 public:
  using network = Net;
  static constexpr int8_kernel kernel = Kernel;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;
  /// Bytes of activation memory: the whole object.
  static constexpr std::size_t inference_bytes = lines(chain::workspace_size) +
                                                 lines(chain::accumulator_size * sizeof(std::int32_t)) +
                                                 lines(2 * plan::float_buffer * sizeof(float)) +
                                                 lines(plan::float_scratch * sizeof(float));
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
  void run_one(const quantized_parameters<Net>& q, const float* x, float* y) noexcept {
    if constexpr (plan::runs) {
      constexpr std::size_t last = plan::last_parametric;
      // The input goes into the second buffer, which the first stage reads and the second overwrites.
      std::int8_t* in = int8_.data() + chain::buffer_size;
      const float inverse = 1.0f / q.scale[0];
      for (std::size_t i = 0; i < input_size; ++i) in[i] = int8_round_clamp<-int8_value_limit>(x[i] * inverse);
      const int8_tables<false> t = q.tables();
      std::int8_t* last_in = chain::template run<last, Kernel>(t, in, int8_.data(), accumulators_.data());
      float* out = plan::has_tail ? float_.data() : y;
      chain::template stage<last>::template run<true, Kernel>(t + chain::offsets[last], last_in, out,
                                                              int8_.data() + 2 * chain::buffer_size,
                                                              accumulators_.data());
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (tail_layer<plan::tail_first + I>(out, y), ...);
      }(std::make_index_sequence<plan::layer_count - plan::tail_first>{});
    }
  }

  // A layer after the last with parameters, in float: the two float buffers take turns, the last layer writes y.
  template <std::size_t I>
  void tail_layer(float*& in, float* y) noexcept {
    using layer = typename plan::deployed::template layer<I>;
    constexpr std::size_t side = (I - plan::tail_first + 1) % 2;
    float* out = I + 1 == plan::layer_count ? y : float_.data() + side * plan::float_buffer;
    run_inference<layer>(inference_args<float>{nullptr, nullptr, in, out, float_scratch_.data(), 1});
    in = out;
  }

  alignas(64) std::array<std::int8_t, lines(chain::workspace_size)> int8_{};
  alignas(64) std::array<std::int32_t, lines(chain::accumulator_size * sizeof(std::int32_t)) / 4> accumulators_{};
  alignas(64) std::array<float, lines(2 * plan::float_buffer * sizeof(float)) / 4> float_{};
  alignas(64) std::array<float, lines(plan::float_scratch * sizeof(float)) / 4> float_scratch_{};
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE
