#pragma once
/// The layer protocol: what a bound layer may declare, and how the framework reads it.
///
/// A bound layer (what `spec::bind<InputShape>` gives) must name its `spec`, `input_shape`, `output_shape` and
/// `param_count` (core/concepts.hpp). Everything else is optional; the framework detects each capability here and
/// assumes the simplest default when it is absent, so a layer states only what it needs:
///
///     state_count     non-trainable values (batch normalization's moving statistics): saved with the model,
///                     never seen by an optimizer                                                     default 0
///     saved_size      values per sample the training forward keeps for backward (a dropout mask)    default 0
///     scratch_size    values per sample of temporary memory for forward and backward                default 0
///     runs_in_place   either forward may be given the same buffer as input and output               default false
///     batch_coupled   the training forward and backward need the whole batch at once (batch statistics)
///                                                                                                    default false
///     backward_reads_input, backward_reads_output
///                     whether backward reads x, and y: an activation that no backward reads is not kept for it
///                     inside a block (fusion/block_stage.hpp)                                         default true
///     initialize(params, state, rng)       default: Glorot-uniform `kernel_size` values, then zero `bias_size`
///
/// and its computations, each in a simple form for layers without state or saved values, or a full form that
/// takes one argument struct:
///
///     inference:        forward(params, x, y, batch)                  or forward(const inference_args<T>&)
///     training forward: the inference forward                         or train_forward(const training_args<T>&)
///     backward:         backward<Propagate>(params, grad, x, y, dy, dx, batch)
///                                                                     or backward<Propagate>(const backward_args<T>&)
///
/// A batch-coupled layer whose coupling is per channel (the last axis; batch normalization's statistics) may also
/// declare `channels` and the channel-range forms train_forward(a, first, last) and backward<Propagate>(a, first,
/// last): each computes channels [first, last) over the whole batch, exactly as the whole forms do, and writes only
/// their values, state and parameter gradients. A team then shares the channels (fusion/layer_stage.hpp).
///
/// A spec may also say what its inference does to values, where it computes no new ones, so that int8 inference
/// (quant/) can run it on int8 values as it is:
///
///     moves_values = true   its output is input values, moved or picked (a max pool, flatten, dropout)
///     averages = true       its output is means of windows of its input (an average pool)
///     clamps_to{low, high}  it clamps each value to [low, high] (relu: [0, inf), relu6: [0, 6]), a value_range
///
/// A backward ADDS its parameters' gradient into `param_grad` and, when `PropagateInput`, WRITES the gradient with
/// respect to its input into `dx`. Everything that runs layers (the fused plan's fallback stage, blocks, the
/// embedded path, gradient checks) calls them through `run_inference`, `run_training_forward` and `run_backward`,
/// so that the two forms are one protocol. docs/writing-a-layer.md walks through a real layer.
#include <nnstatic/core/random.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace nnstatic {

/// An interval of real values, for a spec's `clamps_to`.
struct value_range {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

/// What an inference forward reads and writes: `batch` samples of `x` into `y`, with the layer's parameters and
/// non-trainable state, and `scratch_size * batch` values of scratch.
template <class T>
struct inference_args {
  const T* params = nullptr;
  const T* state = nullptr;
  const T* x = nullptr;
  T* y = nullptr;
  T* scratch = nullptr;
  std::size_t batch = 0;
};

/// What a training forward reads and writes. The state is writable: batch normalization moves its statistics
/// towards each batch's, as Keras does in a call with training=True. `saved` holds `saved_size * batch` values
/// kept for backward. `first_sample` is the index of x's first sample in the whole batch and `noise_key` identifies
/// the step and the layer, so that random choices (dropout) depend on the sample, never on which thread ran it.
template <class T>
struct training_args {
  const T* params = nullptr;
  T* state = nullptr;
  const T* x = nullptr;
  T* y = nullptr;
  T* saved = nullptr;
  T* scratch = nullptr;
  std::size_t batch = 0;
  std::size_t first_sample = 0;
  std::uint64_t noise_key = 0;
};

/// What a backward reads and writes: given the forward's x, y and saved values and dL/dy, it adds dL/dparams into
/// `param_grad` and writes dL/dx into `dx`.
template <class T>
struct backward_args {
  const T* params = nullptr;
  const T* state = nullptr;
  T* param_grad = nullptr;
  const T* x = nullptr;
  const T* y = nullptr;
  const T* saved = nullptr;
  const T* dy = nullptr;
  T* dx = nullptr;
  T* scratch = nullptr;
  std::size_t batch = 0;
};

namespace detail {

template <class L>
constexpr std::size_t declared_state_count() {
  if constexpr (requires { L::state_count; })
    return L::state_count;
  else
    return 0;
}
template <class L>
constexpr std::size_t declared_saved_size() {
  if constexpr (requires { L::saved_size; })
    return L::saved_size;
  else
    return 0;
}
template <class L>
constexpr std::size_t declared_scratch_size() {
  if constexpr (requires { L::scratch_size; })
    return L::scratch_size;
  else
    return 0;
}
// An element-wise activation states it once on its spec, which every bound form shares.
template <class L>
constexpr bool declared_in_place() {
  if constexpr (requires { L::runs_in_place; })
    return L::runs_in_place;
  else if constexpr (requires { L::spec::runs_in_place; })
    return L::spec::runs_in_place;
  else
    return false;
}
template <class L>
constexpr bool declared_backward_reads_input() {
  if constexpr (requires { L::backward_reads_input; })
    return L::backward_reads_input;
  else
    return true;
}
template <class L>
constexpr bool declared_backward_reads_output() {
  if constexpr (requires { L::backward_reads_output; })
    return L::backward_reads_output;
  else
    return true;
}
template <class L>
constexpr bool declared_batch_coupled() {
  if constexpr (requires { L::batch_coupled; })
    return L::batch_coupled;
  else
    return false;
}

}  // namespace detail

/// The protocol's constants of a bound layer, with their defaults (see the table above).
template <class L>
inline constexpr std::size_t state_count_of = detail::declared_state_count<L>();
template <class L>
inline constexpr std::size_t saved_size_of = detail::declared_saved_size<L>();
template <class L>
inline constexpr std::size_t scratch_size_of = detail::declared_scratch_size<L>();
template <class L>
inline constexpr bool runs_in_place = detail::declared_in_place<L>();
template <class L>
inline constexpr bool batch_coupled = detail::declared_batch_coupled<L>();
template <class L>
inline constexpr bool backward_reads_input = detail::declared_backward_reads_input<L>();
template <class L>
inline constexpr bool backward_reads_output = detail::declared_backward_reads_output<L>();

/// Satisfied by a layer whose inference forward is the full form.
template <class L, class T>
concept full_forward_layer = requires(const inference_args<T>& a) {
  L::forward(a);
};
/// Satisfied by a layer with a training forward of its own (dropout, batch normalization).
template <class L, class T>
concept training_forward_layer = requires(const training_args<T>& a) {
  L::train_forward(a);
};
/// Satisfied by a layer whose backward is the full form.
template <class L, class T>
concept full_backward_layer = requires(const backward_args<T>& a) {
  L::template backward<true>(a);
  L::template backward<false>(a);
};

/// Satisfied by a batch-coupled layer with the channel-range forms of its training forward and backward.
template <class L, class T>
concept channel_range_layer = requires(const training_args<T>& t, const backward_args<T>& b, std::size_t first,
                                       std::size_t last) {
  { L::channels } -> std::convertible_to<std::size_t>;
  L::train_forward(t, first, last);
  L::template backward<true>(b, first, last);
  L::template backward<false>(b, first, last);
};

/// The layer's inference forward.
template <class L, class T>
constexpr void run_inference(const inference_args<T>& a) noexcept {
  if constexpr (full_forward_layer<L, T>)
    L::forward(a);
  else
    L::forward(a.params, a.x, a.y, a.batch);
}

/// The layer's training forward; a layer without one trains as it infers.
template <class L, class T>
constexpr void run_training_forward(const training_args<T>& a) noexcept {
  if constexpr (training_forward_layer<L, T>)
    L::train_forward(a);
  else
    run_inference<L>(inference_args<T>{a.params, a.state, a.x, a.y, a.scratch, a.batch});
}

/// The layer's backward.
template <class L, bool PropagateInput, class T>
constexpr void run_backward(const backward_args<T>& a) noexcept {
  if constexpr (full_backward_layer<L, T>)
    L::template backward<PropagateInput>(a);
  else
    L::template backward<PropagateInput>(a.params, a.param_grad, a.x, a.y, a.dy, a.dx, a.batch);
}

/// The channel-range forms of a channel_range_layer: channels [first, last) over the whole batch.
template <class L, class T>
  requires channel_range_layer<L, T>
void run_training_forward(const training_args<T>& a, std::size_t first, std::size_t last) noexcept {
  L::train_forward(a, first, last);
}
template <class L, bool PropagateInput, class T>
  requires channel_range_layer<L, T>
void run_backward(const backward_args<T>& a, std::size_t first, std::size_t last) noexcept {
  L::template backward<PropagateInput>(a, first, last);
}

/// Satisfied by a layer with a Glorot-initialized kernel followed by a bias (dense, conv2d, ...).
template <class L>
concept glorot_layer = requires {
  { L::kernel_size } -> std::convertible_to<std::size_t>;
  { L::bias_size } -> std::convertible_to<std::size_t>;
  { L::fan_in } -> std::convertible_to<std::size_t>;
  { L::fan_out } -> std::convertible_to<std::size_t>;
};

/// Sets a layer's parameters and state to their initial values, drawing from `rng`: the layer's own
/// `initialize(params, state, rng)` if it has one, else Keras' default for a kernel and a bias (Glorot uniform,
/// limit sqrt(6 / (fan_in + fan_out)), and zeros). A layer without parameters or state draws nothing.
template <class L, class T>
void initialize_layer(T* params, T* state, random_engine& rng) {
  if constexpr (requires { L::initialize(params, state, rng); }) {
    L::initialize(params, state, rng);
  } else if constexpr (glorot_layer<L>) {
    const double limit = std::sqrt(6.0 / static_cast<double>(L::fan_in + L::fan_out));
    for (std::size_t i = 0; i < L::kernel_size; ++i) params[i] = static_cast<T>(rng.uniform(-limit, limit));
    for (std::size_t i = 0; i < L::bias_size; ++i) params[L::kernel_size + i] = T{};
  } else {
    static_assert(L::param_count == 0 && state_count_of<L> == 0,
                  "nnstatic: a layer with parameters or state needs initialize(params, state, rng), or kernel_size, "
                  "bias_size, fan_in and fan_out for Keras' default");
  }
}

/// A 64-bit mix (splitmix64's finalizer): keys for random choices made from counters, so that a dropout mask is a
/// function of (step, layer, sample, element) alone.
constexpr std::uint64_t mix_bits(std::uint64_t a, std::uint64_t b) noexcept {
  std::uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace nnstatic
