#pragma once
/// `branch<Specs...>`: a chain of layers inside a block (`add`, `concatenate`) that reads the block's input.
///
/// A branch is bound like a network, layer after layer from the block's input (core/sequential.hpp's bind_chain),
/// so a wrong layer in it is the one error of the network, at `layer_in_branch<Block, Branch, I>`. The bound branch
/// runs its layers one after the other, keeping every output for backward in the memory its block is given:
///
///     saved (per sample):   output of layer 0 | what layer 0 keeps | output of layer 1 | ...   (batch-major)
///     scratch (per sample): two gradient buffers of the largest output | the largest inner layer's scratch
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic {

template <class In, class Chain>
struct bound_branch;

/// A chain of layer specs applied to a block's input; `branch<>` is the identity (ResNet's shortcut).
///
///     add<branch<conv2d<16, 3, same>, relu, conv2d<16, 3, same>>, branch<>>
template <layer_spec... Specs>
struct branch {
  static constexpr std::size_t length = sizeof...(Specs);

  static constexpr void write_signature(text& out) {
    out.append("branch<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ","), Specs::write_signature(out)), ...);
    out.append(">");
  }
  static constexpr void write_type(text& out) {
    out.append("nnstatic::branch<");
    std::size_t written = 0;
    ((out.append(written++ == 0 ? "" : ", "), Specs::write_type(out)), ...);
    out.append(">");
  }

  /// The branch bound to the block's input `In`, its layers at `layer_in_branch<Block, Index, I>`.
  template <class Block, std::size_t Index, class In>
  using bind = bound_branch<
      In, typename detail::bind_chain<branch_positions<Block, Index>, true, In, layer_chain<>, Specs...>::type>;
};

template <class T>
inline constexpr bool is_branch = false;
template <class... Specs>
inline constexpr bool is_branch<branch<Specs...>> = true;

namespace detail {

/// A layer that keeps values for its backward or needs scratch memory (a block), run through its full forms
/// `train_forward(params, x, y, batch, saved, scratch)` and `backward<P>(params, grad, x, y, dy, dx, batch, saved,
/// scratch)`; `saved` holds `batch * saved_size` values, `scratch` `batch * scratch_size`.
template <class Layer>
concept keeps_activations = requires {
  { Layer::saved_size } -> std::convertible_to<std::size_t>;
  { Layer::scratch_size } -> std::convertible_to<std::size_t>;
};

template <class Layer>
constexpr std::size_t saved_size_of() {
  if constexpr (keeps_activations<Layer>)
    return Layer::saved_size;
  else
    return 0;
}
template <class Layer>
constexpr std::size_t scratch_size_of() {
  if constexpr (keeps_activations<Layer>)
    return Layer::scratch_size;
  else
    return 0;
}
template <class Layer>
constexpr bool batch_coupled_of() {
  if constexpr (requires { Layer::batch_coupled; })
    return Layer::batch_coupled;
  else
    return false;
}

template <class Layer, class T>
constexpr void train_forward_layer(const T* params, const T* x, T* y, std::size_t batch, T* saved, T* scratch) {
  if constexpr (keeps_activations<Layer>)
    Layer::train_forward(params, x, y, batch, saved, scratch);
  else
    Layer::forward(params, x, y, batch);
}

template <class Layer, bool PropagateInput, class T>
constexpr void backward_layer(const T* params, T* grad, const T* x, const T* y, const T* dy, T* dx, std::size_t batch,
                              const T* saved, T* scratch) {
  if constexpr (keeps_activations<Layer>)
    Layer::template backward<PropagateInput>(params, grad, x, y, dy, dx, batch, saved, scratch);
  else
    Layer::template backward<PropagateInput>(params, grad, x, y, dy, dx, batch);
}

}  // namespace detail

template <class In, class... Layers>
struct bound_branch<In, layer_chain<Layers...>> {
  using chain = layer_chain<Layers...>;
  using input_shape = In;
  static constexpr std::size_t length = sizeof...(Layers);
  using output_shape = typename decltype([] {
    if constexpr (length == 0)
      return std::type_identity<In>{};
    else
      return std::type_identity<typename chain::template at<length - 1>::output_shape>{};
  }())::type;
  template <std::size_t I>
  using layer = typename chain::template at<I>;

  static constexpr bool accepted = chain::accepted;
  static constexpr std::size_t param_count = chain::param_count;
  static constexpr bool batch_coupled = (detail::batch_coupled_of<Layers>() || ...);

  /// Per sample: where layer I's output starts in `saved`; what it keeps itself follows its output.
  static constexpr std::array<std::size_t, length + 1> saved_offsets = [] {
    std::array<std::size_t, length + 1> offsets{};
    const std::array<std::size_t, length> sizes{(Layers::output_shape::size + detail::saved_size_of<Layers>())...};
    for (std::size_t i = 0; i < length; ++i) offsets[i + 1] = offsets[i] + sizes[i];
    return offsets;
  }();
  static constexpr std::size_t saved_size = saved_offsets[length];
  static constexpr std::size_t gradient_size = chain::max_output_size;
  static constexpr std::size_t scratch_size =
      length == 0 ? 0 : 2 * gradient_size + std::max({std::size_t{0}, detail::scratch_size_of<Layers>()...});

  template <std::size_t I, class T>
  static constexpr T* output(T* saved, std::size_t batch) noexcept {
    return saved + batch * saved_offsets[I];
  }
  template <std::size_t I, class T>
  static constexpr T* kept(T* saved, std::size_t batch) noexcept {
    return saved + batch * (saved_offsets[I] + layer<I>::output_shape::size);
  }

  /// Runs the layers on `x` and returns where the branch's output is: in `saved`, or `x` itself for the identity.
  template <class T>
  static constexpr const T* train_forward(const T* params, const T* x, std::size_t batch, T* saved,
                                          T* scratch) noexcept {
    const T* in = x;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((detail::train_forward_layer<layer<I>>(params + chain::param_offsets[I], in, output<I>(saved, batch), batch,
                                              kept<I>(saved, batch), scratch),
        in = output<I>(saved, batch)),
       ...);
    }
    (std::make_index_sequence<length>{});
    return in;
  }

  // The reverse fold: each layer reads dL/d(its output) and writes dL/d(its input) into the other gradient buffer;
  // layer 0 writes dx (when PropagateInput). The identity writes dx = dy.
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* params, T* grad, const T* x, const T* dy, T* dx, std::size_t batch,
                                 const T* saved, T* scratch) noexcept {
    if constexpr (length == 0) {
      if constexpr (PropagateInput)
        for (std::size_t i = 0; i < batch * In::size; ++i) dx[i] = dy[i];
    } else {
      T* gradients[2] = {scratch, scratch + batch * gradient_size};
      T* inner_scratch = scratch + 2 * batch * gradient_size;
      const T* gradient = dy;
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
              constexpr std::size_t index = length - 1 - K;
              T* input_gradient = index == 0 ? dx : gradients[K % 2];
              const T* input = index == 0 ? x : output<(index == 0 ? 0 : index - 1)>(saved, batch);
              detail::backward_layer<layer<index>, (index == 0 ? PropagateInput : true)>(
                  params + chain::param_offsets[index], grad + chain::param_offsets[index], input,
                  output<index>(saved, batch), gradient, input_gradient, batch, kept<index>(saved, batch),
                  inner_scratch);
              gradient = input_gradient;
            }(),
            ...);
      }
      (std::make_index_sequence<length>{});
    }
  }
};

}  // namespace nnstatic
