#pragma once
/// What every stage of an execution plan shares: per-thread scratch memory, the split of work between threads,
/// and the one-thread team that inference runs with.
///
/// A stage is one or more consecutive layers run as one kernel (see fusion/plan.hpp). Its static members are
///     input_shape, output_shape, param_count
///     saved_size                     values per sample kept from forward for backward (e.g. pooling argmax)
///     scratch_size<BatchCapacity>    values of per-thread scratch
///     forward(params, x, y, saved, batch, team, scratch)
///     backward<PropagateInput>(params, grad, x, y, saved, dy, dx, batch, team, scratch, update)
/// and optionally backward_reads_input and backward_reads_output (whether backward reads x and y; default true, as
/// for a layer, core/layer_protocol.hpp): a block keeps an inner activation only for a backward that reads it.
/// and a stage whose layers have state or make random choices takes an `inference_context` or `training_context`
/// as a last argument of forward (choosing the layers' inference or training forward) and a `training_context`
/// as the last of backward.
/// Every member of `team` calls forward (or backward) together; the stage splits the work, and any reduction
/// across threads runs in thread order, so results depend on the thread count but never on timing. backward
/// OVERWRITES the stage's parameter gradient `grad` (unlike a layer's backward, which adds) and calls
/// update(first, count) exactly once for every parameter, as soon as that slice of `grad` is final.
#include <nnstatic/config/requires_cxx20.hpp>
#include <nnstatic/simd/abi.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace nnstatic::inline NNSTATIC_ISA_NAMESPACE::fusion {

/// The scratch memory of a team: thread t owns [of(t), of(t) + stride). Threads read each other's scratch
/// only after a `sync()`, to sum partial results.
template <class T>
struct scratch {
  T* base = nullptr;
  std::size_t stride = 0;
  T* of(std::size_t thread) const noexcept { return base + thread * stride; }
};

/// What a stage that runs layers with non-trainable state or random choices is told besides its data (the other
/// stages take neither): in inference, its layers' state to read; in training, the same state to update and the
/// key of this step's random choices, already mixed with the stage's position.
template <class T>
struct inference_context {
  const T* state = nullptr;
};
template <class T>
struct training_context {
  T* state = nullptr;
  std::uint64_t noise_key = 0;
};

/// Satisfied by a stage that takes a context: it declares the state of its layers.
template <class Stage>
concept contextual_stage = requires {
  { Stage::state_count } -> std::convertible_to<std::size_t>;
};

/// The sizes of a stage without parameters that needs no memory of its own (the pools): nothing saved for
/// backward, no scratch. Such a stage derives from it.
struct memoryless_stage {
  static constexpr std::size_t param_count = 0;
  static constexpr std::size_t saved_size = 0;
  template <std::size_t Batch>
  static constexpr std::size_t scratch_size = 0;
  template <std::size_t Batch>
  static constexpr std::size_t inference_scratch_size = 0;
};

/// The team of one that inference runs with.
struct solo_team {
  static constexpr std::size_t index() noexcept { return 0; }
  static constexpr std::size_t size() noexcept { return 1; }
  static constexpr void sync() noexcept {}
};

/// Member `index` of `parts`' share of [0, count): contiguous, the first (count % parts) one longer.
constexpr std::pair<std::size_t, std::size_t> share(std::size_t count, std::size_t index, std::size_t parts) noexcept {
  const std::size_t base = count / parts, extra = count % parts;
  const std::size_t begin = index * base + (index < extra ? index : extra);
  return {begin, begin + base + (index < extra ? 1 : 0)};
}

/// Rounds a count of values up to a multiple of 16, so that every piece of scratch starts on a 64-byte line
/// (16 floats; 2 lines of doubles).
constexpr std::size_t whole_lines(std::size_t count) noexcept { return (count + 15) / 16 * 16; }

}  // namespace nnstatic::NNSTATIC_ISA_NAMESPACE::fusion
