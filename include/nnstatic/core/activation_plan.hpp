#pragma once
/// Where a chain of steps keeps its activations: planned by liveness at compile time.
///
/// In a chain, step i's output is live from step i until step i + 1 has read it, unless a backward step reads it
/// later. So during a forward at most two of the outputs that no backward reads are live, the input and the output
/// of the step running, and a step that may write over its input (an activation, a softmax, a flatten, a batch
/// normalization) needs only one. Those go into one arena, at one end of it (side 0: its start; side 1: its end),
/// the other end from their input unless they run in place; the arena is as large as the largest pair that is
/// live together. An output that a backward reads (a convolution's input, an activation's output) is kept from
/// the forward to the backward, each in its own place after the others. The first step reads the caller's input,
/// and the last may write the caller's output, so neither of those is planned. For the reference network's
/// inference (conv 26x26x32, pool 13x13x32, ...) that is 21632 + 5408 values, where two ping-pong buffers of the
/// largest take 2 x 21632.
#include <nnstatic/config/requires_cxx20.hpp>

#include <array>
#include <cstddef>

namespace nnstatic {

/// A step as the planner sees it: the size of its output (for the whole batch), whether its forward may write over
/// its input, and, in training, whether its backward reads its input or its output.
struct chain_step {
  std::size_t output_size = 0;
  bool may_run_in_place = false;
  bool backward_reads_input = false;
  bool backward_reads_output = false;
};

/// Where a step's output goes.
enum class output_place : unsigned char {
  arena,       ///< live during the forward only, at `offset` in the arena
  kept,        ///< kept for backward, at `offset` in the kept region
  destination  ///< the caller's output (the last step only)
};

template <std::size_t Steps>
struct chain_plan {
  std::array<output_place, Steps> place{};
  std::array<std::size_t, Steps> offset{};  ///< in the arena or the kept region, as `place` says
  std::array<bool, Steps> in_place{};       ///< the step writes over its input
  std::size_t arena_size = 0;               ///< values in the arena
  std::size_t kept_size = 0;                ///< values in the kept region
};

/// The plan of a chain of `steps`. With `last_writes_destination` the last step writes the caller's output, unless
/// its backward reads that output (a merge after it changes it, so it is kept instead); without, its output is
/// planned like the others' (a block's merge reads it after the chain).
template <std::size_t Steps>
constexpr chain_plan<Steps> plan_chain(const std::array<chain_step, Steps>& steps,
                                       bool last_writes_destination) noexcept {
  chain_plan<Steps> plan;
  // Outputs that run in place share one buffer, which is kept if its last occupant's output is read by a backward.
  std::array<bool, Steps> needed{};
  std::array<std::size_t, Steps> buffer{}, buffer_size{}, last_occupant{};
  std::size_t buffers = 0;
  for (std::size_t i = 0; i < Steps; ++i) {
    needed[i] = steps[i].backward_reads_output || (i + 1 < Steps && steps[i + 1].backward_reads_input);
    const bool last = i + 1 == Steps;
    if (last && last_writes_destination && !needed[i]) {
      plan.place[i] = output_place::destination;
      continue;
    }
    // Step 0's input is the caller's; an input that a backward reads must survive its successor.
    plan.in_place[i] = i > 0 && steps[i].may_run_in_place && !steps[i].backward_reads_input && !needed[i - 1];
    buffer[i] = plan.in_place[i] ? buffer[i - 1] : buffers++;
    if (buffer_size[buffer[i]] < steps[i].output_size) buffer_size[buffer[i]] = steps[i].output_size;
    last_occupant[buffer[i]] = i;
  }
  // Only consecutive buffers are ever live together: buffer b + 1 is written while buffer b is read.
  std::array<bool, Steps> kept{};
  std::array<std::size_t, Steps> side{}, buffer_offset{};
  for (std::size_t b = 0; b < buffers; ++b) {
    kept[b] = needed[last_occupant[b]];
    if (kept[b]) {
      buffer_offset[b] = plan.kept_size;
      plan.kept_size += buffer_size[b];
      continue;
    }
    const bool after_arena_buffer = b > 0 && !kept[b - 1];
    side[b] = after_arena_buffer ? 1 - side[b - 1] : 0;
    const std::size_t live = buffer_size[b] + (after_arena_buffer ? buffer_size[b - 1] : 0);
    if (live > plan.arena_size) plan.arena_size = live;
  }
  for (std::size_t b = 0; b < buffers; ++b)
    if (!kept[b]) buffer_offset[b] = side[b] == 0 ? 0 : plan.arena_size - buffer_size[b];
  for (std::size_t i = 0; i < Steps; ++i) {
    if (plan.place[i] == output_place::destination) continue;
    plan.place[i] = kept[buffer[i]] ? output_place::kept : output_place::arena;
    plan.offset[i] = buffer_offset[buffer[i]];
  }
  return plan;
}

template <std::size_t Steps>
struct activation_plan {
  std::array<std::size_t, Steps> offset{};  ///< where step i writes its output in the arena (unused for the last)
  std::size_t size = 0;                     ///< values in the arena
};

/// The inference plan of steps whose outputs have `output_sizes` values (for the whole batch) and of which those
/// marked `in_place` may write over their input; the last writes the caller's output.
template <std::size_t Steps>
constexpr activation_plan<Steps> plan_activations(const std::array<std::size_t, Steps>& output_sizes,
                                                  const std::array<bool, Steps>& in_place) noexcept {
  std::array<chain_step, Steps> steps{};
  for (std::size_t i = 0; i < Steps; ++i) steps[i] = {output_sizes[i], in_place[i], false, false};
  const chain_plan<Steps> chain = plan_chain(steps, true);
  activation_plan<Steps> plan;
  plan.offset = chain.offset;
  plan.size = chain.arena_size;
  return plan;
}

}  // namespace nnstatic
