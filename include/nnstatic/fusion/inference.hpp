#pragma once
/// Inference: the forward fold over a network's execution plan through two ping-pong buffers.
#include <nnstatic/core/inference_status.hpp>
#include <nnstatic/core/parameters.hpp>
#include <nnstatic/core/sequential.hpp>
#include <nnstatic/fusion/plan.hpp>
#include <nnstatic/fusion/stage.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace nnstatic {

/// The activation memory of inference for up to `BatchCapacity` samples: two buffers the size of the largest
/// layer output, and the scratch of the fused kernels (a zero-bordered image for 'same' convolutions). Its
/// `sizeof` is all the memory inference needs besides the parameters.
template <network Net, class T = float, std::size_t BatchCapacity = 1>
struct inference_workspace {
  static constexpr std::size_t batch_capacity = BatchCapacity;
  static constexpr std::size_t buffer_size = BatchCapacity * Net::layers::max_output_size;
  static constexpr std::size_t scratch_size = fusion::plan<Net>::template inference_scratch_size<BatchCapacity> == 0
                                                  ? 1
                                                  : fusion::plan<Net>::template inference_scratch_size<BatchCapacity>;

  alignas(64) std::array<T, buffer_size> ping{};
  alignas(64) std::array<T, buffer_size> pong{};
  alignas(64) std::array<T, scratch_size> scratch{};
};

/// Runs `batch` samples (1 to the workspace's capacity) from `x` through the network into `y`.
/// x: (batch, Net::input_shape::size), y: (batch, Net::output_shape::size). No allocation, no dispatch: stage I
/// reads the buffer stage I-1 wrote and writes the other one; the first reads `x`, the last writes `y`.
/// In a constant expression it folds over the plain layers instead (the fused kernels use SIMD intrinsics).
/// Usable without exceptions: a batch the workspace cannot hold, an empty one or a null pointer is reported, in
/// every build, as a status other than `ok`, and then nothing has been read or written.
template <network Net, class T, std::size_t BatchCapacity>
constexpr inference_status infer(const parameters<Net, T>& params, const T* x, T* y, std::size_t batch,
                                 inference_workspace<Net, T, BatchCapacity>& workspace) noexcept {
  if (batch == 0) return inference_status::empty_batch;
  if (batch > BatchCapacity) return inference_status::batch_too_large;
  if (x == nullptr) return inference_status::null_input;
  if (y == nullptr) return inference_status::null_output;
  T* buffers[2] = {workspace.ping.data(), workspace.pong.data()};
  if (std::is_constant_evaluated()) {
    constexpr std::size_t last = Net::layer_count - 1;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (Net::template layer<I>::forward(params.values.data() + Net::template param_offset<I>,
                                       I == 0 ? x : buffers[(I + 1) % 2], I == last ? y : buffers[I % 2], batch),
       ...);
    }(std::make_index_sequence<Net::layer_count>{});
    return inference_status::ok;
  }
  using stages = fusion::plan<Net>;
  constexpr std::size_t last = stages::size - 1;
  fusion::solo_team team;
  const fusion::scratch<T> s{workspace.scratch.data(), 0};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (stages::template at<I>::template forward<BatchCapacity>(
         params.values.data() + Net::template param_offset<stages::template at<I>::first_layer>,
         I == 0 ? x : buffers[(I + 1) % 2], I == last ? y : buffers[I % 2], static_cast<T*>(nullptr), batch, team, s),
     ...);
  }(std::make_index_sequence<stages::size>{});
  return inference_status::ok;
}

}  // namespace nnstatic
