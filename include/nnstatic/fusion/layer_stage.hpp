#pragma once
/// `layer_stage`: any layer run as it is written in include/nnstatic/layers, its batch split between threads.
///
/// This is the plan's fallback (softmax, an activation no layer before it takes in, a leading flatten, dropout,
/// batch normalization). It calls the layer through the layer protocol (core/layer_protocol.hpp), so it runs
/// whatever a layer declares: its state, what it saves for backward, its scratch. A layer with parameters gets
/// per-thread gradients, summed in thread order. A batch-coupled layer (batch statistics) runs on the whole batch:
/// on every thread, each its share of the channels, if it declares the channel-range forms
/// (core/layer_protocol.hpp; batch normalization: the same bits on any team), else on the team's first thread.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/kernels/elementwise.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <cstddef>
#include <utility>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

template <class Arch, class Layer, class Out>
struct layer_stage {
  using input_shape = typename Layer::input_shape;
  using output_shape = Out;
  using layer = Layer;
  static constexpr std::size_t param_count = Layer::param_count;
  static constexpr std::size_t state_count = state_count_of<Layer>;
  static constexpr std::size_t saved_size = saved_size_of<Layer>;
  static constexpr std::size_t layer_scratch = scratch_size_of<Layer>;
  static constexpr bool coupled = batch_coupled<Layer>;
  /// Whether the team shares a coupled layer's channels.
  template <class T>
  static constexpr bool splits_channels = coupled && channel_range_layer<Layer, T>;
  /// Inference may give this stage one buffer as input and output.
  static constexpr bool runs_in_place = ::nnstatic::runs_in_place<Layer>;
  static constexpr bool backward_reads_input = ::nnstatic::backward_reads_input<Layer>;
  static constexpr bool backward_reads_output = ::nnstatic::backward_reads_output<Layer>;
  /// Per thread in training: its part of the parameter gradient, then the layer's scratch for up to the whole batch.
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = whole_lines(param_count) + whole_lines(Batch* layer_scratch);
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = Batch* layer_scratch;

  static constexpr std::size_t in = input_shape::size;
  static constexpr std::size_t out = Out::size;

  /// Inference: the layer's inference forward on this thread's rows.
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* /*saved*/, std::size_t batch, Team& team,
                      const scratch<T>& s, const inference_context<T>& context = {}) noexcept {
    const auto [r0, r1] = share(batch, team.index(), team.size());
    if (r1 > r0)
      run_inference<Layer>(inference_args<T>{params, context.state, x + r0 * in, y + r0 * out,
                                             forward_scratch(s, team.index()), r1 - r0});
  }

  /// Training: the layer's training forward, on this thread's rows or, batch-coupled, on the whole batch: this
  /// thread's channels, or all of them on the first thread.
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team, const scratch<T>& s,
                      const training_context<T>& context) noexcept {
    if constexpr (splits_channels<T>) {
      const auto [c0, c1] = share(Layer::channels, team.index(), team.size());
      if (c1 > c0)
        run_training_forward<Layer>(training_args<T>{params, context.state, x, y, saved,
                                                     forward_scratch(s, team.index()), batch, 0, context.noise_key},
                                    c0, c1);
    } else {
      const auto [r0, r1] = rows(batch, team);
      if (r1 > r0)
        run_training_forward<Layer>(training_args<T>{params, context.state, x + r0 * in, y + r0 * out,
                                                     saved + r0 * saved_size, forward_scratch(s, team.index()),
                                                     r1 - r0, r0, context.noise_key});
    }
  }

  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update,
                       const training_context<T>& context = {}) noexcept {
    const std::size_t t = team.index(), threads = team.size();
    [[maybe_unused]] const auto [p0, p1] = share(param_count, t, threads);
    if constexpr (splits_channels<T>) {
      // Each thread adds its channels' gradients into the first thread's part, zeroed by all first; that part is
      // then the whole gradient, as when the first thread runs every channel.
      T* part = s.of(0);
      if constexpr (param_count > 0) {
        std::fill(part + p0, part + p1, T{});
        team.sync();
      }
      const auto [c0, c1] = share(Layer::channels, t, threads);
      if (c1 > c0)
        run_backward<Layer, PropagateInput>(
            backward_args<T>{params, context.state, part, x, y, saved, dy, dx, backward_scratch(s, t), batch}, c0, c1);
    } else {
      const auto [r0, r1] = rows(batch, team);
      T* part = s.of(t);
      if constexpr (param_count > 0) std::fill(part, part + param_count, T{});
      if (r1 > r0)
        run_backward<Layer, PropagateInput>(backward_args<T>{
            params, context.state, part, x + r0 * in, y + r0 * out, saved + r0 * saved_size, dy + r0 * out,
            PropagateInput ? dx + r0 * in : nullptr, backward_scratch(s, t), r1 - r0});
    }
    if constexpr (param_count > 0) {
      team.sync();
      // A coupled layer's whole gradient is the first thread's part; the others' parts are zero or unused.
      kernels::sum_parts<Arch>(grad, s.of(0), s.stride, coupled ? 1 : threads, p0, p1 - p0);
      update(p0, p1 - p0);
    }
  }

 private:
  template <class Team>
  static std::pair<std::size_t, std::size_t> rows(std::size_t batch, Team& team) noexcept {
    if constexpr (coupled)
      return team.index() == 0 ? std::pair<std::size_t, std::size_t>{0, batch}
                               : std::pair<std::size_t, std::size_t>{0, 0};
    else
      return share(batch, team.index(), team.size());
  }

  // A forward has the thread's whole scratch (inference gives each thread only batch * layer_scratch values); a
  // backward's starts after the thread's share of the parameter gradient.
  template <class T>
  static T* forward_scratch(const scratch<T>& s, std::size_t thread) noexcept {
    return layer_scratch == 0 ? nullptr : s.of(thread);
  }
  template <class T>
  static T* backward_scratch(const scratch<T>& s, std::size_t thread) noexcept {
    return layer_scratch == 0 ? nullptr : s.of(thread) + whole_lines(param_count);
  }
};

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
