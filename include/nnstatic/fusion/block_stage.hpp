#pragma once
/// `block_stage`: a block (add, concatenate) whose branches each run their own execution plan, on the whole team.
///
/// The plan's rule for a block gives every branch the plan of its layers (fusion/plan.hpp: conv2d + relu inside a
/// residual branch is one conv_stage), and this stage runs them one branch after the other, each inner stage split
/// between the threads as it would be in a network, with a barrier after each. As soon as a branch is done its
/// output is merged into y (added, or laid into its slice) by rows of samples, each thread its share; add's first
/// branch writes y itself when nothing reads its output later.
///
/// Memory, planned by liveness per branch (core/activation_plan.hpp). Everything the threads share lives in the
/// stage's saved region, `Batch * saved_size` values:
///     training:  for each branch: the inner outputs a backward reads | what each inner stage saves
///                then, shared by the forward and the backward, the larger of
///                    the inner outputs no backward reads, live only from one stage to the next      (forward)
///                    the branches' gradients, planned as a chain | a branch's input gradient |
///                    a branch's output gradient (concatenate's slice of dy)                        (backward)
///     inference: the inner outputs live in the branch running | the areas of the blocks inside it
/// So an inner output is kept only if its own stage's backward or the next one's reads it: batch normalization's
/// reads neither, a convolution's reads its input, an activation's its output. Per-thread scratch is the largest
/// of the inner stages'. Inference without a saved region (one thread) takes its area from scratch, after the
/// inner stages' own.
#include <nnstatic/core/activation_plan.hpp>
#include <nnstatic/core/layer_protocol.hpp>
#include <nnstatic/fusion/stage.hpp>
#include <nnstatic/simd/abi.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

namespace detail {

/// {0, s0, s0 + s1, ...}: where each of `sizes` starts, and their total last.
template <std::size_t N>
constexpr std::array<std::size_t, N + 1> prefix_sums(const std::array<std::size_t, N>& sizes) noexcept {
  std::array<std::size_t, N + 1> offsets{};
  for (std::size_t i = 0; i < N; ++i) offsets[i + 1] = offsets[i] + sizes[i];
  return offsets;
}

template <class Stage>
constexpr bool may_run_in_place() {
  if constexpr (requires { Stage::runs_in_place; })
    return Stage::runs_in_place;
  else
    return false;
}

/// A block inside a block: the team-shared values of its inference forward, which its parent hands it as `saved`.
template <class Stage>
constexpr std::size_t inference_area_of() {
  if constexpr (requires { Stage::inference_area_size; })
    return Stage::inference_area_size;
  else
    return 0;
}

/// An inner stage's per-thread scratch in inference, a block's without the area its parent hands it.
template <class Stage, std::size_t Batch>
constexpr std::size_t thread_inference_scratch_of() {
  if constexpr (requires { Stage::template thread_inference_scratch_size<Batch>; })
    return Stage::template thread_inference_scratch_size<Batch>;
  else
    return Stage::template inference_scratch_size<Batch>;
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
  /// Backward reads the block's input (its branches' first stages may), never its output.
  static constexpr bool backward_reads_output = false;

  template <std::size_t B>
  using plan_of = std::tuple_element_t<B, std::tuple<BranchPlans...>>;
  template <std::size_t B>
  using branch_of = typename Block::template branch_at<B>;

 private:
  static constexpr std::size_t in_size = input_shape::size;
  static constexpr std::size_t out_size = Out::size;

  /// Whether branch B's last stage may write the block's output itself (add's first branch).
  template <std::size_t B>
  static constexpr bool writes_output = B == 0 && Block::merge::first_branch_writes_output;

  /// Branch B's inner outputs, per sample: in training what their backward steps read decides what is kept.
  template <std::size_t B, bool Training>
  static constexpr auto output_plan = []<std::size_t... K>(std::index_sequence<K...>) {
    using plan = plan_of<B>;
    return plan_chain<plan::size>(
        {chain_step{plan::template at<K>::output_shape::size, detail::may_run_in_place<typename plan::template at<K>>(),
                    Training && ::nnstatic::backward_reads_input<typename plan::template at<K>>,
                    Training && ::nnstatic::backward_reads_output<typename plan::template at<K>>}...},
        writes_output<B>);
  }
  (std::make_index_sequence<plan_of<B>::size>{});
  template <std::size_t B, bool Training>
  static constexpr bool ends_in_output =
      plan_of<B>::size > 0 && output_plan<B, Training>.place[plan_of<B>::size - 1] == output_place::destination;

  /// Per sample: where inner stage K of branch B keeps what it saves, after the branch's kept outputs.
  template <std::size_t B>
  static constexpr auto stage_saved_offsets = []<std::size_t... K>(std::index_sequence<K...>) {
    return detail::prefix_sums(std::array<std::size_t, plan_of<B>::size>{plan_of<B>::template at<K>::saved_size...});
  }
  (std::make_index_sequence<plan_of<B>::size>{});

  /// Per sample: where branch B's kept values start in the saved region; their total last.
  static constexpr auto branch_offsets = []<std::size_t... B>(std::index_sequence<B...>) {
    return detail::prefix_sums(std::array<std::size_t, branch_count>{
        (output_plan<B, true>.kept_size + stage_saved_offsets<B>[plan_of<B>::size])...});
  }
  (std::make_index_sequence<branch_count>{});
  static constexpr std::size_t kept_size = branch_offsets[branch_count];

  /// Backward step K of branch B runs inner stage size - 1 - K and writes the gradient of that stage's input; the
  /// first stage's goes to dx or `branch_dx`, the others' are planned as a chain.
  template <std::size_t B>
  static constexpr auto gradient_plan = []<std::size_t... K>(std::index_sequence<K...>) {
    using plan = plan_of<B>;
    return plan_activations<plan::size>({plan::template at<plan::size - 1 - K>::input_shape::size...}, {});
  }
  (std::make_index_sequence<plan_of<B>::size>{});

  static constexpr auto per_branch = []<class F>(F size_of) {
    return [&]<std::size_t... B>(std::index_sequence<B...>) {
      return std::max({std::size_t{0}, size_of(std::integral_constant<std::size_t, B>{})...});
    }(std::make_index_sequence<branch_count>{});
  };
  static constexpr std::size_t forward_arena_size =
      per_branch([]<std::size_t B>(std::integral_constant<std::size_t, B>) { return output_plan<B, true>.arena_size; });
  static constexpr std::size_t gradient_size =
      per_branch([]<std::size_t B>(std::integral_constant<std::size_t, B>) { return gradient_plan<B>.size; });
  /// Only a branch after the first with stages of its own writes its input gradient apart (the identity adds dy).
  static constexpr bool keeps_branch_dx = [] {
    return [&]<std::size_t... B>(std::index_sequence<B...>) {
      return ((B > 0 && plan_of<B>::size > 0) || ...);
    }(std::make_index_sequence<branch_count>{});
  }();
  static constexpr std::size_t branch_dx_size = keeps_branch_dx ? in_size : 0;
  static constexpr std::size_t branch_dy_size = Block::branch_gradient_size;
  /// Concatenate hands each branch its slice of dy, gathered; add hands every branch dy itself.
  static constexpr bool gathers_dy = branch_dy_size > 0;
  static constexpr std::size_t training_size =
      kept_size + std::max(forward_arena_size, gradient_size + branch_dx_size + branch_dy_size);

  static constexpr std::size_t inference_branch_area =
      per_branch([]<std::size_t B>(std::integral_constant<std::size_t, B>) { return output_plan<B, false>.arena_size; });
  static constexpr std::size_t nested_area = per_branch([]<std::size_t B>(std::integral_constant<std::size_t, B>) {
    return []<std::size_t... K>(std::index_sequence<K...>) {
      return std::max({std::size_t{0}, detail::inference_area_of<typename plan_of<B>::template at<K>>()...});
    }(std::make_index_sequence<plan_of<B>::size>{});
  });

  template <class Plan, std::size_t Batch, bool Inference>
  static constexpr std::size_t inner_scratch = []<std::size_t... K>(std::index_sequence<K...>) {
    if constexpr (Inference)
      return std::max({std::size_t{0}, detail::thread_inference_scratch_of<typename Plan::template at<K>, Batch>()...});
    else
      return std::max({std::size_t{0}, Plan::template at<K>::template scratch_size<Batch>...});
  }
  (std::make_index_sequence<Plan::size>{});

 public:
  /// Per sample, the team-shared values of an inference forward.
  static constexpr std::size_t inference_area_size = inference_branch_area + nested_area;
  static constexpr std::size_t saved_size = std::max(training_size, inference_area_size);
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = std::max({std::size_t{0}, inner_scratch<BranchPlans, Batch, false>...});
  /// Per thread in inference: the inner stages' scratch, then (without a saved region) the area.
  template <std::size_t Batch>
  static constexpr std::size_t thread_inference_scratch_size =
      whole_lines(std::max({std::size_t{0}, inner_scratch<BranchPlans, Batch, true>...}));
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size =
      thread_inference_scratch_size<Batch> + Batch* inference_area_size;

  /// The state of every layer inside, which the trainer and inference hand it in a context, as to any stage with
  /// state; the branches' inner stages get their parts of it.
  static constexpr std::size_t state_count = Block::state_count;

  // y = merge(branch_0(x), branch_1(x), ...), in inference (moving statistics, no dropout) or in training
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team, const scratch<T>& s,
                      const inference_context<T>& context = {}) noexcept {
    T* area = saved != nullptr ? saved : s.of(0) + thread_inference_scratch_size<Batch>;
    forward_branches<Batch, false>(params, x, y, area, batch, team, s, context);
  }
  template <std::size_t Batch, class Team, class T>
  static void forward(const T* params, const T* x, T* y, T* saved, std::size_t batch, Team& team, const scratch<T>& s,
                      const training_context<T>& context) noexcept {
    forward_branches<Batch, true>(params, x, y, saved, batch, team, s, context);
  }

  // dx = sum over branches of each branch's dx; each inner stage overwrites its parameters' gradient
  template <std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward(const T* params, T* grad, const T* x, const T* y, const T* saved, const T* dy, T* dx,
                       std::size_t batch, Team& team, const scratch<T>& s, Update& update,
                       const training_context<T>& context = {}) noexcept {
    // The saved region is the trainer's and writable; the protocol hands it to backward as const because a stage
    // that only saves there only reads it then. This one also keeps its team-shared gradient buffers there.
    T* memory = const_cast<T*>(saved);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    T* shared = memory + Batch * kept_size;
    const buffers<T> b{shared, shared + Batch * gradient_size, shared + Batch * (gradient_size + branch_dx_size)};
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (backward_branch<B, Batch, PropagateInput>(params, grad, x, y, memory, dy, dx, b, batch, team, s, update,
                                                 context),
       ...);
    }
    (std::make_index_sequence<branch_count>{});
  }

 private:
  template <class T>
  struct buffers {
    T* gradients;  // Batch * gradient_size
    T* branch_dx;
    T* branch_dy;
  };

  /// Where inner stage K of branch B writes its output: kept for backward, in the area of the outputs live only
  /// during the forward (after the kept values in training), or the block's output.
  template <std::size_t B, std::size_t K, bool Training, std::size_t Batch, class Memory, class Output>
  static Output output_of(Memory memory, Output y) noexcept {
    constexpr chain_plan<plan_of<B>::size> plan = output_plan<B, Training>;
    if constexpr (plan.place[K] == output_place::destination)
      return y;
    else if constexpr (plan.place[K] == output_place::kept)
      return memory + Batch * (branch_offsets[B] + plan.offset[K]);
    else
      return memory + Batch * ((Training ? kept_size : 0) + plan.offset[K]);
  }
  /// What inner stage K of branch B is handed as its saved region: in training its own, after the branch's kept
  /// outputs; in inference a block's area after the branches', and nothing to any other stage.
  template <std::size_t B, std::size_t K, bool Training, std::size_t Batch, class T>
  static T* stage_saved(T* memory) noexcept {
    using stage = typename plan_of<B>::template at<K>;
    if constexpr (Training)
      return memory + Batch * (branch_offsets[B] + output_plan<B, true>.kept_size + stage_saved_offsets<B>[K]);
    else if constexpr (detail::inference_area_of<stage>() > 0)
      return memory + Batch * inference_branch_area;
    else
      return nullptr;
  }

  template <std::size_t Batch, bool Training, class Team, class T, class Context>
  static void forward_branches(const T* params, const T* x, T* y, T* memory, std::size_t batch, Team& team,
                               const scratch<T>& s, const Context& context) noexcept {
    [&]<std::size_t... B>(std::index_sequence<B...>) {
      (
          [&] {
            const auto [r0, r1] = share(batch, team.index(), team.size());
            const T* output = forward_branch<B, Batch, Training>(params + Block::template param_offset<B>, x, y, memory,
                                                                 batch, team, s, context);
            if constexpr (!ends_in_output<B, Training>) {
              constexpr std::size_t branch_out = branch_of<B>::output_shape::size;
              Block::template merge_output<B>(output + r0 * branch_out, y + r0 * out_size, r1 - r0);
              // The next branch writes where this one's output was.
              if constexpr (B + 1 < branch_count) team.sync();
            }
          }(),
          ...);
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

  template <std::size_t B, std::size_t Batch, bool Training, class Team, class T, class Context>
  static const T* forward_branch(const T* params, const T* x, T* y, T* memory, std::size_t batch, Team& team,
                                 const scratch<T>& s, const Context& context) noexcept {
    using plan = plan_of<B>;
    const T* in = x;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            using stage = typename plan::template at<K>;
            T* out = output_of<B, K, Training, Batch>(memory, y);
            const T* p = params + branch_of<B>::chain::param_offsets[stage::first_layer];
            T* saved = stage_saved<B, K, Training, Batch>(memory);
            if constexpr (contextual_stage<stage>)
              stage::template forward<Batch>(p, in, out, saved, batch, team, s, inner_context<B, stage>(context));
            else
              stage::template forward<Batch>(p, in, out, saved, batch, team, s);
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
  /// reused by the next. A stage whose backward reads neither its input nor its output is handed where they were,
  /// which may hold other values by then.
  template <std::size_t B, std::size_t Batch, bool PropagateInput, class Team, class T, class Update>
  static void backward_branch(const T* params, T* grad, const T* x, const T* y, T* memory, const T* dy, T* dx,
                              const buffers<T>& b, std::size_t batch, Team& team, const scratch<T>& s, Update& update,
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
      const T* kept = memory;
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
              constexpr std::size_t k = plan::size - 1 - K;
              using stage = typename plan::template at<k>;
              constexpr std::size_t offset =
                  Block::template param_offset<B> + branch_of<B>::chain::param_offsets[stage::first_layer];
              const T* out = output_of<B, k, true, Batch>(kept, y);
              const T* in = k == 0 ? x : output_of<B, (k == 0 ? 0 : k - 1), true, Batch>(kept, y);
              T* input_gradient = k == 0 ? target : b.gradients + Batch * gradient_plan<B>.offset[K];
              auto stage_update = [&](std::size_t first, std::size_t count) noexcept { update(offset + first, count); };
              constexpr bool propagate = k == 0 ? PropagateInput : true;
              const T* saved = stage_saved<B, k, true, Batch>(memory);
              if constexpr (contextual_stage<stage>)
                stage::template backward<Batch, propagate>(params + offset, grad + offset, in, out, saved, gradient,
                                                           input_gradient, batch, team, s, stage_update,
                                                           inner_context<B, stage>(context));
              else
                stage::template backward<Batch, propagate>(params + offset, grad + offset, in, out, saved, gradient,
                                                           input_gradient, batch, team, s, stage_update);
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

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
