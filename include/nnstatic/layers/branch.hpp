#pragma once
/// `branch<Specs...>`: a chain of layers inside a block (`add`, `concatenate`) that reads the block's input.
///
/// A branch is bound like a network, layer after layer from the block's input (core/sequential.hpp's bind_chain),
/// so a wrong layer in it is the one error of the network, at `layer_in_branch<Block, Branch, I>`. The bound branch
/// runs its layers one after the other, keeping every output for backward in the memory its block is given:
///
///     saved (per sample):   output of layer 0 | what layer 0 keeps | output of layer 1 | ...   (batch-major)
///     scratch (per sample): two gradient buffers of the largest output | the largest inner layer's scratch
/// Its inference forward keeps only what is live (core/activation_plan.hpp), in an area its block gives it.
/// Each layer is run through the layer protocol (core/layer_protocol.hpp), with its parameters and its state.
#include <nnstatic/core/activation_plan.hpp>
#include <nnstatic/core/diagnostics.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/core/shape.hpp>
#include <nnstatic/core/text.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
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
  static constexpr std::size_t state_count = chain::state_count;
  static constexpr bool batch_coupled = (nnstatic::batch_coupled<Layers> || ...);

  /// Per sample: where layer I's output starts in `saved`; what it keeps itself follows its output.
  static constexpr std::array<std::size_t, length + 1> saved_offsets = [] {
    std::array<std::size_t, length + 1> offsets{};
    const std::array<std::size_t, length> sizes{(Layers::output_shape::size + saved_size_of<Layers>)...};
    for (std::size_t i = 0; i < length; ++i) offsets[i + 1] = offsets[i] + sizes[i];
    return offsets;
  }();
  static constexpr std::size_t saved_size = saved_offsets[length];
  static constexpr std::size_t gradient_size = chain::max_output_size;
  static constexpr std::size_t scratch_size = length == 0 ? 0 : 2 * gradient_size + chain::max_scratch_size;

  template <std::size_t I, class T>
  static constexpr T* output(T* saved, std::size_t batch) noexcept {
    return saved + batch * saved_offsets[I];
  }
  template <std::size_t I, class T>
  static constexpr T* kept(T* saved, std::size_t batch) noexcept {
    return saved + batch * (saved_offsets[I] + layer<I>::output_shape::size);
  }

  /// Where the inference forward puts each layer's output, per sample: in an area planned by liveness, or with
  /// `WritesOutput` the last one in the block's output itself.
  template <bool WritesOutput>
  static constexpr chain_plan<length> inference_plan =
      plan_chain<length>({chain_step{Layers::output_shape::size, runs_in_place<Layers>, false, false}...}, WritesOutput);
  template <bool WritesOutput>
  static constexpr bool ends_in_output =
      length > 0 && inference_plan<WritesOutput>.place[length == 0 ? 0 : length - 1] == output_place::destination;

  /// The inference forward of the layers on `x`, through `area` (`batch * inference_plan.arena_size` values) and
  /// into `y` if the plan says so; returns where the branch's output is, or `x` itself for the identity.
  template <bool WritesOutput, class T>
  static constexpr const T* forward(const T* params, const T* state, const T* x, T* y, std::size_t batch, T* area,
                                    T* scratch) noexcept {
    constexpr chain_plan<length> plan = inference_plan<WritesOutput>;
    const T* in = x;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            T* out = plan.place[I] == output_place::destination ? y : area + batch * plan.offset[I];
            run_inference<layer<I>>(inference_args<T>{params + chain::param_offsets[I], state + chain::state_offsets[I],
                                                      in, out, scratch, batch});
            in = out;
          }(),
          ...);
    }
    (std::make_index_sequence<length>{});
    return in;
  }

  /// The training forward: every output, and what each layer keeps, in `saved`. Layer I's random choices are keyed
  /// by the block's key mixed with I.
  template <class T>
  static constexpr const T* train_forward(const T* params, T* state, const T* x, std::size_t batch, T* saved,
                                          T* scratch, std::size_t first_sample, std::uint64_t noise_key) noexcept {
    const T* in = x;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((run_training_forward<layer<I>>(training_args<T>{
            params + chain::param_offsets[I], state + chain::state_offsets[I], in, output<I>(saved, batch),
            kept<I>(saved, batch), scratch, batch, first_sample, mix_bits(noise_key, I)}),
        in = output<I>(saved, batch)),
       ...);
    }
    (std::make_index_sequence<length>{});
    return in;
  }

  // The reverse fold: each layer reads dL/d(its output) and writes dL/d(its input) into the other gradient buffer;
  // layer 0 writes dx (when PropagateInput). The identity writes dx = dy.
  template <bool PropagateInput, class T>
  static constexpr void backward(const T* params, const T* state, T* grad, const T* x, const T* dy, T* dx,
                                 std::size_t batch, const T* saved, T* scratch) noexcept {
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
              run_backward<layer<index>, (index == 0 ? PropagateInput : true)>(
                  backward_args<T>{params + chain::param_offsets[index], state + chain::state_offsets[index],
                                   grad + chain::param_offsets[index], input, output<index>(saved, batch),
                                   kept<index>(saved, batch), gradient, input_gradient, inner_scratch, batch});
              gradient = input_gradient;
            }(),
            ...);
      }
      (std::make_index_sequence<length>{});
    }
  }
};

}  // namespace nnstatic
