#pragma once
/// `embedded_model<Net, T, BatchCapacity>`: inference for a device. It allocates nothing, throws nothing, needs
/// no RTTI and no file system, and its memory is a constant of its type:
///
///     using model = nnstatic::embedded_model<net>;
///     static_assert(model::inference_bytes <= 64 * 1024, "the activations must fit the board's 64 KiB of RAM");
///     static model m;                                  // the arena: inference_bytes, in static storage
///     std::size_t label = 0;
///     if (m.classify(exported::weights, image, label) != nnstatic::inference_status::ok) halt();
///
/// Each layer runs its plain `Layer::forward`, the scalar, `constexpr` reference code of layers/, so that the same
/// code answers at run time and inside a `static_assert` (see tests/unit/embedded/inference_test.cpp).
///
/// Memory plan. Layers that can write their output over their input (those that declare the layer protocol's
/// `runs_in_place`: activations, softmax, flatten) do; the others read from one end of a single arena and write at
/// the other. The arena is the largest sum of a non-in-place layer's input and output, which for the reference
/// network (conv 26x26x32, then pooling) is 21632 + 5408 floats: 108,160 bytes, where two ping-pong buffers of the
/// largest activation take 173,056. After the arena comes the largest scratch a layer declares (a block's inner
/// outputs), none for the reference network.
///
/// This header names no layer: an exported header includes the layers its network needs (io/export_header.hpp),
/// and a program that builds its network type itself includes their headers, as anywhere else.
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/input.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/embedded/layer_weights.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace nnstatic {

/// Where each layer's output lives in the embedded arena, per sample. Layer i writes at the start of the arena
/// (side 0) or at its end (side 1); an in-place layer stays on the side of its input, any other layer writes on the
/// other side. The first layer reads the caller's input and the last writes the caller's output.
template <network Net>
struct arena_plan {
  static constexpr std::size_t layer_count = Net::layer_count;

  static constexpr std::array<bool, layer_count> in_place =
      []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<bool, layer_count>{runs_in_place<typename Net::template layer<I>>...};
      }(std::make_index_sequence<layer_count>{});

  static constexpr std::array<std::size_t, layer_count> side = [] {
    std::array<std::size_t, layer_count> s{};
    for (std::size_t i = 1; i < layer_count; ++i) s[i] = in_place[i] ? s[i - 1] : 1 - s[i - 1];
    return s;
  }();

  /// Values of one sample the arena must hold: no layer's input and output may overlap unless it runs in place.
  static constexpr std::size_t size = [] {
    const auto& out = Net::layers::output_sizes;
    std::size_t largest = 0;
    for (std::size_t i = 0; i + 1 < layer_count; ++i) {
      const std::size_t need = i == 0 || in_place[i] ? out[i] : out[i - 1] + out[i];
      largest = need > largest ? need : largest;
    }
    return largest;
  }();
};

/// The inference-only model: the activation arena for `BatchCapacity` samples of `T` and the forward fold.
/// The weights are not part of it: they are passed to `run` (from an exported header, flash or `parameters`).
template <network Net, class T = float, std::size_t BatchCapacity = 1>
class embedded_model {
  static_assert(BatchCapacity > 0, "nnstatic: an embedded model's batch capacity must be at least 1");
  using plan = arena_plan<Net>;
  static constexpr std::size_t arena_size = BatchCapacity * (plan::size == 0 ? 1 : plan::size);
  static constexpr std::size_t scratch_size = BatchCapacity * Net::layers::max_scratch_size;

 public:
  using network = Net;
  using scalar = T;
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t input_size = Net::input_shape::size;
  static constexpr std::size_t output_size = Net::output_shape::size;

  /// Bytes of activation memory inference needs: the whole object (`sizeof(embedded_model) == inference_bytes`).
  static constexpr std::size_t inference_bytes = ((arena_size + scratch_size) * sizeof(T) + 63) / 64 * 64;
  /// Bytes of the weights when every layer is stored densely (`parameters<Net, T>`).
  static constexpr std::size_t weight_bytes = Net::param_count * sizeof(T);
  /// The network's fingerprint, which exported weights carry too.
  static constexpr std::uint64_t fingerprint = Net::fingerprint;

  /// Checks, at no cost, that weights exported with `exported_fingerprint` belong to this network.
  static constexpr inference_status check_fingerprint(std::uint64_t exported_fingerprint) noexcept {
    return exported_fingerprint == fingerprint ? inference_status::ok : inference_status::fingerprint_mismatch;
  }

  /// Runs `batch` samples (1 to BatchCapacity) from `x` (batch x input_size values) into `y` (batch x output_size
  /// values). `weights` is one of: a pointer to all parameters in the `parameters<Net, T>` layout, a
  /// `parameters<Net, T>`, or a tuple with one `no_weights` / `dense_weights<T>` / `sparse_weights<T, C>` per layer
  /// (exported headers). Any other batch, or a null pointer, is a status other than `ok`, and nothing is written.
  template <class Weights>
  constexpr inference_status run(const Weights& weights, const T* x, T* y, std::size_t batch = 1) noexcept {
    if (batch == 0) return inference_status::empty_batch;
    if (batch > BatchCapacity) return inference_status::batch_too_large;
    if (x == nullptr) return inference_status::null_input;
    if (y == nullptr) return inference_status::null_output;
    if (!has_weights(weights)) return inference_status::null_weights;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (step<I>(weights, x, y, batch), ...);
    }(std::make_index_sequence<Net::layer_count>{});
    return inference_status::ok;
  }

  /// Runs one sample and writes the index of its largest output (the first, on ties) into `label`.
  template <class Weights>
  constexpr inference_status classify(const Weights& weights, const T* x, std::size_t& label) noexcept {
    static_assert(single_position<typename Net::output_shape>,
                  "nnstatic: classify picks one class per sample, so the network's output must be one vector of "
                  "class scores, not one per position of a feature map (use run and take each position's argmax)");
    std::array<T, output_size> y{};
    const inference_status status = run(weights, x, y.data(), 1);
    if (status != inference_status::ok) return status;
    label = 0;
    for (std::size_t i = 1; i < output_size; ++i)
      if (y[i] > y[label]) label = i;
    return status;
  }

 private:
  static constexpr std::size_t offset(std::size_t layer, std::size_t batch) noexcept {
    return plan::side[layer] == 0 ? 0 : arena_size - batch * Net::layers::output_sizes[layer];
  }

  template <std::size_t I, class Weights>
  constexpr void step(const Weights& weights, const T* x, T* y, std::size_t batch) noexcept {
    using layer = typename Net::template layer<I>;
    constexpr std::size_t last = Net::layer_count - 1;
    const T* in = I == 0 ? x : arena_.data() + offset(I == 0 ? 0 : I - 1, batch);
    T* out = I == last ? y : arena_.data() + offset(I, batch);
    forward<layer>(weights_of<I>(weights), in, out, arena_.data() + arena_size, batch);
  }

  template <std::size_t I, class Weights>
  static constexpr auto weights_of(const Weights& weights) noexcept {
    if constexpr (std::is_same_v<Weights, parameters<Net, T>>) {
      return dense_weights<T>{weights.values.data() + Net::template param_offset<I>,
                              weights.state.data() + Net::template state_offset<I>};
    } else if constexpr (std::is_convertible_v<Weights, const T*>) {
      static_assert(Net::state_count == 0,
                    "nnstatic: one pointer holds parameters only; a network with non-trainable state runs from its "
                    "parameters<Net, T> or from an exported header's weights");
      return dense_weights<T>{static_cast<const T*>(weights) + Net::template param_offset<I>};
    } else {
      return std::get<I>(weights);
    }
  }

  template <class Layer>
  static constexpr void forward(no_weights, const T* in, T* out, T* scratch, std::size_t batch) noexcept {
    static_assert(Layer::param_count == 0 && state_count_of<Layer> == 0,
                  "nnstatic: a layer with parameters or state was exported without weights");
    run_inference<Layer>(inference_args<T>{nullptr, nullptr, in, out, scratch, batch});
  }
  template <class Layer>
  static constexpr void forward(dense_weights<T> w, const T* in, T* out, T* scratch, std::size_t batch) noexcept {
    run_inference<Layer>(inference_args<T>{w.values, w.state, in, out, scratch, batch});
  }
  template <class Layer, class Column>
  static constexpr void forward(const sparse_weights<T, Column>& w, const T* in, T* out, T* /*scratch*/,
                                std::size_t batch) noexcept {
    sparse_dense_forward<Layer>(w, in, out, batch);
  }

  template <class Weights>
  static constexpr bool has_weights(const Weights& weights) noexcept {
    if constexpr (std::is_same_v<Weights, parameters<Net, T>>) {
      return true;
    } else if constexpr (std::is_convertible_v<Weights, const T*>) {
      return Net::param_count == 0 || static_cast<const T*>(weights) != nullptr;
    } else {
      static_assert(std::tuple_size_v<Weights> == Net::layer_count,
                    "nnstatic: per-layer weights need one entry (no_weights for layers without parameters) per layer");
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (layer_has_weights<typename Net::template layer<I>>(std::get<I>(weights)) && ...);
      }(std::make_index_sequence<Net::layer_count>{});
    }
  }
  template <class Layer>
  static constexpr bool layer_has_weights(no_weights) noexcept {
    return true;
  }
  template <class Layer>
  static constexpr bool layer_has_weights(dense_weights<T> w) noexcept {
    return w.values != nullptr && (state_count_of<Layer> == 0 || w.state != nullptr);
  }
  template <class Layer, class Column>
  static constexpr bool layer_has_weights(const sparse_weights<T, Column>& w) noexcept {
    return w.bias != nullptr && w.row_start != nullptr && w.columns != nullptr && w.values != nullptr;
  }

  // The activations, then the layers' scratch.
  alignas(64) std::array<T, arena_size + scratch_size> arena_{};
};

}  // namespace nnstatic
