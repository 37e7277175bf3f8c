#pragma once
/// Where a chain of steps keeps its activations: one arena planned by liveness at compile time.
///
/// In a chain, step i's output is live from step i until step i + 1 has read it. So at any moment at most two
/// activations are live, the input and the output of the step running, and a step that may write over its input
/// (an activation, a softmax, a flatten, an inference batch normalization) needs only one. Each output goes at one
/// end of the arena (side 0: its start; side 1: its end), the other end from its input unless it runs in place; the
/// arena is as large as the largest pair that is live together. The first step reads the caller's input and the
/// last writes the caller's output, so neither of those is in the arena. For the reference network (conv 26x26x32,
/// pool 13x13x32, ...) that is 21632 + 5408 values, where two ping-pong buffers of the largest take 2 x 21632.
#include <array>
#include <cstddef>

namespace nnstatic {

template <std::size_t Steps>
struct activation_plan {
  std::array<std::size_t, Steps> offset{};  ///< where step i writes its output in the arena (unused for the last)
  std::size_t size = 0;                     ///< values in the arena
};

/// The plan for steps whose outputs have `output_sizes` values (for the whole batch) and of which those marked
/// `in_place` may write over their input.
template <std::size_t Steps>
constexpr activation_plan<Steps> plan_activations(const std::array<std::size_t, Steps>& output_sizes,
                                                  const std::array<bool, Steps>& in_place) noexcept {
  activation_plan<Steps> plan;
  std::array<std::size_t, Steps> side{};
  for (std::size_t i = 1; i < Steps; ++i) side[i] = in_place[i] ? side[i - 1] : 1 - side[i - 1];
  for (std::size_t i = 0; i + 1 < Steps; ++i) {
    // Step 0 reads the caller's input; an in-place step's output replaces its input.
    const bool input_in_arena = i > 0 && !in_place[i];
    const std::size_t live = output_sizes[i] + (input_in_arena ? output_sizes[i - 1] : 0);
    if (live > plan.size) plan.size = live;
  }
  for (std::size_t i = 0; i < Steps; ++i) plan.offset[i] = side[i] == 0 ? 0 : plan.size - output_sizes[i];
  return plan;
}

}  // namespace nnstatic
