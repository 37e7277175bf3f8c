#pragma once
/// `block_stage`: a block (add, concatenate) whose branches each run their own execution plan, on the whole team.
///
/// The plan's rule for a block gives every branch the plan of its layers (fusion/plan.hpp: conv2d + relu inside a
/// residual branch is one conv_stage), and this stage runs them one branch after the other, each inner stage split
/// between the threads as it would be in a network, with a barrier after each. The branches' outputs are then
/// merged (summed, or laid side by side) by rows of samples, each thread its share.
///
/// Memory. Everything the threads share lives in the stage's saved region, `Batch * saved_size` values:
///     for each branch, for each inner stage: its output | what it saves      (what backward reads)
///     two gradient buffers of the largest inner output                     (the branches' backward ping-pong)
///     a branch's input gradient                                             (summed into dx)
///     a branch's output gradient                                            (concatenate's slice of dy)
/// Per-thread scratch is the largest of the inner stages'. Inference has no saved region: the outputs then go to
/// scratch, after the inner stages' own.
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/fusion/stage.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

namespace nnstatic::fusion {

namespace detail {

/// {0, s0, s0 + s1, ...}: where each of `sizes` starts, and their total last.
template <std::size_t N>
constexpr std::array<std::size_t, N + 1> prefix_sums(const std::array<std::size_t, N>& sizes) noexcept {
  std::array<std::size_t, N + 1> offsets{};
  for (std::size_t i = 0; i < N; ++i) offsets[i + 1] = offsets[i] + sizes[i];
  return offsets;
}

}  // namespace detail

template <class Arch, class Block, class Out, class... BranchPlans>
struct block_stage {
  using input_shape = typename Block::input_shape;
  using output_shape = Out;
  using block = Block;
  static constexpr std::size_t param_count = Block::param_count;
  static constexpr std::size_t branch_count = sizeof...(BranchPlans);
  static_assert(branch_count == Block::branch_count, "nnstatic: block_stage takes one plan per branch");

  template <std::size_t B>
  using plan_of = std::tuple_element_t<B, std::tuple<BranchPlans...>>;
  template <std::size_t B>
  using branch_of = typename Block::template branch_at<B>;

 private:
  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t out_size = Out::size;

  /// Per sample: where inner stage K of a plan starts (its output, then what it saves), and the plan's total.
  template <class Plan>
  static constexpr auto stage_offsets = []<std::size_t... K>(std::index_sequence<K...>) {
    return detail::prefix_sums(std::array<std::size_t, Plan::size>{
        (Plan::template at<K>::output_shape::size + Plan::template at<K>::saved_size)...});
  }
  (std::make_index_sequence<Plan::size>{});

  template <class Plan>
  static constexpr std::size_t largest_output = []<std::size_t... K>(std::index_sequence<K...>) {
    return std::max({std::size_t{0}, Plan::template at<K>::output_shape::size...});
  }
  (std::make_index_sequence<Plan::size>{});

  template <class Plan, std::size_t Batch, bool Inference>
  static constexpr std::size_t inner_scratch = []<std::size_t... K>(std::index_sequence<K...>) {
    if constexpr (Inference)
      return std::max({std::size_t{0}, Plan::template at<K>::template inference_scratch_size<Batch>...});
    else
      return std::max({std::size_t{0}, Plan::template at<K>::template scratch_size<Batch>...});
  }
  (std::make_index_sequence<Plan::size>{});

  /// Per sample: where branch B's inner stages start in the saved region.
  static constexpr auto branch_offsets =
      detail::prefix_sums(std::array<std::size_t, branch_count>{stage_offsets<BranchPlans>[BranchPlans::size]...});
  static constexpr std::size_t kept_size = branch_offsets[branch_count];
  static constexpr std::size_t gradient_size = std::max({std::size_t{0}, largest_output<BranchPlans>...});
  static constexpr std::size_t branch_dy_size = Block::branch_gradient_size;
  /// Concatenate hands each branch its slice of dy, gathered; add hands every branch dy itself.
  static constexpr bool gathers_dy = branch_dy_size > 0;

  template <std::size_t Batch>
  static constexpr std::size_t inner_inference_scratch =
      whole_lines(std::max({std::size_t{0}, inner_scratch<BranchPlans, Batch, true>...}));

 public:
  static constexpr std::size_t saved_size = kept_size + 2 * gradient_size + in_size + branch_dy_size;
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = std::max({std::size_t{0}, inner_scratch<BranchPlans, Batch, false>...});
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = inner_inference_scratch<Batch> + Batch* kept_size;

  /// The state of every layer inside, which the trainer and inference hand it in a context, as to any stage with
  /// state; the branches' inner stages get their parts of it.
  static constexpr std::size_t state_count = Block::state_count;

  // y = merge(branch_0(x), branch_1(x), ...), in inference (moving statistics, no dropout) or in training
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team, const scratch<T>& s,
                      const inference_context<T>& context = {}) noexcept {
    // Inference may have no saved region: a team of one then keeps the outputs in its scratch, after the inner
    // stages' own.
    forward_branches<Batch>(params, x, y, saved != nullptr ? saved : s.of(0) + inner_inference_scratch<Batch>, batch,
                            team, s, context);
  }
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team, const scratch<T>& s,
                      const training_context<T>& context) noexcept {
    forward_branches<Batch>(params, x, y, saved, batch, team, s, context);
  }

  // dx = sum over branches of each branch's dx; each inner stage overwrites its parameters' gradient
  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* /*y*/, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update,
                       const training_context<T>& context = {}) noexcept {
    // The saved region is the trainer's and writable; the protocol hands it to backward as const because a stage
    // that only saves there only reads it then. This one also keeps its team-shared gradient buffers there.
    T* kept = const_cast<T*>(saved);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    const buffers<T> b{kept + Batch * kept_size, kept + Batch * (kept_size + 2 * gradient_size),
                       kept + Batch * (kept_size + 2 * gradient_size + in_size)};
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (backward_branch<B, Batch, PropagateInput>(params, grad, x, kept + Batch * branch_offsets[B], dy, dx, b, batch,
                                                 team, s, update, context),
       ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

 private:
  template <class T>
  struct buffers {
    T* gradients;  // two of Batch * gradient_size
    T* branch_dx;
    T* branch_dy;
  };

  template <std::size_t Batch, class Team, class T, class Context>
  static void forward_branches(const T* params, const T* x, T* y, T* kept, std::size_t batch, Team& team,
                               const scratch<T>& s, const Context& context) noexcept {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      const std::array<const T*, branch_count> outputs{forward_branch<B, Batch>(
          params + Block::template param_offset<B>, x, kept + Batch * branch_offsets[B], batch, team, s, context)...};
      const auto [r0, r1] = share(batch, team.index(), team.size());
      const std::array<const T*, branch_count> rows{(outputs[B] + r0 * branch_of<B>::output_shape::size)...};
      Block::merge_outputs(rows, y + r0 * out_size, r1 - r0);
    }
    (std::make_index_sequence<branch_count>{});
  }

  /// An inner stage's context: its layers' part of the block's state, and in training the block's key mixed with
  /// the branch and the stage's position in it.
  template <std::size_t B, class Stage, class T>
  static inference_context<T> inner_context(const inference_context<T>& c) noexcept {
    return {c.state == nullptr ? nullptr : c.state + inner_state_offset<B, Stage>};
  }
  template <std::size_t B, class Stage, class T>
  static training_context<T> inner_context(const training_context<T>& c) noexcept {
    return {c.state == nullptr ? nullptr : c.state + inner_state_offset<B, Stage>,
            mix_bits(mix_bits(c.noise_key, B), Stage::first_layer)};
  }
  template <std::size_t B, class Stage>
  static constexpr std::size_t inner_state_offset =
      Block::template state_offset<B> + branch_of<B>::chain::state_offsets[Stage::first_layer];

  template <std::size_t B, std::size_t Batch, class Team, class T, class Context>
  static const T* forward_branch(const T* params, const T* x, T* kept, std::size_t batch, Team& team,
                                 const scratch<T>& s, const Context& context) noexcept {
    using plan = plan_of<B>;
    const T* in = x;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            using stage = typename plan::template at<K>;
            T* out = kept + Batch * stage_offsets<plan>[K];
            const T* p = params + branch_of<B>::chain::param_offsets[stage::first_layer];
            T* stage_saved = out + Batch * stage::output_shape::size;
            if constexpr (contextual_stage<stage>)
              stage::template forward<Batch>(p, in, out, stage_saved, batch, team, s, inner_context<B, stage>(context));
            else
              stage::template forward<Batch>(p, in, out, stage_saved, batch, team, s);
            team.sync();
            in = out;
          }(),
          ...);
    }
    (std::make_index_sequence<plan::size>{});
    return in;
  }

  /// Branch B's inner stages in reverse, from its output gradient to its input gradient, which the first branch
  /// writes into dx and every other adds to it; a barrier after each step, so that the shared buffers can be
  /// reused by the next.
  template <std::size_t B, std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward_branch(const T* params, T* grad, const T* x, T* kept, const T* dy, T* dx, const buffers<T>& b,
                              std::size_t batch, Team& team, const scratch<T>& s, Update& update,
                              const training_context<T>& context) noexcept {
    using plan = plan_of<B>;
    const auto [r0, r1] = share(batch, team.index(), team.size());
    const T* gradient = dy;
    if constexpr (gathers_dy) {
      constexpr std::size_t branch_out = branch_of<B>::output_shape::size;
      Block::template branch_output_gradient<B>(dy + r0 * out_size, b.branch_dy + r0 * branch_out, r1 - r0);
      team.sync();
      gradient = b.branch_dy;
    }
    if constexpr (plan::size == 0) {
      // The identity: its input gradient is its output gradient.
      if constexpr (PropagateInput)
        for (std::size_t i = r0 * in_size; i < r1 * in_size; ++i) dx[i] = B == 0 ? gradient[i] : dx[i] + gradient[i];
    } else {
      T* target = B == 0 ? dx : b.branch_dx;
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
              constexpr std::size_t k = plan::size - 1 - K;
              using stage = typename plan::template at<k>;
              constexpr std::size_t offset =
                  Block::template param_offset<B> + branch_of<B>::chain::param_offsets[stage::first_layer];
              T* out = kept + Batch * stage_offsets<plan>[k];
              const T* in = k == 0 ? x : kept + Batch * stage_offsets<plan>[k == 0 ? 0 : k - 1];
              T* input_gradient = k == 0 ? target : b.gradients + (K % 2) * Batch * gradient_size;
              auto stage_update = [&](std::size_t first, std::size_t count) noexcept { update(offset + first, count); };
              constexpr bool propagate = k == 0 ? PropagateInput : true;
              const T* stage_saved = out + Batch * stage::output_shape::size;
              if constexpr (contextual_stage<stage>)
                stage::template backward<Batch, propagate>(params + offset, grad + offset, in, out, stage_saved,
                                                           gradient, input_gradient, batch, team, s, stage_update,
                                                           inner_context<B, stage>(context));
              else
                stage::template backward<Batch, propagate>(params + offset, grad + offset, in, out, stage_saved,
                                                           gradient, input_gradient, batch, team, s, stage_update);
              team.sync();
              gradient = input_gradient;
            }(),
            ...);
      }
      (std::make_index_sequence<plan::size>{});
      if constexpr (PropagateInput && B > 0)
        for (std::size_t i = r0 * in_size; i < r1 * in_size; ++i) dx[i] += b.branch_dx[i];
    }
    team.sync();
  }
};

}  // namespace nnstatic::fusion
